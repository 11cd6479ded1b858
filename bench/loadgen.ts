/**
 * One load-generator process of `deno task bench`: holds a slice of the chargers (see
 * load_fleet.ts) and runs the parent's commands from stdin, answering in JSON lines.
 *
 *   deno run --allow-net bench/loadgen.ts '{"url":"ws://127.0.0.1:9000","prefix":"b_","from":0,"to":500,…}'
 */
import { emitLine, exitAfter, type Request, serveRequests } from "./child_io.ts";
import {
  createLoadFleet,
  type LoadFleetOptions,
  type PhaseSpec,
  wallClockMs,
} from "./load_fleet.ts";

/** What the parent passes as the first argument. */
export interface LoadgenArgs extends LoadFleetOptions {
  /** The process ends itself after this long, whatever happens. */
  maxLifetimeMs: number;
}

const args: LoadgenArgs = JSON.parse(Deno.args[0]);
exitAfter(args.maxLifetimeMs);
const fleet = createLoadFleet(args);
let phaseEnd: (() => void) | undefined;

/**
 * Runs a phase; with `startAtMs` ({@link wallClockMs}) it starts then, on the parent's schedule
 * rather than whenever this process read the command.
 */
async function runPhase(spec: PhaseSpec, durationMs: number, startAtMs?: number) {
  const waitMs = startAtMs === undefined ? 0 : startAtMs - wallClockMs();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  const startedMs = performance.now();
  fleet.startPhase(spec);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, durationMs);
    phaseEnd = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  phaseEnd = undefined;
  return fleet.endPhase(performance.now() - startedMs);
}

function handle(request: Request): Promise<unknown> {
  switch (request.cmd) {
    case "connect":
      return fleet.connectAll(request.maxConnecting as number, request.timeoutMs as number);
    case "phase":
      return runPhase(
        request.spec as PhaseSpec,
        request.durationMs as number,
        request.startAtMs as number | undefined,
      );
    case "end":
      phaseEnd?.();
      return Promise.resolve(true);
    case "expectDrops":
      fleet.expectDrops(request.value as boolean);
      return Promise.resolve(true);
    case "status":
      return Promise.resolve(fleet.status());
    case "returnTimes":
      return Promise.resolve(fleet.returnTimes());
    case "close":
      return fleet.close().then(() => true);
    default:
      return Promise.reject(new TypeError(`unknown command ${request.cmd}`));
  }
}

emitLine({ event: "ready", chargers: fleet.size });
await serveRequests(handle, async () => {
  await fleet.close();
  Deno.exit(0);
});
