/** The bench's flags and the scenario plans they choose: full, `--quick`, or `--chargers N`. */
import { type CommandSpec, type FlagSpec, parseCommandLine } from "../actors/runtime/cli_flags.ts";
import { ConfigError } from "../actors/runtime/config_error.ts";
import { CHARGERS_PER_LOADGEN, type ScenarioPlan } from "./scenarios.ts";
import type { ServerKind } from "./servers.ts";

/** Parsed flags of `deno task bench`. */
export interface BenchArgs {
  isQuick: boolean;
  /** Run every scenario at this N only (instead of 100, 1,000, 5,000, 10,000). */
  chargers?: number;
  /** Where reports go; default `bench/reports` (full runs) or a temp dir (quick runs). */
  out?: string;
  servers: ServerKind[];
  isSimSkipped: boolean;
  isInsertsSkipped: boolean;
  /** Skip the cluster phase (one node against two behind HAProxy; full runs only). */
  isClusterSkipped: boolean;
  /** Take a CPU profile of Tamna during each steady, realistic and saturation run. */
  isProfiling: boolean;
  /** Only the realistic shape (issue 18) at `chargers` (default 10,000), nothing heavy. */
  isRealisticOnly: boolean;
  /** Built-in plugins switched off in Tamna (A/B runs), e.g. smart-charging. */
  pluginsOff: string[];
  /** Only these phases of `--chargers N` (A/B runs); every phase when undefined. */
  phases?: PhaseName[];
  isHelp: boolean;
}

/** The phases `--phases` can pick. */
export const PHASE_NAMES = [
  "steady",
  "realistic",
  "saturation",
  "saturation-heartbeats",
  "overload-2x",
  "overload-2x-heartbeats",
  "storm",
] as const;
/** One phase of a run at N chargers. */
export type PhaseName = typeof PHASE_NAMES[number];

const KINDS: ServerKind[] = ["raw", "tamna-pglite", "tamna-postgres"];

/** One line per flag of `deno task bench` (see {@link BENCH_COMMAND}). */
// deno-fmt-ignore
const BENCH_FLAGS: readonly FlagSpec[] = [
  { name: "quick", type: "boolean", default: false, description: "a short run at small N (PostgreSQL server runs left out unless --servers asks)" },
  { name: "chargers", placeholder: "N", description: "run every scenario at this N only, 1 to 100000; above 15000 only the realistic shape (default: 100, 1000, 5000, 10000, 50000)" },
  { name: "out", placeholder: "DIR", description: "where reports go (default: bench/reports, or a temp dir for --quick and --chargers)" },
  { name: "servers", type: "list", placeholder: "KINDS", description: `servers to measure, of ${KINDS.join(", ")} (default: all; --quick: raw,tamna-pglite)` },
  { name: "sim", type: "boolean", default: true, description: "the simulator bench (--no-sim leaves it out)" },
  { name: "inserts", type: "boolean", default: true, description: "the database insert bench (--no-inserts leaves it out)" },
  { name: "cluster", type: "boolean", default: true, description: "the cluster phase of full runs: one node against two behind HAProxy (--no-cluster leaves it out)" },
  { name: "profile", type: "boolean", default: false, description: "take a CPU profile of Tamna during each steady, realistic and saturation phase" },
  { name: "realistic", type: "boolean", default: false, description: "only the realistic shape (60 s TransactionEvents while charging, 300 s Heartbeats) at --chargers N (default 10000)" },
  { name: "plugins-off", type: "list", placeholder: "NAMES", description: "built-in plugins switched off in Tamna (A/B runs), e.g. smart-charging,pricing" },
  { name: "phases", type: "list", placeholder: "NAMES", description: `only these phases at --chargers N (A/B runs), of ${PHASE_NAMES.join(", ")}` },
];

/** The bench's command line: the table that parses it and writes `deno task bench --help`. */
export const BENCH_COMMAND: CommandSpec = {
  usage: "deno task bench [flags]",
  about: "Measures Tamna against a bare Deno WebSocket server on loopback and writes a Markdown\n" +
    "and a JSON report (docs/performance.md). Exit code 1 when a scenario failed, 2 bad flags.",
  envPrefix: "TAMNA_BENCH_",
  flags: BENCH_FLAGS,
};

/** Parses the flags and `TAMNA_BENCH_*` variables; throws a ConfigError naming the bad one. */
export function parseBenchArgs(
  args: string[],
  env: Record<string, string | undefined> = {},
): BenchArgs {
  const line = parseCommandLine(BENCH_COMMAND, args, env);
  const values = line.values as Record<string, string | boolean | string[] | undefined>;
  const chargers = values.chargers === undefined ? undefined : Number(values.chargers);
  if (
    chargers !== undefined && !(Number.isInteger(chargers) && chargers >= 1 && chargers <= 100_000)
  ) {
    throw new ConfigError(
      `Invalid ${line.describe("chargers")}: expected a whole number from 1 to 100000`,
    );
  }
  const isQuick = values.quick === true;
  // --quick leaves PostgreSQL's server runs out unless asked (its inserts still run).
  const servers = (values.servers as string[] | undefined)
    ?.flatMap((s) => s.split(",")).map((s) => s.trim()) as ServerKind[] | undefined ??
    (isQuick ? ["raw", "tamna-pglite"] : KINDS);
  const unknown = servers.find((s) => !KINDS.includes(s));
  if (unknown) {
    throw new ConfigError(
      `Invalid ${line.describe("servers")}: unknown server ${unknown}; use ${KINDS.join(", ")}`,
    );
  }
  const phases = (values.phases as string[] | undefined)
    ?.flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s !== "");
  const badPhase = phases?.find((p) => !(PHASE_NAMES as readonly string[]).includes(p));
  if (badPhase !== undefined) {
    throw new ConfigError(
      `Invalid ${line.describe("phases")}: unknown phase ${badPhase}; use ${
        PHASE_NAMES.join(", ")
      }`,
    );
  }
  if (phases && chargers === undefined && !isQuick) {
    throw new ConfigError(`${line.describe("phases")} needs --chargers N (or --quick)`);
  }
  return {
    isQuick,
    chargers,
    phases: phases as PhaseName[] | undefined,
    out: values.out as string | undefined,
    servers,
    isSimSkipped: values.sim === false,
    isInsertsSkipped: values.inserts === false,
    isClusterSkipped: values.cluster === false,
    isProfiling: values.profile === true,
    isRealisticOnly: values.realistic === true,
    pluginsOff: ((values.pluginsOff as string[] | undefined) ?? [])
      .flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s !== ""),
    isHelp: line.isHelp,
  };
}

