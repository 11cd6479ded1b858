/**
 * The five interoperability scenarios of the seed (csharp-simulator-scenarios.ko.md), run one
 * after another against one CSMS, each on its own compressed clock, each a list of checks.
 */
import { scaledClock } from "../fleet/scaled_clock.ts";
import { BOOT_SCENARIO } from "./boot.ts";
import { type Scenario, ScenarioAbort, type ScenarioEnv } from "./context.ts";
import { FIVE_CHARGERS_SCENARIO } from "./five_chargers.ts";
import { REMOTE_SCENARIO } from "./remote.ts";
import { type CheckLine, createReport, type ScenarioResult } from "./report.ts";
import { RESTART_SCENARIO } from "./restart.ts";
import { SESSION_SCENARIO } from "./session.ts";

/** The scenarios by number. */
export const SCENARIOS: readonly Scenario[] = [
  BOOT_SCENARIO,
  SESSION_SCENARIO,
  REMOTE_SCENARIO,
  FIVE_CHARGERS_SCENARIO,
  RESTART_SCENARIO,
];

/** Runs the scenarios `ids` in order; `onStart` and `onLine` see them as they go. */
export async function runScenarios(
  ids: readonly number[],
  env: ScenarioEnv,
  hooks: {
    onStart?: (scenario: Scenario) => void;
    onLine?: (line: CheckLine) => void;
  } = {},
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const id of ids) {
    const scenario = SCENARIOS.find((s) => s.id === id);
    if (!scenario) throw new RangeError(`There is no scenario ${id}; they are 1 to 5`);
    if (env.signal.aborted) break;
    hooks.onStart?.(scenario);
    results.push(await runOne(scenario, env, hooks.onLine));
  }
  return results;
}

async function runOne(
  scenario: Scenario,
  env: ScenarioEnv,
  onLine?: (line: CheckLine) => void,
): Promise<ScenarioResult> {
  const report = createReport(onLine);
  const startedMs = Date.now();
  try {
    await scenario.run({ ...env, clock: scaledClock(env.speed), report });
  } catch (error) {
    // A wait that ran out or a CSMS that could not be reached fails the scenario, not the run.
    const reason = error instanceof Error ? error.message : String(error);
    report.check(false, error instanceof ScenarioAbort ? reason : `stopped by an error: ${reason}`);
  }
  return {
    id: scenario.id,
    title: scenario.title,
    isPassed: report.isPassed,
    lines: [...report.lines],
    wallMs: Date.now() - startedMs,
  };
}
