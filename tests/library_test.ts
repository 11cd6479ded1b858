// The library entry point (mod.ts) end to end on loopback: a CSMS and simulated chargers in one
// process, driven only through the public API. Chargers run at ×60, so the few hundred real ms
// waited below are simulated tens of seconds.
import assert from "node:assert/strict";
import * as tamna from "../mod.ts";
import {
  ChargerOfflineError,
  createCharger,
  createFleet,
  startCsms,
  type TamnaEvents,
} from "../mod.ts";

const SPEED = 60;

async function until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

Deno.test("mod.ts exports exactly the public API and nothing internal", () => {
  assert.deepEqual(Object.keys(tamna).sort(), [
    "ACTIONS",
    "CALL",
    "CALLERROR",
    "CALLRESULT",
    "CHARGER_ACTIONS",
    "CSMS_ACTIONS",
    "CallTimeoutError",
    "ChargerOfflineError",
    "OCPP_ERROR_CODES",
    "OcppError",
    "buildCall",
    "buildCallError",
    "buildCallResult",
    "closeLogging",
    "createCharger",
    "createFleet",
    "definePlugin",
    "newMessageId",
    "parseFrame",
    "setupLogging",
    "startCsms",
    "validateRequest",
    "validateResponse",
  ]);
});

Deno.test("startCsms() listens on free loopback ports and refuses a bad option with a TypeError naming it", async () => {
  await using csms = await startCsms();
  assert.match(csms.ocppUrl, /^ws:\/\/127\.0\.0\.1:\d+$/);
  assert.match(csms.httpUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(csms.chargers(), []);
  await assert.rejects(() => startCsms({ apiToken: "short" }), TypeError, "apiToken");
  await assert.rejects(() => startCsms({ ocppPort: 70_000 }), TypeError, "ocppPort");
  await assert.rejects(
    () => startCsms({ database: { url: "mysql://x" } }),
    /Invalid CSMS option database\.url/,
  );
});

Deno.test("F01/F03 startTransaction() and stopTransaction() return the transaction id and its register energy", async () => {
  await using csms = await startCsms();
  await using charger = await createCharger({
    url: csms.ocppUrl,
    chargerId: "emart_jeju_01",
    speed: SPEED,
  });
  const registerAtStartWh = charger.meter().energyWh;
  const started = await csms.startTransaction("emart_jeju_01", { idToken: "token_user_003" });
  assert.equal(started.status, "Accepted");
  assert.equal(started.transactionId, charger.transactionId);
  assert.ok(started.remoteStartId > 0);
  await until(() => (csms.charger("emart_jeju_01")?.transactions[0]?.energyWh ?? 0) > 0, "energy");
  const status = csms.charger("emart_jeju_01")!;
  assert.equal(status.status, "charging");
  assert.equal(status.registration, "Accepted");
  assert.deepEqual(status.connectors, { "1/1": "Occupied" });
  assert.equal(status.transactions[0].idToken, "token_user_003");
  assert.equal(charger.status, "Charging");

  const stopped = await csms.stopTransaction("emart_jeju_01");
  assert.equal(stopped.status, "Accepted");
  assert.equal(stopped.transactionId, started.transactionId);
  assert.equal(stopped.stoppedReason, "Remote");
  assert.ok(stopped.energyWh! > 0);
  assert.equal(stopped.energyWh, charger.meter().energyWh - registerAtStartWh);
  // The built-in pricing plugin's totalCost: 150 KRW/kWh, rounded half-up to whole won.
  assert.equal(stopped.costKrw, Math.floor((stopped.energyWh! * 150 + 500) / 1000));
  assert.equal(charger.transactionId, undefined);
  assert.equal(charger.status, "Finishing"); // the EV is still plugged in
  assert.deepEqual(csms.charger("emart_jeju_01")?.transactions, []);
});

Deno.test("startTransaction() rejects for a station that is not connected; stopTransaction() without one running is Rejected", async () => {
  await using csms = await startCsms();
  await assert.rejects(() => csms.startTransaction("nobody"), ChargerOfflineError);
  await assert.rejects(() => csms.setPowerLimit("nobody", 50), ChargerOfflineError);
  await using _charger = await createCharger({ url: csms.ocppUrl, chargerId: "idle_01" });
  assert.deepEqual(await csms.stopTransaction("idle_01"), {
    status: "Rejected",
    reason: "Charger idle_01 has no running transaction",
  });
});

Deno.test("K01 setPowerLimit() caps the charger and shows in station(); clearPowerLimit() lifts it", async () => {
  await using csms = await startCsms();
  await using charger = await createCharger({
    url: csms.ocppUrl,
    chargerId: "emart_jeju_02",
    speed: SPEED,
  });
  assert.equal((await charger.startCharging("04A1B2C3")).status, "Accepted");
  await until(() => charger.meter().powerW === 100_000, "full power");
  assert.equal((await csms.setPowerLimit("emart_jeju_02", 30)).status, "Accepted");
  assert.equal(csms.charger("emart_jeju_02")?.powerLimitKw, 30);
  await until(() => charger.meter().powerW === 30_000, "limited power");
  assert.equal(charger.meter().limitW, 30_000);
  assert.equal((await csms.clearPowerLimit("emart_jeju_02")).status, "Accepted");
  assert.equal(csms.charger("emart_jeju_02")?.powerLimitKw, undefined);
  assert.equal(charger.meter().limitW, null);
});

Deno.test("on() delivers typed events in order until unsubscribed; waitFor() rejects after its timeout", async () => {
  await using csms = await startCsms();
  const booted: TamnaEvents["station.booted"][] = [];
  const off = csms.on("station.booted", (e) => void booted.push(e));
  const charger = await createCharger({
    url: csms.ocppUrl,
    chargerId: "charger_001",
    vendor: "EVBox",
    model: "EVBox Home",
  });
  await until(() => booted.length === 1, "booted event");
  assert.equal(booted[0].vendorName, "EVBox");
  off();
  const ended = csms.waitFor("station.disconnected", {
    where: (e) => e.chargerId === "charger_001",
  });
  await charger.stop();
  assert.equal((await ended).chargerId, "charger_001");
  assert.equal(csms.charger("charger_001")?.isConnected, false);
  assert.equal(csms.charger("charger_001")?.status, "offline");
  await assert.rejects(
    () => csms.waitFor("transaction.started", { timeoutMs: 20 }),
    /No transaction\.started event within 20 ms/,
  );
});

Deno.test("a charger goes offline mid-session, queues its events, and delivers them after goOnline()", async () => {
  await using csms = await startCsms();
  await using charger = await createCharger({
    url: csms.ocppUrl,
    chargerId: "emart_seogwipo_01",
    speed: SPEED,
  });
  const { transactionId } = await charger.startCharging("04A1B2C3");
  await charger.goOffline();
  assert.equal(charger.isConnected, false);
  await until(() => csms.charger("emart_seogwipo_01")?.isConnected === false, "offline at CSMS");
  await until(() => charger.meter().energyWh > 100, "charging offline");
  await charger.stopCharging();
  const ended = csms.waitFor("transaction.ended", {
    where: (e) => e.transactionId === transactionId,
  });
  await charger.goOnline();
  assert.equal(charger.isConnected, true);
  assert.equal(charger.registration, "Accepted");
  const event = await ended;
  assert.equal(event.stoppedReason, "Local");
  assert.ok(event.energyWh! > 0);
  await until(() => csms.charger("emart_seogwipo_01")?.isConnected === true, "back online");
});

Deno.test("fault() ends the session and shows red on the map; clearFault() brings it back; events reach on()", async () => {
  await using csms = await startCsms();
  await using charger = await createCharger({ url: csms.ocppUrl, chargerId: "emart_jeju_03" });
  const statuses: string[] = [];
  const off = charger.on("status", (e) => void statuses.push(e.status));
  assert.equal((await charger.startCharging("04A1B2C3")).status, "Accepted");
  assert.deepEqual(await charger.startCharging("04A1B2C3"), {
    status: "Rejected",
    reason: `transaction ${charger.transactionId} is already running`,
  });
  await charger.fault("GroundFault");
  await until(() => csms.charger("emart_jeju_03")?.status === "faulted", "faulted on the map");
  assert.deepEqual(csms.charger("emart_jeju_03")?.transactions, []);
  await charger.clearFault();
  await charger.unplug();
  off();
  assert.deepEqual(statuses, ["Preparing", "Charging", "Faulted", "Finishing", "Available"]);
  await until(() => csms.charger("emart_jeju_03")?.status === "available", "available again");
});

Deno.test("createCharger() throws when no CSMS accepts it within bootTimeoutMs, and leaves nothing running", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // a port nobody listens on
  await assert.rejects(
    () =>
      createCharger({ url: `ws://127.0.0.1:${port}`, chargerId: "lonely_01", bootTimeoutMs: 200 }),
    /Station lonely_01 was not accepted by ws:\/\/127\.0\.0\.1:\d+ within 200 ms \(registration None, connected false\)/,
  );
});

