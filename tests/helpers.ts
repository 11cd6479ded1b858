/** Shared test helpers: a real server on loopback ports chosen by the OS, and event capture. */
import { ServerConfig } from "../config.ts";
import type { AnyEvent } from "../actors/csms/events.ts";
import { type ServerOverrides, startServer, type TamnaServer } from "../server.ts";
import { connectRaw, type RawClient } from "./ocpp_client.ts";
import { AUTH, TEST_API_TOKEN } from "./api_helpers.ts";
import type { Role } from "../actors/csms/accounts.ts";
import {
  createPasswordVerifier,
  hashPassword,
  MIN_ITERATIONS,
  type PasswordVerifier,
} from "../actors/csms/password.ts";

export { AUTH, TEST_API_TOKEN };

/** A server on 127.0.0.1 with ports 0, plus every event it published. */
export interface TestServer extends TamnaServer {
  events: AnyEvent[];
  /** Opens a raw client for `chargerId`. */
  client(chargerId: string, protocols?: string[]): Promise<RawClient>;
  /** Opens a raw client and boots it. */
  booted(chargerId: string): Promise<RawClient>;
  /** `fetch` on the HTTP port as the admin {@link TEST_API_TOKEN} (`init` headers may override). */
  api(path: string, init?: RequestInit): Promise<Response>;
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
    ServerConfig.parse({
      ocppPort: 0,
      httpPort: 0,
      host: "127.0.0.1",
      apiToken: TEST_API_TOKEN,
      ...config,
    }),
    // The test and its simulated chargers run on the server's thread.
    { persistence: null, isThreadShared: true, ...overrides },
  );
  const events: AnyEvent[] = [];
  server.bus.onAny((event) => void events.push(event));
  const client = (chargerId: string, protocols?: string[]) =>
    connectRaw(`${server.ocppUrl}/${encodeURIComponent(chargerId)}`, protocols);
  return {
    ...server,
    events,
    client,
    api(path, init = {}) {
      const headers = new Headers(AUTH);
      new Headers(init.headers).forEach((value, name) => headers.set(name, value));
      return fetch(`${server.httpUrl}${path}`, { ...init, headers });
    },
    async booted(chargerId) {
      const c = await client(chargerId);
      const [type] = await c.call("BootNotification", {
        chargingStation: { model: "Test", vendorName: "Tamna" },
        reason: "PowerUp",
      });
      if (type !== 3) throw new Error(`boot of ${chargerId} failed`);
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

/** The charger timestamp the end-to-end tests use. */
export const TEST_TIMESTAMP = "2026-01-21T05:30:00Z";

/** Options of {@link transactionEvent}. */
export interface TransactionEventOptions {
  transactionId?: string;
  /** Sent on the Started event only. */
  idToken?: string;
  /** Sent on the Ended event only. */
  stoppedReason?: string;
  /** A Power.Active.Import sample beside the energy register. */
  powerW?: number;
}

/** A valid TransactionEvent request on EVSE 1 with the energy register at `energyWh`. */
export function transactionEvent(
  seqNo: number,
  eventType: "Started" | "Updated" | "Ended",
  energyWh: number,
  options: TransactionEventOptions = {},
): Record<string, unknown> {
  const { transactionId = "tx-1", idToken, stoppedReason, powerW } = options;
  return {
    eventType,
    timestamp: TEST_TIMESTAMP,
    triggerReason: eventType === "Ended" ? "StopAuthorized" : "Authorized",
    seqNo,
    transactionInfo: {
      transactionId,
      ...(eventType === "Ended" && stoppedReason !== undefined && { stoppedReason }),
    },
    evse: { id: 1, connectorId: 1 },
    ...(eventType === "Started" && idToken !== undefined &&
      { idToken: { idToken, type: "ISO14443" } }),
    meterValue: [{
      timestamp: TEST_TIMESTAMP,
      sampledValue: [
        { value: energyWh },
        ...(powerW === undefined ? [] : [{ value: powerW, measurand: "Power.Active.Import" }]),
      ],
    }],
  };
}

/** A signed-in operator account of a test server: its session cookie and CSRF token. */
export interface TestSession {
  username: string;
  password: string;
  /** The `tamna_session` cookie's value. */
  cookie: string;
  csrfToken: string;
}

/** Creates an account with `role` on `server` and signs it in over HTTP. */
export async function signedIn(
  server: Pick<TamnaServer, "accounts" | "httpUrl">,
  role: Role = "admin",
): Promise<TestSession> {
  const username = `${role}_${crypto.randomUUID().slice(0, 8)}`;
  const password = `${role}-password-${crypto.randomUUID().slice(0, 8)}`;
  const passwordHash = await hashPassword(password, { iterations: MIN_ITERATIONS });
  await server.accounts.createAccount({ username, role, passwordHash });
  const response = await fetch(`${server.httpUrl}/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${await response.text()}`);
  const body = await response.json();
  const cookie = /tamna_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
  if (!cookie) throw new Error("sign-in set no session cookie");
  return { username, password, cookie, csrfToken: body.csrf_token };
}

/** A real password verifier (at the minimum cost) that counts its checks, with and without a hash. */
export function countingVerifier(): {
  verifier: PasswordVerifier;
  counts: { withHash: number; withoutHash: number };
} {
  const real = createPasswordVerifier(MIN_ITERATIONS);
  const counts = { withHash: 0, withoutHash: 0 };
  const verifier: PasswordVerifier = {
    verify(password, encoded) {
      if (encoded === undefined) counts.withoutHash++;
      else counts.withHash++;
      return real.verify(password, encoded);
    },
  };
  return { verifier, counts };
}
