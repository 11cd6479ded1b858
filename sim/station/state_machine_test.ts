import assert from "node:assert/strict";
import { CSMS_SAMPLES } from "../../actors/ocpp/csms_samples.ts";
import type { ChargerMsg } from "./station_state.ts";
import { ACCEPTED, CARD, charging, sample, TestStation } from "../../tests/support/test_station.ts";

const NOW = () => new Date().toISOString();

Deno.test("B01 transition() boots with the template and obeys the heartbeat interval", () => {
  const st = new TestStation();
  st.send({ type: "connected" });
  assert.deepEqual(st.calls("BootNotification"), [{
    reason: "PowerUp",
    chargingStation: {
      model: "ABB Terra 124",
      vendorName: "ABB",
      serialNumber: "SN-emart_jeju_01-001",
      firmwareVersion: "1.0.0",
    },
  }]);
  st.answer("BootNotification", { currentTime: NOW(), interval: 60, status: "Accepted" });
  assert.equal(st.timers().heartbeat, 60_000);
  assert.deepEqual(st.calls("StatusNotification").map((p) => p.connectorStatus), ["Available"]);
  st.send({ type: "timer", name: "heartbeat" }, 60_000);
  assert.deepEqual(st.calls("Heartbeat"), [{}]);
  assert.equal(st.timers().heartbeat, 60_000);
});

Deno.test("B02/B03 transition() retries the boot after the interval when Pending or Rejected", () => {
  for (const status of ["Pending", "Rejected"]) {
    const st = new TestStation();
    st.send({ type: "connected" });
    st.answer("BootNotification", { currentTime: NOW(), interval: 17, status });
    assert.equal(st.timers().boot, 17_000, status);
    assert.equal(
      st.calls("StatusNotification").length,
      0,
      `${status}: no other messages while not accepted`,
    );
    st.send({ type: "timer", name: "boot" }, 17_000);
    assert.equal(st.calls("BootNotification").length, 1, status);
  }
});

Deno.test("B04 transition() does not boot again on a plain reconnect, only after a reset", () => {
  const st = new TestStation().boot();
  st.send({ type: "disconnected" });
  st.send({ type: "connected" }, 5_000);
  assert.equal(st.calls("BootNotification").length, 0);
  assert.equal(st.timers().heartbeat, 30_000);
  assert.equal(st.call("Reset", { type: "Immediate" }).status, "Accepted");
  assert.ok(st.effects.some((e) => e.kind === "reboot"));
  st.send({ type: "disconnected" });
  st.send({ type: "connected" }, 2_000);
  assert.equal(st.calls("BootNotification")[0].reason, "RemoteReset");
});

Deno.test("B02 transition() boots again when the CSMS answers SecurityError (it forgot the station)", () => {
  const st = charging();
  const [started] = st.txEvents(st.all);
  st.send({
    type: "callError",
    action: "TransactionEvent",
    request: started,
    code: "SecurityError",
    description: "boot first",
  });
  assert.equal(st.calls("BootNotification")[0].reason, "Unknown");
  st.send({
    type: "callError",
    action: "Heartbeat",
    request: {},
    code: "SecurityError",
    description: "boot first",
  });
  assert.equal(st.calls("BootNotification").length, 0, "one boot at a time");
  st.answer("BootNotification", { currentTime: NOW(), interval: 30, status: "Accepted" });
  assert.equal(st.state.registration, "Accepted");
  assert.deepEqual(st.calls("StatusNotification").map((p) => p.connectorStatus), ["Occupied"]);
});

