/**
 * The real simulator under measurement (issue 3, "Scale"): `runFleet` with automatic drivers
 * in this process, driven by the parent through JSON lines. Drivers arrive within seconds and
 * stay, so nearly every station is charging and sends a TransactionEvent every 5 s.
 *
 *   deno run -A bench/sim_entry.ts '{"url":"ws://127.0.0.1:9000","count":1000}'
 */
import type { DrivingProfile } from "../sim/fleet/auto_driver.ts";
import { emartJejuFleet } from "../sim/fleet/fleet_file.ts";
import { type FleetRun, runFleet } from "../sim/fleet/fleet_runner.ts";
import { emitLine, exitAfter, type Request, serveRequests } from "./child_io.ts";

/** Everyone plugs in within seconds and charges for the whole measurement. */
export const BUSY: DrivingProfile = {
  meanGapMs: 2_000,
  cardDelayMs: [500, 2_000],
  dwellMs: [30 * 60_000, 60 * 60_000],
  targetSocPercent: [95, 100],
  unplugDelayMs: [5_000, 10_000],
};

const args: { url: string; count: number; maxLifetimeMs: number } = JSON.parse(Deno.args[0]);
exitAfter(args.maxLifetimeMs);
let run: FleetRun | undefined;

async function start(): Promise<{ connectedMs: number }> {
  const startedMs = performance.now();
  run = await runFleet({
    url: args.url,
    fleet: await emartJejuFleet(),
    count: args.count,
    isAuto: true,
    profile: BUSY,
    stateDir: null,
    seed: 1,
    connectBatch: 200,
  });
  const deadline = Date.now() + 180_000;
  while (run.counters().connected < args.count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { connectedMs: performance.now() - startedMs };
}

function handle(request: Request): Promise<unknown> {
  switch (request.cmd) {
    case "start":
      return start();
    case "counters":
      return Promise.resolve({ ...run?.counters(), memory: Deno.memoryUsage() });
    case "stop":
      return (run?.stop() ?? Promise.resolve()).then(() => true);
    default:
      return Promise.reject(new TypeError(`unknown command ${request.cmd}`));
  }
}

emitLine({ event: "ready" });
await serveRequests(handle, () => Deno.exit(0));
