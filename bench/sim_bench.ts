/**
 * Measures the real simulator (sim/fleet/fleet_runner.ts, full physics and state machines) connected
 * to Tamna: its memory per station and CPU per message while nearly every station charges.
 */
import type { FleetCounters } from "../sim/fleet/fleet_runner.ts";
import { freePort, procStats, spawnChild } from "./procs.ts";
import { fetchMetrics, startServerProc, stopServerProc } from "./servers.ts";

/** What the simulator cost at one fleet size. */
export interface SimResult {
  chargers: number;
  connected: number;
  charging: number;
  connectS: number;
  /** RSS growth from the idle process to the running fleet, per station. */
  rssPerChargerKb: number;
  heapPerChargerKb: number;
  /** Messages (sent + received) per second in the measured window. */
  msgsPerS: number;
  /** Simulator CPU time per message. */
  cpuUsPerMsg: number;
  cpuPct: number;
  /** The simulator's errors since its start (connection ramp included), CALLERRORs counted. */
  errors: number;
  /** Its errors in the measured window only. */
  errorsInWindow?: number;
  /** `errors` by kind (sim/station/charger_options.ts), since the start and in the window. */
  errorsByKind?: Record<string, number>;
  errorsByKindInWindow?: Record<string, number>;
  /** The CSMS serving it (Tamna on PGlite): RSS per charger. */
  csmsRssPerChargerKb: number;
  /** Calls the CSMS shed in the window (overload answers, counted in the simulator's errors). */
  csmsShed: number;
}

type Counters = FleetCounters & { memory: Deno.MemoryUsage };

const BENCH_DIR = new URL(".", import.meta.url).pathname;
/** The V8 flags of the `sim` task in deno.json (tests/bench_sim_flags_test.ts keeps them equal). */
export const SIM_V8_FLAGS = ["--heap-growing-percent=100"];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `count` simulated stations against a fresh Tamna for a measured window. */
export async function runSimBench(
  count: number,
  context: { runDir: string; dataDir: string; isQuick: boolean; log(line: string): void },
): Promise<SimResult> {
  context.log(`simulator: ${count} stations`);
  const server = await startServerProc({
    kind: "tamna-pglite",
    port: freePort(),
    logPath: `${context.runDir}/tamna-sim.log`,
    dataDir: context.dataDir,
  });
  const sim = await spawnChild("sim", `${BENCH_DIR}sim_entry.ts`, [
    JSON.stringify({ url: server.ocppUrl, count, maxLifetimeMs: 15 * 60_000 }),
  ], {
    permissions: ["--allow-net", "--allow-read", "--allow-write", "--allow-env", "--allow-sys"],
    // As `deno task sim` runs it: a major GC at twice the live heap instead of V8's up to 4×
    // while thousands of stations allocate fast (56 → 38.5 KB per station at 10,000, same CPU).
    v8Flags: SIM_V8_FLAGS,
    logPath: `${context.runDir}/sim.log`,
  });
  try {
    await sim.event("ready", 60_000);
    await sleep(500);
    const idle = await procStats(sim.pid);
    const idleHeap = (await sim.request<Counters>("counters")).memory.heapUsed;
    const csmsIdle = await procStats(server.child.pid);
    const { connectedMs } = await sim.request<{ connectedMs: number }>("start", {}, 240_000);
    await sleep(context.isQuick ? 3_000 : 10_000); // drivers arrive, sessions start
    const shed = async () =>
      (await fetchMetrics(server).catch(() => null))?.counters["ocpp.shed"] ?? 0;
    const shed0 = await shed();
    const c0 = await sim.request<Counters>("counters");
    const p0 = await procStats(sim.pid);
    const windowMs = context.isQuick ? 4_000 : 20_000;
    await sleep(windowMs);
    const c1 = await sim.request<Counters>("counters");
    const p1 = await procStats(sim.pid);
    const csms = await procStats(server.child.pid);
    const csmsShed = (await shed()) - shed0;
    const messages = (c1.sent - c0.sent) + (c1.received - c0.received);
    const cpuMs = p1.cpuMs - p0.cpuMs;
    return {
      chargers: count,
      connected: c1.connected,
      charging: c1.charging,
      connectS: connectedMs / 1000,
      rssPerChargerKb: (p1.rssKb - idle.rssKb) / count,
      heapPerChargerKb: (c1.memory.heapUsed - idleHeap) / 1024 / count,
      msgsPerS: Math.round(messages / (windowMs / 1000)),
      cpuUsPerMsg: messages > 0 ? (cpuMs * 1000) / messages : 0,
      cpuPct: (cpuMs / windowMs) * 100,
      errors: c1.errors,
      errorsInWindow: c1.errors - c0.errors,
      errorsByKind: c1.errorsByKind,
      errorsByKindInWindow: Object.fromEntries(
        Object.entries(c1.errorsByKind)
          .map(([kind, count]) => [kind, count - (c0.errorsByKind[kind] ?? 0)])
          .filter(([, count]) => (count as number) > 0),
      ),
      csmsRssPerChargerKb: (csms.rssKb - csmsIdle.rssKb) / count,
      csmsShed,
    };
  } finally {
    await sim.request("stop", {}, 60_000).catch(() => {});
    await sim.stop("SIGTERM", 5_000);
    await stopServerProc(server);
  }
}