Deno.test("E01/E06 transition() runs a local session: Authorize, Started, Updated every 5 s, Ended Local", () => {
  const st = new TestStation().boot();
  const rows: [
    msg: ChargerMsg,
    afterMs: number,
    status: string,
    event?: [string, string, number],
  ][] = [
    [{ type: "plugIn" }, 0, "Preparing"],
    [{ type: "authorize", idToken: CARD }, 1_000, "Preparing"],
  ];
  for (const [msg, afterMs, status] of rows) {
    st.send(msg, afterMs);
    assert.equal(st.state.status, status);
  }
  assert.deepEqual(st.calls("Authorize"), [{ idToken: CARD }]);
  st.answer("Authorize", ACCEPTED, 300);
  const [started] = st.txEvents();
  assert.deepEqual(
    [started.eventType, started.triggerReason, started.seqNo, started.idToken, started.evse],
    ["Started", "Authorized", 0, CARD, { id: 1, connectorId: 1 }],
  );
  assert.deepEqual(started.transactionInfo, { transactionId: "t0-1", chargingState: "Charging" });
  assert.equal(st.timers().txUpdated, 5_000);
  const energies: number[] = [];
  for (let i = 1; i <= 3; i++) {
    st.send({ type: "timer", name: "txUpdated" }, 5_000);
    const [updated] = st.txEvents();
    assert.deepEqual([updated.eventType, updated.triggerReason, updated.seqNo], [
      "Updated",
      "MeterValuePeriodic",
      i,
    ]);
    energies.push(sample(updated, "Energy.Active.Import.Register")!);
    assert.equal(sample(updated, "Power.Active.Import"), 100_000);
  }
  assert.deepEqual(energies, [69, 208, 347]);
  st.send({ type: "stopLocal" }, 1_000);
  const [ended] = st.txEvents();
  assert.deepEqual([ended.eventType, ended.triggerReason, ended.seqNo], [
    "Ended",
    "StopAuthorized",
    4,
  ]);
  assert.deepEqual(ended.transactionInfo, {
    transactionId: "t0-1",
    chargingState: "EVConnected",
    stoppedReason: "Local",
    timeSpentCharging: 16,
  });
  assert.equal(st.state.status, "Finishing");
  st.send({ type: "unplug" }, 10_000);
  assert.equal(st.state.status, "Available");
  const statuses = st.calls("StatusNotification", st.all).map((p) => p.connectorStatus);
  assert.deepEqual(statuses, ["Occupied", "Available"]);
});

Deno.test("C01 transition() returns to Available when the CSMS refuses the idToken", () => {
  const st = new TestStation().boot();
  st.send({ type: "authorize", idToken: CARD });
  st.answer("Authorize", { idTokenInfo: { status: "Invalid" } });
  assert.equal(st.state.status, "Available");
  assert.equal(st.txEvents(st.all).length, 0);
  assert.ok(st.effects.some((e) => e.kind === "emit" && e.event.type === "rejected"));
});

Deno.test("F01/F03 transition() starts on RequestStartTransaction with remoteStartId and stops on RequestStopTransaction", () => {
  const st = new TestStation().boot();
  const answer = st.call("RequestStartTransaction", CSMS_SAMPLES.RequestStartTransaction);
  assert.equal(answer.status, "Accepted");
  const [started] = st.txEvents();
  assert.deepEqual([started.triggerReason, started.idToken], ["RemoteStart", {
    idToken: "token_user_003",
    type: "Central",
  }]);
  assert.deepEqual(started.transactionInfo, {
    transactionId: "t0-1",
    chargingState: "Charging",
    remoteStartId: 7,
  });
  assert.equal(
    st.call("RequestStartTransaction", CSMS_SAMPLES.RequestStartTransaction).status,
    "Rejected",
  );
  assert.equal(st.call("RequestStopTransaction", { transactionId: "nope" }).status, "Rejected");
  assert.equal(
    st.call("RequestStopTransaction", { transactionId: "t0-1" }, 10_000).status,
    "Accepted",
  );
  const [ended] = st.txEvents();
  assert.deepEqual([ended.eventType, ended.triggerReason], ["Ended", "RemoteStop"]);
  assert.equal((ended.transactionInfo as { stoppedReason: string }).stoppedReason, "Remote");
});

Deno.test("E04 transition() keeps charging offline, marks events offline and authorizes locally", () => {
  const st = charging();
  st.send({ type: "disconnected" });
  st.send({ type: "timer", name: "txUpdated" }, 5_000);
  const [offline] = st.txEvents();
  assert.equal(offline.offline, true);
  assert.ok(sample(offline, "Energy.Active.Import.Register")! > 0);
  st.send({ type: "stopLocal" });
  st.send({ type: "unplug" });
  assert.equal(st.calls("StatusNotification").length, 0, "no StatusNotification while offline");
  st.send({ type: "startLocal", idToken: CARD });
  assert.equal(st.txEvents()[0].offline, true);
  assert.equal(st.state.tx?.transactionId, "t0-2");
  st.send({ type: "connected" }, 1_000);
  assert.equal(st.calls("BootNotification").length, 0);
});

