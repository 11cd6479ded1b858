// The simulator under --speed against the project's CSMS: stations run ×60 (physics, intervals)
// but report wall-clock timestamps, so the CSMS records the session inside the wall-clock
// window it happened in, "today" statistics count it, and it carries 60× the energy per wall
// second. The real wait (about 1.5 s) is 90 simulated seconds of charging.
import assert from "node:assert/strict";
import { startCharger } from "../sim/station/charger.ts";
import { scaledClock } from "../sim/fleet/scaled_clock.ts";
import { TEST_CONFIG } from "./support/test_station.ts";
import { startTestServer, until } from "./helpers.ts";

const SPEED = 60;
const BIG_EV = { batteryWh: 500_000, startSocPercent: 0, maxPowerW: 150_000 };

Deno.test("startCharger() at ×60 reports wall-clock times; /transactions and /statistics count the session now", async () => {
  const server = await startTestServer();
  const wallStartMs = Date.now();
  const charger = await startCharger({
    url: server.ocppUrl,
    config: { ...TEST_CONFIG, chargerId: "wall_time_01", txIdPrefix: crypto.randomUUID() },
    clock: scaledClock(SPEED),
    stateDir: null,
  });
  try {
    await until(() => charger.registration === "Accepted", 5_000);
    await charger.startLocal("04A1B2C3", BIG_EV);
    await until(() => charger.status === "Charging", 2_000);
    // Why a real wait: the point is how simulated time relates to the wall clock.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await charger.stopLocal();
    await until(() => charger.queuedTxEvents === 0, 5_000);
    const wallEndMs = Date.now();
    const [tx] = (await (await server.api("/transactions?charger_id=wall_time_01"))
      .json()).transactions;
    const startMs = Date.parse(tx.start_time);
    const endMs = Date.parse(tx.end_time);
    assert.ok(startMs >= wallStartMs && endMs <= wallEndMs, JSON.stringify(tx));
    const wallHours = (endMs - startMs) / 3_600_000;
    const speedSeen = tx.energy_consumed / 100 / wallHours; // kWh per wall hour at 100 kW
    assert.ok(speedSeen > 0.9 * SPEED && speedSeen <= SPEED * 1.01, `×${speedSeen.toFixed(1)}`);
    const stats = await (await server.api("/statistics/dashboard")).json();
    assert.equal(stats.transactions, 1);
    assert.equal(stats.energy_kwh, tx.energy_consumed);
  } finally {
    await charger.stop();
    await server.close();
  }
});
