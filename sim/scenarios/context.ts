/**
 * What every interoperability scenario gets: where the CSMS is, how to restart it, the
 * compressed clock, a report to write its checks into, and bounded waits in simulated time.
 */
import type { Clock } from "../../actors/runtime/clock.ts";
import type { SecuritySettings } from "../transport/station_security.ts";
import type { CsmsApi } from "./csms_api.ts";
import type { CsmsControl } from "./csms_control.ts";
import type { Report } from "./report.ts";

/** The run-wide settings of a scenario. */
export interface ScenarioEnv {
  /** The CSMS's OCPP endpoint without a station id. */
  ocppUrl: string;
  api: CsmsApi;
  /** How the CSMS is stopped and started again (scenario 5). */
  csms: CsmsControl;
  /** Simulated time runs this many times faster than the wall clock. */
  speed: number;
  /** Where the stations keep their queue and meter register between scenarios; null: memory. */
  stateDir: string | null;
  /** Passwords and CA of every station a scenario starts (`--password`, `--ca-file`, …). */
  security: SecuritySettings;
  /** Aborted on Ctrl-C: every wait gives up at once. */
  signal: AbortSignal;
  /** Prints a line at once (instructions to the operator, progress). */
  say(line: string): void;
}

/** One scenario's view: the env, its clock (started with it), and its report. */
export interface ScenarioContext extends ScenarioEnv {
  clock: Clock;
  report: Report;
}

/** A scenario stopped early: a wait ran out, or the run was aborted. */
export class ScenarioAbort extends Error {
  override name = "ScenarioAbort";
}

/** Margin over a simulated wait, for the CSMS and the sockets on the wall clock. */
const SLACK_MS = 3_000;

/** Real milliseconds of `simS` simulated seconds. */
export function wallMsOfSim(ctx: ScenarioEnv, simS: number): number {
  return (simS * 1000) / ctx.speed;
}

/**
 * Resolves once `predicate` holds; throws {@link ScenarioAbort} naming `what` after `simS`
 * simulated seconds (plus a little wall-clock slack), or `wallMs` when given, or on abort.
 */
export async function waitFor(
  ctx: ScenarioEnv,
  what: string,
  predicate: () => boolean,
  limit: { simS?: number; wallMs?: number },
): Promise<void> {
  const timeoutMs = limit.wallMs ?? wallMsOfSim(ctx, limit.simS ?? 30) + SLACK_MS;
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (ctx.signal.aborted) throw new ScenarioAbort(`aborted while waiting for ${what}`);
    if (Date.now() > deadline) {
      throw new ScenarioAbort(
        `timed out after ${(timeoutMs / 1000).toFixed(1)} s waiting for ${what}`,
      );
    }
    await sleepMs(ctx.signal, 10);
  }
}

/** Lets `simS` simulated seconds pass. */
export function simSleep(ctx: ScenarioEnv, simS: number): Promise<void> {
  return sleepMs(ctx.signal, wallMsOfSim(ctx, simS));
}

function sleepMs(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

/** One of the five interoperability scenarios. */
export interface Scenario {
  id: number;
  title: string;
  /** Runs the scenario, writing every check into `ctx.report`; may throw {@link ScenarioAbort}. */
  run(ctx: ScenarioContext): Promise<void>;
}