Deno.test("E05 transition() ends the transaction when the CSMS says the idToken is invalid", () => {
  const st = charging();
  const [started] = st.txEvents(st.all);
  st.send({
    type: "txEventDone",
    request: started,
    response: { idTokenInfo: { status: "Blocked" } },
  });
  const [ended] = st.txEvents();
  assert.deepEqual([ended.eventType, ended.triggerReason], ["Ended", "Deauthorized"]);
  assert.equal(st.state.unackedTxEvents, 1);
});

Deno.test("transition() reports SuspendedEV when the EV is full", () => {
  const st = new TestStation({
    defaultEv: { batteryWh: 1_000, startSocPercent: 95, maxPowerW: 50_000 },
  }).boot();
  st.send({ type: "startLocal", idToken: CARD });
  st.answer("Authorize", ACCEPTED);
  st.send({ type: "timer", name: "txUpdated" }, 600_000);
  const events = st.txEvents();
  assert.deepEqual(events.map((e) => e.triggerReason), [
    "ChargingStateChanged",
    "MeterValuePeriodic",
  ]);
  assert.equal(
    (events[0].transactionInfo as { chargingState: string }).chargingState,
    "SuspendedEV",
  );
});

Deno.test("transition() emits only schema-valid frames and consecutive seqNos over a random day", () => {
  let seed = 7;
  const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
  const st = new TestStation().boot();
  const msgs: (() => ChargerMsg)[] = [
    () => ({ type: "plugIn" }),
    () => ({ type: "unplug" }),
    () => ({ type: "authorize", idToken: CARD }),
    () => ({ type: "startLocal", idToken: CARD }),
    () => ({ type: "stopLocal" }),
    () => ({ type: "fault" }),
    () => ({ type: "clearFault" }),
    () => ({ type: "disconnected" }),
    () => ({ type: "connected" }),
    () => ({ type: "timer", name: "txUpdated" }),
    () => ({ type: "timer", name: "heartbeat" }),
    () => ({
      type: "call",
      id: "x",
      action: "RequestStartTransaction",
      payload: CSMS_SAMPLES.RequestStartTransaction,
    }),
    () => ({
      type: "call",
      id: "x",
      action: "RequestStopTransaction",
      payload: { transactionId: st.state.tx?.transactionId ?? "none" },
    }),
    () => ({
      type: "call",
      id: "x",
      action: "SetChargingProfile",
      payload: CSMS_SAMPLES.SetChargingProfile,
    }),
    () => ({ type: "call", id: "x", action: "Reset", payload: { type: "OnIdle" } }),
    () => ({
      type: "call",
      id: "x",
      action: "ChangeAvailability",
      payload: { operationalStatus: random() < 0.5 ? "Operative" : "Inoperative" },
    }),
  ];
  for (let i = 0; i < 3_000; i++) {
    const msg = msgs[Math.floor(random() * msgs.length)]();
    st.send(msg, Math.floor(random() * 20_000));
    const auth = st.effects.find((e) => e.kind === "call" && e.action === "Authorize");
    if (auth) st.answer("Authorize", ACCEPTED);
    const boot = st.effects.find((e) => e.kind === "call" && e.action === "BootNotification");
    if (boot) {
      st.answer("BootNotification", { currentTime: NOW(), interval: 30, status: "Accepted" });
    }
  }
  const seqs = new Map<string, number[]>();
  for (const e of st.txEvents(st.all)) {
    const id = (e.transactionInfo as { transactionId: string }).transactionId;
    seqs.set(id, [...(seqs.get(id) ?? []), e.seqNo as number]);
  }
  assert.ok(seqs.size > 20, `only ${seqs.size} transactions`);
  for (const [id, list] of seqs) assert.deepEqual(list, list.map((_, i) => i), id);
});
