/**
 * The CSMS scenarios of `deno task bench`, run the same way against every server kind: for
 * each N a fresh server process, a connection ramp of N light chargers spread over
 * load-generator processes, a steady phase (TransactionEvent every 5 s, Heartbeat every 30 s),
 * and at chosen N a saturation run, a 2× overload and a reconnect storm after a restart.
 */
import type { PhaseSpec } from "./load_fleet.ts";
import { type PhaseResult, runPhase } from "./measure.ts";
import {
  type Child,
  freePorts,
  procStats,
  reachableOpenFiles,
  spawnChild,
  sumStats,
} from "./procs.ts";
import {
  fetchMetrics,
  type ServerKind,
  type ServerProc,
  startServerProc,
  stopServerProc,
} from "./servers.ts";
import { runStorm, type StormResult } from "./storm.ts";
import { connectAll, type ConnectResult } from "./connect.ts";
import {
  type HotFunction,
  hotFunctions,
  profileCategories,
  profileProcess,
} from "./cpu_profile.ts";

/** What to run at which N. */
export interface ScenarioPlan {
  ramps: number[];
  steadyMs(chargers: number): number;
  saturationAt: number[];
  /** N of a second saturation run with Heartbeats only: no durable write per message. */
  heartbeatSaturationAt: number[];
  /** N of a Heartbeats-only run at twice that saturation rate (Tamna only). */
  heartbeatOverloadAt?: number | null;
  /** N of the realistic shape (TransactionEvent every 60 s while charging, Heartbeat 300 s). */
  realisticAt?: number[];
  /** Above this N only the realistic shape runs (the heavy one would be a 10× overload). */
  heavyUpTo?: number;
  /** Measured length of the realistic phase, after one unmeasured period of warm-up. */
  realisticMs?: number;
  saturationMs: number;
  /** N of the 2× overload (Tamna only: the raw server has no capacity to double here). */
  overloadAt: number | null;
  overloadMs: number;
  stormAt: number | null;
  stormTimeoutMs: number;
  stormSettleMs: number;
  loadgens(chargers: number): number;
  /** No steady phase (`--phases` without it). */
  isSteadySkipped?: boolean;
  /** Profile Tamna's CPU during saturation runs. */
  isProfiling?: boolean;
  /** Built-in plugins switched off in Tamna. */
  pluginsOff?: string[];
}

/** One N against one server. */
export interface RampResult {
  chargers: number;
  /** The N the plan asked for, when the open-files limit allowed fewer (see procs.ts). */
  asked?: number;
  serverStartMs: number;
  connect: ConnectResult;
  memory: {
    idleRssKb: number;
    connectedRssKb: number;
    perChargerKb: number;
    /** JS heap in use per charger (Tamna's /metrics; absent on the raw server). */
    heapPerChargerKb?: number;
  };
  loadgenRssPerChargerKb: number;
  phases: PhaseResult[];
  storm?: StormResult;
  /** Where Tamna's CPU went per phase (with --profile): by category and by function. */
  profiles?: Record<string, PhaseProfile>;
}

/** Where a server's CPU went during one phase (V8 profile, self time). */
export interface PhaseProfile {
  categories: Record<string, number>;
  functions: HotFunction[];
}

/** Everything measured against one server kind. */
export interface ServerRun {
  kind: ServerKind;
  ramps: RampResult[];
}

/** Where things go during a run. */
export interface RunContext {
  runDir: string;
  runStamp: string;
  /** tamna-pglite's data directory, shared by its runs. */
  dataDir: string;
  databaseUrl?: string;
  log(line: string): void;
}

export const STEADY: PhaseSpec = { mode: "periodic", intervalMs: 5_000, hbEvery: 6 };
export const SATURATE: PhaseSpec = { mode: "closed", intervalMs: 0, hbEvery: 6 };
export const SATURATE_HEARTBEATS: PhaseSpec = { mode: "closed", intervalMs: 0, hbEvery: 1 };
/**
 * The realistic shape: each charger's period is 60 s; while charging it sends a
 * TransactionEvent Updated each period, sessions last 30 periods on average (and idle chargers
 * start one as often), about half charge, and every charger sends a Heartbeat every 300 s.
 */
