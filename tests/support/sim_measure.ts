/**
 * Measures the simulator (issue 3, "Scale"): memory per idle connected station, then CPU per
 * frame with automatic drivers at ×60. Runs a loopback CSMS in a child process so only the
 * simulator is counted here. A hook for `deno task bench`.
 *
 *   deno run -A --v8-flags=--expose-gc tests/support/sim_measure.ts [--chargers 1000] [--load-seconds 10] [--url ws://…]
 */
import { cpuUsage } from "node:process";
import { parseArgs } from "node:util";
import { emartJejuFleet } from "../../sim/fleet/fleet_file.ts";
import { runFleet } from "../../sim/fleet/fleet_runner.ts";
import { startLoopbackCsms, waitUntil } from "./loopback_csms.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    chargers: { type: "string", default: "1000" },
    "load-seconds": { type: "string", default: "10" },
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

const loadS = Number(values["load-seconds"]);
if (loadS > 0) {
  const busy = await runFleet({
    url,
    fleet,
    count,
    isAuto: true,
    speed: 60,
    stateDir: null,
    seed: 2,
  });
  await waitUntil(
    () => busy.counters().connected === count,
    120_000,
    `${count} stations connected`,
  );
  const cpuBefore = cpuUsage();
  const framesBefore = busy.counters().sent + busy.counters().received;
  await new Promise((resolve) => setTimeout(resolve, loadS * 1000)); // the measured window
  const cpu = cpuUsage(cpuBefore);
  const c = busy.counters();
  const frames = c.sent + c.received - framesBefore;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${count} stations with drivers at ×60 for ${loadS} s: ${frames} frames (${
      Math.round(frames / loadS)
    }/s), ${c.charging} charging`,
  );
  console.log(
    `  CPU ${cpuMs.toFixed(0)} ms = ${
      (cpuMs * 1000 / Math.max(1, frames)).toFixed(1)
    } µs per frame, ${(cpuMs / loadS / 10).toFixed(1)} % of a core`,
  );
  await busy.stop();
}
if (server) {
  server.child.kill("SIGTERM");
  await server.child.status;
}
