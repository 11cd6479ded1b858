// Smart charging closed-loop: the CSMS with the smart-charging plugin and the 12 simulated
// 100 kW chargers of Emart Jeju (grid capacity 800 kW) on loopback WebSockets. Server and
// stations share one clock running ×20, so the few real seconds below are a minute of
// simulated charging; meter values come every 5 simulated seconds.
import assert from "node:assert/strict";
import type { Clock } from "../actors/runtime/clock.ts";
import { emartJejuFleet } from "../sim/fleet/fleet_file.ts";
import { type FleetRun, runFleet } from "../sim/fleet/fleet_runner.ts";
import { waitUntil } from "./support/loopback_csms.ts";
import { scaledClock } from "../sim/fleet/scaled_clock.ts";
import { startTestServer, type TestServer } from "./helpers.ts";

const SPEED = 20;
const CAP_KW = 800;
/** TxUpdatedInterval of the simulated stations, simulated ms. */
const METER_INTERVAL_MS = 5_000;
const fleet = await emartJejuFleet();

/** An EV that takes all 100 kW for the whole test (80 kWh at 20 %: no taper for 40 min). */
const BIG_EV = { batteryWh: 80_000, startSocPercent: 20, maxPowerW: 150_000 };
/** An EV whose on-board limit is 40 kW: it leaves part of its share unused. */
const SMALL_EV = { batteryWh: 40_000, startSocPercent: 20, maxPowerW: 40_000 };

interface Sample {
  atMs: number;
  chargerId: string;
  powerW: number;
  /** The site power after this sample: the sum of every charger's latest reading. */
  siteW: number;
}

/** The CSMS's view of the site: each charger's latest Power.Active.Import, and the changes. */
function measure(server: TestServer, clock: Clock) {
  const latest = new Map<string, number>();
  const samples: Sample[] = [];
  const changesAtMs: number[] = [];
  let lastLimits = "";
  server.bus.on("meter.sampled", ({ chargerId, reading }) => {
    if (reading.powerW === undefined || !chargerId.startsWith("emart_jeju_")) return;
    latest.set(chargerId, reading.powerW);
    const siteW = [...latest.values()].reduce((a, b) => a + b, 0);
    samples.push({ atMs: clock.now(), chargerId, powerW: reading.powerW, siteW });
  });
  server.bus.on("transaction.started", () => void changesAtMs.push(clock.now()));
  server.bus.on("transaction.ended", ({ chargerId }) => {
    // An ended session draws nothing, whatever its last reading said.
    latest.set(chargerId, 0);
    changesAtMs.push(clock.now());
  });
  server.bus.on("smart-charging.allocated", ({ limits }) => {
    const key = JSON.stringify(limits);
    if (key !== lastLimits) changesAtMs.push(clock.now());
    lastLimits = key;
  });
  return {
    latest,
    samples,
    siteKw: () => [...latest.values()].reduce((a, b) => a + b, 0) / 1000,
    /** Samples taken more than one meter interval after the last change before them. */
    settledSamples: (fromMs = 0) =>
      samples.filter((s) => {
        const lastChange = changesAtMs.filter((t) => t <= s.atMs).at(-1) ?? -Infinity;
        return s.atMs >= fromMs && s.atMs - lastChange > METER_INTERVAL_MS;
      }),
  };
}

async function start(withPlugin: boolean) {
  const clock = scaledClock(SPEED);
  // Smart charging is built in (with the Emart Jeju inventory); `false` switches it off.
  const pluginConfig = withPlugin ? {} : { "smart-charging": false };
  const server = await startTestServer({ pluginConfig }, { clock });
  const view = measure(server, clock);
  let run: FleetRun | undefined;
  try {
    run = await runFleet({ url: server.ocppUrl, fleet, count: 12, isAuto: false, clock });
    const chargers = run.chargers;
    await waitUntil(() => chargers.every((c) => c.registration === "Accepted"), 5_000, "boot");
  } catch (error) {
    await run?.stop();
    await server.close();
    throw error;
  }
  return { clock, server, run, view, chargers: run.chargers };
}

/** Waits `simMs` of simulated time (`simMs / SPEED` real ms). */
function simWait(simMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, simMs / SPEED));
}

Deno.test("without smart charging the 12 Emart Jeju chargers draw 1,200 kW", async () => {
  const { server, run, view, chargers } = await start(false);
  try {
    await Promise.all(chargers.map((c) => c.startLocal("04A1B2C3", BIG_EV)));
    await waitUntil(() => view.siteKw() >= 1200, 5_000, "1,200 kW measured");
    assert.equal(view.siteKw(), 1200);
  } finally {
    await run.stop();
    await server.close();
  }
});