export const REALISTIC: PhaseSpec = {
  mode: "periodic",
  intervalMs: 60_000,
  hbEvery: 5,
  sessions: { meanPeriods: 30 },
};
/** Connections one load-generator process holds at most. */
export const CHARGERS_PER_LOADGEN = 12_500;
/** Connections per server port: the loopback's ephemeral ports (32768–60999) bound one source. */
export const CHARGERS_PER_PORT = 25_000;

const BENCH_DIR = new URL(".", import.meta.url).pathname;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startLoadgens(
  server: ServerProc,
  chargers: number,
  count: number,
  context: RunContext & { prefix: string },
): Promise<Child[]> {
  const per = Math.ceil(chargers / count);
  const loadgens = await Promise.all(
    Array.from(
      { length: count },
      (_, k) =>
        spawnChild(`loadgen-${k}`, `${BENCH_DIR}loadgen.ts`, [JSON.stringify({
          url: server.ocppUrls[Math.floor((k * per) / CHARGERS_PER_PORT) % server.ocppUrls.length],
          prefix: context.prefix,
          from: k * per,
          to: Math.min(chargers, (k + 1) * per),
          runStamp: context.runStamp,
          callTimeoutMs: 30_000,
          handshakeTimeoutMs: 15_000,
          maxLifetimeMs: 20 * 60_000,
        })], {
          permissions: ["--allow-net"],
          logPath: `${context.runDir}/loadgen.log`,
          maxOpenFiles: per + 1_000,
        }),
    ),
  );
  await Promise.all(loadgens.map((l) => l.event("ready", 60_000)));
  return loadgens;
}

/** The interval that offers `factor` times `capacityPerS` calls per second from `chargers`. */
export function intervalFor(chargers: number, capacityPerS: number, factor: number): number {
  const perPeriod = 1 + 1 / STEADY.hbEvery;
  return Math.max(20, Math.round((chargers * perPeriod * 1000) / (factor * capacityPerS)));
}

/** The phase context, and where profiles of its phases go (with --profile). */
interface PhaseCtx {
  server: ServerProc;
  loadgens: Child[];
  log(line: string): void;
  runDir: string;
  kind: ServerKind;
  profiles: Record<string, PhaseProfile>;
}

/** Runs a phase; with the inspector on, takes a CPU profile of the server during it. */
async function profiledPhase(
  name: string,
  spec: PhaseSpec,
  durationMs: number,
  ctx: PhaseCtx,
): Promise<PhaseResult> {
  const port = ctx.server.place.inspectPort;
  const profiling = port ? profileProcess(port, Math.max(1_000, durationMs - 2_000)) : undefined;
  const result = await runPhase(name, spec, durationMs, ctx);
  if (profiling) {
    const cpuProfile = await profiling;
    const chargers = result.chargers;
    await Deno.writeTextFile(
      `${ctx.runDir}/${ctx.kind}-${chargers}-${name}.cpuprofile`,
      JSON.stringify(cpuProfile),
    );
    ctx.profiles[name] = {
      categories: profileCategories(cpuProfile),
      functions: hotFunctions(cpuProfile),
    };
  }
  return result;
}

