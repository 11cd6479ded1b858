/**
 * Every command line, run for real through its deno task: `--help` prints the table that
 * parses it (each flag with its default and variables) and exits 0; a bad flag or variable
 * exits 2 with one line on stderr naming it. And every flag of every table has a `TAMNA_*`
 * variable that is read.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  type CommandSpec,
  envNamesOf,
  type FlagSpec,
  helpText,
  keyOf,
  parseCommandLine,
} from "../actors/runtime/cli_flags.ts";
import { SERVE_COMMAND } from "../config.ts";
import { SIM_COMMAND } from "../sim/cli/sim_args.ts";
import { SCENARIO_COMMAND } from "../sim/cli/scenario_args.ts";
import { DEMO_COMMAND } from "../sim/library/demo.ts";
import { HASH_PASSWORD_COMMAND } from "../actors/csms/hash_password_cli.ts";
import { CREATE_ADMIN_COMMAND } from "../plugins/persistence/create_admin_cli.ts";
import { BENCH_COMMAND } from "../bench/plan.ts";
import { FUZZ_COMMAND } from "./fuzz_driver.ts";
import { BENCH_CLUSTER_COMMAND } from "../bench/cluster.ts";
import { CLUSTER_TRY_COMMAND } from "./cluster_try.ts";
import { CHAOS_COMMAND } from "./chaos.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A command as run: its task, the arguments before the flags, its table, one bad variable. */
interface Case {
  task: string;
  args: string[];
  command: CommandSpec;
  badEnv: [name: string, value: string];
}

const CASES: Case[] = [
  { task: "serve", args: [], command: SERVE_COMMAND, badEnv: ["TAMNA_HTTP_PORT", "http"] },
  { task: "sim", args: [], command: SIM_COMMAND, badEnv: ["TAMNA_SIM_CHARGERS", "many"] },
  {
    task: "sim",
    args: ["--scenario", "all"],
    command: SCENARIO_COMMAND,
    badEnv: ["TAMNA_SIM_RESTART_TIMEOUT", "never"],
  },
  { task: "demo", args: [], command: DEMO_COMMAND, badEnv: ["TAMNA_DEMO_SPEED", "fast"] },
  {
    task: "hash-password",
    args: [],
    command: HASH_PASSWORD_COMMAND,
    badEnv: ["TAMNA_HASH_PASSWORD_ITERATIONS", "few"],
  },
  {
    task: "create-admin",
    args: [],
    command: CREATE_ADMIN_COMMAND,
    badEnv: ["TAMNA_ADMIN_ROLE", "boss"],
  },
  { task: "bench", args: [], command: BENCH_COMMAND, badEnv: ["TAMNA_BENCH_CHARGERS", "all"] },
  { task: "fuzz", args: [], command: FUZZ_COMMAND, badEnv: ["TAMNA_FUZZ_FRAMES", "lots"] },
  {
    task: "bench-cluster",
    args: [],
    command: BENCH_CLUSTER_COMMAND,
    badEnv: ["TAMNA_BENCH_CLUSTER_CHARGERS", "many"],
  },
  {
    task: "cluster",
    args: [],
    command: CLUSTER_TRY_COMMAND,
    badEnv: ["TAMNA_CLUSTER_NODES", "99"],
  },
  { task: "chaos", args: [], command: CHAOS_COMMAND, badEnv: ["TAMNA_CHAOS_CHARGERS", "many"] },
];

/** Tasks that take no flags of their own. */
const FLAGLESS_TASKS = ["test", "check", "ok", "cluster-test"];

async function runTask(task: string, args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", task, ...args],
    cwd: ROOT,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

/** The help's rows of a flag (flag, description, default and variables), on one line. */
function rowOf(help: string, flag: FlagSpec): string {
  const lines = help.split("\n");
  const start = lines.findIndex((line) =>
    new RegExp(`^  (-\\w, )?--(\\[no-\\])?${flag.name}( |$)`).test(line)
  );
  assert.ok(start > 0, `--${flag.name} is in the help`);
  const end = lines.findIndex((line, i) => i > start && !line.startsWith(" ".repeat(30)));
  return lines.slice(start, end < 0 ? undefined : end).join(" ").replace(/\s+/g, " ");
}

Deno.test("deno.json: every task that takes flags has a table here", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  const covered = new Set(CASES.map((c) => c.task));
  for (const task of Object.keys(config.tasks)) {
    assert.ok(covered.has(task) || FLAGLESS_TASKS.includes(task), `task ${task} has no table`);
  }
});

