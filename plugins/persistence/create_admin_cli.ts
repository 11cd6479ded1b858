/**
 * `main.ts create-admin`: creates an operator account in the database `serve` uses, or, when
 * it exists, sets its password and role, enables it and ends its sessions (the way back in
 * after a lost password). The password is read from standard input (typed twice without
 * echo on a terminal), never from the command line, where shell history and `ps` keep it.
 * The embedded database (PGlite) must not be open in a running `serve` at the same time.
 */
import { parseArgs } from "node:util";
import {
  AccountExistsError,
  accountPasswordProblem,
  normalizeUsername,
  type Role,
  ROLES,
  usernameProblem,
} from "../../actors/csms/accounts.ts";
import { readSecretLine } from "../../actors/csms/hash_password_cli.ts";
import { hashPassword, MIN_ITERATIONS } from "../../actors/csms/password.ts";
import { sqlAccountStore } from "./accounts.ts";
import { openDb } from "./db.ts";
import { migrate } from "./migrations.ts";

const USAGE = `usage: main.ts create-admin [--username admin] [--role admin|operator|viewer]
                             [--database-url postgres://…] [--data-dir ./data]
  reads the password (12–128 characters) from standard input; an existing account gets the
  new password and role and is signed out everywhere`;

/** What the command needs from its flags and environment. */
interface Request {
  username: string;
  role: Role;
  url?: string;
  dataDir: string;
  iterations?: number;
}

function parse(args: string[], env: Record<string, string | undefined>): Request | string {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        username: { type: "string", default: "admin" },
        role: { type: "string", default: "admin" },
        "database-url": { type: "string" },
        "data-dir": { type: "string" },
        // Tests only: fewer PBKDF2 rounds (at least 100,000).
        iterations: { type: "string" },
      },
    }));
  } catch (error) {
    return (error as Error).message;
  }
  const problem = usernameProblem(values.username);
  if (problem) return `--username ${values.username}: ${problem}`;
  if (!(ROLES as readonly string[]).includes(values.role)) {
    return `--role ${values.role}: expected one of ${ROLES.join(", ")}`;
  }
  const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
  if (iterations !== undefined && !(Number.isInteger(iterations) && iterations >= MIN_ITERATIONS)) {
    return `--iterations must be an integer from ${MIN_ITERATIONS}`;
  }
  // An empty variable counts as unset, as in config.ts.
  const url = values["database-url"] ?? (env.DATABASE_URL || undefined);
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    return "--database-url: must start with postgres://";
  }
  return {
    username: normalizeUsername(values.username),
    role: values.role as Role,
    url,
    dataDir: values["data-dir"] ?? (env.DATA_DIR || "./data"),
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
  const request = parse(args, env);
  if (typeof request === "string") {
    console.error(`create-admin: ${request}\n${USAGE}`);
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
