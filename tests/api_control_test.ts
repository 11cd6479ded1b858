// Remote control through `app.request` against a fake CSMS: the seed's curl bodies, every control
// action, the generic OCPP route, and every error path (400, 401, 404, 409, 502, 504).
import assert from "node:assert/strict";
import { OcppError } from "../actors/ocpp/errors.ts";
import { CallAbortedError, CallTimeoutError } from "../actors/ocpp/rpc.ts";
import { validateRequest } from "../actors/ocpp/validate.ts";
import { API_POWER_LIMIT_PROFILE_ID } from "../actors/csms/charging_profile.ts";
import { AUTH, json, startTransaction, TEST_API_TOKEN, testApi } from "./api_helpers.ts";

Deno.test("POST /chargers/{id}/start sends RequestStartTransaction for the seed's curl body", async () => {
  const api = testApi({ answer: () => ({ status: "Accepted", transactionId: "tx_001" }) });
  api.connect("charger_001");
  const response = await api.post(
    "/chargers/charger_001/start",
    '{"evse_id": 1, "connector_id": 1}',
  );
  assert.equal(response.status, 200);
  const body = await json(response);
  assert.equal(body.status, "success");
  assert.equal(body.ocpp_status, "Accepted");
  assert.equal(body.transaction_id, "tx_001");
  assert.equal(api.calls.length, 1);
  const { action, payload } = api.calls[0];
  assert.equal(action, "RequestStartTransaction");
  assert.equal(payload.evseId, 1);
  assert.deepEqual(payload.idToken, { idToken: body.id_token, type: "Central" });
  assert.equal(payload.remoteStartId, body.remote_start_id);
  assert.ok(validateRequest("RequestStartTransaction", payload).ok);
});

Deno.test("POST /chargers/{id}/start uses the given id_token and a fresh remoteStartId each time", async () => {
  const api = testApi();
  api.connect("charger_001");
  await api.post("/chargers/charger_001/start", { id_token: "token_user_003" });
  await api.post("/chargers/charger_001/start");
  assert.deepEqual(api.calls[0].payload.idToken, { idToken: "token_user_003", type: "Central" });
  assert.equal(api.calls[0].payload.evseId, undefined);
  assert.notEqual(api.calls[0].payload.remoteStartId, api.calls[1].payload.remoteStartId);
});

Deno.test("POST /chargers/{id}/start reports a Rejected answer with its reason", async () => {
  const api = testApi({
    answer: () => ({ status: "Rejected", statusInfo: { reasonCode: "Occupied" } }),
  });
  api.connect("charger_001");
  const body = await json(await api.post("/chargers/charger_001/start", { evse_id: 1 }));
  assert.equal(body.status, "rejected");
  assert.equal(body.ocpp_status, "Rejected");
  assert.deepEqual(body.status_info, { reason_code: "Occupied", additional_info: null });
});

Deno.test("POST /chargers/{id}/stop sends the given transaction_id as is", async () => {
  const api = testApi();
  api.connect("charger_001");
  const response = await api.post("/chargers/charger_001/stop", '{"transaction_id": "tx_001"}');
  const body = await json(response);
  assert.equal(response.status, 200);
  assert.equal(body.status, "success");
  assert.equal(body.ocpp_status, "Accepted");
  assert.deepEqual(api.calls[0], {
    chargerId: "charger_001",
    action: "RequestStopTransaction",
    payload: { transactionId: "tx_001" },
  });
});

Deno.test("POST /chargers/{id}/stop without a body stops the active transaction, 409 when none runs", async () => {
  const api = testApi();
  api.connect("charger_001");
  const none = await api.post("/chargers/charger_001/stop");
  assert.equal(none.status, 409);
  assert.match((await json(none)).error as string, /no active transaction/);
  startTransaction(api.bus, "charger_001", { transactionId: "tx_9", meterStartWh: 100 });
  const body = await json(await api.post("/chargers/charger_001/stop"));
  assert.equal(body.transaction_id, "tx_9");
  assert.deepEqual(api.calls[0].payload, { transactionId: "tx_9" });
});

