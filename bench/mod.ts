/**
 * `deno task bench`: measures the raw runtime, Tamna on PGlite and on PostgreSQL, the real
 * simulator and the database engines on loopback, and writes a Markdown and a JSON report.
 * Every load targets 127.0.0.1, runs in child processes, is bounded and stops by itself.
 *
 *   deno task bench [--quick] [--chargers N] [--out DIR] [--servers raw,tamna-pglite,…]
 */
import { BENCH_COMMAND, type BenchArgs, parseBenchArgs, planFor } from "./plan.ts";
import { helpText } from "../actors/runtime/cli_flags.ts";
import { describeMachine, type Machine } from "./machine.ts";
import { createThrowawayDb } from "./postgres.ts";
import { runServerKind, type ServerRun } from "./scenarios.ts";
import { runSimBench, type SimResult } from "./sim_bench.ts";
import { type InsertResult, runInsertBench } from "./inserts.ts";
import { writeReports } from "./report.ts";
import { type ClusterPhase, measureCluster } from "./cluster.ts";
import { hasHaproxy } from "../tests/cluster_harness.ts";
import { fdLimitNotes } from "./procs.ts";

/** Everything one run measured: the JSON report. */
export interface BenchResult {
  machine: Machine;
  args: BenchArgs;
  runDir: string;
  durationS: number;
  servers: ServerRun[];
  sim: SimResult[];
  inserts: InsertResult[];
  /** One node against two behind HAProxy (bench/cluster.ts); full runs only. */
  cluster?: ClusterPhase[];
  /** Things that could not run, and why (e.g. no PostgreSQL server). */
  skipped: string[];
  /** Failures of whole scenarios; the CI test fails on any. */
  failures: string[];
  /** What the bench changed or could not change about the machine (e.g. the open-files limit). */
  notes?: string[];
}

const REPORTS_DIR = new URL("./reports", import.meta.url).pathname;

function log(line: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

async function guard<T>(what: string, failures: string[], fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    log(`FAILED ${what}: ${error instanceof Error ? error.stack : error}`);
    return null;
  }
}

/** One node, then two behind HAProxy, on a throwaway database; skipped without NATS or haproxy. */
async function runClusterPhase(chargers: number, result: BenchResult, hasPg: boolean) {
  if (!hasPg || !hasHaproxy()) {
    result.skipped.push("cluster phase: needs PostgreSQL and haproxy (apt-get install haproxy)");
    return;
  }
  result.cluster = [];
  for (const nodes of [1, 2]) {
    log(`cluster: ${nodes} node(s) behind HAProxy, ${chargers} chargers`);
    const phase = await guard(
      `cluster ${nodes} node(s)`,
      result.failures,
      () => measureCluster({ nodes, chargers, durationS: 20, speed: 60 }),
    );
    if (phase) result.cluster.push(phase);
  }
}

/** Runs the bench and returns where the reports were written. */
export async function runBench(args: BenchArgs): Promise<{ result: BenchResult; files: string[] }> {
  const startedMs = performance.now();
  const machine = await describeMachine();
  const runStamp = Date.now().toString(36);
  const runDir = await Deno.makeTempDir({ prefix: "tamna_bench_" });
  log(`run ${runStamp}: logs and data in ${runDir}`);
  const planned = planFor(args);
  const tweaks = { isProfiling: args.isProfiling, pluginsOff: args.pluginsOff };
  const plan = { ...planned.plan, ...tweaks };
  const postgresPlan = { ...planned.postgresPlan, ...tweaks };
  const result: BenchResult = {
    machine,
    args,
    runDir,
    durationS: 0,
    servers: [],
    sim: [],
    inserts: [],
    skipped: [],
    failures: [],
  };
  const context = { runDir, runStamp, dataDir: `${runDir}/tamna_data`, log };
  const isPgWanted = args.servers.includes("tamna-postgres") ||
    (!args.isInsertsSkipped && !args.isRealisticOnly);
  const pg = isPgWanted
    ? await createThrowawayDb().catch((error) => {
      result.skipped.push(`PostgreSQL: ${error.message}`);
      return null;
    })
    : null;
  if (isPgWanted && !pg) {
    result.skipped.push("PostgreSQL runs: no server answered at 127.0.0.1:5432");
  }
  try {
    for (const kind of args.servers) {
      if (kind === "tamna-postgres" && !pg) continue;
      const run = await guard(
        kind,
        result.failures,
        () =>
          runServerKind(kind, kind === "tamna-postgres" ? postgresPlan : plan, {
            ...context,
            databaseUrl: pg?.url,
          }),
      );
      if (run) result.servers.push(run);
    }
    if (!args.isSimSkipped && !args.isRealisticOnly) {
      const counts = args.isQuick ? [100] : args.chargers ? [args.chargers] : [1_000, 10_000];
      for (const count of counts) {
        const sim = await guard(
          `simulator ${count}`,
          result.failures,
          () => runSimBench(count, { ...context, isQuick: args.isQuick }),
        );
        if (sim) result.sim.push(sim);
      }
    }
    if (!args.isQuick && !args.isClusterSkipped && !args.isRealisticOnly) {
      await runClusterPhase(args.chargers ?? 1_000, result, Boolean(pg));
    }
    if (!args.isInsertsSkipped && !args.isRealisticOnly) {
      const rows = args.isQuick ? 2_000 : 50_000;
      const engines = pg ? ["pglite", "postgres"] as const : ["pglite"] as const;
      for (const engine of engines) {
        const inserts = await guard(
          `inserts ${engine}`,
          result.failures,
          () => runInsertBench(engine, { rows, runDir, databaseUrl: pg?.url, log }),
        );
        if (inserts) result.inserts.push(inserts);
      }
    }
  } finally {
    await pg?.drop().catch((error) => log(`could not drop the bench database: ${error}`));
    // The databases are hundreds of MB; logs and CPU profiles stay for inspection.
    for (const dir of ["tamna_data", "inserts_pglite"]) {
      await Deno.remove(`${runDir}/${dir}`, { recursive: true }).catch(() => {});
    }
  }
  result.notes = [...fdLimitNotes];
  result.durationS = Math.round((performance.now() - startedMs) / 1000);
  const out = args.out ?? (args.isQuick || args.chargers ? runDir : REPORTS_DIR);
  const files = await writeReports(result, out);
  log(`done in ${result.durationS} s: ${files.join(", ")}`);
  return { result, files };
}

if (import.meta.main) {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(Deno.args, Deno.env.toObject());
  } catch (error) {
    console.error(`bench: ${(error as Error).message} (see --help)`);
    Deno.exit(2);
  }
  if (args.isHelp) {
    console.log(helpText(BENCH_COMMAND));
    Deno.exit(0);
  }
  const { result } = await runBench(args);
  Deno.exit(result.failures.length > 0 ? 1 : 0);
}
