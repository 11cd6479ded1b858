// The device model end to end on every engine, with a simulated charger over a real WebSocket:
// its first accepted boot brings a FullInventory in several NotifyReport parts, stored whole;
// REST reads it filtered; SetVariables through REST is stored with the variable and changes
// the station's heartbeat; bad bodies get a 400 naming the field.
import assert from "node:assert/strict";
import type { SimCharger } from "../sim/station/charger.ts";
import { VARIABLES } from "../sim/station/device_model_variables.ts";
import { REPORT_ITEMS_PER_MESSAGE } from "../sim/station/device_model_requests.ts";
import type { TamnaEvents } from "../actors/csms/events.ts";
import { dbTest } from "./persistence_helpers.ts";
import { startNetworkServer } from "./network_helpers.ts";
import { simCharger, soon, SPEED } from "./device_helpers.ts";

const CHARGER = "emart_jeju_02";
const HEARTBEAT = { component: "OCPPCommCtrlr", variable: "HeartbeatInterval" };

dbTest("B07/B05: device model stored after boot, SetVariables changes the heartbeat", async (t) => {
  const { server, rest, close } = await startNetworkServer(t, { heartbeatIntervalS: 30 });
  let sim: SimCharger | undefined;
  try {
    sim = await simCharger(server.ocppUrl, CHARGER);
    const model = await soon(async () => {
      const answer = await rest.get(`/chargers/${CHARGER}/device-model`);
      assert.equal(answer.status, 200, answer.text);
      assert.ok(answer.body.report, "no report yet");
      return answer.body;
    });
    const parts = server.events.filter((e) => e.type === "device-model.reported")
      .map((e) => e.payload as TamnaEvents["device-model.reported"]);
    assert.ok(VARIABLES.length > REPORT_ITEMS_PER_MESSAGE, "the report comes in several parts");
    assert.equal(parts.length, Math.ceil(VARIABLES.length / REPORT_ITEMS_PER_MESSAGE));
    assert.deepEqual(parts.map((p) => p.tbc), parts.map((_, i) => i < parts.length - 1));
    assert.equal(model.report.report_base, "FullInventory");
    assert.equal(model.report.variables, VARIABLES.length);
    assert.equal(model.variables.length, VARIABLES.length);

    const filtered = await rest.get(
      `/chargers/${CHARGER}/device-model?variable=HeartbeatInterval,TxStartPoint`,
    );
    assert.deepEqual(
      filtered.body.variables.map((
        v: { variable: string; value: string },
      ) => [v.variable, v.value]),
      [["HeartbeatInterval", "30"], ["TxStartPoint", "PowerPathClosed"]],
    );
    const one = filtered.body.variables[0];
    assert.deepEqual([one.mutability, one.data_type, one.unit], ["ReadWrite", "integer", "s"]);

    const set = await rest.post(`/chargers/${CHARGER}/variables/set`, {
      variables: [{ ...HEARTBEAT, value: "60" }, {
        component: "OCPPCommCtrlr",
        variable: "NoSuchVariable",
        value: "1",
      }, { component: "TxCtrlr", variable: "TxStartPoint", value: "Authorized" }],
    });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(
      set.body.results.map((r: { attribute_status: string }) => r.attribute_status),
      ["Accepted", "UnknownVariable", "Rejected"],
    );
    const after = await rest.get(`/chargers/${CHARGER}/device-model?component=OCPPCommCtrlr`);
    const stored = after.body.variables.filter((v: { variable: string }) =>
      ["HeartbeatInterval", "NoSuchVariable"].includes(v.variable)
    ).map((v: Record<string, unknown>) => [v.variable, v.value, v.last_action, v.last_status]);
    assert.deepEqual(stored, [
      ["HeartbeatInterval", "60", "SetVariables", "Accepted"],
      ["NoSuchVariable", null, "SetVariables", "UnknownVariable"],
    ]);

    // The station now beats every 60 s of its time: 1.2 s of real time at ×50 (30 s was 0.6 s).
    // Only a lower bound: a busy machine can delay a heartbeat, never bring one forward.
    const from = server.events.length;
    const beats = await soon(() => {
      const at = server.events.slice(from).filter((e) => e.type === "station.heartbeat")
        .map((e) => Date.parse((e.payload as { at: string }).at));
      assert.ok(at.length >= 3, `${at.length} heartbeats so far`);
      return at;
    });
    const gapsMs = beats.slice(1).map((ms, i) => ms - beats[i]);
    const minimumMs = 60_000 / SPEED * 0.9;
    assert.ok(gapsMs.every((gap) => gap >= minimumMs), `gaps ${gapsMs} under ${minimumMs} ms`);

    const got = await rest.post(`/chargers/${CHARGER}/variables/get`, {
      variables: [{ component: "SampledDataCtrlr", variable: "TxUpdatedInterval" }],
    });
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(
      [got.body.results[0].attribute_status, got.body.results[0].value],
      ["Accepted", "5"],
    );

    const report = await rest.post(`/chargers/${CHARGER}/device-model/report`, {});
    assert.deepEqual([report.status, report.body.ocpp_status], [200, "Accepted"]);
    await soon(async () => {
      const again = (await rest.get(`/chargers/${CHARGER}/device-model`)).body;
      assert.equal(again.report.request_id, report.body.request_id);
      // The new report replaced the old: the unknown variable's row is gone.
      assert.equal(again.variables.length, VARIABLES.length);
    });
  } finally {
    await sim?.stop();
    await close();
  }
});

dbTest("device model REST: bad bodies name the field, unknown chargers 404", async (t) => {
  const { rest, close } = await startNetworkServer(t);
  try {
    const missing = await rest.post(`/chargers/${CHARGER}/variables/set`, {
      variables: [{ component: "OCPPCommCtrlr", variable: "HeartbeatInterval" }],
    });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error, /body field variables\.0\.value/);
    const extra = await rest.post(`/chargers/${CHARGER}/variables/get`, {
      variables: [{ component: "OCPPCommCtrlr", variable: "HeartbeatInterval", colour: "red" }],
    });
    assert.equal(extra.status, 400);
    assert.match(extra.body.error, /variables\.0\.colour: unknown field/);
    const empty = await rest.post(`/chargers/${CHARGER}/variables/get`, { variables: [] });
    assert.match(empty.body.error, /body field variables/);
    const offline = await rest.post(`/chargers/${CHARGER}/variables/get`, {
      variables: [{ component: "OCPPCommCtrlr", variable: "HeartbeatInterval" }],
    });
    assert.equal(offline.status, 409, offline.text);
    assert.equal((await rest.get("/chargers/nobody/device-model")).status, 404);
    // Every device management route is in the OpenAPI document.
    const paths = Object.keys((await rest.get("/openapi.json")).body.paths);
    for (
      const path of [
        "/chargers/{id}/device-model",
        "/chargers/{id}/variables/set",
        "/chargers/{id}/reservations",
        "/firmware/campaigns",
        "/logs/campaigns/{id}",
        "/firmware/files",
        "/chargers/{id}/display-messages",
        "/chargers/{id}/trigger",
      ]
    ) assert.ok(paths.includes(path), path);
    const none = await rest.get(`/chargers/${CHARGER}/device-model`);
    assert.deepEqual([none.status, none.body.report, none.body.variables], [200, null, []]);
  } finally {
    await close();
  }
});
