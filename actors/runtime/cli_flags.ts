/**
 * Command lines from one table per command: the same list of flags parses the arguments (with
 * node:util's `parseArgs`), reads the `TAMNA_*` environment variable of each flag (and its older
 * names), and writes the `--help` text, so the help can never disagree with the parser.
 * Values stay strings and booleans here; each command checks them with its own zod schema and
 * names the flag or variable of a bad one with {@link issueSource}.
 */
import { parseArgs } from "node:util";
import { ConfigError } from "./config_error.ts";

/** A flag or variable the command's table cannot take: the message says which, in one line. */
export class UsageError extends ConfigError {
  override name = "UsageError";
}

/** One flag of a command; one line of its table. */
export interface FlagSpec {
  /** The long name, kebab-case: `ocpp-port` is `--ocpp-port`. */
  readonly name: string;
  /** The settings field it sets; default: the name in camelCase (`ocppPort`). */
  readonly key?: string;
  /** `string` (the default), `boolean` (also `--no-<name>`), or `list` (repeatable, or comma-separated in the variable). */
  readonly type?: "string" | "boolean" | "list";
  /** A one-letter alias (`-n`). */
  readonly short?: string;
  /** What the value looks like in the help (`N`, `URL`, `FILE`); default `VALUE`. */
  readonly placeholder?: string;
  /** The value when neither the flag nor a variable gives one; shown in the help. */
  readonly default?: string | boolean;
  /** The environment variable; default: the command's `envPrefix` and the name in UPPER_SNAKE. */
  readonly env?: string;
  /** Older variable names still read, after the `TAMNA_*` one. */
  readonly envAliases?: readonly string[];
  /** One line for the help. */
  readonly description: string;
  /** Never repeat the value back in an error (passwords, tokens). */
  readonly isSecret?: boolean;
}

/** A command: its usage line, what it does, and its flags. */
export interface CommandSpec {
  /** The first help line, e.g. `deno task serve [flags]`. */
  readonly usage: string;
  /** What the command does, a sentence or two. */
  readonly about: string;
  /** Prefix of the flags' derived variable names, e.g. `TAMNA_` or `TAMNA_SIM_`. */
  readonly envPrefix: string;
  readonly flags: readonly FlagSpec[];
  /** Text after the flags (notes, where to read more). */
  readonly footer?: string;
}

/** A flag's or variable's value before the command's schema checks it. */
export type FlagValue = string | boolean | string[];

/** Where each setting came from, and the settings themselves. */
export interface CommandLine {
  /** Whether `--help` or `-h` was given: print {@link helpText} and exit 0. */
  readonly isHelp: boolean;
  /** Settings given by a flag or, failing that, a variable, by key. */
  readonly given: Record<string, FlagValue>;
  /** {@link given} with the table's defaults filled in. */
  readonly values: Record<string, FlagValue | undefined>;
  /** How a key's value was given: `--ocpp-port 99999`, `TAMNA_OCPP_PORT=99999`, or `--ocpp-port`. */
  describe(key: string): string;
}

/** The settings field of a flag. */
export function keyOf(flag: FlagSpec): string {
  return flag.key ?? flag.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The `TAMNA_*` variable of a flag. */
export function envOf(command: CommandSpec, flag: FlagSpec): string {
  return flag.env ?? command.envPrefix + flag.name.toUpperCase().replaceAll("-", "_");
}

/** Every variable a flag reads, the `TAMNA_*` name first. */
export function envNamesOf(command: CommandSpec, flag: FlagSpec): string[] {
  return [envOf(command, flag), ...(flag.envAliases ?? [])];
}

/**
 * The command's variables that this process may read: the values of every name in its table
 * whose env permission is granted (a task may grant only those names, as `hash-password` does).
 */
export function commandEnv(command: CommandSpec): Record<string, string | undefined> {
  const names = command.flags.flatMap((flag) => envNamesOf(command, flag));
  return Object.fromEntries(
    names
      .filter((variable) =>
        Deno.permissions.querySync({ name: "env", variable }).state === "granted"
      )
      .map((name) => [name, Deno.env.get(name)]),
  );
}

const TRUE = ["true", "1", "yes"];
const FALSE = ["false", "0", "no"];

function fromEnv(value: string, flag: FlagSpec, name: string): FlagValue {
  if (flag.type === "boolean") {
    const lower = value.toLowerCase();
    if (TRUE.includes(lower)) return true;
    if (FALSE.includes(lower)) return false;
    throw new UsageError(`Invalid ${name}=${value}: expected true or false`);
  }
  if (flag.type === "list") return value.split(",").map((part) => part.trim()).filter(Boolean);
  return value;
}

/** Whether the arguments ask for help (before any `--`), whatever else they hold. */
export function asksHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}

