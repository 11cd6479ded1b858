import assert from "node:assert/strict";
import { type Clock, type TimerId } from "../../actors/runtime/clock.ts";
import { createBreaker, StorageDownError } from "./breaker.ts";

/** A clock whose time moves only when told to, running due timers in order. */
function manualClock() {
  let nowMs = 0;
  let nextId = 1;
  const timers = new Map<number, { atMs: number; fn: () => void }>();
  const clock = {
    now: () => nowMs,
    setTimeout(fn: () => void, ms: number) {
      const id = nextId++;
      timers.set(id, { atMs: nowMs + ms, fn });
      return id as unknown as TimerId;
    },
    clearTimeout(id: TimerId) {
      timers.delete(id as unknown as number);
    },
  } as unknown as Clock;
  return {
    clock,
    pending: () => timers.size,
    async advance(ms: number) {
      const endMs = nowMs + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.atMs <= endMs)
          .sort((a, b) => a[1].atMs - b[1].atMs)[0];
        if (!due) break;
        timers.delete(due[0]);
        nowMs = due[1].atMs;
        due[1].fn();
        await Promise.resolve();
      }
      nowMs = endMs;
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

Deno.test("breaker: a write slower than the timeout fails and opens the breaker; a fast one passes", async () => {
  const time = manualClock();
  let probes = 0;
  const breaker = createBreaker({
    clock: time.clock,
    writeTimeoutMs: 1_000,
    probeEveryMs: 500,
    probe: () => (probes++, Promise.resolve()),
  });
  try {
    assert.equal(await breaker.run(() => Promise.resolve("fast")), "fast");
    assert.equal(time.pending(), 0, "no timer is left once no write is in flight");
    const slow = breaker.run(() => new Promise<string>(() => {}));
    const outcome = slow.then(() => "resolved", (e: Error) => e.message);
    await time.advance(900);
    assert.equal(breaker.isOpen, false, "not yet: 900 ms of 1,000");
    await time.advance(400);
    assert.match(await outcome, /did not answer within 1000 ms/);
    assert.equal(breaker.isOpen, true);
    await assert.rejects(breaker.run(() => Promise.resolve("x")), StorageDownError);
    await time.advance(600);
    assert.equal(probes, 1);
    assert.equal(breaker.isOpen, false, "the probe answered: writes go through again");
  } finally {
    breaker.stop();
  }
});

Deno.test("breaker: a write that fails late, after its timeout, changes nothing more", async () => {
  const time = manualClock();
  const breaker = createBreaker({
    clock: time.clock,
    writeTimeoutMs: 100,
    probe: () => Promise.resolve(),
  });
  try {
    let fail!: (e: Error) => void;
    const late = breaker.run(() => new Promise<never>((_, reject) => (fail = reject)));
    const outcome = late.catch((e: Error) => e.message);
    await time.advance(200);
    assert.match(await outcome, /within 100 ms/);
    fail(new Error("late")); // handled: no unhandled rejection fails this test
    await time.advance(0);
  } finally {
    breaker.stop();
  }
});
