import assert from "node:assert/strict";
import { fullPlan, loadgensFor, parseBenchArgs, planFor } from "./plan.ts";
import { callsPerPeriod } from "./measure.ts";
import { CHARGERS_PER_PORT, heartbeatOverload, REALISTIC, STEADY } from "./scenarios.ts";

Deno.test("--realistic runs only the realistic shape at --chargers N (default 10,000)", () => {
  const args = parseBenchArgs(["--realistic", "--chargers", "50000"]);
  const { plan, postgresPlan } = planFor(args);
  assert.deepEqual(plan.realisticAt, [50_000]);
  assert.equal(plan.heavyUpTo, 0, "no heavy phase");
  assert.equal(plan.stormAt, null);
  assert.deepEqual(postgresPlan.realisticAt, [50_000]);
  assert.deepEqual(planFor(parseBenchArgs(["--realistic"])).plan.realisticAt, [10_000]);
  assert.throws(() => parseBenchArgs(["--chargers", "100001"]), /1 to 100000/);
});

Deno.test("--phases narrows a --chargers run to the phases named, and refuses unknown ones", () => {
  const { plan } = planFor(parseBenchArgs(["--chargers", "1000", "--phases", "steady,realistic"]));
  assert.equal(plan.isSteadySkipped, false);
  assert.deepEqual(plan.realisticAt, [1_000]);
  assert.deepEqual(plan.saturationAt, []);
  assert.deepEqual(plan.heartbeatSaturationAt, []);
  assert.equal(plan.overloadAt, null);
  assert.equal(plan.stormAt, null);
  // an overload is twice what saturation measured, so it brings its saturation along
  const overload = planFor(parseBenchArgs(["--chargers", "500", "--phases", "overload-2x"])).plan;
  assert.equal(overload.isSteadySkipped, true);
  assert.deepEqual(overload.saturationAt, [500]);
  assert.equal(overload.overloadAt, 500);
  assert.throws(
    () => parseBenchArgs(["--chargers", "10", "--phases", "stedy"]),
    /unknown phase stedy/,
  );
  assert.throws(() => parseBenchArgs(["--phases", "steady"]), /needs --chargers/);
});

Deno.test("the full plan has the realistic shape at 10,000 and 50,000, heavy only up to 15,000", () => {
  const plan = fullPlan();
  assert.deepEqual(plan.realisticAt, [10_000, 50_000]);
  assert.ok(plan.ramps.includes(50_000));
  assert.ok(50_000 > plan.heavyUpTo! && 10_000 <= plan.heavyUpTo!);
  assert.equal(plan.heartbeatOverloadAt, 10_000);
  // 50,000 chargers: load generators of at most 12,500, and two server ports of 25,000
  assert.equal(loadgensFor(50_000), 4);
  assert.equal(loadgensFor(1_000), 2);
  assert.equal(Math.ceil(50_000 / CHARGERS_PER_PORT), 2);
});

Deno.test("offered calls per period: heavy, realistic (half charging), Heartbeats only", () => {
  assert.equal(callsPerPeriod(STEADY), 1 + 1 / 6);
  assert.equal(callsPerPeriod(REALISTIC), 0.5 + 1 / 5);
  const overload = heartbeatOverload(10_000, 5_000);
  assert.equal(callsPerPeriod(overload), 1);
  // twice 5,000 calls/s from 10,000 chargers: one each second per charger
  assert.equal(overload.intervalMs, 1_000);
  assert.equal(overload.isHeartbeatOnly, true);
});
