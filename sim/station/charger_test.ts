// Socket-level tests of the simulated station against a loopback CSMS. Time runs 50 times faster
// through a scaled clock, so a 5 s TransactionEvent interval takes 100 ms of real time; the
// real waits below (up to a few hundred ms) are those compressed simulated seconds.
import assert from "node:assert/strict";
import { type SimCharger, startCharger } from "./charger.ts";
import { startLoopbackCsms, waitUntil } from "../../tests/support/loopback_csms.ts";
import { scaledClock } from "../fleet/scaled_clock.ts";
import type { StationConfig } from "./station_state.ts";
import { sample, TEST_CONFIG } from "../../tests/support/test_station.ts";

const SPEED = 50;

function config(chargerId: string, txIdPrefix = crypto.randomUUID().slice(0, 8)): StationConfig {
  return { ...TEST_CONFIG, chargerId, txIdPrefix };
}

function seqNosOf(events: Record<string, unknown>[]): number[] {
  return events.map((e) => e.seqNo as number);
}

Deno.test("startCharger() boots, runs a local session and ends it, every frame valid", async () => {
  const csms = startLoopbackCsms();
  const charger = await startCharger({
    url: csms.url,
    config: config("sim_a"),
    clock: scaledClock(SPEED),
    stateDir: null,
  });
  try {
    await waitUntil(() => charger.registration === "Accepted", 3_000, "boot");
    await charger.startLocal("04A1B2C3");
    await waitUntil(() => csms.received("sim_a", "TransactionEvent").length >= 3, 3_000, "Updated");
    await charger.stopLocal();
    await waitUntil(() =>
      csms.received("sim_a", "TransactionEvent").some((e) => e.eventType === "Ended")
    );
    const events = csms.received("sim_a", "TransactionEvent");
    assert.deepEqual(seqNosOf(events), events.map((_, i) => i));
    assert.equal(events[0].triggerReason, "Authorized");
    assert.equal(
      (events.at(-1)!.transactionInfo as { stoppedReason: string }).stoppedReason,
      "Local",
    );
    assert.deepEqual(csms.received("sim_a", "Authorize").length, 1);
    assert.deepEqual(
      csms.received("sim_a", "StatusNotification").map((s) => s.connectorStatus),
      ["Available", "Occupied"],
    );
    assert.deepEqual(csms.invalid, []);
  } finally {
    await charger.stop();
    await csms.stop();
  }
});

Deno.test("B05/E04 startCharger() survives a CSMS outage: keeps charging, reconnects without booting, delivers offline events in order", async () => {
  const csms = startLoopbackCsms();
  const charger = await startCharger({
    url: csms.url,
    config: config("sim_b"),
    clock: scaledClock(SPEED),
    stateDir: null,
  });
  try {
    await waitUntil(() => charger.registration === "Accepted", 3_000, "boot");
    await charger.startLocal("04A1B2C3");
    await waitUntil(() => csms.received("sim_b", "TransactionEvent").length >= 2);
    await csms.stop();
    await waitUntil(
      () => !charger.isConnected && charger.queuedTxEvents >= 3,
      3_000,
      "offline events",
    );
    const energyOffline = charger.meter().energyWh;
    csms.restart();
    await waitUntil(() => charger.isConnected && charger.queuedTxEvents === 0, 5_000, "delivery");
    const events = csms.received("sim_b", "TransactionEvent");
    assert.deepEqual(seqNosOf(events), events.map((_, i) => i), "in order, none lost or repeated");
    assert.ok(events.filter((e) => e.offline === true).length >= 3);
    assert.ok(charger.meter().energyWh > energyOffline, "it kept charging");
    assert.equal(
      csms.received("sim_b", "BootNotification").length,
      1,
      "no boot on a plain reconnect",
    );
    assert.deepEqual(csms.invalid, []);
  } finally {
    await charger.stop();
    await csms.stop();
  }
});

