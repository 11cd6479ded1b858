// The CALLs a CSMS sends a station (csms_handlers.ts, smart_charging_handlers.ts), through the
// pure transition: smart charging, availability, reset, TriggerMessage, the device model, and a
// valid answer to every CSMS action.
import assert from "node:assert/strict";
import { CSMS_ACTIONS } from "../../actors/ocpp/actions.ts";
import { CSMS_SAMPLES } from "../../actors/ocpp/csms_samples.ts";
import { charging, sample, TestStation } from "../../tests/support/test_station.ts";

Deno.test("K01 transition() makes delivered power follow SetChargingProfile and ClearChargingProfile", () => {
  const st = charging();
  st.send({ type: "timer", name: "txUpdated" }, 5_000);
  const limitProfile = {
    evseId: 1,
    chargingProfile: {
      id: 9,
      stackLevel: 1,
      chargingProfilePurpose: "TxProfile",
      chargingProfileKind: "Relative",
      chargingSchedule: [{
        id: 1,
        chargingRateUnit: "A",
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 75 }],
      }],
    },
  };
  assert.equal(st.call("SetChargingProfile", limitProfile, 1_000).status, "Accepted");
  const [rateChanged] = st.txEvents();
  assert.equal(rateChanged.triggerReason, "ChargingRateChanged");
  st.send({ type: "timer", name: "txUpdated" }, 4_000);
  assert.equal(sample(st.txEvents()[0], "Power.Active.Import"), 30_000);
  const schedule = st.call("GetCompositeSchedule", { evseId: 1, duration: 600 });
  assert.deepEqual(
    (schedule.schedule as { chargingSchedulePeriod: unknown }).chargingSchedulePeriod,
    [
      { startPeriod: 0, limit: 30_000 },
    ],
  );
  assert.equal(st.call("ClearChargingProfile", { chargingProfileId: 9 }).status, "Accepted");
  st.send({ type: "timer", name: "txUpdated" }, 5_000);
  assert.equal(sample(st.txEvents()[0], "Power.Active.Import"), 100_000);
  assert.equal(st.call("ClearChargingProfile", { chargingProfileId: 9 }).status, "Unknown");
});

Deno.test("K01 transition() changes power at a schedule period boundary and rejects a TxProfile without a transaction", () => {
  const idle = new TestStation().boot();
  const txProfile = structuredClone(CSMS_SAMPLES.SetChargingProfile);
  txProfile.evseId = 1;
  txProfile.chargingProfile.chargingProfilePurpose = "TxProfile";
  assert.equal(idle.call("SetChargingProfile", txProfile).status, "Rejected");
  const st = charging();
  const stepped = structuredClone(CSMS_SAMPLES.SetChargingProfile);
  stepped.chargingProfile.chargingSchedule[0].chargingSchedulePeriod = [
    { startPeriod: 0, limit: 80_000 },
    { startPeriod: 20, limit: 20_000 },
  ];
  st.call("SetChargingProfile", stepped);
  assert.equal(st.timers().limit, 20_000);
  st.send({ type: "timer", name: "limit" }, 20_000);
  assert.equal(st.txEvents()[0].triggerReason, "ChargingRateChanged");
  assert.equal(st.state.physics.powerW, 20_000);
});

Deno.test("G03 transition() schedules Inoperative until the transaction ends", () => {
  const st = charging();
  assert.equal(
    st.call("ChangeAvailability", { operationalStatus: "Inoperative" }).status,
    "Scheduled",
  );
  assert.equal(st.state.status, "Charging");
  st.send({ type: "stopLocal" }, 1_000);
  assert.equal(st.state.status, "Unavailable");
  assert.deepEqual(st.calls("StatusNotification").map((p) => p.connectorStatus), ["Unavailable"]);
  assert.equal(
    st.call("RequestStartTransaction", CSMS_SAMPLES.RequestStartTransaction).status,
    "Rejected",
  );
  assert.equal(
    st.call("ChangeAvailability", { operationalStatus: "Operative" }).status,
    "Accepted",
  );
  assert.equal(st.state.status, "Preparing");
});

