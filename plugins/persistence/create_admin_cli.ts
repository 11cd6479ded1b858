/**
 * `main.ts create-admin`: creates an operator account in the database `serve` uses, or, when
 * it exists, sets its password and role, enables it and ends its sessions (the way back in
 * after a lost password). The password is read from standard input (typed twice without
 * echo on a terminal), never from the command line, where shell history and `ps` keep it.
 * The embedded database (PGlite) must not be open in a running `serve` at the same time.
 */
import {
  type CommandLine,
  type CommandSpec,
  type FlagSpec,
  helpText,
  parseCommandLine,
} from "../../actors/runtime/cli_flags.ts";
import { ConfigError } from "../../actors/runtime/config_error.ts";
import {
  AccountExistsError,
  accountPasswordProblem,
  normalizeUsername,
  type Role,
  ROLES,
  usernameProblem,
} from "../../actors/csms/accounts.ts";
import { readSecretLine } from "../../actors/csms/hash_password_cli.ts";
import { DEFAULT_ITERATIONS, hashPassword, MIN_ITERATIONS } from "../../actors/csms/password.ts";
import { sqlAccountStore } from "./accounts.ts";
import { openDb } from "./db.ts";
import { migrate } from "./migrations.ts";

/** One line per flag of `create-admin` (see {@link CREATE_ADMIN_COMMAND}). */
// deno-fmt-ignore
const CREATE_ADMIN_FLAGS: readonly FlagSpec[] = [
  { name: "username", placeholder: "NAME", default: "admin", description: "the account to create or reset" },
  { name: "role", placeholder: "admin|operator|viewer", default: "admin", description: "its role" },
  { name: "database-url", placeholder: "URL", env: "TAMNA_DATABASE_URL", envAliases: ["DATABASE_URL"], isSecret: true, description: "the PostgreSQL database serve uses (else the embedded one)" },
  { name: "data-dir", placeholder: "DIR", default: "./data", env: "TAMNA_DATA_DIR", envAliases: ["DATA_DIR"], description: "where serve's embedded database keeps its files" },
  // Tests only: fewer PBKDF2 rounds (at least 100,000).
  { name: "iterations", placeholder: "N", description: `PBKDF2 rounds (default ${DEFAULT_ITERATIONS}, at least ${MIN_ITERATIONS})` },
];

/** `create-admin`'s flags: the table that parses them and writes its `--help`. */
export const CREATE_ADMIN_COMMAND: CommandSpec = {
  usage: "deno task create-admin [flags] < password.txt",
  about: "Creates an operator account in the database serve uses, reading its password (12-128\n" +
    "characters) from standard input; an existing account gets the new password and role and\n" +
    "is signed out everywhere. Stop serve first when it uses the embedded database.",
  envPrefix: "TAMNA_ADMIN_",
  flags: CREATE_ADMIN_FLAGS,
};

/** What the command needs from its flags and environment. */
interface Request {
  username: string;
  role: Role;
  url?: string;
  dataDir: string;
  iterations?: number;
}

function parse(line: CommandLine): Request | string {
  const values = line.values as Record<string, string | undefined>;
  const username = values.username!;
  const problem = usernameProblem(username);
  if (problem) return `Invalid ${line.describe("username")}: ${problem}`;
  if (!(ROLES as readonly string[]).includes(values.role!)) {
    return `Invalid ${line.describe("role")}: expected one of ${ROLES.join(", ")}`;
  }
  const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
  if (iterations !== undefined && !(Number.isInteger(iterations) && iterations >= MIN_ITERATIONS)) {
    return `Invalid ${line.describe("iterations")}: must be an integer from ${MIN_ITERATIONS}`;
  }
  const url = values.databaseUrl;
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    return `Invalid ${line.describe("databaseUrl")}: must start with postgres://`;
  }
  return {
    username: normalizeUsername(username),
    role: values.role as Role,
    url,
    dataDir: values.dataDir!,
    iterations,
  };
}

async function readPassword(): Promise<string | { error: string }> {
  const password = await readSecretLine("New password: ");
  if (Deno.stdin.isTerminal() && (await readSecretLine("Again: ")) !== password) {
    return { error: "the two passwords differ" };
  }
  const problem = accountPasswordProblem(password);
  return problem ? { error: `password ${problem}` } : password;
}

/** Runs the subcommand; returns the exit code (2: bad input, 1: the database failed). */
export async function runCreateAdmin(
  args: string[],
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<number> {
  let request: Request | string;
  try {
    const line = parseCommandLine(CREATE_ADMIN_COMMAND, args, env);
    if (line.isHelp) {
      console.log(helpText(CREATE_ADMIN_COMMAND));
      return 0;
    }
    request = parse(line);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    request = error.message;
  }
  if (typeof request === "string") {
    console.error(`create-admin: ${request} (see --help)`);
    return 2;
  }
  const password = await readPassword();
  if (typeof password !== "string") {
    console.error(`create-admin: ${password.error}`);
    return 2;
  }
  const passwordHash = await hashPassword(password, { iterations: request.iterations });
  const db = await openDb({ url: request.url, dataDir: `${request.dataDir}/pglite` });
  try {
    await migrate(db);
    const accounts = sqlAccountStore(db);
    const { username, role } = request;
    try {
      await accounts.createAccount({ username, role, passwordHash });
      console.log(`Created the ${role} account ${username}; sign in at the dashboard.`);
    } catch (error) {
      if (!(error instanceof AccountExistsError)) throw error;
      await accounts.updateAccount(username, { role, passwordHash, isDisabled: false });
      await accounts.deleteSessionsOf(username);
      console.log(`Set a new password for ${username} (${role}); its sessions are ended.`);
    }
    return 0;
  } catch (error) {
    console.error(`create-admin: ${(error as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
}
