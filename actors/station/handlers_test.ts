import assert from "node:assert/strict";
import { CHARGER_ACTIONS } from "../ocpp/actions.ts";
import { loadOfficialSchemas } from "../ocpp/gen_schemas.ts";
import { maximalSample, minimalSample } from "../ocpp/schema_samples.ts";
import { validateRequest, validateResponse } from "../ocpp/validate.ts";
import { handleCall } from "./handlers.ts";
import { initialStationState, type StationConfig } from "./state.ts";

const CONFIG: StationConfig = {
  validation: "strict",
  heartbeatIntervalS: 30,
  unknownStationRegistration: "Accepted",
  isKnown: false,
  authorize: (idToken) => idToken === "blocked" ? "Blocked" : "Accepted",
  maxBadFrames: 20,
};

const schemas = await loadOfficialSchemas();
const requestSchema = (action: string) => schemas.find((s) => s.$id === `urn:${action}.req`)!;

for (const action of CHARGER_ACTIONS) {
  Deno.test(`handleCall() answers ${action} with a schema-valid response`, () => {
    for (
      const sample of [minimalSample(requestSchema(action)), maximalSample(requestSchema(action))]
    ) {
      const request = validateRequest(action, sample);
      assert.ok(request.ok, `sample request for ${action} is valid`);
      const outcome = handleCall(
        { state: initialStationState("cs1", "Accepted"), config: CONFIG, nowMs: 0 },
        action,
        request.value as never,
      );
      const response = validateResponse(action, outcome.response);
      assert.ok(response.ok, `${action} response ${JSON.stringify(outcome.response)} is valid`);
    }
  });
}

Deno.test("B01 handleCall() accepts an unknown station by default and returns the interval", () => {
  const outcome = handleCall(
    { state: initialStationState("cs1"), config: CONFIG, nowMs: Date.UTC(2026, 0, 21) },
    "BootNotification",
    { chargingStation: { model: "ABB Terra 53", vendorName: "ABB" }, reason: "PowerUp" },
  );
  assert.deepEqual(outcome.response, {
    currentTime: "2026-01-21T00:00:00.000Z",
    interval: 30,
    status: "Accepted",
  });
  assert.equal(outcome.state.registration, "Accepted");
  assert.equal(outcome.events[0].type, "station.booted");
});

Deno.test("B02 handleCall() keeps an unknown station Pending when configured to", () => {
  const outcome = handleCall(
    {
      state: initialStationState("cs1"),
      config: { ...CONFIG, unknownStationRegistration: "Pending" },
      nowMs: 0,
    },
    "BootNotification",
    { chargingStation: { model: "m", vendorName: "v" }, reason: "PowerUp" },
  );
  assert.equal(outcome.response.status, "Pending");
  assert.equal(outcome.state.registration, "Pending");
});

Deno.test("C01 handleCall() answers Authorize from the allow/deny decision", () => {
  const ctx = { state: initialStationState("cs1", "Accepted"), config: CONFIG, nowMs: 0 };
  const blocked = handleCall(ctx, "Authorize", {
    idToken: { idToken: "blocked", type: "ISO14443" },
  });
  assert.deepEqual(blocked.response, { idTokenInfo: { status: "Blocked" } });
});
