/** The simulator's command line flags, parsed with node:util and checked with zod (DESIGN.md, "Command line"). */
import { parseArgs } from "node:util";
import { z } from "zod";

/** What `deno task sim` was asked to do. */
export const SimArgs = z.strictObject({
  chargers: z.coerce.number().int().min(1).max(100_000),
  url: z.string().regex(/^wss?:\/\/[^/\s]+/, "must be a ws:// or wss:// URL").transform((u) =>
    u.replace(/\/+$/, "")
  ),
  fleet: z.string().min(1),
  isAuto: z.boolean(),
  speed: z.coerce.number().positive().max(10_000),
  durationS: z.coerce.number().positive().optional(),
  seed: z.coerce.number().int().min(0).max(4_294_967_295),
  stateDir: z.string().transform((dir) => (dir === "none" || dir === "" ? null : dir)),
  isHelp: z.boolean(),
});
export type SimArgs = z.infer<typeof SimArgs>;

/** The usage text of `deno task sim`. */
export const SIM_USAGE =
  `usage: deno task sim [--chargers 34] [--url ws://localhost:9000] [--fleet emart-jeju|<file.json>]
                     [--no-auto] [--speed 1] [--duration S] [--seed N] [--state-dir ./data/sim|none]
  --chargers N     stations to run: the first N of the fleet, more generated beyond its size
  --no-auto        no automatic drivers: act only on CSMS commands
  --speed X        simulated time runs X times faster (timestamps stay wall-clock)
  --duration S     stop after S simulated seconds (default: until Ctrl-C)
  --seed N         seed of all randomness (default: random, printed at start)
  --state-dir DIR  where undelivered TransactionEvents are kept per station ("none": memory only)
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
        speed: { type: "string", default: "1" },
        duration: { type: "string" },
        seed: { type: "string" },
        "state-dir": { type: "string", default: "./data/sim" },
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
    speed: values.speed,
    durationS: values.duration,
    seed: values.seed ?? randomSeed(),
    stateDir: values["state-dir"],
    isHelp: values.help,
  });
  if (parsed.success) return { ok: true, args: parsed.data };
  const issue = parsed.error.issues[0];
  const flag = FLAG_OF[String(issue.path[0])] ?? String(issue.path[0]);
  const given = values[flag.slice(2)];
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
  seed: "--seed",
  stateDir: "--state-dir",
};
