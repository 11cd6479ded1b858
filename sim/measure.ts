/**
 * Measures the simulator's memory per idle connected station (issue 3, "Scale"). Runs a loopback
 * CSMS in a child process so only the stations' memory is counted here.
 *
 *   deno run -A --v8-flags=--expose-gc sim/measure_memory.ts [--chargers 1000] [--url ws://…]
 */
import { parseArgs } from "node:util";
import { emartJejuFleet } from "./fleet.ts";
import { runFleet } from "./fleet_runner.ts";
import { startLoopbackCsms, waitUntil } from "./loopback_csms.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    chargers: { type: "string", default: "1000" },
    url: { type: "string" },
    serve: { type: "boolean" },
  },
});

if (values.serve) {
  const csms = startLoopbackCsms();
  console.log(csms.url);
  await new Promise(() => {}); // serve until the parent ends this process
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function loopbackChild(): Promise<{ url: string; child: Deno.ChildProcess }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", import.meta.filename!, "--serve"],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  return { url: (value ?? "").trim(), child };
}

const count = Number(values.chargers);
const server = values.url ? undefined : await loopbackChild();
const url = values.url ?? server!.url;
const fleet = await emartJejuFleet();
collect();
const before = Deno.memoryUsage();
const startedMs = Date.now();
const run = await runFleet({ url, fleet, count, isAuto: false, stateDir: null, seed: 1 });
await waitUntil(() => run.counters().connected === count, 120_000, `${count} stations connected`);
await waitUntil(
  () => run.chargers.every((c) => c.snapshot().reportedStatus !== null),
  60_000,
  "status sent",
);
const connectedMs = Date.now() - startedMs;
await new Promise((resolve) => setTimeout(resolve, 2_000)); // let connection buffers settle
collect();
const after = Deno.memoryUsage();
const kb = (bytes: number) => (bytes / 1024 / count).toFixed(1);
console.log(`${count} idle connected stations (connected in ${connectedMs} ms):`);
console.log(
  `  RSS       +${((after.rss - before.rss) / 1048576).toFixed(1)} MiB = ${
    kb(after.rss - before.rss)
  } KB per station`,
);
console.log(
  `  JS heap   +${((after.heapUsed - before.heapUsed) / 1048576).toFixed(1)} MiB = ${
    kb(after.heapUsed - before.heapUsed)
  } KB per station`,
);
console.log(`  external  +${kb(after.external - before.external)} KB per station`);
await run.stop();
if (server) {
  server.child.kill("SIGTERM");
  await server.child.status;
}
