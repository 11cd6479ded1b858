import assert from "node:assert/strict";
import { isoOfMs } from "./clock.ts";

Deno.test("isoOfMs() gives each instant's own ISO text, asked again, in turn or back and forth", () => {
  const instants = [0, 1_765_000_000_123, 1_765_000_000_123, 1_765_000_000_124, 0, 86_400_000];
  assert.deepEqual(instants.map(isoOfMs), instants.map((ms) => new Date(ms).toISOString()));
});
