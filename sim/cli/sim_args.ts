/** The simulator's command line flags: one table parses them and their variables, zod checks them (DESIGN.md, "Command line"). */
import {
  type CommandLine,
  type CommandSpec,
  type FlagSpec,
  issueSource,
  keyOf,
  parseCommandLine,
} from "../../actors/runtime/cli_flags.ts";
import { z } from "zod";
import { Password } from "../transport/station_security.ts";

/** What `deno task sim` was asked to do. */
export const SimArgs = z.strictObject({
  chargers: z.coerce.number().int().min(1).max(100_000),
  url: z.string().regex(/^wss?:\/\/[^/\s]+/, "must be a ws:// or wss:// URL")
    .refine((u) => !/^wss?:\/\/[^/]*@/.test(u), "must not hold credentials (use --password)")
    .transform((u) => u.replace(/\/+$/, "")),
  fleet: z.string().min(1),
  isAuto: z.boolean(),
  /** With `--no-auto`: simulated seconds from a session's end to the EV leaving. */
  leaveAfterS: z.coerce.number().min(0).max(86_400),
  speed: z.coerce.number().positive().max(10_000),
  durationS: z.coerce.number().positive().optional(),
  seed: z.coerce.number().int().min(0).max(4_294_967_295),
  stateDir: z.string().transform((dir) => (dir === "none" || dir === "" ? null : dir)),
  /** Basic auth for every station (profile 1, or 2 over wss://). */
  password: Password.optional(),
  /** A JSON file `{ "<chargerId>": "<password>" }` instead of `password`. */
  passwordFile: z.string().min(1).optional(),
  /** A PEM file of CA certificates to check a wss:// CSMS against. */
  caFile: z.string().min(1).optional(),
  /** The share of firmware installs that fail (L01 InstallationFailed), 0–1. */
  firmwareFailureRate: z.coerce.number().min(0).max(1),
  /** Stations whose every firmware install fails. */
  failingFirmware: z.string().default("").transform((list) =>
    list.split(",").map((id) => id.trim()).filter((id) => id !== "")
  ),
  isHelp: z.boolean(),
}).refine((a) => a.password === undefined || a.passwordFile === undefined, {
  path: ["passwordFile"],
  message: "give --password or --password-file, not both",
}).refine((a) => a.caFile === undefined || a.url.startsWith("wss:"), {
  path: ["caFile"],
  message: "a CA file checks a wss:// CSMS, and --url is not wss://",
});
export type SimArgs = z.infer<typeof SimArgs>;

/** One line per flag of `deno task sim` (see {@link SIM_COMMAND}). */
// deno-fmt-ignore
const SIM_FLAGS: readonly FlagSpec[] = [
  { name: "chargers", short: "n", placeholder: "N", default: "34", description: "stations to run: the first N of the fleet, more generated beyond its size" },
  { name: "url", placeholder: "URL", default: "ws://localhost:9000", description: "the CSMS's OCPP endpoint (stations connect to <url>/<chargerId>)" },
  { name: "fleet", placeholder: "emart-jeju|FILE", default: "emart-jeju", description: "the built-in fleet or a fleet JSON file (docs/simulator.md)" },
  { name: "auto", key: "isAuto", type: "boolean", default: true, description: "automatic drivers; --no-auto acts only on CSMS commands" },
  { name: "leave-after", key: "leaveAfterS", placeholder: "S", default: "5", description: "with --no-auto, the EV leaves S simulated seconds after its session ends" },
  { name: "speed", placeholder: "X", default: "1", description: "simulated time runs X times faster (timestamps stay wall-clock)" },
  { name: "duration", key: "durationS", placeholder: "S", description: "stop after S simulated seconds (default: until Ctrl-C)" },
  { name: "seed", placeholder: "N", description: "seed of all randomness (default: random, printed at start)" },
  { name: "state-dir", placeholder: "DIR|none", default: "./data/sim", description: "where undelivered TransactionEvents are kept per station (none: memory only)" },
  { name: "password", placeholder: "P", isSecret: true, description: "HTTP Basic auth password of every station, 16-40 characters (profile 1; 2 on wss://)" },
  { name: "password-file", placeholder: "FILE", description: "a JSON file {\"<chargerId>\": \"<password>\"}: one password per station" },
  { name: "ca-file", placeholder: "FILE", description: "PEM CA certificates to check a wss:// CSMS against (besides the system's)" },
  { name: "firmware-failure-rate", placeholder: "X", default: "0", description: "share of firmware installs that fail, 0-1" },
  { name: "failing-firmware", placeholder: "IDS", description: "stations (comma-separated) whose every firmware install fails" },
  { name: "scenario", placeholder: "N|all", description: "run the seed's interoperability scenarios instead (their flags: --scenario all --help)" },
];

/** The simulator's command line: the table that parses it and writes `deno task sim --help`. */
export const SIM_COMMAND: CommandSpec = {
  usage: "deno task sim [flags]   (or: deno run … main.ts sim [flags])",
  about:
    "Runs simulated chargers against a CSMS until Ctrl-C or --duration, with a progress line\n" +
    "on standard error and a summary on standard output. Exit code 0: done without errors;\n" +
    "1: a station never connected or the run had errors; 2: bad flags, variables or files.",
  envPrefix: "TAMNA_SIM_",
  flags: SIM_FLAGS,
  footer: "Logging follows the seed's OCPP_LOG_LEVEL, OCPP_PROTOCOL_DEBUG and OCPP_LOG_FILE.",
};

/** Parses the flags and `TAMNA_SIM_*` variables; gives the arguments or one readable line. */
export function parseSimArgs(
  args: string[],
  randomSeed: () => number,
  env: Record<string, string | undefined> = {},
): { ok: true; args: SimArgs } | { ok: false; error: string } {
  let line: CommandLine;
  try {
    line = parseCommandLine(SIM_COMMAND, args, env);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (line.isHelp) return { ok: true, args: { ...SIM_DEFAULTS, isHelp: true } };
  const { scenario: _scenario, ...values } = line.values;
  const parsed = SimArgs.safeParse({ ...values, seed: values.seed ?? randomSeed(), isHelp: false });
  if (parsed.success) return { ok: true, args: parsed.data };
  const issue = parsed.error.issues[0];
  // The refinements over two flags say which in their message.
  return {
    ok: false,
    error: issue.path[0] === undefined ? issue.message : issueSource(line, issue),
  };
}

/** What `--help` parses to: the defaults, which the help prints and nothing runs. */
const SIM_DEFAULTS: SimArgs = SimArgs.parse({
  ...Object.fromEntries(
    SIM_FLAGS.filter((flag) => flag.name !== "scenario").map((flag) => [keyOf(flag), flag.default]),
  ),
  seed: 0,
  isHelp: true,
});
