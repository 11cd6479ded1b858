/**
 * The command line: `serve` (the CSMS), `sim` (the charger simulator) and `demo`. Parses
 * flags and environment, sets up logging, starts what was asked and shuts down cleanly. It is
 * also where the CSMS and the simulator meet: the simulator never imports the CSMS, so the
 * `sim --self-host` scenarios and the demo get a function from here that starts one.
 */
import { getLogger } from "@logtape/logtape";
import {
  ConfigError,
  httpHostOf,
  isLoopbackHost,
  loadServerConfig,
  ocppHostOf,
  SERVE_COMMAND,
  ServerConfig,
} from "./config.ts";
import { asksHelp, helpText, UsageError } from "./actors/runtime/cli_flags.ts";
import { closeLogging, setupLogging } from "./actors/runtime/logging.ts";
import type { FleetHandle } from "./mod.ts";
import { startServer, type TamnaServer } from "./server.ts";
import type { InProcessCsms, InProcessCsmsOptions } from "./sim/scenarios/self_host.ts";

/** `main.ts --help`: the commands; each has its own `--help`. */
const USAGE = `usage: deno run … main.ts <command> [flags]   (the deno tasks of the same names)

Commands (each takes --help):
  serve          run the CSMS: OCPP port, REST API, dashboard, embedded database
  sim            run simulated chargers against a CSMS, or the seed's scenarios (--scenario)
  demo           a CSMS and three chargers in-process, one session, the seed's demo
  create-admin   create or reset an operator account (password from standard input)
  hash-password  print a station password's hash for tamna.json

Settings: flags, TAMNA_* environment variables, tamna.json; see docs/cli.md.`;

async function serve(args: string[]): Promise<number> {
  if (asksHelp(args)) {
    console.log(helpText(SERVE_COMMAND));
    return 0;
  }
  const config = await loadServerConfig(args);
  await setupLogging({
    level: config.logLevel,
    protocolDebug: config.protocolDebug,
    format: config.logFormat,
    logFile: config.logFile,
  });
  const log = getLogger(["tamna", "main"]);
  const server = await startServer(config, { isThreadShared: config.simulate > 0 });
  const scope = (host: string) =>
    isLoopbackHost(host) ? "this machine only" : host === "0.0.0.0" ? "all interfaces" : host;
  console.log(
    `Tamna CSMS: chargers connect to ${server.ocppUrl}/<chargerId> (${
      scope(ocppHostOf(config))
    }); HTTP on ${server.httpUrl} (${scope(httpHostOf(config))})`,
  );
  if (server.setupUrl) {
    console.log(`No operator account yet. Create the first admin here: ${server.setupUrl}`);
  }
  if (config.insecureHttp) {
    log.warn`--insecure-http: anyone who can reach ${server.httpUrl} acts as an admin`;
  }
  const fleet = config.simulate > 0 ? await simulate(config.simulate, server) : undefined;
  await signalled();
  console.log("Shutting down…");
  // Stations first, while the CSMS still listens, so their sessions end and are stored.
  await fleet?.stop();
  await server.close();
  return 0;
}

/** `--simulate N`: the first N Emart Jeju chargers in this process, like the seed's `run_all.py all`. */
async function simulate(count: number, server: TamnaServer): Promise<FleetHandle> {
  const { createFleet } = await import("./mod.ts");
  const fleet = await createFleet({ url: server.ocppUrl, count });
  console.log(`Simulating ${count} Emart Jeju chargers; watch them at ${server.httpUrl}/`);
  return fleet;
}

/** The CSMS of `sim --scenario … --self-host`: Tamna's server on loopback, logging warnings only. */
export async function startInProcessCsms(options: InProcessCsmsOptions): Promise<InProcessCsms> {
  const config = ServerConfig.parse({ ...options, host: "127.0.0.1", logLevel: "WARNING" });
  const server = await startServer(config, { isThreadShared: true }); // with the simulator
  return { ocppUrl: server.ocppUrl, httpUrl: server.httpUrl, stop: () => server.close() };
}

/** Resolves at the first SIGINT (Ctrl-C) or SIGTERM. */
async function signalled(): Promise<void> {
  const stopped = Promise.withResolvers<void>();
  const onSignal = () => stopped.resolve();
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  await stopped.promise;
  Deno.removeSignalListener("SIGINT", onSignal);
  Deno.removeSignalListener("SIGTERM", onSignal);
}

/** Runs one subcommand and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case "serve":
        return await serve(args);
      case "create-admin": {
        const { runCreateAdmin } = await import("./plugins/persistence/create_admin_cli.ts");
        return await runCreateAdmin(args);
      }
      case "hash-password": {
        const { runHashPassword } = await import("./actors/csms/hash_password_cli.ts");
        return await runHashPassword(args);
      }
      case "sim": {
        const { runSimCli } = await import("./sim/cli/sim_cli.ts");
        const { SIM_STDIO } = await import("./sim/cli/cli_io.ts");
        return await runSimCli(args, { ...SIM_STDIO, startCsms: startInProcessCsms });
      }
      case "demo": {
        const { DEMO_STDIO, runDemoCli } = await import("./sim/library/demo.ts");
        const { startCsms } = await import("./mod.ts");
        return await runDemoCli(args, { ...DEMO_STDIO, startCsms: () => startCsms() });
      }
      case "--help":
      case "-h":
      case "help":
        console.log(USAGE);
        return 0;
      default:
        console.error(
          command
            ? `tamna: unknown command ${command} (see main.ts --help)`
            : "tamna: which command? serve, sim, demo, create-admin or hash-password (see main.ts --help)",
        );
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      const hint = error instanceof UsageError ? ` (see ${command} --help)` : "";
      console.error(`tamna: ${error.message}${hint}`);
      return 2;
    }
    throw error;
  } finally {
    await closeLogging();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