Deno.test("B11/B12 transition() resets: Immediate ends the transaction, OnIdle waits for it", () => {
  const now = charging();
  assert.equal(now.call("Reset", { type: "Immediate" }, 2_000).status, "Accepted");
  const [ended] = now.txEvents();
  assert.deepEqual([
    ended.triggerReason,
    (ended.transactionInfo as { stoppedReason: string }).stoppedReason,
  ], [
    "ResetCommand",
    "ImmediateReset",
  ]);
  const idle = charging();
  assert.equal(idle.call("Reset", { type: "OnIdle" }).status, "Scheduled");
  assert.ok(!idle.effects.some((e) => e.kind === "reboot"));
  idle.send({ type: "stopLocal" }, 1_000);
  assert.ok(idle.effects.some((e) => e.kind === "reboot"));
  assert.equal(idle.state.registration, "None");
});

Deno.test("F06 transition() answers TriggerMessage with the requested message", () => {
  const rows: [requested: string, status: string, action?: string][] = [
    ["Heartbeat", "Accepted", "Heartbeat"],
    ["StatusNotification", "Accepted", "StatusNotification"],
    ["MeterValues", "Accepted", "MeterValues"],
    ["TransactionEvent", "Accepted", "TransactionEvent"],
    ["BootNotification", "Rejected"],
    ["FirmwareStatusNotification", "Accepted", "FirmwareStatusNotification"],
    ["SignV2GCertificate", "NotImplemented"],
  ];
  for (const [requested, status, action] of rows) {
    const st = charging();
    assert.equal(
      st.call("TriggerMessage", { requestedMessage: requested }).status,
      status,
      requested,
    );
    const sent = action === "TransactionEvent" ? st.txEvents() : action ? st.calls(action) : [];
    assert.equal(sent.length, action ? 1 : 0, requested);
  }
  assert.equal(
    new TestStation().boot().call("TriggerMessage", { requestedMessage: "TransactionEvent" })
      .status,
    "Rejected",
  );
});

Deno.test("B05/B07 transition() re-arms timers on SetVariables and reports the device model", () => {
  const st = charging();
  const set = (component: string, variable: string, attributeValue: string) => ({
    component: { name: component },
    variable: { name: variable },
    attributeValue,
  });
  st.call("SetVariables", {
    setVariableData: [
      set("SampledDataCtrlr", "TxUpdatedInterval", "10"),
      set("AlignedDataCtrlr", "Interval", "900"),
      set("OCPPCommCtrlr", "HeartbeatInterval", "120"),
    ],
  });
  assert.deepEqual(st.timers(), {
    txUpdated: 10_000,
    aligned: 900_000 - (st.nowMs % 900_000),
    heartbeat: 120_000,
  });
  st.send({ type: "timer", name: "aligned" }, st.timers().aligned);
  assert.equal(st.txEvents()[0].triggerReason, "MeterValueClock");
  assert.equal(
    st.call("GetBaseReport", { requestId: 3, reportBase: "FullInventory" }).status,
    "Accepted",
  );
  assert.ok(st.calls("NotifyReport").length >= 2);
});

Deno.test("transition() answers every one of the 40 CSMS actions validly, idle and charging", () => {
  for (const make of [() => new TestStation().boot(), charging, () => new TestStation()]) {
    for (const action of CSMS_ACTIONS) {
      const st = make();
      const answer = st.call(action, CSMS_SAMPLES[action]);
      assert.ok(!("error" in answer), action);
    }
  }
});

Deno.test("transition() refuses a charger-side action from the CSMS with NotSupported", () => {
  const st = new TestStation().boot();
  assert.deepEqual(st.call("Heartbeat", {}), { error: "NotSupported" });
});