for (const { task, args, command } of CASES) {
  Deno.test(`deno task ${[task, ...args].join(" ")} --help prints every flag with its default and variables, exit 0`, async () => {
    for (const help of ["--help", "-h"]) {
      const run = await runTask(task, [...args, help]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, helpText(command) + "\n");
      assert.equal(run.stderr, "");
      for (const flag of command.flags) {
        const facts = rowOf(run.stdout, flag);
        assert.ok(facts.includes(`env ${envNamesOf(command, flag).join(", ")}`), facts);
        if (flag.default !== undefined) {
          assert.ok(facts.includes(`default ${String(flag.default)}`), `--${flag.name}: ${facts}`);
        }
      }
    }
  });
}

for (const { task, args, badEnv: [name, value] } of CASES) {
  Deno.test(`deno task ${[task, ...args].join(" ")} exits 2 with one line naming a bad flag or variable`, async () => {
    const flag = await runTask(task, [...args, "--bogus"]);
    assert.equal(flag.code, 2, flag.stderr);
    assert.equal(flag.stderr.trimEnd().split("\n").length, 1, flag.stderr);
    assert.match(flag.stderr, /--bogus/);
    const variable = await runTask(task, args, { [name]: value });
    assert.equal(variable.code, 2, variable.stderr);
    assert.equal(variable.stderr.trimEnd().split("\n").length, 1, variable.stderr);
    assert.ok(variable.stderr.includes(`Invalid ${name}=${value}: `), variable.stderr);
  });
}

Deno.test("serve exits 2 naming an old variable name too (HTTP_PORT)", async () => {
  const run = await runTask("serve", [], { HTTP_PORT: "http" });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^tamna: Invalid HTTP_PORT=http: /);
});

Deno.test("main.ts --help lists the commands, exit 0; no command or an unknown one: exit 2", async () => {
  const main = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", `${ROOT}main.ts`, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
  const help = await main(["--help"]);
  assert.equal(help.code, 0);
  const text = new TextDecoder().decode(help.stdout);
  for (const name of ["serve", "sim", "demo", "create-admin", "hash-password"]) {
    assert.match(text, new RegExp(`^  ${name} `, "m"));
  }
  for (const args of [[], ["serve-all"]]) {
    const bad = await main(args);
    assert.equal(bad.code, 2);
    assert.equal(new TextDecoder().decode(bad.stderr).trimEnd().split("\n").length, 1);
  }
});

/** A value every flag's parser takes as given: its default, or a placeholder-shaped sample. */
function sample(flag: FlagSpec): string {
  if (flag.type === "boolean") return flag.default === true ? "false" : "true";
  return flag.default === undefined ? "x" : String(flag.default);
}

Deno.test("every flag of every table has a TAMNA_* variable, unique in its command, that is read", () => {
  for (const { command } of CASES) {
    const seen = new Set<string>();
    for (const flag of command.flags) {
      const names = envNamesOf(command, flag);
      assert.match(names[0], /^TAMNA_[A-Z0-9_]+$/, `--${flag.name}`);
      for (const name of names) {
        assert.ok(!seen.has(name), `${name} is read by two flags`);
        seen.add(name);
        const line = parseCommandLine(command, [], { [name]: sample(flag) });
        const expected = flag.type === "boolean"
          ? sample(flag) === "true"
          : flag.type === "list"
          ? [sample(flag)]
          : sample(flag);
        assert.deepEqual(line.given[keyOf(flag)], expected, name);
        assert.equal(line.describe(keyOf(flag)).startsWith(name), true, name);
      }
    }
  }
});
