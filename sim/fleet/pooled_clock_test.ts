import assert from "node:assert/strict";
import { type Clock, FakeClock, systemClock, type TimerId } from "../../actors/runtime/clock.ts";
import { pooledClock } from "./pooled_clock.ts";

Deno.test("pooledClock() fires timers in due order, ties in the order they were set, on one base timer", async () => {
  const base = new FakeClock();
  const clock = pooledClock(base);
  const fired: string[] = [];
  for (const [name, delayMs] of [["c", 30], ["a", 10], ["b1", 20], ["b2", 20], ["d", 0]] as const) {
    clock.setTimeout(
      () => fired.push(`${name}@${clock.now() - Date.UTC(2026, 0, 21, 5, 30)}`),
      delayMs,
    );
  }
  assert.equal(base.pendingTimers, 1);
  await base.advance(25);
  assert.deepEqual(fired, ["d@0", "a@10", "b1@20", "b2@20"]);
  await base.advance(10);
  assert.deepEqual(fired.slice(4), ["c@30"]);
  assert.equal(base.pendingTimers, 0);
});

Deno.test("pooledClock() cancels a timer anywhere in the heap and releases the base timer when none is left", async () => {
  const base = new FakeClock();
  const clock = pooledClock(base);
  const fired: number[] = [];
  const ids = Array.from(
    { length: 50 },
    (_, i) => clock.setTimeout(() => fired.push(i), (i * 7) % 50),
  );
  for (const i of [0, 13, 49, 25, 7]) clock.clearTimeout(ids[i]);
  clock.clearTimeout(ids[13]); // twice: a no-op
  await base.advance(100);
  const expected = Array.from({ length: 50 }, (_, i) => i)
    .filter((i) => ![0, 13, 49, 25, 7].includes(i))
    .sort((a, b) => (a * 7) % 50 - (b * 7) % 50 || a - b);
  assert.deepEqual(fired, expected);
  const last = clock.setTimeout(() => fired.push(-1), 1_000);
  assert.equal(base.pendingTimers, 1);
  clock.clearTimeout(last);
  assert.equal(base.pendingTimers, 0);
});

Deno.test("pooledClock() arms an earlier timer set later, and timers set while firing", async () => {
  const base = new FakeClock();
  const clock = pooledClock(base);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push("late"), 1_000);
  clock.setTimeout(() => {
    fired.push("early");
    clock.setTimeout(() => fired.push("again"), 0);
    clock.setTimeout(() => fired.push("next"), 5);
  }, 10);
  await base.advance(10);
  assert.deepEqual(fired, ["early", "again"]);
  await base.advance(5);
  assert.deepEqual(fired, ["early", "again", "next"]);
  assert.equal(base.pendingTimers, 1);
  await base.advance(1_000);
  assert.deepEqual(fired.at(-1), "late");
});

Deno.test("pooledClock() keeps the remaining timers armed when a callback throws", async () => {
  const base = new FakeClock();
  const clock = pooledClock(base);
  const fired: string[] = [];
  clock.setTimeout(() => {
    throw new Error("boom");
  }, 1);
  clock.setTimeout(() => fired.push("after"), 2);
  await assert.rejects(() => base.advance(1), /boom/);
  await base.advance(1);
  assert.deepEqual(fired, ["after"]);
});

Deno.test("pooledClock() over the system clock leaves no timer behind", async () => {
  const clock = pooledClock(systemClock);
  const done = Promise.withResolvers<void>();
  clock.setTimeout(done.resolve, 1);
  clock.clearTimeout(clock.setTimeout(() => done.reject(new Error("cancelled timer fired")), 2));
  await done.promise;
});

Deno.test("pooledClock() ignores the id of a fired timer whose slot a new timer took", async () => {
  const base = new FakeClock();
  const clock = pooledClock(base);
  const fired: string[] = [];
  const old = clock.setTimeout(() => fired.push("old"), 1);
  await base.advance(1);
  const next = clock.setTimeout(() => fired.push("new"), 1);
  assert.notEqual(next, old);
  clock.clearTimeout(old);
  await base.advance(1);
  assert.deepEqual(fired, ["old", "new"]);
});

Deno.test("pooledClock() re-arms an overdue timer at once, never with a negative delay", () => {
  let nowMs = 0;
  const delays: number[] = [];
  const armed: (() => void)[] = [];
  const base: Clock = {
    now: () => nowMs,
    setTimeout(fn, delayMs) {
      delays.push(delayMs);
      armed.push(fn);
      return armed.length as unknown as TimerId;
    },
    clearTimeout() {},
  };
  const clock = pooledClock(base);
  const fired: string[] = [];
  clock.setTimeout(() => {
    fired.push("a");
    throw new Error("boom");
  }, 10);
  clock.setTimeout(() => fired.push("b"), 12);
  nowMs = 20; // the base timer fires late, as on a busy event loop, and a throws
  assert.throws(() => armed.at(-1)!(), /boom/);
  assert.deepEqual(delays, [10, 0]); // b is 8 ms overdue: at once, not -8
  armed.at(-1)!();
  assert.deepEqual(fired, ["a", "b"]);
});
