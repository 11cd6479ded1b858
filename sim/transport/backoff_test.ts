import assert from "node:assert/strict";
import { reconnectDelayMs } from "./backoff.ts";

Deno.test("B05 reconnectDelayMs() doubles from the minimum up to RepeatTimes and adds up to RandomRange", () => {
  const settings = { waitMinimumS: 1, randomRangeS: 2, repeatTimes: 3 };
  const rows: [attempt: number, random: number, ms: number][] = [
    [0, 0, 1_000],
    [1, 0, 2_000],
    [2, 0, 4_000],
    [3, 0, 8_000],
    [4, 0, 8_000],
    [9, 0, 8_000],
    [0, 0.5, 2_000],
    [3, 0.999, 9_998],
  ];
  for (const [attempt, random, ms] of rows) {
    assert.equal(reconnectDelayMs(attempt, settings, () => random), ms, `attempt ${attempt}`);
  }
  assert.throws(() => reconnectDelayMs(-1, settings, Math.random), RangeError);
});
