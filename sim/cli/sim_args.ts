/** The simulator's command line flags, parsed with node:util and checked with zod (DESIGN.md, "Command line"). */
import { parseArgs } from "node:util";
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
  failingFirmware: z.string().transform((list) =>
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

/** The usage text of `deno task sim`. */
export const SIM_USAGE =
  `usage: deno task sim [--chargers 34] [--url ws://localhost:9000] [--fleet emart-jeju|<file.json>]
                     [--no-auto [--leave-after 5]] [--speed 1] [--duration S] [--seed N]
                     [--state-dir ./data/sim|none]
                     [--password P | --password-file F] [--ca-file F]
                     [--firmware-failure-rate 0] [--failing-firmware ID,…]
  --chargers N     stations to run: the first N of the fleet, more generated beyond its size
  --no-auto        no automatic drivers: act only on CSMS commands
  --leave-after S  with --no-auto, the EV leaves S simulated seconds after its session ends (default 5)
  --speed X        simulated time runs X times faster (timestamps stay wall-clock)
  --duration S     stop after S simulated seconds (default: until Ctrl-C)
  --seed N         seed of all randomness (default: random, printed at start)
  --state-dir DIR  where undelivered TransactionEvents are kept per station ("none": memory only)
  --password P     HTTP Basic auth password of every station, 16-40 characters (profile 1; 2 on wss://)
  --password-file F  a JSON file {"<chargerId>": "<password>"}: one password per station
  --ca-file F      PEM CA certificates to check a wss:// CSMS against (besides the system's)
  --firmware-failure-rate X  share of firmware installs that fail, 0-1 (default 0)
  --failing-firmware IDS  stations (comma-separated) whose every firmware install fails
  --scenario N|all run the seed's interoperability scenarios instead (see --scenario all --help)`;

/** Parses the flags; gives the arguments or one readable line saying what is wrong. */
export function parseSimArgs(
  args: string[],
  randomSeed: () => number,
): { ok: true; args: SimArgs } | { ok: false; error: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      allowNegative: true,
      options: {
        chargers: { type: "string", default: "34" },
        url: { type: "string", default: "ws://localhost:9000" },
        fleet: { type: "string", default: "emart-jeju" },
        auto: { type: "boolean", default: true },
        "leave-after": { type: "string", default: "5" },
        speed: { type: "string", default: "1" },
        duration: { type: "string" },
        seed: { type: "string" },
        "state-dir": { type: "string", default: "./data/sim" },
        password: { type: "string" },
        "password-file": { type: "string" },
        "ca-file": { type: "string" },
        "firmware-failure-rate": { type: "string", default: "0" },
        "failing-firmware": { type: "string", default: "" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    // node:util explains some mistakes over several lines; the first says what is wrong.
    return {
      ok: false,
      error: (error instanceof Error ? error.message : String(error)).split("\n")[0],
    };
  }
  const parsed = SimArgs.safeParse({
    chargers: values.chargers,
    url: values.url,
    fleet: values.fleet,
    isAuto: values.auto,
    leaveAfterS: values["leave-after"],
    speed: values.speed,
    durationS: values.duration,
    seed: values.seed ?? randomSeed(),
    stateDir: values["state-dir"],
    password: values.password,
    passwordFile: values["password-file"],
    caFile: values["ca-file"],
    firmwareFailureRate: values["firmware-failure-rate"],
    failingFirmware: values["failing-firmware"],
    isHelp: values.help,
  });
  if (parsed.success) return { ok: true, args: parsed.data };
  const issue = parsed.error.issues[0];
  const flag = FLAG_OF[String(issue.path[0])] ?? String(issue.path[0]);
  // A password, or a URL that may hold one, is not repeated back.
  const given = flag === "--password" || flag === "--url" && /@/.test(String(values.url))
    ? undefined
    : values[flag.slice(2)];
  return {
    ok: false,
    error: `Invalid ${flag}${given === undefined ? "" : ` ${given}`}: ${issue.message}`,
  };
}

const FLAG_OF: Record<string, string> = {
  chargers: "--chargers",
  url: "--url",
  fleet: "--fleet",
  speed: "--speed",
  durationS: "--duration",
  leaveAfterS: "--leave-after",
  seed: "--seed",
  stateDir: "--state-dir",
  password: "--password",
  passwordFile: "--password-file",
  caFile: "--ca-file",
  firmwareFailureRate: "--firmware-failure-rate",
  failingFirmware: "--failing-firmware",
};
