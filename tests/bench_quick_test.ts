/**
 * `deno task bench --quick` end to end (issue 9): every phase runs to completion with zero
 * errors. It never asserts a timing: CI machines differ, and the numbers are for the report.
 */
import assert from "node:assert/strict";
import type { BenchResult } from "../bench/mod.ts";
import { denoRunArgs } from "./support/deno_task.ts";

const BENCH = new URL("../bench/mod.ts", import.meta.url).pathname;

async function runQuickBench(out: string): Promise<{ code: number; stderr: string }> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: denoRunArgs("bench", BENCH, [
      "--quick",
      "--out",
      out,
    ]),
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code, stderr: new TextDecoder().decode(stderr) };
}

function assertNoErrors(where: string, errors: Record<string, number>): void {
  assert.deepEqual(
    Object.entries(errors).filter(([, n]) => n > 0),
    [],
    `${where}: errors`,
  );
}

function checkServers(result: BenchResult): void {
  assert.ok(result.servers.some((s) => s.kind === "raw"), "the raw baseline ran");
  assert.ok(result.servers.some((s) => s.kind === "tamna-pglite"), "Tamna on PGlite ran");
  for (const server of result.servers) {
    for (const ramp of server.ramps) {
      const where = `${server.kind} at ${ramp.chargers}`;
      assert.equal(ramp.connect.ready, ramp.chargers, `${where}: every charger ready`);
      assertNoErrors(`${where} ramp`, ramp.connect.errors);
      const names = ramp.phases.map((p) => p.name);
      assert.ok(names.includes("steady") && names.includes("saturation"), `${where}: ${names}`);
      if (server.kind !== "raw") {
        assert.ok(names.includes("overload-2x"), `${where}: ${names}`);
        assert.ok(names.includes("overload-2x-heartbeats"), `${where}: ${names}`);
      }
      for (const phase of ramp.phases) {
        assertNoErrors(`${where} ${phase.name}`, phase.errors);
        assert.ok(phase.completed > 0, `${where} ${phase.name}: calls completed`);
        assert.ok(phase.inside.count > 0, `${where} ${phase.name}: latency measured inside`);
      }
      assert.ok(ramp.storm, `${where}: storm ran`);
      assert.equal(ramp.storm.notBack, 0, `${where}: every charger back after the restart`);
      assertNoErrors(`${where} storm`, ramp.storm.phase.errors);
    }
  }
}

Deno.test({
  name: "deno task bench --quick completes every phase with zero errors and writes its reports",
  // The bench spawns servers and load generators and times out by itself; allow a slow CI.
  sanitizeResources: true,
  sanitizeOps: true,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "tamna_bench_quick_" });
    try {
      const { code, stderr } = await runQuickBench(out);
      assert.equal(code, 0, `bench exited with ${code}:\n${stderr.slice(-3000)}`);
      const result: BenchResult = JSON.parse(await Deno.readTextFile(`${out}/latest.json`));
      assert.deepEqual(result.failures, []);
      checkServers(result);
      assert.equal(result.sim.length, 1, "the real simulator was measured");
      assert.equal(result.sim[0].connected, result.sim[0].chargers);
      assert.equal(result.sim[0].errors, 0);
      assert.equal(result.sim[0].errorsInWindow, 0);
      assert.ok(result.inserts.some((i) => i.engine === "pglite" && i.insertsPerSec > 0));
      const markdown = await Deno.readTextFile(`${out}/latest.md`);
      assert.match(markdown, /## Headline/);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
