import assert from "node:assert/strict";
import { FakeClock } from "../../actors/runtime/clock.ts";
import { scaledClock } from "./scaled_clock.ts";

Deno.test("scaledClock() runs time and timers `speed` times faster", async () => {
  const base = new FakeClock();
  const clock = scaledClock(60, base);
  const start = clock.now();
  let firedAt = 0;
  clock.setTimeout(() => (firedAt = clock.now()), 60_000);
  await base.advance(999);
  assert.equal(firedAt, 0);
  await base.advance(1);
  assert.equal(firedAt - start, 60_000);
  assert.equal(scaledClock(1, base), base);
  assert.throws(() => scaledClock(0), RangeError);
});
