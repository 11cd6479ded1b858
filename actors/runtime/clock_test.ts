import assert from "node:assert/strict";
import { FakeClock, isoNow, isoOfMs } from "./clock.ts";

Deno.test("isoOfMs() gives each instant's own ISO text, asked again, in turn or back and forth", () => {
  const instants = [0, 1_765_000_000_123, 1_765_000_000_123, 1_765_000_000_124, 0, 86_400_000];
  assert.deepEqual(instants.map(isoOfMs), instants.map((ms) => new Date(ms).toISOString()));
});

Deno.test("isoNow() is the clock's now as ISO text, as the clock moves", async () => {
  const clock = new FakeClock(1_765_000_000_000);
  assert.equal(isoNow(clock), "2025-12-06T05:46:40.000Z");
  await clock.advance(1_500);
  assert.equal(isoNow(clock), "2025-12-06T05:46:41.500Z");
});
