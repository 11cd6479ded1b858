/**
 * The OCPP ports: plain `ws://` on `ocppPort` (profiles 0 and 1), `wss://` on `ocppTlsPort`
 * when a certificate and key are configured (profile 2, `Deno.serve` with rustls: TLS 1.2 and
 * 1.3 only), and mutual TLS on `mtlsPort` when a client CA is configured too (profile 3, see
 * tls.ts). All share one admission check built from the security settings.
 */
import type { Clock } from "../../actors/runtime/clock.ts";
import type { Csms } from "../../actors/csms/csms.ts";
import type { AnyEvent } from "../../actors/csms/events.ts";
import {
  createCredentialStore,
  type CredentialStore,
  type SecurityConfig,
  type SecurityRecords,
} from "../../actors/csms/credentials.ts";
import { createHashGate } from "./hash_gate.ts";
import { createFailureLimiter } from "./rate_limiter.ts";
import { createVerifiedCache } from "./verified_cache.ts";
import { ConfigError } from "../../actors/runtime/config_error.ts";
import { createOcppHandler, webSocketIdleTimeoutS } from "./endpoint.ts";
import { createOcppAdmission, type OcppAdmission } from "./auth.ts";
import { startMtlsListener } from "./tls.ts";
import { type KeptListener, serveKeepingOpen } from "../listener.ts";

/** The settings of the OCPP ports and their admission (a part of the server's config). */
export interface OcppPortsConfig extends SecurityConfig {
  host: string;
  ocppPort: number;
  ocppTlsPort: number;
  mtlsPort: number;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  requireKnownStations: boolean;
  authRateLimit: { maxFailures: number; windowS: number; blockS: number };
  /** Balancers whose `X-Forwarded-For` names the charger's address (see endpoint.ts). */
  trustedProxies?: string[];
  /** The Heartbeat interval chargers are given: sets the WebSocket idle timeout. */
  heartbeatIntervalS?: number;
}

/** The admission check and the credentials it reads (A01 rotation writes them). */
export interface OcppSecurity {
  admit: OcppAdmission;
  credentials: CredentialStore;
  /**
   * Cluster mode: `publish` hears every failed attempt counted here, and the function returned
   * counts one that failed on another node, so an address gets one budget across the cluster.
   */
  shareFailures(publish: (address: string) => void): (address: string) => void;
}

/** Builds the admission check from config, over the database when there is one. */
export function createOcppSecurity(
  config: OcppPortsConfig,
  deps: { emit(event: AnyEvent): void; clock: Clock; records?: SecurityRecords },
): OcppSecurity {
  const credentials = createCredentialStore(config, deps.records);
  const limiter = createFailureLimiter({
    clock: deps.clock,
    maxFailures: config.authRateLimit.maxFailures,
    windowMs: config.authRateLimit.windowS * 1000,
    blockMs: config.authRateLimit.blockS * 1000,
  });
  let publish: ((address: string) => void) | undefined;
  const admit = createOcppAdmission({
    credentials,
    limiter: {
      ...limiter,
      fail(address, options) {
        publish?.(address);
        return limiter.fail(address, options);
      },
    },
    cache: createVerifiedCache(),
    gate: createHashGate(),
    requireKnownStations: config.requireKnownStations,
    emit: deps.emit,
    clock: deps.clock,
  });
  return {
    admit,
    credentials,
    shareFailures(sink) {
      publish = sink;
      return (address) => void limiter.fail(address);
    },
  };
}

/** The running listeners. */
export interface OcppListeners {
  ocpp: KeptListener;
  ocppTls?: KeptListener;
  mtls?: { addr: { hostname: string; port: number }; close(): Promise<void> };
  shutdown(): Promise<void>;
}

async function readPem(path: string, field: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw new ConfigError(`${field}: cannot read ${path}: ${(error as Error).message}`);
  }
}

/** Starts the ports `config` asks for. */
export async function startOcppListeners(
  config: OcppPortsConfig,
  deps: { csms: Csms; admit: OcppAdmission },
): Promise<OcppListeners> {
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    throw new ConfigError("--tls-cert and --tls-key: give both or neither");
  }
  if (config.tlsCa !== undefined && config.tlsCert === undefined) {
    throw new ConfigError("--tls-ca: mutual TLS also needs --tls-cert and --tls-key");
  }
  const cert = config.tlsCert && await readPem(config.tlsCert, "--tls-cert");
  const key = config.tlsKey && await readPem(config.tlsKey, "--tls-key");
  const ca = config.tlsCa && await readPem(config.tlsCa, "--tls-ca");
  const hostname = config.host;
  const idleTimeoutS = webSocketIdleTimeoutS(config.heartbeatIntervalS ?? 30);
  const ocpp = serveKeepingOpen(
    "ocpp",
    { port: config.ocppPort, hostname },
    createOcppHandler({
      csms: deps.csms,
      admit: deps.admit,
      trustedProxies: config.trustedProxies,
      idleTimeoutS,
    }),
  );
  const ocppTls = cert && key
    ? serveKeepingOpen(
      "ocpp-tls",
      { port: config.ocppTlsPort, hostname, cert, key },
      createOcppHandler({
        csms: deps.csms,
        admit: deps.admit,
        transport: "tls",
        trustedProxies: config.trustedProxies,
        idleTimeoutS,
      }),
    )
    : undefined;
  let mtls;
  try {
    mtls = cert && key && ca
      ? await startMtlsListener({
        hostname,
        port: config.mtlsPort,
        cert,
        key,
        ca,
        csms: deps.csms,
        admit: deps.admit,
        idleTimeoutS,
      })
      : undefined;
  } catch (error) {
    await Promise.all([ocpp.shutdown(), ocppTls?.shutdown()]);
    throw error;
  }
  return {
    ocpp,
    ocppTls,
    mtls,
    async shutdown() {
      await Promise.all([ocpp.shutdown(), ocppTls?.shutdown(), mtls?.close()]);
    },
  };
}