Deno.test("POST bodies: curl's default form content type is read as JSON; an empty JSON body means no fields", async () => {
  const api = testApi();
  api.connect("charger_001");
  const form = await api.post("/chargers/charger_001/stop", '{"transaction_id": "tx_7"}', {
    "Content-Type": "application/x-www-form-urlencoded",
  });
  assert.equal(form.status, 200);
  assert.deepEqual(api.calls[0].payload, { transactionId: "tx_7" });
  const empty = await api.post("/chargers/charger_001/start", "");
  assert.equal(empty.status, 200);
  const malformed = await api.post("/chargers/charger_001/start", "{bad");
  assert.equal(malformed.status, 400);
  assert.equal((await json(malformed)).status, "error");
});

Deno.test("POST /chargers/{id}/control set_power_limit sends a TxDefaultProfile in W and shows the limit", async () => {
  const api = testApi();
  api.connect("charger_001");
  const body = await json(
    await api.post("/chargers/charger_001/control", { action: "set_power_limit", power_kw: 22.5 }),
  );
  assert.equal(body.status, "success");
  assert.equal(body.profile_purpose, "TxDefaultProfile");
  const payload = api.calls[0].payload as {
    evseId: number;
    chargingProfile: {
      id: number;
      chargingSchedule: { chargingRateUnit: string; chargingSchedulePeriod: { limit: number }[] }[];
    };
  };
  assert.equal(api.calls[0].action, "SetChargingProfile");
  assert.equal(payload.evseId, 0);
  assert.equal(payload.chargingProfile.id, API_POWER_LIMIT_PROFILE_ID);
  assert.equal(payload.chargingProfile.chargingSchedule[0].chargingRateUnit, "W");
  assert.equal(payload.chargingProfile.chargingSchedule[0].chargingSchedulePeriod[0].limit, 22_500);
  assert.equal((await json(await api.get("/chargers/charger_001"))).power_limit_kw, 22.5);
});

Deno.test("POST /chargers/{id}/control set_power_limit targets the running transaction with a TxProfile, same profile id", async () => {
  const api = testApi();
  api.connect("charger_001");
  startTransaction(api.bus, "charger_001", { transactionId: "tx_5", meterStartWh: 0, evseId: 2 });
  await api.post("/chargers/charger_001/control", { action: "set_power_limit", power_kw: 40 });
  await api.post("/chargers/charger_001/control", { action: "set_power_limit", power_kw: 30 });
  const [first, second] = api.calls.map((c) =>
    c.payload as {
      evseId: number;
      chargingProfile: { id: number; chargingProfilePurpose: string; transactionId: string };
    }
  );
  assert.equal(first.evseId, 2);
  assert.equal(first.chargingProfile.chargingProfilePurpose, "TxProfile");
  assert.equal(first.chargingProfile.transactionId, "tx_5");
  assert.equal(first.chargingProfile.id, second.chargingProfile.id);
  assert.equal((await json(await api.get("/chargers/charger_001"))).power_limit_kw, 30);
});

Deno.test("POST /chargers/{id}/control clear_power_limit, reset, unlock and set_availability send their OCPP calls", async () => {
  const api = testApi({
    answer: ({ action }) => ({ status: action === "UnlockConnector" ? "Unlocked" : "Accepted" }),
  });
  api.connect("charger_001");
  await api.post("/chargers/charger_001/control", { action: "set_power_limit", power_kw: 10 });
  const bodies = [
    { action: "clear_power_limit" },
    { action: "reset" },
    { action: "reset", type: "Immediate", evse_id: 1 },
    { action: "unlock" },
    { action: "set_availability", operational_status: "Inoperative", evse_id: 1, connector_id: 1 },
    { action: "set_availability", operational_status: "Operative" },
    { action: "start", evse_id: 1 },
    { action: "stop", transaction_id: "tx_1" },
  ];
  for (const body of bodies) {
    const response = await api.post("/chargers/charger_001/control", body);
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal((await json(response)).status, "success");
  }
  assert.deepEqual(api.calls.slice(1).map((c) => [c.action, c.payload]), [
    ["ClearChargingProfile", { chargingProfileId: API_POWER_LIMIT_PROFILE_ID }],
    ["Reset", { type: "OnIdle" }],
    ["Reset", { type: "Immediate", evseId: 1 }],
    ["UnlockConnector", { evseId: 1, connectorId: 1 }],
    ["ChangeAvailability", { operationalStatus: "Inoperative", evse: { id: 1, connectorId: 1 } }],
    ["ChangeAvailability", { operationalStatus: "Operative" }],
    ["RequestStartTransaction", api.calls[7].payload],
    ["RequestStopTransaction", { transactionId: "tx_1" }],
  ]);
  assert.equal((await json(await api.get("/chargers/charger_001"))).power_limit_kw, null);
});

