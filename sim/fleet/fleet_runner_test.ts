// Runs small fleets against the loopback CSMS at 50× speed: a 10 s simulated gap between
// drivers takes 200 ms of real time, so the waits of up to a few seconds below are simulated minutes.
import assert from "node:assert/strict";
import { emartJejuFleet } from "./fleet_file.ts";
import { runFleet } from "./fleet_runner.ts";
import { startLoopbackCsms, waitUntil } from "../../tests/support/loopback_csms.ts";
import { scaledClock } from "./scaled_clock.ts";

const QUICK = {
  meanGapMs: 10_000,
  cardDelayMs: [1_000, 3_000] as [number, number],
  dwellMs: [20_000, 40_000] as [number, number],
  targetSocPercent: [80, 100] as [number, number],
  unplugDelayMs: [2_000, 5_000] as [number, number],
};

Deno.test("runFleet() runs automatic sessions on five Emart Jeju stations with valid frames", async () => {
  const csms = startLoopbackCsms();
  const run = await runFleet({
    url: csms.url,
    fleet: await emartJejuFleet(),
    count: 5,
    clock: scaledClock(50),
    seed: 42,
    profile: QUICK,
  });
  try {
    await waitUntil(() => run.counters().connected === 5, 3_000, "all connected");
    await waitUntil(() => run.counters().sessionsEnded >= 5, 8_000, "five sessions");
    const counters = run.counters();
    assert.equal(counters.stations, 5);
    assert.ok(counters.energyKwh > 0);
    assert.ok(counters.sent > 0 && counters.received > 0);
    for (const station of run.stations) {
      const events = csms.received(station.chargerId, "TransactionEvent");
      const byTx = Map.groupBy(
        events,
        (e) => (e.transactionInfo as { transactionId: string }).transactionId,
      );
      for (const [id, list] of byTx) {
        assert.deepEqual(
          list.map((e) => e.seqNo),
          list.map((_, i) => i),
          id,
        );
      }
    }
    assert.deepEqual(csms.invalid, []);
  } finally {
    await run.stop();
    await csms.stop();
  }
  const ended = csms.received("emart_jeju_01", "TransactionEvent").filter((e) =>
    e.eventType === "Ended"
  );
  assert.ok(
    ended.every((e) =>
      ["Local", "Other"].includes((e.transactionInfo as { stoppedReason: string }).stoppedReason)
    ),
  );
});

Deno.test("runFleet() with isAuto false connects and waits for the CSMS", async () => {
  const csms = startLoopbackCsms();
  const run = await runFleet({
    url: csms.url,
    fleet: await emartJejuFleet(),
    count: 3,
    clock: scaledClock(50),
    isAuto: false,
  });
  try {
    // Accepted, not only connected: a remote start before the boot answer is refused.
    const isReady = () => run.chargers.every((c) => c.isConnected && c.registration === "Accepted");
    await waitUntil(isReady, 3_000, "all connected and accepted");
    const answer = await csms.call("emart_jeju_02", "RequestStartTransaction", {
      idToken: { idToken: "token_user_003", type: "Central" },
      remoteStartId: 1,
      evseId: 1,
    });
    assert.deepEqual(answer[2], { status: "Accepted" });
    await waitUntil(() => run.counters().charging === 1);
    assert.equal(run.counters().sessionsStarted, 1);
  } finally {
    await run.stop();
    await csms.stop();
  }
});

Deno.test("runFleet() with isAuto false unplugs the EV leaveAfterMs after a CSMS-stopped session", async () => {
  const csms = startLoopbackCsms();
  const run = await runFleet({
    url: csms.url,
    fleet: await emartJejuFleet(),
    count: 1,
    clock: scaledClock(50),
    isAuto: false,
    leaveAfterMs: 5_000, // 100 ms of real time at ×50
  });
  const charger = run.chargers[0];
  try {
    await waitUntil(() => charger.registration === "Accepted", 3_000, "accepted");
    await csms.call("emart_jeju_01", "RequestStartTransaction", {
      idToken: { idToken: "token_user_003", type: "Central" },
      remoteStartId: 7,
      evseId: 1,
    });
    await waitUntil(() => run.counters().charging === 1, 3_000, "charging");
    const transactionId = charger.snapshot().tx?.transactionId;
    await csms.call("emart_jeju_01", "RequestStopTransaction", { transactionId });
    const statuses = () =>
      csms.received("emart_jeju_01", "StatusNotification").map((s) => s.connectorStatus);
    // The CSMS hears the connector go back to Available (not only the station's own state).
    await waitUntil(() => statuses().at(-1) === "Available", 3_000, "back to Available");
    assert.deepEqual(statuses().slice(-2), ["Occupied", "Available"]);
    assert.equal(charger.snapshot().status, "Available");
    assert.equal(charger.snapshot().physics.ev, null);
    assert.equal(run.counters().neverConnected, 0);
  } finally {
    await run.stop();
    await csms.stop();
  }
});

Deno.test("runFleet() counts failed connection tries as errors and stations that never connected", async () => {
  // A port that was just free: nothing listens there.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const run = await runFleet({
    url: `ws://127.0.0.1:${port}`,
    fleet: await emartJejuFleet(),
    count: 2,
    clock: scaledClock(50),
    isAuto: false,
    stateDir: null,
  });
  try {
    await waitUntil(() => run.counters().connectFailures >= 2, 3_000, "two failed tries");
    const counters = run.counters();
    assert.ok(counters.errors >= counters.connectFailures);
    assert.equal(counters.neverConnected, 2);
  } finally {
    await run.stop();
  }
});