function parseFlags(command: CommandSpec, args: string[]): Record<string, FlagValue | undefined> {
  const options = Object.fromEntries(command.flags.map((flag) => [flag.name, {
    type: flag.type === "boolean" ? "boolean" as const : "string" as const,
    multiple: flag.type === "list",
    ...(flag.short ? { short: flag.short } : {}),
  }]));
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false, allowNegative: true })
      .values as Record<string, FlagValue | undefined>;
  } catch (error) {
    // node:util explains some mistakes over several lines; the first says what is wrong.
    throw new UsageError((error as Error).message.split("\n")[0], { cause: error });
  }
}

/**
 * Parses `args` and `env` by the command's table: a flag wins over its variables, the
 * `TAMNA_*` variable over its older names; an empty variable counts as unset. Throws a
 * {@link UsageError} naming the flag or variable when one cannot be read.
 */
export function parseCommandLine(
  command: CommandSpec,
  args: string[],
  env: Record<string, string | undefined>,
): CommandLine {
  const isHelp = asksHelp(args);
  const flagValues = isHelp ? {} : parseFlags(command, args);
  const given: Record<string, FlagValue> = {};
  const values: Record<string, FlagValue | undefined> = {};
  const sources = new Map<string, { flag: FlagSpec; variable?: string }>();
  for (const flag of isHelp ? [] : command.flags) {
    const key = keyOf(flag);
    const fromFlag = flagValues[flag.name];
    const variable = envNamesOf(command, flag).find((name) => (env[name] ?? "") !== "");
    if (fromFlag !== undefined) {
      given[key] = fromFlag;
      sources.set(key, { flag });
    } else if (variable !== undefined) {
      given[key] = fromEnv(env[variable]!, flag, variable);
      sources.set(key, { flag, variable });
    } else {
      sources.set(key, { flag });
    }
    values[key] = given[key] ?? flag.default;
  }
  const describe = (key: string): string => {
    const source = sources.get(key);
    if (!source) return key;
    const value = given[key];
    // Secrets, and URLs that carry credentials, are not repeated back.
    const isHidden = source.flag.isSecret || /:\/\/[^/\s]*@/.test(String(value));
    const shown = isHidden || value === undefined || typeof value === "boolean"
      ? undefined
      : String(value);
    if (source.variable) return `${source.variable}${shown === undefined ? "" : `=${shown}`}`;
    return `--${source.flag.name}${shown === undefined ? "" : ` ${shown}`}`;
  };
  return { isHelp, given, values, describe };
}

/** `Invalid <flag or variable as given>: <message>` for a zod issue on a key of the table. */
export function issueSource(
  line: CommandLine,
  issue: { path: readonly PropertyKey[]; message: string },
): string {
  return `Invalid ${line.describe(String(issue.path[0]))}: ${issue.message}`;
}

function flagColumn(flag: FlagSpec): string {
  const long = flag.type === "boolean" && flag.default === true
    ? `--[no-]${flag.name}`
    : `--${flag.name}`;
  const value = flag.type === "boolean" ? "" : ` ${flag.placeholder ?? "VALUE"}`;
  return `${flag.short ? `-${flag.short}, ` : ""}${long}${value}`;
}

/** The help's descriptions start in this column and wrap before column 100. */
const HANG = " ".repeat(30);

/** `text` in lines of at most 70 characters, the continuation lines indented to {@link HANG}. */
function wrap(text: string): string {
  const lines = [""];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (lines[last] !== "" && lines[last].length + 1 + word.length > 70) lines.push(word);
    else lines[last] += (lines[last] === "" ? "" : " ") + word;
  }
  return lines.join(`\n${HANG}`);
}

/** The `--help` text: usage, what the command does, then each flag with its default and variables. */
export function helpText(command: CommandSpec): string {
  const rows = command.flags.map((flag) => {
    const facts = [
      flag.default === undefined ? undefined : `default ${String(flag.default)}`,
      `env ${envNamesOf(command, flag).join(", ")}`,
      flag.type === "list" ? "repeatable" : undefined,
    ].filter(Boolean).join(" · ");
    const column = flagColumn(flag);
    const gap = column.length < 27 ? " ".repeat(28 - column.length) : `\n${HANG}`;
    return `  ${column}${gap}${wrap(flag.description)}\n${HANG}${wrap(facts)}`;
  });
  return [
    `usage: ${command.usage}`,
    "",
    command.about,
    "",
    "Flags (a flag wins over its variable; TAMNA_* over older names):",
    `  ${"-h, --help".padEnd(28)}print this help and exit`,
    ...rows,
    ...(command.footer ? ["", command.footer] : []),
  ].join("\n");
}

/**
 * For a script's entry point: parses `Deno.args` and the environment by the command's table,
 * prints the help and exits 0 when asked, or prints one line naming the bad flag or variable
 * (prefixed with `label`) and exits 2.
 */
export function commandLineOrExit(command: CommandSpec, label: string): CommandLine {
  let line: CommandLine;
  try {
    line = parseCommandLine(command, Deno.args, Deno.env.toObject());
  } catch (error) {
    console.error(`${label}: ${(error as Error).message} (see --help)`);
    Deno.exit(2);
  }
  if (line.isHelp) {
    console.log(helpText(command));
    Deno.exit(0);
  }
  return line;
}