async function extraPhases(
  chargers: number,
  plan: ScenarioPlan,
  ctx: PhaseCtx,
): Promise<PhaseResult[]> {
  const phases: PhaseResult[] = [];
  if (plan.saturationAt.includes(chargers)) {
    ctx.log(`  saturation (closed loop) ${plan.saturationMs / 1000} s`);
    phases.push(await profiledPhase("saturation", SATURATE, plan.saturationMs, ctx));
  }
  if (plan.heartbeatSaturationAt.includes(chargers)) {
    ctx.log(`  saturation with Heartbeats only ${plan.saturationMs / 1000} s`);
    phases.push(
      await runPhase("saturation-heartbeats", SATURATE_HEARTBEATS, plan.saturationMs, ctx),
    );
  }
  const saturated = phases.find((p) => p.name === "saturation");
  if (plan.overloadAt === chargers && ctx.kind !== "raw" && saturated && saturated.msgsPerS > 0) {
    const spec: PhaseSpec = {
      ...STEADY,
      intervalMs: intervalFor(chargers, saturated.msgsPerS, 2),
    };
    ctx.log(`  2x overload: a TransactionEvent every ${spec.intervalMs} ms per charger`);
    phases.push(await runPhase("overload-2x", spec, plan.overloadMs, ctx));
  }
  const hbSaturated = phases.find((p) => p.name === "saturation-heartbeats");
  if (
    plan.heartbeatOverloadAt === chargers && ctx.kind !== "raw" && hbSaturated &&
    hbSaturated.msgsPerS > 0
  ) {
    // Twice what the server answered back to back, shed calls included: under the gate a
    // saturated server admits little, and twice that would be no overload at all.
    const answeredPerS = (hbSaturated.completed + hbSaturated.shed) / hbSaturated.durationS;
    const spec = heartbeatOverload(chargers, answeredPerS);
    ctx.log(`  2x overload, Heartbeats only: one every ${spec.intervalMs} ms per charger`);
    phases.push(await runPhase("overload-2x-heartbeats", spec, plan.overloadMs, ctx));
  }
  return phases;
}

/** Heartbeats only at twice the rate the server managed back to back. */
export function heartbeatOverload(chargers: number, capacityPerS: number): PhaseSpec {
  return {
    mode: "periodic",
    intervalMs: Math.max(20, Math.round((chargers * 1000) / (2 * capacityPerS))),
    hbEvery: 1,
    isHeartbeatOnly: true,
  };
}

/** Runs every planned phase at `chargers` against a fresh server of `kind`. */
export async function runAtN(
  kind: ServerKind,
  chargers: number,
  plan: ScenarioPlan,
  context: RunContext,
): Promise<RampResult> {
  const [port, inspectPort] = freePorts(2);
  const place = {
    kind,
    port,
    logPath: `${context.runDir}/${kind}.log`,
    dataDir: kind === "tamna-pglite" ? context.dataDir : undefined,
    databaseUrl: kind === "tamna-postgres" ? context.databaseUrl : undefined,
    inspectPort: plan.isProfiling && kind !== "raw" ? inspectPort : undefined,
    pluginsOff: plan.pluginsOff,
    ocppPorts: Math.ceil(chargers / CHARGERS_PER_PORT),
    maxOpenFiles: chargers + 10_000,
  };
  let server = await startServerProc(place);
  const prefix = `b${kind[0]}${kind.endsWith("postgres") ? "p" : ""}${chargers}_`;
  const loadgens = await startLoadgens(server, chargers, plan.loadgens(chargers), {
    ...context,
    prefix,
  });
  try {
    await sleep(500);
    const idle = await procStats(server.child.pid);
    const idleHeap = await heapUsed(server);
    const loadgenIdleKb = (await sumStats(loadgens.map((l) => l.pid))).rssKb;
    context.log(`  ramp: ${chargers} chargers`);
    const connect = await connectAll(loadgens, chargers);
    await sleep(2_000); // let socket buffers and the first batches settle
    const connected = await procStats(server.child.pid);
    const connectedHeap = await heapUsed(server);
    const loadgenKb = (await sumStats(loadgens.map((l) => l.pid))).rssKb;
    const profiles: Record<string, PhaseProfile> = {};
    const ctx = { server, loadgens, log: context.log, runDir: context.runDir, kind, profiles };
    const phases: PhaseResult[] = [];
    if (chargers <= (plan.heavyUpTo ?? Infinity) && !plan.isSteadySkipped) {
      context.log(`  steady ${plan.steadyMs(chargers) / 1000} s`);
      phases.push(await profiledPhase("steady", STEADY, plan.steadyMs(chargers), ctx));
    }
    if (plan.realisticAt?.includes(chargers)) {
      context.log(`  realistic shape: one period of warm-up, then ${plan.realisticMs! / 1000} s`);
      await runPhase("realistic-warmup", REALISTIC, REALISTIC.intervalMs, ctx);
      phases.push(await profiledPhase("realistic", REALISTIC, plan.realisticMs!, ctx));
    }
    if (chargers <= (plan.heavyUpTo ?? Infinity)) {
      phases.push(...await extraPhases(chargers, plan, ctx));
    }
    let storm: StormResult | undefined;
    if (plan.stormAt === chargers) {
      context.log(`  reconnect storm after a restart`);
      ({ storm, server } = await runStorm(server, loadgens, STEADY, plan, context.log));
    }
    return {
      chargers,
      serverStartMs: server.startMs,
      connect,
      memory: {
        idleRssKb: idle.rssKb,
        connectedRssKb: connected.rssKb,
        perChargerKb: (connected.rssKb - idle.rssKb) / chargers,
        heapPerChargerKb: idleHeap !== undefined && connectedHeap !== undefined
          ? (connectedHeap - idleHeap) / 1024 / chargers
          : undefined,
      },
      loadgenRssPerChargerKb: (loadgenKb - loadgenIdleKb) / chargers,
      phases,
      storm,
      profiles: Object.keys(profiles).length > 0 ? profiles : undefined,
    };
  } finally {
    await Promise.all(loadgens.map((l) => l.request("close", {}, 30_000).catch(() => {})));
    await Promise.all(loadgens.map((l) => l.stop("SIGTERM", 5_000)));
    await stopServerProc(server);
  }
}

