/**
 * Keeps docs/cli.md's help blocks equal to the commands' generated `--help`: each block between
 * `<!-- help: <name> -->` and `<!-- /help -->` is the help of that command's table. The test
 * (tests/cli_docs_test.ts) checks it; `deno run -A tests/support/cli_docs.ts` rewrites the file.
 */
import { type CommandSpec, helpText } from "../../actors/runtime/cli_flags.ts";
import { SERVE_COMMAND } from "../../config.ts";
import { SIM_COMMAND } from "../../sim/cli/sim_args.ts";
import { SCENARIO_COMMAND } from "../../sim/cli/scenario_args.ts";
import { DEMO_COMMAND } from "../../sim/library/demo.ts";
import { HASH_PASSWORD_COMMAND } from "../../actors/csms/hash_password_cli.ts";
import { CREATE_ADMIN_COMMAND } from "../../plugins/persistence/create_admin_cli.ts";
import { BENCH_COMMAND } from "../../bench/plan.ts";
import { FUZZ_COMMAND } from "../fuzz_driver.ts";

/** The commands docs/cli.md shows, by the name its blocks use. */
export const DOCUMENTED_COMMANDS: Record<string, CommandSpec> = {
  "serve": SERVE_COMMAND,
  "sim": SIM_COMMAND,
  "sim --scenario": SCENARIO_COMMAND,
  "demo": DEMO_COMMAND,
  "create-admin": CREATE_ADMIN_COMMAND,
  "hash-password": HASH_PASSWORD_COMMAND,
  "bench": BENCH_COMMAND,
  "fuzz": FUZZ_COMMAND,
};

/** The path of the page. */
export const CLI_DOC = new URL("../../docs/cli.md", import.meta.url);

const BLOCK = /<!-- help: ([a-z -]+) -->\n[\s\S]*?<!-- \/help -->/g;

/** The page with every help block regenerated; throws on a block naming no command. */
export function renderHelpBlocks(page: string): string {
  return page.replace(BLOCK, (_, name: string) => {
    const command = DOCUMENTED_COMMANDS[name];
    if (!command) throw new RangeError(`docs/cli.md names no command ${name}`);
    return `<!-- help: ${name} -->\n\n\`\`\`text\n${helpText(command)}\n\`\`\`\n\n<!-- /help -->`;
  });
}

/** The names of the commands the page has a block for. */
export function documentedBlocks(page: string): string[] {
  return [...page.matchAll(BLOCK)].map((match) => match[1]);
}

if (import.meta.main) {
  const page = await Deno.readTextFile(CLI_DOC);
  await Deno.writeTextFile(CLI_DOC, renderHelpBlocks(page));
  console.log(`docs/cli.md: ${documentedBlocks(page).length} help blocks written`);
}
