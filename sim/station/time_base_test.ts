// Wall-clock timestamps under --speed: the mapping, and a station at ×60 that reports them.
import assert from "node:assert/strict";
import { FakeClock } from "../../actors/runtime/clock.ts";
import { scaledClock } from "../fleet/scaled_clock.ts";
import { sample, T0, TestStation } from "../../tests/support/test_station.ts";
import { simMsOf, simMsOfIso, type TimeBase, timeBaseOf, wallIso, wallMsOf } from "./time_base.ts";

const X60: TimeBase = { originMs: T0, speed: 60 };
const CARD = { idToken: "04A1B2C3", type: "ISO14443" } as const;
/** An EV that takes 100 kW for well over an hour. */
const BIG_EV = { batteryWh: 500_000, startSocPercent: 0, maxPowerW: 150_000 };
const HOUR_MS = 3_600_000;

Deno.test("wallMsOf() and simMsOf() map simulated and wall time both ways around the origin", () => {
  assert.equal(wallMsOf(X60, T0 + HOUR_MS), T0 + 60_000);
  assert.equal(simMsOf(X60, T0 + 60_000), T0 + HOUR_MS);
  assert.equal(wallIso(X60, T0 + HOUR_MS), new Date(T0 + 60_000).toISOString());
  assert.equal(simMsOfIso(X60, new Date(T0 + 1_000).toISOString()), T0 + 60_000);
  assert.ok(Number.isNaN(simMsOfIso(X60, "not a time")));
  for (const base of [undefined, { originMs: T0, speed: 1 }]) {
    assert.equal(wallMsOf(base, T0 + 5), T0 + 5);
    assert.equal(simMsOf(base, T0 + 5), T0 + 5);
  }
});

Deno.test("scaledClock() exposes its time base; a real-time clock has none", () => {
  const base = new FakeClock(T0);
  assert.deepEqual(timeBaseOf(scaledClock(60, base)), X60);
  assert.equal(timeBaseOf(scaledClock(1, base)), undefined);
  assert.equal(timeBaseOf(base), undefined);
});

Deno.test("E02 transition() at ×60 reports wall-clock timestamps for an hour's energy", () => {
  const st = new TestStation({ timeBase: X60 }).boot();
  st.send({ type: "startLocal", idToken: CARD, ev: BIG_EV });
  st.answer("Authorize", { idTokenInfo: { status: "Accepted" } });
  const [started] = st.txEvents();
  st.send({ type: "timer", name: "txUpdated" }, HOUR_MS);
  const [updated] = st.txEvents();
  const status = st.calls("StatusNotification", st.all).at(-1);
  assert.equal(started.timestamp, new Date(T0).toISOString());
  // One simulated hour later, a wall minute later.
  assert.equal(updated.timestamp, new Date(T0 + 60_000).toISOString());
  const [meter] = updated.meterValue as { timestamp: string }[];
  assert.equal(meter.timestamp, updated.timestamp);
  assert.equal(status?.timestamp, new Date(T0).toISOString());
  // …with an hour of energy at 100 kW (less the 4 s ramp), 60× what a wall minute would give.
  const energyWh = sample(updated, "Energy.Active.Import.Register")!;
  assert.ok(energyWh > 99_800 && energyWh <= 100_000, `${energyWh} Wh`);
  assert.equal((updated.transactionInfo as { timeSpentCharging: number }).timeSpentCharging, 3600);
});

Deno.test("K01 transition() at ×60 reads a profile's validTo as a wall-clock instant", () => {
  const st = new TestStation({ timeBase: X60 }).boot();
  st.send({ type: "startLocal", idToken: CARD, ev: BIG_EV });
  st.answer("Authorize", { idTokenInfo: { status: "Accepted" } });
  const answer = st.call("SetChargingProfile", {
    evseId: 1,
    chargingProfile: {
      id: 7,
      stackLevel: 0,
      chargingProfilePurpose: "TxDefaultProfile",
      chargingProfileKind: "Absolute",
      // Thirty wall seconds: half an hour of simulated time at ×60.
      validTo: new Date(T0 + 30_000).toISOString(),
      chargingSchedule: [{
        id: 1,
        startSchedule: new Date(T0).toISOString(),
        chargingRateUnit: "W",
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 20_000 }],
      }],
    },
  });
  assert.equal(answer.status, "Accepted");
  st.send({ type: "timer", name: "txUpdated" }, 20 * 60_000);
  assert.equal(st.state.physics.limitW, 20_000);
  assert.equal(st.state.physics.powerW, 20_000);
  st.send({ type: "timer", name: "txUpdated" }, 20 * 60_000);
  assert.equal(st.state.physics.limitW, null);
  assert.equal(st.state.physics.powerW, 100_000);
  const schedule = st.call("GetCompositeSchedule", { evseId: 1, duration: 60 }).schedule as {
    scheduleStart: string;
  };
  assert.equal(schedule.scheduleStart, new Date(T0 + 40_000).toISOString());
});