Deno.test("E04 startCharger() keeps undelivered events on disk across a simulator restart", async () => {
  const csms = startLoopbackCsms();
  const stateDir = await Deno.makeTempDir();
  const clock = scaledClock(SPEED);
  let second: SimCharger | undefined;
  try {
    const first = await startCharger({
      url: csms.url,
      config: config("sim_c", "first"),
      clock,
      stateDir,
    });
    await waitUntil(() => first.registration === "Accepted", 3_000, "boot");
    await first.startLocal("04A1B2C3");
    await waitUntil(() => csms.received("sim_c", "TransactionEvent").length >= 1);
    await first.goOffline();
    await waitUntil(() => first.queuedTxEvents >= 2, 3_000, "offline events");
    await first.stop();
    const delivered = csms.received("sim_c", "TransactionEvent").length;
    assert.ok(first.queuedTxEvents >= 3, "Updated events and the Ended wait on disk");

    second = await startCharger({
      url: csms.url,
      config: config("sim_c", "second"),
      clock,
      stateDir,
    });
    const restarted = second;
    await waitUntil(
      () => restarted.registration === "Accepted" && restarted.queuedTxEvents === 0,
      5_000,
      "redelivery",
    );
    const events = csms.received("sim_c", "TransactionEvent").filter((e) =>
      (e.transactionInfo as { transactionId: string }).transactionId.startsWith("first")
    );
    assert.ok(events.length > delivered);
    assert.deepEqual(
      seqNosOf(events),
      events.map((_, i) => i),
      "in order, nothing lost or sent twice",
    );
    assert.equal(events.at(-1)!.eventType, "Ended");
    assert.ok(events.slice(delivered).every((e) => e.offline === true));
    assert.deepEqual(csms.invalid, []);
  } finally {
    await second?.stop();
    await csms.stop();
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("K01 startCharger() delivers no more than a SetChargingProfile limit", async () => {
  const csms = startLoopbackCsms();
  const charger = await startCharger({
    url: csms.url,
    config: config("sim_d"),
    clock: scaledClock(SPEED),
    stateDir: null,
  });
  try {
    await waitUntil(() => charger.registration === "Accepted", 3_000, "boot");
    await charger.startLocal("04A1B2C3");
    await waitUntil(() => charger.meter().powerW === 100_000, 3_000, "full power");
    const answer = await csms.call("sim_d", "SetChargingProfile", {
      evseId: 0,
      chargingProfile: {
        id: 1,
        stackLevel: 0,
        chargingProfilePurpose: "ChargingStationMaxProfile",
        chargingProfileKind: "Relative",
        chargingSchedule: [{
          id: 1,
          chargingRateUnit: "W",
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 20_000 }],
        }],
      },
    });
    assert.deepEqual(answer.slice(0, 1).concat(answer[2]), [3, { status: "Accepted" }]);
    const before = csms.received("sim_d", "TransactionEvent").length;
    await waitUntil(() => csms.received("sim_d", "TransactionEvent").length >= before + 3);
    const after = csms.received("sim_d", "TransactionEvent").slice(before);
    assert.equal(after[0].triggerReason, "ChargingRateChanged");
    for (const e of after) {
      assert.ok(sample(e, "Power.Active.Import")! <= 20_000, JSON.stringify(e.meterValue));
    }
    assert.equal(charger.meter().limitW, 20_000);
  } finally {
    await charger.stop();
    await csms.stop();
  }
});

Deno.test("B11 startCharger() answers an invalid CALL with a CALLERROR and reboots on Reset", async () => {
  const csms = startLoopbackCsms();
  const charger = await startCharger({
    url: csms.url,
    config: config("sim_e"),
    clock: scaledClock(SPEED),
    stateDir: null,
    rebootDelayMs: 1_000,
  });
  try {
    await waitUntil(() => charger.registration === "Accepted", 3_000, "boot");
    csms.sendRaw("sim_e", '[2,"bad-1","Reset",{"type":"Soon"}]');
    await waitUntil(() => csms.responses.some((r) => r[1] === "bad-1"));
    assert.deepEqual(csms.responses.find((r) => r[1] === "bad-1")!.slice(0, 3), [
      4,
      "bad-1",
      "PropertyConstraintViolation",
    ]);
    const reset = await csms.call("sim_e", "Reset", { type: "Immediate" });
    assert.deepEqual(reset[2], { status: "Accepted" });
    await waitUntil(() => csms.received("sim_e", "BootNotification").length === 2, 3_000, "reboot");
    assert.equal(csms.received("sim_e", "BootNotification")[1].reason, "RemoteReset");
    await waitUntil(() => charger.registration === "Accepted");
  } finally {
    await charger.stop();
    await csms.stop();
  }
});