Deno.test("POST /chargers/{id}/control answers 400 naming the bad field", async () => {
  const api = testApi();
  api.connect("charger_001");
  const cases: [unknown, RegExp][] = [
    [{ action: "set_power_limit" }, /body field power_kw/],
    [{ action: "set_power_limit", power_kw: 0 }, /body field power_kw/],
    [{ action: "set_power_limit", power_kw: "50" }, /body field power_kw/],
    [{ action: "fly" }, /body field action/],
    [{}, /body field action/],
    [{ action: "stop", transactionId: "x" }, /body field transactionId: unknown field/],
    [{ action: "set_availability" }, /body field operational_status/],
  ];
  for (const [body, pattern] of cases) {
    const response = await api.post("/chargers/charger_001/control", body);
    assert.equal(response.status, 400, JSON.stringify(body));
    const error = await json(response);
    assert.equal(error.status, "error");
    assert.match(error.error as string, pattern);
  }
  const start = await api.post("/chargers/charger_001/start", { evse_id: "one" });
  assert.match((await json(start)).error as string, /body field evse_id/);
  assert.equal(api.calls.length, 0);
});

Deno.test("control routes answer 404 for an unknown charger and 409 when it is offline", async () => {
  const api = testApi();
  for (const path of ["/chargers/nope/start", "/chargers/nope/stop", "/chargers/nope/ocpp/Reset"]) {
    const response = await api.post(path, path.endsWith("Reset") ? { type: "OnIdle" } : {});
    assert.equal(response.status, 404, path);
    assert.deepEqual(await json(response), { status: "error", error: "Unknown charger nope" });
  }
  for (const path of ["/chargers/charger_001/start", "/chargers/charger_001/stop"]) {
    const response = await api.post(path, path.endsWith("stop") ? { transaction_id: "t" } : {});
    assert.equal(response.status, 409, path);
    assert.match((await json(response)).error as string, /offline/);
  }
  const stop = await api.post("/chargers/charger_001/stop");
  assert.equal(stop.status, 409);
  assert.match((await json(stop)).error as string, /offline/);
});

Deno.test("control routes map call failures: CALLERROR 502, timeout 504, dropped connection 409", async () => {
  const failures: [Error, number, RegExp][] = [
    [
      new OcppError("NotSupported", "No remote start here"),
      502,
      /NotSupported: No remote start here/,
    ],
    [
      new CallTimeoutError("RequestStartTransaction", 30_000),
      504,
      /did not answer RequestStartTransaction within 30000 ms/,
    ],
    [new CallAbortedError("Station closed the connection (1006)"), 409, /closed the connection/],
  ];
  for (const [error, status, pattern] of failures) {
    const api = testApi({ answer: () => error });
    api.connect("charger_001");
    const response = await api.post("/chargers/charger_001/start", {});
    assert.equal(response.status, status, error.name);
    assert.match((await json(response)).error as string, pattern);
  }
});

Deno.test("control routes answer 500 without details for an unexpected failure", async () => {
  const api = testApi({ answer: () => new Error("boom") });
  api.connect("charger_001");
  const originalError = console.error;
  console.error = () => {};
  try {
    const response = await api.post("/chargers/charger_001/start", {});
    assert.equal(response.status, 500);
    assert.deepEqual(await json(response), { status: "error", error: "Internal server error" });
  } finally {
    console.error = originalError;
  }
});

Deno.test("POST /chargers/{id}/ocpp/{action} sends any CSMS action with its payload validated", async () => {
  const api = testApi({
    answer: ({ action }) =>
      action === "GetVariables"
        ? {
          getVariableResult: [{
            attributeStatus: "Accepted",
            component: { name: "OCPPCommCtrlr" },
            variable: { name: "HeartbeatInterval" },
            attributeValue: "30",
          }],
        }
        : { status: "Accepted" },
  });
  api.connect("charger_001");
  const reset = await json(
    await api.post("/chargers/charger_001/ocpp/Reset", { type: "Immediate" }),
  );
  assert.equal(reset.ocpp_status, "Accepted");
  assert.deepEqual(api.calls[0], {
    chargerId: "charger_001",
    action: "Reset",
    payload: { type: "Immediate" },
  });
  const get = await json(
    await api.post("/chargers/charger_001/ocpp/GetVariables", {
      getVariableData: [{
        component: { name: "OCPPCommCtrlr" },
        variable: { name: "HeartbeatInterval" },
      }],
    }),
  );
  assert.equal(get.status, "success");
  assert.equal(get.ocpp_status, null);
  assert.equal((get.response as { getVariableResult: unknown[] }).getVariableResult.length, 1);
  const profile = {
    evseId: 0,
    chargingProfile: {
      id: 7,
      stackLevel: 0,
      chargingProfilePurpose: "TxDefaultProfile",
      chargingProfileKind: "Relative",
      chargingSchedule: [{
        id: 1,
        chargingRateUnit: "W",
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 11_000 }],
      }],
    },
  };
  await api.post("/chargers/charger_001/ocpp/SetChargingProfile", profile);
  assert.equal((await json(await api.get("/chargers/charger_001"))).power_limit_kw, 11);
});

