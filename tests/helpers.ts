/** Shared test helpers: a real server on loopback ports chosen by the OS, and event capture. */
import { ServerConfig } from "../config.ts";
import type { AnyEvent } from "../actors/events.ts";
import { type ServerOverrides, startServer, type TamnaServer } from "../server.ts";
import { connectRaw, type RawClient } from "./ocpp_client.ts";

/** A server on 127.0.0.1 with ports 0, plus every event it published. */
export interface TestServer extends TamnaServer {
  events: AnyEvent[];
  /** Opens a raw client for `stationId`. */
  client(stationId: string, protocols?: string[]): Promise<RawClient>;
  /** Opens a raw client and boots it. */
  booted(stationId: string): Promise<RawClient>;
}

/**
 * Starts a server for a test; `close()` it in `finally`. Without a database unless
 * `overrides.persistence` provides one.
 */
export async function startTestServer(
  config: Partial<ServerConfig> = {},
  overrides: ServerOverrides = {},
): Promise<TestServer> {
  const server = await startServer(
    ServerConfig.parse({ ocppPort: 0, httpPort: 0, host: "127.0.0.1", ...config }),
    { persistence: null, ...overrides },
  );
  const events: AnyEvent[] = [];
  server.bus.onAny((event) => void events.push(event));
  const client = (stationId: string, protocols?: string[]) =>
    connectRaw(`${server.ocppUrl}/${encodeURIComponent(stationId)}`, protocols);
  return {
    ...server,
    events,
    client,
    async booted(stationId) {
      const c = await client(stationId);
      const [type] = await c.call("BootNotification", {
        chargingStation: { model: "Test", vendorName: "Tamna" },
        reason: "PowerUp",
      });
      if (type !== 3) throw new Error(`boot of ${stationId} failed`);
      return c;
    },
  };
}

/** Resolves when `predicate` holds, polling each macrotask turn; fails after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
