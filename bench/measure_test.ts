import assert from "node:assert/strict";
import { SLOT_MS } from "./load_fleet.ts";
import { staggeredStarts } from "./measure.ts";

Deno.test("staggeredStarts() spreads the load generators' phase starts evenly over one slot", () => {
  const starts = staggeredStarts(4, 1_000);
  assert.equal(starts.length, 4);
  // all after the lead, in order, a quarter of a slot apart
  assert.ok(starts[0] > 1_000);
  const gaps = starts.slice(1).map((s, k) => s - starts[k]);
  assert.deepEqual(gaps, [SLOT_MS / 4, SLOT_MS / 4, SLOT_MS / 4]);
  // so their slots fall at distinct offsets within every slot
  const offsets = new Set(starts.map((s) => (s - starts[0]) % SLOT_MS));
  assert.equal(offsets.size, 4);
  assert.equal(staggeredStarts(1, 0).length, 1);
});