/** Above this N a run has the realistic shape only (the heavy one would overload any server). */
export const HEAVY_UP_TO = 15_000;

/** Load generators for N chargers: one for a handful, else two, more above 25,000 chargers. */
export function loadgensFor(chargers: number): number {
  return chargers <= 100 ? 1 : Math.max(2, Math.ceil(chargers / CHARGERS_PER_LOADGEN));
}

/**
 * The full plan: the N ladder of issue 9, overload and storm at the top, the realistic shape at
 * 10,000 and 50,000 (issue 18).
 */
export function fullPlan(): ScenarioPlan {
  return {
    ramps: [100, 1_000, 5_000, 10_000, 50_000],
    steadyMs: (n) => n === 1_000 || n === 10_000 ? 30_000 : 15_000,
    saturationAt: [1_000, 10_000],
    heartbeatSaturationAt: [1_000, 10_000],
    heartbeatOverloadAt: 10_000,
    realisticAt: [10_000, 50_000],
    heavyUpTo: HEAVY_UP_TO,
    realisticMs: 120_000,
    saturationMs: 15_000,
    overloadAt: 10_000,
    overloadMs: 20_000,
    stormAt: 10_000,
    stormTimeoutMs: 90_000,
    stormSettleMs: 5_000,
    loadgens: loadgensFor,
  };
}

/** Everything at one N, in seconds: for CI (`--quick`, N = 100) and `--chargers N`. */
export function singlePlan(chargers: number, isQuick: boolean): ScenarioPlan {
  return {
    ramps: [chargers],
    steadyMs: () => isQuick ? 4_000 : 30_000,
    saturationAt: [chargers],
    heartbeatSaturationAt: [chargers],
    saturationMs: isQuick ? 3_000 : 15_000,
    overloadAt: chargers,
    heartbeatOverloadAt: chargers,
    realisticAt: isQuick || chargers < 10_000 ? [] : [chargers],
    heavyUpTo: HEAVY_UP_TO,
    realisticMs: 120_000,
    overloadMs: isQuick ? 3_000 : 20_000,
    stormAt: chargers,
    stormTimeoutMs: isQuick ? 30_000 : 90_000,
    stormSettleMs: isQuick ? 2_000 : 5_000,
    loadgens: loadgensFor,
  };
}

/** The plan the flags ask for, and the server kinds to run it on for PostgreSQL. */
export function planFor(args: BenchArgs): { plan: ScenarioPlan; postgresPlan: ScenarioPlan } {
  if (args.isRealisticOnly) {
    const chargers = args.chargers ?? 10_000;
    const plan: ScenarioPlan = {
      ...singlePlan(chargers, false),
      realisticAt: [chargers],
      heavyUpTo: 0,
      realisticMs: 60_000,
      overloadAt: null,
      stormAt: null,
    };
    return { plan, postgresPlan: plan };
  }
  if (args.isQuick || args.chargers !== undefined) {
    const plan = onlyPhases(singlePlan(args.chargers ?? 100, args.isQuick), args.phases);
    return { plan, postgresPlan: plan };
  }
  const plan = fullPlan();
  // PostgreSQL: steady and saturation at 1,000, steady and realistic at 10,000, and 50,000.
  return {
    plan,
    postgresPlan: {
      ...plan,
      ramps: [1_000, 10_000, 50_000],
      saturationAt: [1_000],
      heartbeatSaturationAt: [1_000],
      heartbeatOverloadAt: null,
      overloadAt: null,
      stormAt: null,
    },
  };
}

/** `plan` narrowed to `phases` (all of them when undefined). */
function onlyPhases(plan: ScenarioPlan, phases: PhaseName[] | undefined): ScenarioPlan {
  if (!phases) return plan;
  const at = (name: PhaseName, list: number[]) => phases.includes(name) ? list : [];
  const one = (name: PhaseName, n: number | null | undefined) => phases.includes(name) ? n : null;
  const n = plan.ramps[0];
  return {
    ...plan,
    isSteadySkipped: !phases.includes("steady"),
    realisticAt: at("realistic", [n]),
    // the overloads are twice what saturation measured, so they run it too
    saturationAt: phases.includes("overload-2x") ? [n] : at("saturation", plan.saturationAt),
    heartbeatSaturationAt: phases.includes("overload-2x-heartbeats")
      ? [n]
      : at("saturation-heartbeats", plan.heartbeatSaturationAt),
    overloadAt: one("overload-2x", plan.overloadAt) ?? null,
    heartbeatOverloadAt: one("overload-2x-heartbeats", plan.heartbeatOverloadAt),
    stormAt: one("storm", plan.stormAt) ?? null,
  };
}