Deno.test("createFleet() runs the first N Emart Jeju stations, reports counters, and ends their sessions on stop()", async () => {
  await using csms = await startCsms();
  const fleet = await createFleet({
    url: csms.ocppUrl,
    count: 3,
    isAuto: false,
    speed: SPEED,
    bootTimeoutMs: 5_000,
  });
  try {
    assert.deepEqual(fleet.chargers.map((c) => c.chargerId), [
      "emart_jeju_01",
      "emart_jeju_02",
      "emart_jeju_03",
    ]);
    assert.equal(csms.chargers().filter((s) => s.isConnected).length, 3);
    const started = await csms.startTransaction("emart_jeju_02");
    assert.equal(fleet.charger("emart_jeju_02")?.transactionId, started.transactionId);
    await until(() => fleet.counters().charging === 1, "one charging");
    const ended = csms.waitFor("transaction.ended", {
      where: (e) => e.chargerId === "emart_jeju_02",
    });
    await fleet.stop();
    assert.equal((await ended).stoppedReason, "Other");
    assert.ok(fleet.chargers.every((c) => !c.isConnected));
  } finally {
    await fleet.stop();
  }
});

Deno.test('startCsms({ database: "memory" }) stores transactions in embedded PostgreSQL for the REST history', async () => {
  await using csms = await startCsms({ database: "memory", apiToken: "library-test-token" });
  await using charger = await createCharger({
    url: csms.ocppUrl,
    chargerId: "emart_jeju_04",
    speed: SPEED,
  });
  await csms.startTransaction("emart_jeju_04");
  await new Promise((resolve) => setTimeout(resolve, 200)); // 12 simulated seconds of charging
  const stopped = await csms.stopTransaction("emart_jeju_04");
  const history = await fetch(`${csms.httpUrl}/transactions?charger_id=emart_jeju_04`, {
    headers: { Authorization: "Bearer library-test-token" },
  })
    .then((r) => r.json());
  assert.equal(history.count, 1, JSON.stringify(history));
  assert.equal(history.transactions[0].transaction_id, stopped.transactionId);
  assert.equal(history.transactions[0].energy_consumed, stopped.energyWh! / 1000);
  assert.equal(charger.status, "Finishing");
});
