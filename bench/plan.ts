/** The bench's flags and the scenario plans they choose: full, `--quick`, or `--chargers N`. */
import { parseArgs } from "node:util";
import type { ScenarioPlan } from "./scenarios.ts";
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
  /** Take a CPU profile of Tamna during each saturation run. */
  isProfiling: boolean;
  /** Built-in plugins switched off in Tamna (A/B runs), e.g. smart-charging. */
  pluginsOff: string[];
  isHelp: boolean;
}

export const BENCH_USAGE = `usage: deno task bench [--quick] [--chargers N] [--out DIR]
                       [--servers raw,tamna-pglite,tamna-postgres] [--no-sim] [--no-inserts] [--no-cluster]
                       [--profile] [--plugins-off smart-charging,pricing]`;

const KINDS: ServerKind[] = ["raw", "tamna-pglite", "tamna-postgres"];

/** Parses the flags; throws a TypeError naming the bad one. */
export function parseBenchArgs(args: string[]): BenchArgs {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: "boolean", default: false },
      chargers: { type: "string" },
      out: { type: "string" },
      servers: { type: "string" },
      "no-sim": { type: "boolean", default: false },
      "no-inserts": { type: "boolean", default: false },
      "no-cluster": { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      "plugins-off": { type: "string", default: "" },
      help: { type: "boolean", default: false },
    },
  });
  const chargers = values.chargers === undefined ? undefined : Number(values.chargers);
  if (
    chargers !== undefined && !(Number.isInteger(chargers) && chargers >= 1 && chargers <= 15_000)
  ) {
    throw new TypeError(
      `--chargers: expected a whole number from 1 to 15000, got ${values.chargers}`,
    );
  }
  // --quick leaves PostgreSQL's server runs out unless asked (its inserts still run).
  const servers = (values.servers ?? (values.quick ? "raw,tamna-pglite" : KINDS.join(",")))
    .split(",").map((s) => s.trim()) as ServerKind[];
  const unknown = servers.find((s) => !KINDS.includes(s));
  if (unknown) throw new TypeError(`--servers: unknown server ${unknown}; use ${KINDS.join(", ")}`);
  return {
    isQuick: values.quick,
    chargers,
    out: values.out,
    servers,
    isSimSkipped: values["no-sim"],
    isInsertsSkipped: values["no-inserts"],
    isClusterSkipped: values["no-cluster"],
    isProfiling: values.profile,
    pluginsOff: values["plugins-off"].split(",").map((s) => s.trim()).filter((s) => s !== ""),
    isHelp: values.help,
  };
}

/** The full plan: the N ladder of issue 9, overload and storm at the top. */
export function fullPlan(): ScenarioPlan {
  return {
    ramps: [100, 1_000, 5_000, 10_000],
    steadyMs: (n) => n === 1_000 || n === 10_000 ? 30_000 : 15_000,
    saturationAt: [1_000, 10_000],
    heartbeatSaturationAt: [1_000],
    saturationMs: 15_000,
    overloadAt: 10_000,
    overloadMs: 20_000,
    stormAt: 10_000,
    stormTimeoutMs: 90_000,
    stormSettleMs: 5_000,
    loadgens: (n) => n <= 100 ? 1 : 2,
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
    overloadMs: isQuick ? 3_000 : 20_000,
    stormAt: chargers,
    stormTimeoutMs: isQuick ? 30_000 : 90_000,
    stormSettleMs: isQuick ? 2_000 : 5_000,
    loadgens: (n) => n <= 100 ? 1 : 2,
  };
}

/** The plan the flags ask for, and the server kinds to run it on for PostgreSQL. */
export function planFor(args: BenchArgs): { plan: ScenarioPlan; postgresPlan: ScenarioPlan } {
  if (args.isQuick || args.chargers !== undefined) {
    const plan = singlePlan(args.chargers ?? 100, args.isQuick);
    return { plan, postgresPlan: plan };
  }
  const plan = fullPlan();
  // PostgreSQL is the optional engine: the 1,000-charger steady state and saturation.
  return {
    plan,
    postgresPlan: {
      ...plan,
      ramps: [1_000],
      saturationAt: [1_000],
      overloadAt: null,
      stormAt: null,
    },
  };
}
