/**
 * The CSMS scenarios of `deno task bench`, run the same way against every server kind: for
 * each N a fresh server process, a connection ramp of N light chargers spread over
 * load-generator processes, a steady phase (TransactionEvent every 5 s, Heartbeat every 30 s),
 * and at chosen N a saturation run, a 2× overload and a reconnect storm after a restart.
 */
import type { PhaseSpec } from "./load_fleet.ts";
import { type PhaseResult, runPhase } from "./measure.ts";
import { type Child, freePort, procStats, spawnChild, sumStats } from "./procs.ts";
import { type ServerKind, type ServerProc, startServerProc, stopServerProc } from "./servers.ts";
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
  saturationMs: number;
  /** N of the 2× overload (Tamna only: the raw server has no capacity to double here). */
  overloadAt: number | null;
  overloadMs: number;
  stormAt: number | null;
  stormTimeoutMs: number;
  stormSettleMs: number;
  loadgens(chargers: number): number;
  /** Profile Tamna's CPU during saturation runs. */
  isProfiling?: boolean;
  /** Built-in plugins switched off in Tamna. */
  pluginsOff?: string[];
}

/** One N against one server. */
export interface RampResult {
  chargers: number;
  serverStartMs: number;
  connect: ConnectResult;
  memory: { idleRssKb: number; connectedRssKb: number; perChargerKb: number };
  loadgenRssPerChargerKb: number;
  phases: PhaseResult[];
  storm?: StormResult;
  /** Where Tamna's CPU went during saturation (with --profile): by category and by function. */
  profile?: { categories: Record<string, number>; functions: HotFunction[] };
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
          url: server.ocppUrl,
          prefix: context.prefix,
          from: k * per,
          to: Math.min(chargers, (k + 1) * per),
          runStamp: context.runStamp,
          callTimeoutMs: 30_000,
          handshakeTimeoutMs: 15_000,
          maxLifetimeMs: 20 * 60_000,
        })], { permissions: ["--allow-net"], logPath: `${context.runDir}/loadgen.log` }),
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

async function extraPhases(
  kind: ServerKind,
  chargers: number,
  plan: ScenarioPlan,
  ctx: { server: ServerProc; loadgens: Child[]; log(line: string): void; runDir: string },
): Promise<{ phases: PhaseResult[]; profile?: RampResult["profile"] }> {
  const phases: PhaseResult[] = [];
  let profile: RampResult["profile"];
  if (plan.saturationAt.includes(chargers)) {
    ctx.log(`  saturation (closed loop) ${plan.saturationMs / 1000} s`);
    const port = ctx.server.place.inspectPort;
    const profiling = port
      ? profileProcess(port, Math.max(1_000, plan.saturationMs - 2_000))
      : undefined;
    phases.push(await runPhase("saturation", SATURATE, plan.saturationMs, ctx));
    if (profiling) {
      const cpuProfile = await profiling;
      await Deno.writeTextFile(
        `${ctx.runDir}/${kind}-${chargers}-saturation.cpuprofile`,
        JSON.stringify(cpuProfile),
      );
      profile = {
        categories: profileCategories(cpuProfile),
        functions: hotFunctions(cpuProfile),
      };
    }
  }
  if (plan.heartbeatSaturationAt.includes(chargers)) {
    ctx.log(`  saturation with Heartbeats only ${plan.saturationMs / 1000} s`);
    phases.push(
      await runPhase("saturation-heartbeats", SATURATE_HEARTBEATS, plan.saturationMs, ctx),
    );
  }
  const saturated = phases.find((p) => p.name === "saturation");
  if (plan.overloadAt === chargers && kind !== "raw" && saturated && saturated.msgsPerS > 0) {
    const spec: PhaseSpec = {
      ...STEADY,
      intervalMs: intervalFor(chargers, saturated.msgsPerS, 2),
    };
    ctx.log(`  2x overload: a TransactionEvent every ${spec.intervalMs} ms per charger`);
    phases.push(await runPhase("overload-2x", spec, plan.overloadMs, ctx));
  }
  return { phases, profile };
}

/** Runs every planned phase at `chargers` against a fresh server of `kind`. */
export async function runAtN(
  kind: ServerKind,
  chargers: number,
  plan: ScenarioPlan,
  context: RunContext,
): Promise<RampResult> {
  const place = {
    kind,
    port: freePort(),
    logPath: `${context.runDir}/${kind}.log`,
    dataDir: kind === "tamna-pglite" ? context.dataDir : undefined,
    databaseUrl: kind === "tamna-postgres" ? context.databaseUrl : undefined,
    inspectPort: plan.isProfiling && kind !== "raw" ? freePort() : undefined,
    pluginsOff: plan.pluginsOff,
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
    const loadgenIdleKb = (await sumStats(loadgens.map((l) => l.pid))).rssKb;
    context.log(`  ramp: ${chargers} chargers`);
    const connect = await connectAll(loadgens, chargers);
    await sleep(2_000); // let socket buffers and the first batches settle
    const connected = await procStats(server.child.pid);
    const loadgenKb = (await sumStats(loadgens.map((l) => l.pid))).rssKb;
    const ctx = { server, loadgens, log: context.log, runDir: context.runDir };
    context.log(`  steady ${plan.steadyMs(chargers) / 1000} s`);
    const phases = [await runPhase("steady", STEADY, plan.steadyMs(chargers), ctx)];
    const extra = await extraPhases(kind, chargers, plan, ctx);
    phases.push(...extra.phases);
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
      },
      loadgenRssPerChargerKb: (loadgenKb - loadgenIdleKb) / chargers,
      phases,
      storm,
      profile: extra.profile,
    };
  } finally {
    await Promise.all(loadgens.map((l) => l.request("close", {}, 30_000).catch(() => {})));
    await Promise.all(loadgens.map((l) => l.stop("SIGTERM", 5_000)));
    await stopServerProc(server);
  }
}

/** Runs the plan's N ladder against one server kind. */
export async function runServerKind(
  kind: ServerKind,
  plan: ScenarioPlan,
  context: RunContext,
): Promise<ServerRun> {
  const ramps: RampResult[] = [];
  for (const chargers of plan.ramps) {
    context.log(`${kind}: ${chargers} chargers`);
    ramps.push(await runAtN(kind, chargers, plan, context));
  }
  return { kind, ramps };
}