Deno.test("POST /chargers/{id}/ocpp/{action} answers 400 naming the field, or the action", async () => {
  const api = testApi();
  api.connect("charger_001");
  const missing = await api.post("/chargers/charger_001/ocpp/Reset", {});
  assert.equal(missing.status, 400);
  assert.match((await json(missing)).error as string, /Reset\.type: missing required field/);
  const wrong = await api.post("/chargers/charger_001/ocpp/Reset", { type: "Sometime" });
  assert.match((await json(wrong)).error as string, /Reset\.type/);
  const chargerOnly = await api.post("/chargers/charger_001/ocpp/BootNotification", {});
  assert.equal(chargerOnly.status, 400);
  assert.match((await json(chargerOnly)).error as string, /path parameter action/);
  const notObject = await api.post("/chargers/charger_001/ocpp/Reset", "[1]");
  assert.equal(notObject.status, 400);
  assert.equal(api.calls.length, 0);
});

Deno.test("the --api-token is an admin bearer credential: without it or with a wrong one, reads and changes get 401", async () => {
  const api = testApi();
  api.connect("charger_001");
  const missing = await api.app.request("/chargers/charger_001/start", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  });
  assert.equal(missing.status, 401);
  assert.equal(missing.headers.get("WWW-Authenticate"), 'Bearer realm="tamna"');
  assert.equal((await json(missing)).status, "error");
  const wrong = await api.post("/chargers/charger_001/start", {}, { Authorization: "Bearer nope" });
  assert.equal(wrong.status, 401);
  const right = await api.post("/chargers/charger_001/start", {}, {
    Authorization: `Bearer ${TEST_API_TOKEN}`,
  });
  assert.equal(right.status, 200);
  assert.equal((await api.app.request("/chargers")).status, 401, "reads need a caller too");
  assert.equal((await api.get("/chargers")).status, 200);
  assert.equal(api.calls.length, 1);
});

Deno.test("CORS is open by default and configurable; preflight needs no token", async () => {
  const open = testApi();
  const preflight = await open.app.request("/chargers/charger_001/start", {
    method: "OPTIONS",
    headers: {
      Origin: "http://example.test",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization,content-type",
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("Access-Control-Allow-Origin"), "*");
  assert.match(preflight.headers.get("Access-Control-Allow-Headers") ?? "", /Authorization/i);
  const closed = testApi({ deps: { corsOrigin: "http://dashboard.test" } });
  const response = await closed.app.request("/chargers", {
    headers: { Origin: "http://evil.test", ...AUTH },
  });
  assert.notEqual(response.headers.get("Access-Control-Allow-Origin"), "http://evil.test");
  const allowed = await closed.app.request("/chargers", {
    headers: { Origin: "http://dashboard.test", ...AUTH },
  });
  assert.equal(allowed.headers.get("Access-Control-Allow-Origin"), "http://dashboard.test");
});

Deno.test("POST /chargers/{id}/start answers 409 when that EVSE already runs a transaction", async () => {
  const api = testApi();
  api.connect("charger_001");
  startTransaction(api.bus, "charger_001", { transactionId: "tx_busy", meterStartWh: 0 });
  const response = await api.post("/chargers/charger_001/start", { evse_id: 1 });
  assert.equal(response.status, 409);
  assert.match(
    (await json(response)).error as string,
    /EVSE 1 .* already charging \(transaction tx_busy\)/,
  );
  const other = await api.post("/chargers/charger_001/start", { evse_id: 2 });
  assert.equal(other.status, 200);
  assert.equal(api.calls.length, 1);
});
