import assert from "node:assert/strict";
import { SmartChargingConfig } from "./config.ts";
import { isSettled, planSite, type Session, type SessionBounds } from "./plan.ts";

const CONFIG = SmartChargingConfig.parse({});

function session(key: string, extra: Partial<Session> = {}): Session {
  return {
    chargerId: key,
    evseId: 1,
    transactionId: `tx-${key}`,
    key,
    startedAtMs: 0,
    raisedAtMs: 0,
    ...extra,
  };
}

const bounds: SessionBounds = { maxW: 100_000 };
const plan = (capacityW: number | null, sessions: Session[], b = bounds) =>
  planSite(capacityW, sessions.map((s) => ({ session: s, bounds: b })), CONFIG);
const changes = (p: ReturnType<typeof plan>) =>
  p.changes.map((c) => [c.session.key, c.limitW, c.isLowering]);

Deno.test("isSettled() waits for a ramp after a start or raise, not after a lowering", () => {
  const cases: [Partial<Session>, boolean][] = [
    [{}, false], // never measured
    [{ measuredAtMs: 9_999 }, false],
    [{ measuredAtMs: 10_000 }, true],
    [{ measuredAtMs: 15_000, raisedAtMs: 10_000 }, false],
    [{ measuredAtMs: 20_000, raisedAtMs: 10_000 }, true],
  ];
  for (const [extra, expected] of cases) {
    assert.equal(isSettled(session("a", extra), 10_000), expected, JSON.stringify(extra));
  }
});

Deno.test("planSite() sets first limits as lowerings, raises by at least the minimum change", () => {
  const cases: [number | null, Session[], (string | number | boolean | null)[][]][] = [
    [300_000, [session("a"), session("b"), session("c"), session("d")], [
      ["a", 75_000, true],
      ["b", 75_000, true],
      ["c", 75_000, true],
      ["d", 75_000, true],
    ]],
    // 75 → 75.5 kW is under the 1 kW minimum change: not sent.
    [302_000, ["a", "b", "c", "d"].map((k) => session(k, { limitW: 75_000 })), []],
    [320_000, ["a", "b", "c", "d"].map((k) => session(k, { limitW: 75_000 })), [
      ["a", 80_000, false],
      ["b", 80_000, false],
      ["c", 80_000, false],
      ["d", 80_000, false],
    ]],
    // Fits again: lift the limit of the one that has one.
    [300_000, [session("a", { limitW: 75_000 }), session("b")], [["a", null, false]]],
    // No capacity: nothing to do without standing caps.
    [null, [session("a"), session("b")], []],
  ];
  for (const [capacityW, sessions, expected] of cases) {
    assert.deepEqual(changes(plan(capacityW, sessions)), expected);
  }
});

Deno.test("planSite() holds standing caps without a constraint and sums measured power", () => {
  const p = plan(null, [session("a", { measuredW: 30_000 }), session("b", { measuredW: 12_500 })], {
    maxW: 50_000,
    standingW: 50_000,
  });
  assert.deepEqual(changes(p), [["a", 50_000, true], ["b", 50_000, true]]);
  assert.equal(p.sitePowerW, 42_500);
  assert.deepEqual(p.targetsW, { a: 50_000, b: 50_000 });
});
