/**
 * Starts a Tamna server in-process: bus, supervisor, CSMS core, the OCPP WebSocket port and
 * the HTTP port. `main.ts` calls it for `deno task serve`; tests and the library call it too.
 */
import { getLogger } from "@logtape/logtape";
import { type Bus, createBus } from "./actors/bus.ts";
import { type Clock, systemClock } from "./actors/clock.ts";
import { createCsms, type Csms, DEFAULT_CSMS_CONFIG } from "./actors/csms.ts";
import type { DurableStore } from "./actors/station/durable.ts";
import { createSupervisor, type Supervisor } from "./actors/supervisor.ts";
import type { ServerConfig } from "./config.ts";
import { createApp } from "./routes/app.ts";
import { createOcppHandler } from "./routes/ocpp.ts";

/** A running server. */
export interface TamnaServer {
  /** e.g. `ws://127.0.0.1:9000` (the bound port, also when 0 was asked for). */
  ocppUrl: string;
  httpUrl: string;
  csms: Csms;
  bus: Bus;
  supervisor: Supervisor;
  /** Stops accepting, closes every station connection, and releases everything. */
  close(): Promise<void>;
}

/** Things tests and the library may inject. */
export interface ServerOverrides {
  clock?: Clock;
  store?: DurableStore;
  databaseHealth?(): Promise<{ ok: boolean; engine: string; error?: string }>;
}

const log = getLogger(["tamna", "server"]);

function urlOf(scheme: string, addr: Deno.NetAddr): string {
  const host = addr.hostname === "0.0.0.0" ? "127.0.0.1" : addr.hostname;
  return `${scheme}://${host.includes(":") ? `[${host}]` : host}:${addr.port}`;
}

/** Starts the servers described by `config`. */
export function startServer(
  config: ServerConfig,
  overrides: ServerOverrides = {},
): Promise<TamnaServer> {
  const clock = overrides.clock ?? systemClock;
  const bus = createBus({ clock });
  const supervisor = createSupervisor({
    clock,
    onEvent: (event) => {
      if (event.type === "actor.restarted" || event.type === "actor.gave-up") {
        bus.emit(event.type, event.payload as never);
      }
    },
  });
  const csms = createCsms({
    clock,
    supervisor,
    emit: (event) => bus.emit(event.type, event.payload as never),
    store: overrides.store,
    config: {
      ...DEFAULT_CSMS_CONFIG,
      validation: config.validation,
      stations: config.stations,
      unknownStationRegistration: config.unknownStations,
      heartbeatIntervalS: config.heartbeatIntervalS,
      authorization: config.authorization,
      maxBadFrames: config.maxBadFrames,
      maxFrameChars: config.maxFrameChars,
      callTimeoutMs: config.callTimeoutMs,
    },
  });
  const startedAtMs = clock.now();
  const ocpp = Deno.serve(
    { port: config.ocppPort, hostname: config.host, onListen: () => {} },
    createOcppHandler({ csms }),
  );
  const app = createApp({
    csms,
    databaseHealth: overrides.databaseHealth,
    startedAtMs,
    now: () => clock.now(),
  });
  const http = Deno.serve(
    { port: config.httpPort, hostname: config.host, onListen: () => {} },
    app.fetch,
  );
  const server: TamnaServer = {
    ocppUrl: urlOf("ws", ocpp.addr),
    httpUrl: urlOf("http", http.addr),
    csms,
    bus,
    supervisor,
    async close() {
      await csms.close();
      await supervisor.stopAll();
      await Promise.all([ocpp.shutdown(), http.shutdown()]);
    },
  };
  log.info`OCPP endpoint ${server.ocppUrl}/<stationId>, HTTP ${server.httpUrl}`;
  return Promise.resolve(server);
}
