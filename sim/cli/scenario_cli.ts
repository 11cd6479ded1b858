/**
 * `deno task sim --scenario 1..5|all`: runs the seed's interoperability scenarios against a
 * CSMS (a running `deno task serve` by default, or one started in-process with `--self-host`)
 * and prints every check with what it measured, then PASS or FAIL per scenario. Exit codes:
 * 0 all passed, 1 some failed (or the CSMS cannot be reached), 2 bad flags.
 */
import type { LoggingOptions } from "../../actors/runtime/logging.ts";
import type { SecuritySettings } from "../transport/station_security.ts";
import type { SimCliIo } from "./cli_io.ts";
import { parseSimArgs, type SimArgs } from "./sim_args.ts";
import { loggingFromEnv } from "./log_env.ts";
import { describeSecurity, loadSecurity } from "./security_files.ts";
import type { ScenarioEnv } from "../scenarios/context.ts";
import { csmsApi } from "../scenarios/csms_api.ts";
import { type CsmsControl, externalCsms } from "../scenarios/csms_control.ts";
import { runScenarios } from "../scenarios/mod.ts";
import { selfHostCsms } from "../scenarios/self_host.ts";
import { formatLine, formatVerdict, type ScenarioResult } from "../scenarios/report.ts";
import { parseScenarioArgs, SCENARIO_COMMAND, type ScenarioArgs } from "./scenario_args.ts";
import { helpText } from "../../actors/runtime/cli_flags.ts";

/** Runs the scenario command line; resolves with the exit code. */
export async function runScenarioCli(args: string[], io: SimCliIo): Promise<number> {
  const prepared = await prepareScenarios(args, io);
  if ("exitCode" in prepared) return prepared.exitCode;
  await io.setupLogging?.(prepared.logging);
  const control = await csmsControl(prepared.options, io);
  const stateDir = await Deno.makeTempDir({ prefix: "tamna_scenario_stations_" });
  const abort = new AbortController();
  const stop = () => abort.abort();
  io.signal?.addEventListener("abort", stop);
  if (io.isHandlingSignals) Deno.addSignalListener("SIGINT", stop);
  try {
    const { options, sim, speed, security } = prepared;
    const env: ScenarioEnv = {
      ocppUrl: control.ocppUrl ?? sim.url,
      api: csmsApi(control.apiUrl ?? options.apiUrl, {
        token: control.apiToken ?? options.apiToken,
      }),
      csms: control,
      speed,
      stateDir,
      security,
      signal: io.signal ? AbortSignal.any([io.signal, abort.signal]) : abort.signal,
      say: (line) => io.write(line + "\n"),
    };
    return await runAll(prepared, env, io);
  } finally {
    io.signal?.removeEventListener("abort", stop);
    if (io.isHandlingSignals) Deno.removeSignalListener("SIGINT", stop);
    await control.close();
    await Deno.remove(stateDir, { recursive: true });
  }
}

/** Scenarios the flags, the environment and the files they name all allow. */
interface PreparedScenarios {
  options: ScenarioArgs;
  /** The simulator's own flags (`--url`, `--speed`, security). */
  sim: SimArgs;
  speed: number;
  logging: LoggingOptions;
  security: SecuritySettings;
}

/** Reads the flags, the environment and the files they name; says in one line what is wrong. */
async function prepareScenarios(
  args: string[],
  io: SimCliIo,
): Promise<PreparedScenarios | { exitCode: number }> {
  const parsed = parseScenarioArgs(args, io.env);
  const sim = parsed.ok ? parseSimArgs(parsed.rest, () => 1, io.env) : parsed;
  if (!parsed.ok || !sim.ok) {
    io.error(`sim: ${!parsed.ok ? parsed.error : !sim.ok ? sim.error : ""} (see --help)`);
    return { exitCode: 2 };
  }
  if (parsed.args.isHelp || sim.args.isHelp) {
    io.write(helpText(SCENARIO_COMMAND) + "\n");
    return { exitCode: 0 };
  }
  const logging = loggingFromEnv();
  if (!logging.ok) {
    io.error(`sim: ${logging.error}`);
    return { exitCode: 2 };
  }
  const security = await loadSecurity(sim.args);
  if (!security.ok) {
    io.error(`sim: ${security.error}`);
    return { exitCode: 2 };
  }
  const options = parsed.args;
  if (options.isSelfHost && !io.startCsms) {
    io.error("sim: --self-host needs a CSMS to start in this process, which main.ts provides");
    return { exitCode: 2 };
  }
  const speed = parsed.isSpeedGiven ? sim.args.speed : options.defaultSpeed;
  return { options, sim: sim.args, speed, logging: logging.options, security: security.security };
}

/** Says what runs where, checks the CSMS answers, runs the scenarios and sums them up. */
async function runAll(
  prepared: PreparedScenarios,
  env: ScenarioEnv,
  io: SimCliIo,
): Promise<number> {
  const { options } = prepared;
  const secured = describeSecurity(prepared.security, prepared.sim);
  io.write(
    `Tamna interoperability scenarios ${options.ids.join(", ")}: stations → ${env.ocppUrl}, ` +
      `REST ${env.api.baseUrl}${env.csms.kind === "self-host" ? " (in-process CSMS)" : ""}, ` +
      `×${env.speed}${secured ? `, ${secured}` : ""}\n`,
  );
  if (!(await isReachable(env, io))) return 1;
  const results = await runScenarios(options.ids, env, {
    onStart: (s) => io.write(`\nScenario ${s.id}: ${s.title}\n`),
    onLine: (line) => io.write(formatLine(line) + "\n"),
  });
  return summarize(results, options.ids.length, io);
}

async function csmsControl(options: ScenarioArgs, io: SimCliIo): Promise<CsmsControl> {
  if (options.isSelfHost && io.startCsms) return await selfHostCsms(io.startCsms);
  return externalCsms({
    command: options.csmsCommand,
    restartTimeoutMs: options.restartTimeoutS * 1000,
  });
}

async function isReachable(env: ScenarioEnv, io: SimCliIo): Promise<boolean> {
  try {
    const { status } = await env.api.get("/health");
    if (status === 200) return true;
    io.error(`sim: ${env.api.baseUrl}/health answered ${status}`);
  } catch (error) {
    io.error(
      `sim: cannot reach the CSMS: ${error instanceof Error ? error.message : error} ` +
        `(start it with deno task serve, or pass --self-host)`,
    );
  }
  return false;
}

function summarize(results: ScenarioResult[], asked: number, io: SimCliIo): number {
  io.write("\n");
  for (const result of results) io.write(formatVerdict(result) + "\n");
  const failed = results.filter((r) => !r.isPassed).map((r) => r.id);
  const missed = asked - results.length;
  if (failed.length === 0 && missed === 0) {
    io.write(
      `${results.length === 1 ? "The scenario" : `All ${results.length} scenarios`} passed\n`,
    );
    return 0;
  }
  io.write(
    `${failed.length} of ${asked} scenarios failed${
      failed.length ? ` (${failed.join(", ")})` : ""
    }` +
      `${missed ? `, ${missed} not run (aborted)` : ""}\n`,
  );
  return 1;
}
