/**
 * Spawning Tamna's commands as a user runs them: the permissions come from the task in
 * deno.json, so a test's child has exactly what `deno task serve` (or `bench`) grants.
 */

const DENO_JSON = new URL("../../deno.json", import.meta.url);
const tasks: Record<string, { command: string }> = JSON.parse(
  await Deno.readTextFile(DENO_JSON),
).tasks;

/** main.ts, as an absolute path (the child's working directory does not matter). */
export const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** The `--allow-*` flags of a deno.json task. */
export function taskPermissions(task: string): string[] {
  const command = tasks[task]?.command;
  if (command === undefined) throw new Error(`deno.json has no task ${task}`);
  return command.split(/\s+/).filter((word) => word.startsWith("--allow-"));
}

/** `deno run` arguments for `script` with the permissions of deno.json's `task`. */
export function denoRunArgs(task: string, script: string, args: string[]): string[] {
  return ["run", ...taskPermissions(task), script, ...args];
}
