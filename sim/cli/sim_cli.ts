/**
 * `deno task sim`: parses the flags, runs the fleet, shows a live progress line on standard
 * error, and on Ctrl-C (or after `--duration`) shuts every station down the way a switched-off
 * charger would and prints a summary. Exit codes: 0 done without errors, 1 a station never
 * connected or the run had errors (failed connection tries included), 2 bad flags or fleet file.
 */
import type { LoggingOptions } from "../../actors/runtime/logging.ts";
import type { SecuritySettings } from "../transport/station_security.ts";
import { parseSimArgs, SIM_COMMAND, type SimArgs } from "./sim_args.ts";
import { helpText } from "../../actors/runtime/cli_flags.ts";
import { SIM_STDIO, type SimCliIo } from "./cli_io.ts";
import { loggingFromEnv } from "./log_env.ts";
import { emartJejuFleet, type Fleet, loadFleet } from "../fleet/fleet_file.ts";
import { type FleetCounters, type FleetRun, runFleet } from "../fleet/fleet_runner.ts";
import { progressLine, summaryText } from "./progress.ts";
import type { SimEvent, StoppedReason } from "../station/station_state.ts";
import { describeSecurity, loadSecurity } from "./security_files.ts";

/**
 * The stoppedReason of sessions still running at Ctrl-C. OCPP 2.0.1 has no "shutdown" value:
 * Local means the driver stopped, Reboot and ImmediateReset claim a reboot, and PowerLoss is
 * reported after an *uncontrolled* loss (the station could not send Ended in time). A station
 * switched off by its operator ends the session itself, so it says Other.
 */
export const SHUTDOWN_REASON: StoppedReason = "Other";

/** Runs the simulator command line; resolves with the exit code. */
export async function runSimCli(args: string[], io: SimCliIo = SIM_STDIO): Promise<number> {
  const isScenario = args.some((arg) => arg === "--scenario" || arg.startsWith("--scenario=")) ||
    (io.env?.TAMNA_SIM_SCENARIO ?? "") !== "";
  if (isScenario) {
    const { runScenarioCli } = await import("./scenario_cli.ts");
    return await runScenarioCli(args, io);
  }
  const prepared = await prepareRun(args, io);
  if ("exitCode" in prepared) return prepared.exitCode;
  await io.setupLogging?.(prepared.logging);
  const counters = await simulate(prepared, io);
  if (counters.neverConnected > 0) {
    io.error(`sim: ${counters.neverConnected} of ${counters.stations} stations never connected`);
  }
  return counters.neverConnected > 0 || counters.errors > 0 ? 1 : 0;
}

/** A run the flags, the environment and the files they name all allow. */
interface PreparedRun {
  options: SimArgs;
  logging: LoggingOptions;
  fleet: Fleet;
  security: SecuritySettings;
}

/** Reads the flags, the environment and the files they name; says in one line what is wrong. */
async function prepareRun(
  args: string[],
  io: SimCliIo,
): Promise<PreparedRun | { exitCode: number }> {
  const randomSeed = () => crypto.getRandomValues(new Uint32Array(1))[0];
  const parsed = parseSimArgs(args, randomSeed, io.env);
  if (!parsed.ok) {
    io.error(`sim: ${parsed.error} (see deno task sim --help)`);
    return { exitCode: 2 };
  }
  const options = parsed.args;
  if (options.isHelp) {
    io.write(helpText(SIM_COMMAND) + "\n");
    return { exitCode: 0 };
  }
  const logging = loggingFromEnv();
  if (!logging.ok) {
    io.error(`sim: ${logging.error}`);
    return { exitCode: 2 };
  }
  let fleet: Fleet;
  try {
    fleet = options.fleet === "emart-jeju"
      ? await emartJejuFleet()
      : await loadFleet(options.fleet);
  } catch (error) {
    io.error(
      `sim: cannot read fleet ${options.fleet}: ${error instanceof Error ? error.message : error}`,
    );
    return { exitCode: 2 };
  }
  const security = await loadSecurity(options);
  if (!security.ok) {
    io.error(`sim: ${security.error}`);
    return { exitCode: 2 };
  }
  return { options, logging: logging.options, fleet, security: security.security };
}

