import assert from "node:assert/strict";
import { allocateSite, demandOf, type SessionLoad, waterFill } from "./allocate.ts";

const kW = 1000;

/** `n` sessions of `maxKw` each, not measured yet. */
function fresh(n: number, maxKw = 100, prefix = "c"): SessionLoad[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}${i + 1}`,
    maxW: maxKw * kW,
    isSettled: false,
  }));
}

/** A session measured at `measuredKw` under `limitKw`. */
function measured(key: string, measuredKw: number, limitKw: number, isSettled = true): SessionLoad {
  return { key, maxW: 100 * kW, measuredW: measuredKw * kW, limitW: limitKw * kW, isSettled };
}

const total = (limits: Record<string, number>) => Object.values(limits).reduce((a, b) => a + b, 0);

Deno.test("waterFill() gives each claim its due or an equal part of what is left", () => {
  const cases: [number, number[], number[]][] = [
    [300, [100, 100, 100], [100, 100, 100]],
    [300, [200, 200, 200], [100, 100, 100]],
    [300, [50, 200, 200], [50, 125, 125]],
    [300, [50, 60, 400], [50, 60, 190]],
    [100, [], []],
    [0, [10, 20], [0, 0]],
    [-5, [10], [0]],
  ];
  for (const [capacity, claims, grants] of cases) {
    assert.deepEqual(waterFill(capacity, claims), grants, `${capacity} over ${claims}`);
  }
});

Deno.test("demandOf() takes a settled session well below its limit at its word, plus headroom", () => {
  const cases: [SessionLoad, number][] = [
    [{ key: "a", maxW: 100 * kW, isSettled: false }, 100 * kW], // nothing measured
    [measured("a", 66.6, 66.6), 100 * kW], // at its limit: wants more
    [measured("a", 65.7, 66.6), 100 * kW], // within half the headroom of it
    [measured("a", 40, 42), 42 * kW], // limited to its draw + headroom: stays EV-bound
    [measured("a", 41.5, 42), 100 * kW], // climbing to that limit: wants more again
    [measured("a", 30, 66.6), 32 * kW], // tapering: draws 30
    [measured("a", 30, 66.6, false), 100 * kW], // still ramping after a change
    [{ key: "a", maxW: 100 * kW, measuredW: 40 * kW, isSettled: true }, 42 * kW], // no limit
    [{ key: "a", maxW: 50 * kW, measuredW: 49 * kW, isSettled: true }, 50 * kW],
  ];
  for (const [session, demandW] of cases) {
    assert.equal(demandOf(session, 2 * kW), demandW, JSON.stringify(session));
  }
});

Deno.test("allocateSite() shares 800 kW equally among 12 fresh 100 kW sessions", () => {
  const { isConstrained, limitsW } = allocateSite(800 * kW, fresh(12));
  assert.equal(isConstrained, true);
  assert.deepEqual(new Set(Object.values(limitsW)), new Set([66_600]));
  assert.equal(total(limitsW), 799_200);
});

Deno.test("allocateSite() sets no limits while the sessions' maxima fit the capacity", () => {
  for (const sessions of [fresh(8), fresh(0), [...fresh(4), ...fresh(8, 50, "s")]]) {
    assert.deepEqual(allocateSite(800 * kW, sessions).limitsW, {});
    assert.equal(allocateSite(800 * kW, sessions).isConstrained, false);
  }
});

Deno.test("allocateSite() redistributes what tapering EVs leave to the others", () => {
  const sessions = [
    measured("taper1", 20, 66.6),
    measured("taper2", 30, 66.6),
    ...fresh(10).map((s) => ({ ...s, measuredW: 66.6 * kW, limitW: 66.6 * kW, isSettled: true })),
  ];
  const { limitsW } = allocateSite(800 * kW, sessions);
  assert.equal(limitsW.taper1, 22_000);
  assert.equal(limitsW.taper2, 32_000);
  // (800 − 22 − 32) / 10 = 74.6 kW each.
  for (let i = 1; i <= 10; i++) assert.equal(limitsW[`c${i}`], 74_600);
  assert.ok(total(limitsW) <= 800 * kW);
});

Deno.test("allocateSite() spreads capacity nobody demands over everyone's room", () => {
  // Twelve EVs all tapering at 30 kW: demands 32 × 12 = 384 kW, 416 kW left over.
  const sessions = fresh(12).map((s) => ({
    ...s,
    measuredW: 30 * kW,
    limitW: 66.6 * kW,
    isSettled: true,
  }));
  const { limitsW } = allocateSite(800 * kW, sessions);
  assert.deepEqual(new Set(Object.values(limitsW)), new Set([66_600]));
});

Deno.test("allocateSite() respects each session's maximum (mixed ratings, per-charger caps)", () => {
  const cases: [number, SessionLoad[], Record<string, number>][] = [
    [300 * kW, [...fresh(4), ...fresh(2, 50, "s")], {
      c1: 50_000,
      c2: 50_000,
      c3: 50_000,
      c4: 50_000,
      s1: 50_000,
      s2: 50_000,
    }],
    [400 * kW, [...fresh(4), ...fresh(2, 50, "s")], {
      c1: 75_000,
      c2: 75_000,
      c3: 75_000,
      c4: 75_000,
      s1: 50_000,
      s2: 50_000,
    }],
    // A 20 kW cap set from the dashboard on c1 of three at a 150 kW site.
    [150 * kW, [{ key: "c1", maxW: 20 * kW, isSettled: false }, ...fresh(3).slice(1)], {
      c1: 20_000,
      c2: 65_000,
      c3: 65_000,
    }],
    [0, fresh(2), { c1: 0, c2: 0 }],
  ];
  for (const [capacityW, sessions, limitsW] of cases) {
    assert.deepEqual(allocateSite(capacityW, sessions).limitsW, limitsW);
  }
});

Deno.test("allocateSite() floors limits to the step so their sum stays within the cap", () => {
  const { limitsW } = allocateSite(100 * kW, fresh(3), { stepW: 1000 });
  assert.deepEqual(limitsW, { c1: 33_000, c2: 33_000, c3: 33_000 });
  const odd = allocateSite(777_777, fresh(11));
  assert.ok(total(odd.limitsW) <= 777_777);
});