Deno.test("smart charging keeps 12 chargers starting at once under 800 kW, equal shares, lifted as sessions end", async () => {
  const { clock, server, run, view, chargers } = await start(true);
  try {
    const startedAtMs = clock.now();
    await Promise.all(chargers.map((c) => c.startLocal("04A1B2C3", BIG_EV)));
    await simWait(40_000);
    const settled = view.settledSamples(startedAtMs);
    assert.ok(settled.length >= 12 * 5, `${settled.length} settled samples`);
    const maxSiteKw = Math.max(...view.samples.map((s) => s.siteW)) / 1000;
    const maxSettledKw = Math.max(...settled.map((s) => s.siteW)) / 1000;
    console.log(`site power max ${maxSiteKw} kW (all samples), ${maxSettledKw} kW settled`);
    assert.ok(maxSettledKw <= CAP_KW, `settled site power ${maxSettledKw} kW over the cap`);
    // Fair share: 800 / 12 = 66.67 kW, floored to the plugin's 0.1 kW step (66.6 kW) so the
    // sum stays under the cap; the simulator draws exactly its limit.
    const shares = chargers.map((c) => view.latest.get(c.id)! / 1000);
    console.log(`shares (kW): ${shares.join(", ")}`);
    for (const kw of shares) assert.ok(Math.abs(kw - 800 / 12) <= 0.1, `share ${kw} kW`);

    // Four sessions end: 8 × 100 kW fits the 800 kW cap, so the limits are lifted.
    const endedAtMs = clock.now();
    await Promise.all(chargers.slice(8).map((c) => c.stopLocal()));
    await simWait(20_000);
    const rest = chargers.slice(0, 8).map((c) => view.latest.get(c.id)! / 1000);
    console.log(`after 4 ended (kW): ${rest.join(", ")}`);
    assert.deepEqual(rest, new Array(8).fill(100));
    const after = view.settledSamples(endedAtMs);
    assert.ok(after.length > 0 && after.every((s) => s.siteW <= CAP_KW * 1000));
  } finally {
    await run.stop();
    await server.close();
  }
});

Deno.test("smart charging gives the share small EVs leave unused to the others", async () => {
  const { clock, server, run, view, chargers } = await start(true);
  try {
    const startedAtMs = clock.now();
    await Promise.all(chargers.map((c, i) => c.startLocal("04A1B2C3", i < 3 ? SMALL_EV : BIG_EV)));
    await simWait(45_000);
    const settled = view.settledSamples(startedAtMs);
    const maxSiteKw = Math.max(...view.samples.map((s) => s.siteW)) / 1000;
    const maxSettledKw = Math.max(...settled.map((s) => s.siteW)) / 1000;
    const shares = chargers.map((c) => view.latest.get(c.id)! / 1000);
    console.log(`site power max ${maxSiteKw} kW (all samples), ${maxSettledKw} kW settled`);
    console.log(`shares (kW): ${shares.join(", ")}`);
    assert.ok(maxSettledKw <= CAP_KW);
    // Water-filling: the small EVs need 40 kW (+2 kW headroom each), the nine others share
    // the rest: (800 − 3 × 42) / 9 = 74.89 kW, floored to 74.8 kW.
    assert.deepEqual(shares.slice(0, 3), [40, 40, 40]);
    for (const kw of shares.slice(3)) assert.ok(Math.abs(kw - 674 / 9) <= 0.1, `share ${kw} kW`);
  } finally {
    await run.stop();
    await server.close();
  }
});

Deno.test("smart charging keeps a charger under the dashboard's limit and shares the rest", async () => {
  const { server, run, view, chargers } = await start(true);
  try {
    await Promise.all(chargers.map((c) => c.startLocal("04A1B2C3", BIG_EV)));
    await simWait(10_000);
    const response = await server.api("/chargers/emart_jeju_01/control", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "set_power_limit", power_kw: 20 }),
    });
    assert.equal((await response.json()).ocpp_status, "Accepted");
    await simWait(20_000);
    const shares = chargers.map((c) => view.latest.get(c.id)! / 1000);
    console.log(`with a 20 kW slider on emart_jeju_01 (kW): ${shares.join(", ")}`);
    // (800 − 20) / 11 = 70.9 kW for the others.
    assert.equal(shares[0], 20);
    for (const kw of shares.slice(1)) assert.equal(kw, 70.9);
  } finally {
    await run.stop();
    await server.close();
  }
});
