import assert from "node:assert/strict";
import { SIM_V8_FLAGS } from "../bench/sim_bench.ts";

Deno.test("the bench measures the simulator with the V8 flags `deno task sim` uses", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  // A task is `{ "description", "command" }` in deno.json.
  const task: string = config.tasks.sim.command;
  assert.ok(task.includes(`--v8-flags=${SIM_V8_FLAGS.join(",")} `), task);
});