/** The server's JS heap in use (bytes), where /metrics reports it. */
async function heapUsed(server: ServerProc): Promise<number | undefined> {
  return (await fetchMetrics(server).catch(() => null))?.memory?.heapUsed;
}

/** Sockets, the database's files and the runtime's own: what a server needs beyond its chargers. */
const FD_RESERVE = 1_000;

/** The most chargers the server may hold under the open-files limit the bench can get. */
async function chargersWithinFdLimit(asked: number): Promise<number> {
  const files = await reachableOpenFiles(asked + FD_RESERVE);
  if (files >= asked + FD_RESERVE) return asked;
  return Math.floor((files - FD_RESERVE) / 1_000) * 1_000;
}

/** The plan's per-N settings for `asked`, moved to the N actually held. */
function planAt(plan: ScenarioPlan, asked: number, chargers: number): Partial<ScenarioPlan> {
  if (asked === chargers) return {};
  const move = (list: number[] | undefined) => list?.map((n) => n === asked ? chargers : n);
  return {
    realisticAt: move(plan.realisticAt),
    saturationAt: move(plan.saturationAt) ?? [],
    heartbeatSaturationAt: move(plan.heartbeatSaturationAt) ?? [],
    steadyMs: (n) => plan.steadyMs(n === chargers ? asked : n),
    // a capped run is still the big one: realistic shape only
    heavyUpTo: Math.min(
      plan.heavyUpTo ?? Infinity,
      asked > (plan.heavyUpTo ?? Infinity) ? chargers - 1 : Infinity,
    ),
  };
}

/** Runs the plan's N ladder against one server kind. */
export async function runServerKind(
  kind: ServerKind,
  plan: ScenarioPlan,
  context: RunContext,
): Promise<ServerRun> {
  const ramps: RampResult[] = [];
  for (const asked of plan.ramps) {
    const chargers = await chargersWithinFdLimit(asked);
    context.log(`${kind}: ${chargers} chargers${chargers < asked ? ` (${asked} asked)` : ""}`);
    const ramp = await runAtN(
      kind,
      chargers,
      { ...plan, ...planAt(plan, asked, chargers) },
      context,
    );
    ramps.push(chargers < asked ? { ...ramp, asked } : ramp);
  }
  return { kind, ramps };
}
