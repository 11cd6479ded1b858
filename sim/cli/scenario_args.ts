/**
 * The flags of `deno task sim --scenario …`. Its own flags are taken out here; the rest (`--url`,
 * `--speed`, and the simulator's other flags) go on to the simulator's own parser.
 */
import {
  type CommandLine,
  type CommandSpec,
  type FlagSpec,
  issueSource,
  parseCommandLine,
} from "../../actors/runtime/cli_flags.ts";
import { z } from "zod";

/** What the scenario runner was asked to do. */
export const ScenarioArgs = z.strictObject({
  ids: z.array(z.number().int().min(1).max(5)).min(1),
  apiUrl: z.string().regex(/^https?:\/\/[^/\s]+/, "must be an http:// or https:// URL"),
  apiToken: z.string().min(1).optional(),
  isSelfHost: z.boolean(),
  csmsCommand: z.string().min(1).optional(),
  restartTimeoutS: z.coerce.number().positive().max(3_600),
  defaultSpeed: z.number().positive(),
  isHelp: z.boolean(),
});
export type ScenarioArgs = z.infer<typeof ScenarioArgs>;

/** Simulated time runs this much faster unless `--speed` says otherwise: all five in ~30 s. */
export const SCENARIO_SPEED = 20;

/** One line per flag of `deno task sim --scenario` (see {@link SCENARIO_COMMAND}). */
// deno-fmt-ignore
const SCENARIO_FLAGS: readonly FlagSpec[] = [
  { name: "scenario", placeholder: "N|all", description: "one of the seed's five interoperability scenarios, a list (1,3), or all" },
  { name: "api-url", placeholder: "URL", default: "http://localhost:8080", description: "the CSMS's REST API, for the checks of what it recorded" },
  { name: "api-token", placeholder: "TOKEN", isSecret: true, description: "bearer token for the CSMS's control endpoints (serve --api-token)" },
  { name: "self-host", key: "isSelfHost", type: "boolean", default: false, description: "start a CSMS in-process on free ports with a temporary database instead" },
  { name: "csms-command", placeholder: "CMD", description: "scenario 5: a shell command that restarts the external CSMS (without it, scenario 5 waits for you to)" },
  { name: "restart-timeout", key: "restartTimeoutS", placeholder: "S", default: "120", description: "scenario 5: how long to wait for the external restart, wall seconds" },
];

/** The scenario runner's own flags; the simulator's (`--url`, `--speed`, security) apply too. */
export const SCENARIO_COMMAND: CommandSpec = {
  usage: "deno task sim --scenario 1..5|all [flags] [simulator flags]",
  about:
    "Runs the seed's interoperability scenarios against a CSMS (a running deno task serve, or\n" +
    "one in-process with --self-host), prints every check, then PASS or FAIL per scenario.\n" +
    "Exit code 0: all passed; 1: some failed or the CSMS cannot be reached; 2: bad flags.",
  envPrefix: "TAMNA_SIM_",
  flags: SCENARIO_FLAGS,
  footer:
    `Simulator flags that apply: --url, --speed (default ${SCENARIO_SPEED} here), --password,\n` +
    "--password-file, --ca-file (see deno task sim --help).",
};

/** Splits off the runner's own flags (`--name value` or `--name=value`) and help from the rest. */
function split(args: string[]): { own: string[]; rest: string[] } {
  const own: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--") ? args[i].slice(2).split("=")[0] : "";
    const spec = SCENARIO_FLAGS.find((flag) => flag.name === name || `no-${flag.name}` === name);
    if (!spec && args[i] !== "--help" && args[i] !== "-h") {
      rest.push(args[i]);
      continue;
    }
    own.push(args[i]);
    if (spec?.type !== "boolean" && spec && !args[i].includes("=") && i + 1 < args.length) {
      own.push(args[++i]);
    }
  }
  return { own, rest };
}

function scenarioIds(text: string | undefined): number[] | string {
  if (!text) return "--scenario needs 1 to 5, a list such as 1,3, or all";
  if (text === "all") return [1, 2, 3, 4, 5];
  const ids = text.split(",").map((part) => Number(part.trim()));
  return ids.every((id) => Number.isInteger(id) && id >= 1 && id <= 5)
    ? ids
    : `Invalid --scenario ${text}: must be 1 to 5, a list such as 1,3, or all`;
}

/** Parses the runner's flags and `TAMNA_SIM_*` variables; `rest` is for the simulator's parser. */
export function parseScenarioArgs(
  args: string[],
  env: Record<string, string | undefined> = {},
): { ok: true; args: ScenarioArgs; rest: string[]; isSpeedGiven: boolean } | {
  ok: false;
  error: string;
} {
  const { own, rest } = split(args);
  let line: CommandLine;
  try {
    line = parseCommandLine(SCENARIO_COMMAND, own, env);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const isSpeedGiven = rest.some((arg) => arg === "--speed" || arg.startsWith("--speed=")) ||
    (env.TAMNA_SIM_SPEED ?? "") !== "";
  if (line.isHelp) {
    const help = { ...HELP_ARGS, isHelp: true };
    return { ok: true, args: help, rest, isSpeedGiven };
  }
  const { scenario, ...values } = line.values;
  const ids = scenarioIds(scenario as string | undefined);
  if (typeof ids === "string") return { ok: false, error: ids };
  const parsed = ScenarioArgs.safeParse({
    ...values,
    ids,
    defaultSpeed: SCENARIO_SPEED,
    isHelp: false,
  });
  if (!parsed.success) return { ok: false, error: issueSource(line, parsed.error.issues[0]) };
  if (parsed.data.isSelfHost && parsed.data.csmsCommand) {
    return {
      ok: false,
      error: "--csms-command restarts an external CSMS; --self-host runs its own",
    };
  }
  return { ok: true, args: parsed.data, rest, isSpeedGiven };
}

/** What `--help` parses to; nothing runs. */
const HELP_ARGS: ScenarioArgs = {
  ids: [1],
  apiUrl: "http://localhost:8080",
  isSelfHost: false,
  restartTimeoutS: 120,
  defaultSpeed: SCENARIO_SPEED,
  isHelp: true,
};