/**
 * Runs the fleet until the end, then stops it as switched-off chargers and prints a summary;
 * resolves with the final counters.
 */
async function simulate(prepared: PreparedRun, io: SimCliIo): Promise<FleetCounters> {
  const { options, fleet, security } = prepared;
  const realStartMs = Date.now();
  const run = await runFleet({
    url: options.url,
    fleet,
    count: options.chargers,
    isAuto: options.isAuto,
    leaveAfterMs: options.leaveAfterS * 1000,
    speed: options.speed,
    seed: options.seed,
    stateDir: options.stateDir,
    firmwareFailureRate: options.firmwareFailureRate,
    failingFirmware: options.failingFirmware,
    ...security,
    onEvent: firstConnectFailure(io),
  });
  const simStartMs = run.clock.now();
  const secured = describeSecurity(security, options);
  io.write(
    `Tamna simulator: ${options.chargers} stations of ${fleet.name} → ${options.url}, ` +
      `${
        options.isAuto ? "automatic drivers" : "CSMS commands only"
      }, ×${options.speed}, seed ${options.seed}${secured ? `, ${secured}` : ""}\n`,
  );
  await waitForEnd(run, io, { durationS: options.durationS, simStartMs, speed: options.speed });
  if (io.isTerminal) io.progress?.("\n"); // off the redrawn progress line
  io.write(`Stopping: ending sessions (${SHUTDOWN_REASON}) and closing connections…\n`);
  await run.stop(SHUTDOWN_REASON);
  const counters = run.counters();
  const summary = summaryText(counters, {
    simStartMs,
    realMs: Date.now() - realStartMs,
    speed: options.speed,
    seed: options.seed,
  });
  io.write(summary + "\n");
  return counters;
}

/**
 * Says once on stderr why a station could not connect (a wrong password's 401, a certificate
 * the CA does not vouch for, nobody listening): the progress line shows only fewer connected.
 */
function firstConnectFailure(io: SimCliIo): (chargerId: string, event: SimEvent) => void {
  let isTold = false;
  return (chargerId, event) => {
    if (isTold || event.type !== "reconnecting" || event.error === undefined) return;
    isTold = true;
    io.error(`sim: ${chargerId} could not connect (${event.error}); the stations keep retrying`);
  };
}

/** Shows progress until the duration passes, a signal arrives, or `io.signal` aborts. */
async function waitForEnd(
  run: FleetRun,
  io: SimCliIo,
  options: { durationS: number | undefined; simStartMs: number; speed: number },
): Promise<void> {
  const { durationS, simStartMs, speed } = options;
  const done = Promise.withResolvers<void>();
  const finish = () => done.resolve();
  const durationTimer = durationS === undefined
    ? undefined
    : run.clock.setTimeout(finish, durationS * 1000);
  io.signal?.addEventListener("abort", finish);
  if (io.signal?.aborted) finish();
  if (io.isHandlingSignals) {
    Deno.addSignalListener("SIGINT", finish);
    Deno.addSignalListener("SIGTERM", finish);
  }
  let last = { atMs: Date.now(), messages: 0 };
  const everyMs = io.isTerminal ? 1_000 : 5_000;
  const ticker = setInterval(() => {
    const counters = run.counters();
    const nowMs = Date.now();
    const messages = counters.sent + counters.received;
    const messagesPerS = ((messages - last.messages) * 1000) / Math.max(1, nowMs - last.atMs);
    last = { atMs: nowMs, messages };
    const line = progressLine(counters, { simStartMs, speed, messagesPerS });
    if (io.progress) io.progress(io.isTerminal ? `\r\x1b[2K${line}` : `${line}\n`);
    else io.error(line);
  }, everyMs);
  try {
    await done.promise;
  } finally {
    clearInterval(ticker);
    if (durationTimer !== undefined) run.clock.clearTimeout(durationTimer);
    io.signal?.removeEventListener("abort", finish);
    if (io.isHandlingSignals) {
      Deno.removeSignalListener("SIGINT", finish);
      Deno.removeSignalListener("SIGTERM", finish);
    }
  }
}
