/**
 * The flags of `deno task sim --scenario …`. Its own flags are taken out here; the rest (`--url`,
 * `--speed`, and the simulator's other flags) go on to the simulator's own parser.
 */
import { parseArgs } from "node:util";
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

/** The usage text of the scenario runner. */
export const SCENARIO_USAGE =
  `usage: deno task sim --scenario 1..5|all [--url ws://localhost:9000] [--api-url http://localhost:8080]
                     [--api-token T] [--speed ${SCENARIO_SPEED}] [--self-host]
                     [--csms-command "<restarts the CSMS>"] [--restart-timeout 120]
  --scenario N|all   one of the seed's five interoperability scenarios, a list (1,3), or all
  --url              the CSMS's OCPP endpoint (stations connect to <url>/<chargerId>)
  --api-url          the CSMS's REST API, for the checks of what it recorded
  --api-token T      bearer token for the CSMS's control endpoints (serve --api-token)
  --speed X          simulated time runs X times faster (default ${SCENARIO_SPEED}); timestamps stay wall-clock
  --self-host        start a CSMS in-process on free ports with a temporary database instead
  --csms-command C   scenario 5: a shell command that restarts the external CSMS (needs --allow-run);
                     without it, scenario 5 asks you to restart the CSMS and waits for it
  --restart-timeout S  scenario 5: how long to wait for the external restart, wall seconds
  --password P, --password-file F, --ca-file F  the stations' Basic auth and CA, as for the simulator`;

const OWN = {
  scenario: { type: "string" },
  "api-url": { type: "string", default: "http://localhost:8080" },
  "api-token": { type: "string" },
  "self-host": { type: "boolean", default: false },
  "csms-command": { type: "string" },
  "restart-timeout": { type: "string", default: "120" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** Splits off the runner's own flags (`--name value` or `--name=value`) from the rest. */
function split(args: string[]): { own: string[]; rest: string[] } {
  const own: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--")
      ? args[i].slice(2).split("=")[0]
      : args[i] === "-h"
      ? "help"
      : "";
    const spec = (OWN as Record<string, { type: string }>)[name];
    if (!spec) {
      rest.push(args[i]);
      continue;
    }
    own.push(args[i]);
    if (spec.type === "string" && !args[i].includes("=") && i + 1 < args.length) {
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

/** Parses the runner's flags; `rest` is for the simulator's parser. */
export function parseScenarioArgs(
  args: string[],
): { ok: true; args: ScenarioArgs; rest: string[]; isSpeedGiven: boolean } | {
  ok: false;
  error: string;
} {
  const { own, rest } = split(args);
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: own, strict: true, allowPositionals: false, options: OWN }).values;
  } catch (error) {
    return {
      ok: false,
      error: (error instanceof Error ? error.message : String(error)).split("\n")[0],
    };
  }
  const ids = scenarioIds(values.scenario as string | undefined);
  if (typeof ids === "string") return { ok: false, error: ids };
  const parsed = ScenarioArgs.safeParse({
    ids,
    apiUrl: values["api-url"],
    apiToken: values["api-token"],
    isSelfHost: values["self-host"],
    csmsCommand: values["csms-command"],
    restartTimeoutS: values["restart-timeout"],
    defaultSpeed: SCENARIO_SPEED,
    isHelp: values.help,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = FLAG_OF[String(issue.path[0])] ?? String(issue.path[0]);
    return { ok: false, error: `Invalid ${flag} ${values[flag.slice(2)]}: ${issue.message}` };
  }
  if (parsed.data.isSelfHost && parsed.data.csmsCommand) {
    return {
      ok: false,
      error: "--csms-command restarts an external CSMS; --self-host runs its own",
    };
  }
  const isSpeedGiven = rest.some((arg) => arg === "--speed" || arg.startsWith("--speed="));
  return { ok: true, args: parsed.data, rest, isSpeedGiven };
}

const FLAG_OF: Record<string, string> = {
  apiUrl: "--api-url",
  apiToken: "--api-token",
  csmsCommand: "--csms-command",
  restartTimeoutS: "--restart-timeout",
};
