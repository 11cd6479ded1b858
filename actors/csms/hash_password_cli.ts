/**
 * `main.ts hash-password`: turns a station password into the `passwordHash` that tamna.json's
 * `stations.<id>` takes. The password is read from standard input (typed twice without echo on
 * a terminal), never from the command line, where shell history and `ps` would keep it.
 */
import {
  commandEnv,
  type CommandLine,
  type CommandSpec,
  helpText,
  parseCommandLine,
} from "../runtime/cli_flags.ts";
import {
  DEFAULT_ITERATIONS,
  generatePassword,
  hashPassword,
  MIN_ITERATIONS,
  passwordProblem,
} from "./password.ts";

/** `hash-password`'s flags: the table that parses them and writes its `--help`. */
export const HASH_PASSWORD_COMMAND: CommandSpec = {
  usage: "deno task hash-password [flags] < password.txt",
  about: "Reads a station password from standard input (typed twice without echo on a terminal)\n" +
    "and prints its hash for tamna.json's stations.<id>.passwordHash.",
  envPrefix: "TAMNA_HASH_PASSWORD_",
  flags: [
    {
      name: "iterations",
      placeholder: "N",
      default: String(DEFAULT_ITERATIONS),
      description: `PBKDF2 rounds, at least ${MIN_ITERATIONS}`,
    },
    {
      name: "generate",
      type: "boolean",
      default: false,
      description: "make a random 32-character password and print it above its hash",
    },
  ],
};

/**
 * Reads one line from standard input: all of it when piped, typed without echo (after
 * `prompt` on standard error) on a terminal.
 */
export async function readSecretLine(prompt: string): Promise<string> {
  const encoder = new TextEncoder();
  if (!Deno.stdin.isTerminal()) {
    const text = new TextDecoder().decode(await new Response(Deno.stdin.readable).arrayBuffer());
    return text.replace(/\r?\n$/, "");
  }
  await Deno.stderr.write(encoder.encode(prompt));
  Deno.stdin.setRaw(true); // no echo
  let line = "";
  const buffer = new Uint8Array(64);
  try {
    for (;;) {
      const n = await Deno.stdin.read(buffer);
      if (n === null) break;
      const chunk = new TextDecoder().decode(buffer.subarray(0, n));
      // Enter (CR or LF) ends the line, Ctrl-C (0x03) aborts; indices are UTF-16 like slice's.
      const end = chunk.split("").findIndex((ch) => "\r\n\u0003".includes(ch));
      if (end >= 0) {
        if (chunk[end] === "\u0003") throw new Error("Interrupted");
        line += chunk.slice(0, end);
        break;
      }
      line += chunk;
    }
  } finally {
    Deno.stdin.setRaw(false);
    await Deno.stderr.write(encoder.encode("\n"));
  }
  return line;
}

/** Runs the subcommand; returns the exit code. */
export async function runHashPassword(
  args: string[],
  env: Record<string, string | undefined> = commandEnv(HASH_PASSWORD_COMMAND),
): Promise<number> {
  let line: CommandLine;
  try {
    line = parseCommandLine(HASH_PASSWORD_COMMAND, args, env);
  } catch (error) {
    console.error(`hash-password: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (line.isHelp) {
    console.log(helpText(HASH_PASSWORD_COMMAND));
    return 0;
  }
  const values = line.values;
  const iterations = Number(values.iterations);
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS) {
    console.error(
      `hash-password: Invalid ${
        line.describe("iterations")
      }: must be an integer from ${MIN_ITERATIONS}`,
    );
    return 2;
  }
  let password: string;
  if (values.generate) {
    password = generatePassword();
    console.log(password);
  } else {
    password = await readSecretLine("Station password: ");
    if (Deno.stdin.isTerminal() && (await readSecretLine("Again: ")) !== password) {
      console.error("hash-password: the two passwords differ");
      return 2;
    }
  }
  const problem = passwordProblem(password);
  if (problem) {
    console.error(`hash-password: ${problem} (OCPP 2.0.1 BasicAuthPassword)`);
    return 2;
  }
  console.log(await hashPassword(password, { iterations }));
  return 0;
}
