/**
 * Tamna as `deno task bench` runs it: the real server from `startServer`, with strict
 * validation and persistence on (PGlite in `--data-dir`, or PostgreSQL with
 * `--database-url`), the default log level; the bench reads the server's own `GET /metrics`
 * (its `?format=json` form, with raw histogram buckets).
 * SIGTERM closes it the way `deno task serve` does on Ctrl-C.
 *
 *   deno run -A bench/csms_entry.ts --ocpp-port 9000 --data-dir /tmp/x [--database-url …]
 */
import { parseArgs } from "node:util";
import { closeLogging, setupLogging } from "../actors/runtime/logging.ts";
import { ServerConfig } from "../config.ts";
import { startServer } from "../server.ts";
import { emitLine, exitAfter } from "./child_io.ts";
import { createOcppHandler, webSocketIdleTimeoutS } from "../routes/ocpp/endpoint.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "ocpp-port": { type: "string", default: "0" },
    "data-dir": { type: "string" },
    "database-url": { type: "string" },
    "max-lifetime-ms": { type: "string", default: String(30 * 60_000) },
    // A/B runs: switch a built-in plugin off (its config section set to false).
    "plugin-off": { type: "string", multiple: true, default: [] },
    // More than ~28,000 chargers: more OCPP ports (loopback's ephemeral ports per server port).
    "ocpp-ports": { type: "string", default: "1" },
  },
});
exitAfter(Number(values["max-lifetime-ms"]));

// The bench reads /metrics as an admin through a token only it knows.
const metricsToken = crypto.randomUUID();
const config = ServerConfig.parse({
  host: "127.0.0.1",
  apiToken: metricsToken,
  ocppPort: Number(values["ocpp-port"]),
  httpPort: 0,
  dataDir: values["data-dir"] ?? "./data",
  databaseUrl: values["database-url"],
  pluginConfig: Object.fromEntries(values["plugin-off"].map((name) => [name, false])),
  // The realistic shape's chargers heartbeat every 300 s; a CSMS that serves them says so.
  heartbeatIntervalS: 300,
});
await setupLogging({ level: config.logLevel, protocolDebug: false });
const startedMs = performance.now();
const server = await startServer(config);
const startMs = performance.now() - startedMs;
// The same handler and admission as the main OCPP port, on more loopback ports.
const extraPorts = Array.from(
  { length: Math.max(0, Number(values["ocpp-ports"]) - 1) },
  () =>
    Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      createOcppHandler({
        csms: server.csms,
        admit: server.security.admit,
        idleTimeoutS: webSocketIdleTimeoutS(config.heartbeatIntervalS),
      }),
    ),
);
const ocppUrls = [
  server.ocppUrl,
  ...extraPorts.map((s) => `ws://127.0.0.1:${s.addr.port}`),
];

emitLine({
  event: "ready",
  ocppUrl: server.ocppUrl,
  ocppUrls,
  httpUrl: server.httpUrl,
  metricsUrl: `${server.httpUrl}/metrics?format=json`,
  metricsToken,
  startMs,
});

Deno.addSignalListener("SIGTERM", async () => {
  const closingMs = performance.now();
  await Promise.all(extraPorts.map((s) => s.shutdown()));
  await server.close();
  emitLine({ event: "closed", closeMs: performance.now() - closingMs });
  await closeLogging();
  Deno.exit(0);
});
