/**
 * The library's CSMS: `startCsms` starts a server in-process and wraps it in a handle that
 * reads the live view, sends charger commands through the CSMS's one commands module and
 * waits for events. mod.ts re-exports it as the public API.
 */
import type { Unsubscribe } from "./actors/runtime/bus.ts";
import type { Bus } from "./actors/csms/events.ts";
import { ChargerOfflineError } from "./actors/csms/csms.ts";
import type { ConnectorStatus, EventType, TamnaEvents } from "./actors/csms/events.ts";
import {
  energySoFarWh,
  type LiveView,
  type MapStatus,
  mapStatus,
  powerKw,
} from "./actors/csms/live_view.ts";
import type { CsmsAction } from "./actors/ocpp/actions.ts";
import type { IdTokenType, RequestOf, ResponseOf } from "./actors/ocpp/payload_types.ts";
import { ServerConfig } from "./config.ts";
import type { Plugin } from "./plugins/mod.ts";
import { openPersistence, type Persistence } from "./plugins/persistence/mod.ts";
import { newRemoteStartId } from "./actors/csms/commands.ts";
import { startServer, type TamnaServer } from "./server.ts";

/**
 * Where a CSMS keeps its data: `"none"` (state in memory, no SQL; the default), `"memory"`
 * (embedded PostgreSQL, PGlite, in memory: the full schema, gone at `stop()`), `{ dataDir }`
 * (PGlite in that directory) or `{ url }` (a PostgreSQL server).
 *
 * @example
 * ```ts
 * import type { DatabaseOption } from "./mod.ts";
 * const choices: DatabaseOption[] = ["none", "memory", { dataDir: "./data" }, {
 *   url: "postgres://charger_user:admin@localhost:5432/charger_db",
 * }];
 * console.log(choices.length);
 * ```
 */
export type DatabaseOption = "none" | "memory" | { dataDir: string } | { url: string };

/**
 * How to start a CSMS. Everything is optional; the defaults suit scripts and tests.
 *
 * @example
 * ```ts
 * import { definePlugin, type CsmsOptions } from "./mod.ts";
 * const options: CsmsOptions = {
 *   ocppPort: 9000, // as the seed; the default 0 takes a free port
 *   httpPort: 8080,
 *   host: "0.0.0.0",
 *   database: { dataDir: "./data" },
 *   validation: "lenient",
 *   apiToken: "a-long-secret",
 *   plugins: [definePlugin({ name: "hello", setup: (_bus, ctx) => ctx.log.info("hello") })],
 * };
 * console.log(options.ocppPort);
 * ```
 */
export interface CsmsOptions {
  /** The OCPP WebSocket port. Default 0: a free port (read it from `ocppUrl`). */
  ocppPort?: number;
  /** The REST API and dashboard port. Default 0: a free port (read it from `httpUrl`). */
  httpPort?: number;
  /** The address of both ports. Default `127.0.0.1` (this machine only). */
  host?: string;
  /** Default `"none"`. */
  database?: DatabaseOption;
  /** `lenient` accepts the usual deviations of field chargers. Default `strict`. */
  validation?: "strict" | "lenient";
  /** Plugins to load after the built-in ones (persistence, pricing, smart charging). */
  plugins?: Plugin[];
  /**
   * Each plugin's options by plugin name, parsed by its `configSchema`; `false` switches a
   * built-in plugin off, e.g. `{ pricing: { priceKrwPerKwh: 200 }, "smart-charging": false }`.
   */
  pluginConfig?: Record<string, unknown>;
  /**
   * The REST API's admin bearer token (`Authorization: Bearer <apiToken>`, 8+ characters). Every
   * REST call needs a caller; without a token (or an account in the database) the REST API
   * answers only `/health`, and a `host` off loopback is refused.
   */
  apiToken?: string;
  /** The heartbeat interval the CSMS gives stations at boot, s. Default 30. */
  heartbeatIntervalS?: number;
  /** How long to wait for a station's answer to a command, ms. Default 30 000. */
  callTimeoutMs?: number;
}

/**
 * A transaction running on a station, as the CSMS sees it. Energy comes from the meter
 * registers the station reports (register now minus register at start), never from summed power.
 *
 * @example
 * ```ts
 * import type { RunningTransaction } from "./mod.ts";
 * const kwh = (tx: RunningTransaction) => (tx.energyWh / 1000).toFixed(2);
 * console.log(kwh({ transactionId: "t1", energyWh: 200 })); // 0.20
 * ```
 */
export interface RunningTransaction {
  /** The id the station gave the transaction. */
  transactionId: string;
  /** The EVSE it runs on. */
  evseId?: number;
  /** The idToken that started it. */
  idToken?: string;
  /** The station's timestamp of the Started event, ISO 8601. */
  startedAt?: string;
  /** Energy delivered so far, whole Wh. */
  energyWh: number;
  /** The last reported chargingState (Charging, SuspendedEV, …). */
  chargingState?: string;
}

/**
 * What the CSMS knows of one station right now.
 *
 * @example
 * ```ts
 * import type { ChargerInfo } from "./mod.ts";
 * const line = (s: ChargerInfo) =>
 *   `${s.chargerId}: Boot=${s.registration === "Accepted"}, Connected=${s.isConnected}`;
 * console.log(line({
 *   chargerId: "charger_001",
 *   isConnected: true,
 *   registration: "Accepted",
 *   status: "available",
 *   connectors: { "1/1": "Available" },
 *   powerKw: 0,
 *   transactions: [],
 * }));
 * ```
 */
export interface ChargerInfo {
  /** The OCPP charging station identity. */
  chargerId: string;
  /** Whether its WebSocket is open now. */
  isConnected: boolean;
  /** The CSMS's answer to its last BootNotification; absent before the first. */
  registration?: "Accepted" | "Pending" | "Rejected";
  /** From its BootNotification. */
  model?: string;
  /** From its BootNotification. */
  vendor?: string;
  /** As the dashboard map colours it: offline, faulted, charging, available or unavailable. */
  status: MapStatus;
  /** The last reported status of each connector, by `"<evseId>/<connectorId>"`. */
  connectors: Readonly<Record<string, ConnectorStatus>>;
  /** Power delivered now, kW (the latest meter sample). */
  powerKw: number;
  /** The limit set by {@link CsmsHandle.setPowerLimit}, while it is in force. */
  powerLimitKw?: number;
  /** Running transactions, oldest first. */
  transactions: readonly RunningTransaction[];
  /** When the CSMS last heard from it, ISO 8601. */
  lastSeen?: string;
}

/**
 * Options of {@link CsmsHandle.startTransaction}.
 *
 * @example
 * ```ts
 * import type { StartTransactionOptions } from "./mod.ts";
 * const options: StartTransactionOptions = { idToken: "token_user_003", evseId: 1 };
 * console.log(options.idToken);
 * ```
 */
export interface StartTransactionOptions {
  /** The idToken (type Central when a string). Default `tamna_<remoteStartId>`. */
  idToken?: string | IdTokenType;
  /** The EVSE to charge on. Default: the station chooses. */
  evseId?: number;
  /** How long to wait for the station's Started TransactionEvent, ms. Default 10 000; 0 skips. */
  waitMs?: number;
}

/**
 * What {@link CsmsHandle.startTransaction} gives back. `transactionId` is there once the station
 * has started the transaction within the wait (a real charger may wait for its cable first).
 *
 * @example
 * ```ts
 * import type { StartTransactionResult } from "./mod.ts";
 * const result: StartTransactionResult = { status: "Accepted", transactionId: "tx-1", remoteStartId: 7 };
 * console.log(result.status === "Accepted" ? result.transactionId : result.reason);
 * ```
 */
export interface StartTransactionResult {
  /** The station's answer to RequestStartTransaction. */
  status: "Accepted" | "Rejected";
  /** The transaction's id, from the answer or the Started TransactionEvent. */
  transactionId?: string;
  /** The id the CSMS gave this request; the Started TransactionEvent carries it back. */
  remoteStartId: number;
  /** Why it was rejected, from the station's statusInfo. */
  reason?: string;
}

/**
 * Options of {@link CsmsHandle.stopTransaction}.
 *
 * @example
 * ```ts
 * import type { StopTransactionOptions } from "./mod.ts";
 * const options: StopTransactionOptions = { transactionId: "tx_001", waitMs: 0 };
 * console.log(options.transactionId);
 * ```
 */
export interface StopTransactionOptions {
  /** Default: the station's running transaction (the latest, if several). */
  transactionId?: string;
  /** How long to wait for the station's Ended TransactionEvent, ms. Default 10 000; 0 skips. */
  waitMs?: number;
}

/**
 * What {@link CsmsHandle.stopTransaction} gives back; `energyWh` and `stoppedReason` come from
 * the station's Ended TransactionEvent when it arrived within the wait.
 *
 * @example
 * ```ts
 * import type { StopTransactionResult } from "./mod.ts";
 * const result: StopTransactionResult = { status: "Accepted", transactionId: "tx-1", energyWh: 200, stoppedReason: "Remote" };
 * console.log(`${((result.energyWh ?? 0) / 1000).toFixed(2)} kWh`);
 * ```
 */
export interface StopTransactionResult {
  /** The station's answer to RequestStopTransaction. */
  status: "Accepted" | "Rejected";
  /** The transaction asked to stop. */
  transactionId?: string;
  /** Energy of the whole transaction, whole Wh (register at end minus register at start). */
  energyWh?: number;
  /** The stoppedReason the station reported (Remote, when it obeyed this request). */
  stoppedReason?: string;
  /**
   * The final cost, whole KRW, that the pricing plugin put in the Ended answer as `totalCost`
   * (150 KRW/kWh unless configured); absent when no plugin priced it.
   */
  costKrw?: number;
  /** Why it was rejected: the station's statusInfo, or no transaction to stop. */
  reason?: string;
}

/**
 * A running CSMS. Commands go through the station's own mailbox, are checked against the OCPP
 * 2.0.1 schemas, and resolve with the station's answer. They reject with
 * {@link ChargerOfflineError} when the station is not connected, {@link CallTimeoutError} when
 * it does not answer, and {@link OcppError} for a CALLERROR or an invalid payload.
 *
 * @example
 * ```ts
 * import { createCharger, startCsms } from "./mod.ts";
 *
 * await using csms = await startCsms();
 * const seen: string[] = [];
 * csms.on("status.changed", ({ chargerId, status }) => void seen.push(`${chargerId} ${status}`));
 * await using _charger = await createCharger({
 *   url: csms.ocppUrl,
 *   chargerId: "charger_001",
 *   speed: 60,
 * });
 *
 * const limit = await csms.setPowerLimit("charger_001", 50);
 * console.log(limit.status, csms.charger("charger_001")?.powerLimitKw); // Accepted 50
 * const answer = await csms.send("charger_001", "GetVariables", {
 *   getVariableData: [{ component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } }],
 * });
 * console.log(answer.getVariableResult[0].attributeValue); // 30
 *
 * const { transactionId } = await csms.startTransaction("charger_001", { idToken: "token_user_003" });
 * const sample = await csms.waitFor("meter.sampled", { where: (e) => e.transactionId === transactionId });
 * console.log(sample.reading.powerW); // at most 50 000 W
 * console.log(seen); // [ "charger_001 Available", "charger_001 Occupied" ]
 * ```
 */
export interface CsmsHandle {
  /** The OCPP endpoint, e.g. `ws://127.0.0.1:9000`; a station connects to `<ocppUrl>/<chargerId>`. */
  readonly ocppUrl: string;
  /** The REST API and dashboard, e.g. `http://127.0.0.1:8080`. */
  readonly httpUrl: string;
  /** Every station seen since the start, by id. */
  chargers(): ChargerInfo[];
  /** One station, or undefined when the CSMS has not seen it since the start. */
  charger(chargerId: string): ChargerInfo | undefined;
  /**
   * RequestStartTransaction (F01/F02) with a Central idToken and a fresh remoteStartId, then
   * waits for the station's Started TransactionEvent to learn the transaction id.
   */
  startTransaction(
    chargerId: string,
    options?: StartTransactionOptions,
  ): Promise<StartTransactionResult>;
  /**
   * RequestStopTransaction (F03) of the given or the running transaction, then waits for the
   * Ended TransactionEvent. Rejected without asking when no transaction runs.
   */
  stopTransaction(
    chargerId: string,
    options?: StopTransactionOptions,
  ): Promise<StopTransactionResult>;
  /**
   * Caps the station's power (K01 SetChargingProfile): on the running transaction (TxProfile),
   * else as the station's default (TxDefaultProfile). A new limit replaces the previous one.
   */
  setPowerLimit(
    chargerId: string,
    powerKw: number,
    options?: { evseId?: number },
  ): Promise<ResponseOf<"SetChargingProfile">>;
  /** Removes the limit `setPowerLimit` set (ClearChargingProfile); Unknown when there was none. */
  clearPowerLimit(chargerId: string): Promise<ResponseOf<"ClearChargingProfile">>;
  /** Sends any CSMS-initiated OCPP 2.0.1 action; request and answer are typed by the action. */
  send<A extends CsmsAction>(
    chargerId: string,
    action: A,
    payload: RequestOf<A>,
  ): Promise<ResponseOf<A>>;
  /**
   * Calls `handler` with every event of `type`, one at a time and in order, off the stations'
   * own path (a slow handler delays only later handlers). Returns the function that unsubscribes.
   */
  on<K extends EventType>(
    type: K,
    handler: (payload: TamnaEvents[K]) => void | Promise<void>,
  ): Unsubscribe;
  /** Resolves with the next event of `type` that matches `where`; rejects after `timeoutMs` (default 10 000). */
  waitFor<K extends EventType>(
    type: K,
    options?: { where?: (payload: TamnaEvents[K]) => boolean; timeoutMs?: number },
  ): Promise<TamnaEvents[K]>;
  /** Closes every station connection and the ports, waits for event handlers, closes the database. */
  stop(): Promise<void>;
  /** The same as `stop()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a CSMS in-process: the OCPP WebSocket endpoint, the REST API with the dashboard, and
 * the database when one is asked for. Resolves once both ports listen.
 *
 * @throws {TypeError} for an invalid option (the message names it).
 *
 * @example
 * ```ts
 * import { startCsms } from "./mod.ts";
 *
 * const csms = await startCsms({ database: "none" });
 * try {
 *   const health = await fetch(`${csms.httpUrl}/health`).then((r) => r.json());
 *   console.log(csms.ocppUrl, health.status); // ws://127.0.0.1:… ok
 * } finally {
 *   await csms.stop();
 * }
 * ```
 */
export async function startCsms(options: CsmsOptions = {}): Promise<CsmsHandle> {
  const database = options.database ?? "none";
  const config = csmsConfig(options, database);
  const persistence = database === "none"
    ? null
    : database === "memory"
    ? await openPersistence({ dataDir: "memory://" })
    : undefined; // the server opens (and closes) the one the config names
  let server: TamnaServer;
  try {
    server = await startServer(config, {
      persistence,
      plugins: options.plugins,
      isThreadShared: true, // the embedding program runs on this thread too
    });
  } catch (error) {
    await persistence?.close();
    throw error;
  }
  return csmsHandle(server, persistence ?? null);
}

function csmsConfig(options: CsmsOptions, database: DatabaseOption): ServerConfig {
  const parsed = ServerConfig.safeParse({
    ocppPort: options.ocppPort ?? 0,
    httpPort: options.httpPort ?? 0,
    host: options.host ?? "127.0.0.1",
    validation: options.validation,
    apiToken: options.apiToken,
    heartbeatIntervalS: options.heartbeatIntervalS,
    callTimeoutMs: options.callTimeoutMs,
    pluginConfig: options.pluginConfig,
    ...(typeof database === "object" && "url" in database ? { databaseUrl: database.url } : {}),
    ...(typeof database === "object" && "dataDir" in database ? { dataDir: database.dataDir } : {}),
  });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue.path[0]) === "databaseUrl" ? "database.url" : issue.path.join(".");
  throw new TypeError(`Invalid CSMS option ${name}: ${issue.message}`);
}

/** The next event of `type` matching `where`, or undefined after `waitMs`; subscribed at once. */
function nextEvent<K extends EventType>(
  bus: Bus,
  type: K,
  options: { where: (payload: TamnaEvents[K]) => boolean; waitMs: number },
): { promise: Promise<TamnaEvents[K] | undefined>; cancel(): void } {
  const { promise, resolve } = Promise.withResolvers<TamnaEvents[K] | undefined>();
  if (options.waitMs <= 0) {
    resolve(undefined);
    return { promise, cancel: () => {} };
  }
  const timer = setTimeout(() => finish(undefined), options.waitMs);
  const off = bus.on(type, (payload) => {
    if (options.where(payload)) finish(payload);
  }, { name: "library" });
  function finish(payload: TamnaEvents[K] | undefined): void {
    clearTimeout(timer);
    off();
    resolve(payload);
  }
  return { promise, cancel: () => finish(undefined) };
}

function reasonOf(response: { statusInfo?: { reasonCode: string; additionalInfo?: string } }) {
  const info = response.statusInfo;
  if (!info) return {};
  return {
    reason: info.additionalInfo ? `${info.reasonCode}: ${info.additionalInfo}` : info.reasonCode,
  };
}

function chargerInfo(view: LiveView, chargerId: string): ChargerInfo | undefined {
  const v = view.get(chargerId);
  // The server's view also lists the inventory; a station counts once it has been seen.
  if (!v || v.lastSeen === undefined) return undefined;
  return {
    chargerId: v.chargerId,
    isConnected: v.isConnected,
    ...(v.registration ? { registration: v.registration } : {}),
    ...(v.model ? { model: v.model } : {}),
    ...(v.vendor ? { vendor: v.vendor } : {}),
    status: mapStatus(v),
    connectors: v.connectors,
    powerKw: powerKw(v),
    ...(v.powerLimit ? { powerLimitKw: v.powerLimit.kw } : {}),
    transactions: v.transactions.map((tx) => ({
      transactionId: tx.transactionId,
      ...(tx.evseId !== undefined ? { evseId: tx.evseId } : {}),
      ...(tx.idToken !== undefined ? { idToken: tx.idToken } : {}),
      ...(tx.startedAt !== undefined ? { startedAt: tx.startedAt } : {}),
      energyWh: energySoFarWh(tx),
      ...(tx.chargingState !== undefined ? { chargingState: tx.chargingState } : {}),
    })),
    ...(v.lastSeen ? { lastSeen: v.lastSeen } : {}),
  };
}

/**
 * RequestStartTransaction, then the Started event's transaction id. Subscribed before the
 * request, so a fast Started event is not missed.
 */
async function startAndWait(
  server: TamnaServer,
  chargerId: string,
  options: StartTransactionOptions,
): Promise<StartTransactionResult> {
  const remoteStartId = newRemoteStartId();
  const started = nextEvent(server.bus, "transaction.started", {
    where: (e) => e.chargerId === chargerId && e.remoteStartId === remoteStartId,
    waitMs: options.waitMs ?? 10_000,
  });
  try {
    const { response } = await server.commands.start(chargerId, {
      evseId: options.evseId,
      idToken: options.idToken,
      remoteStartId,
    });
    if (response.status !== "Accepted") {
      return { status: "Rejected", remoteStartId, ...reasonOf(response) };
    }
    const transactionId = response.transactionId ?? (await started.promise)?.transactionId;
    return { status: "Accepted", remoteStartId, ...(transactionId ? { transactionId } : {}) };
  } finally {
    started.cancel();
  }
}

/** RequestStopTransaction, then the Ended event's energy and the final cost the hooks decided. */
async function stopAndWait(
  server: TamnaServer,
  chargerId: string,
  options: StopTransactionOptions,
): Promise<StopTransactionResult> {
  const { bus, commands } = server;
  const transactionId = options.transactionId ??
    commands.activeTransaction(chargerId)?.transactionId;
  if (transactionId === undefined) {
    return { status: "Rejected", reason: `Charger ${chargerId} has no running transaction` };
  }
  const isThis = (e: { chargerId: string; transactionId: string }) =>
    e.chargerId === chargerId && e.transactionId === transactionId;
  const ended = nextEvent(bus, "transaction.ended", {
    where: isThis,
    waitMs: options.waitMs ?? 10_000,
  });
  // Hooks publish the final cost in the same batch as transaction.ended, just after it.
  let costKrw: number | undefined;
  const offCost = bus.on("transaction.costed", (e) => {
    if (isThis(e) && e.isFinal) costKrw = e.costKrw;
  }, { name: "library" });
  try {
    const { response } = await commands.stop(chargerId, { transactionId });
    if (response.status !== "Accepted") {
      return { status: "Rejected", transactionId, ...reasonOf(response) };
    }
    const event = await ended.promise;
    return {
      status: "Accepted",
      transactionId,
      ...(event?.energyWh !== undefined ? { energyWh: event.energyWh } : {}),
      ...(event?.stoppedReason !== undefined ? { stoppedReason: event.stoppedReason } : {}),
      ...(costKrw !== undefined ? { costKrw } : {}),
    };
  } finally {
    ended.cancel();
    offCost();
  }
}

/** Wraps a started server in the public handle. */
function csmsHandle(server: TamnaServer, ownDatabase: Persistence | null): CsmsHandle {
  const { bus, csms, view, commands } = server;
  const queue = bus.createQueue("library");
  let stopping: Promise<void> | undefined;

  function requireConnected(chargerId: string): void {
    if (!csms.isConnected(chargerId)) throw new ChargerOfflineError(chargerId);
  }

  const send: CsmsHandle["send"] = (chargerId, action, payload) =>
    csms.send(chargerId, action, payload);

  const handle: CsmsHandle = {
    ocppUrl: server.ocppUrl,
    httpUrl: server.httpUrl,
    chargers: () => view.list().flatMap((v) => chargerInfo(view, v.chargerId) ?? []),
    charger: (chargerId) => chargerInfo(view, chargerId),
    async startTransaction(chargerId, options = {}) {
      requireConnected(chargerId);
      return await startAndWait(server, chargerId, options);
    },
    async stopTransaction(chargerId, options = {}) {
      requireConnected(chargerId);
      return await stopAndWait(server, chargerId, options);
    },
    async setPowerLimit(chargerId, powerKw, options = {}) {
      requireConnected(chargerId);
      return (await commands.setPowerLimit(chargerId, { powerKw, evseId: options.evseId }))
        .response;
    },
    async clearPowerLimit(chargerId) {
      requireConnected(chargerId);
      return (await commands.clearPowerLimit(chargerId)).response;
    },
    send,
    on: (type, handler) => bus.on(type, handler, { queue }),
    waitFor(type, options = {}) {
      const timeoutMs = options.timeoutMs ?? 10_000;
      const next = nextEvent(bus, type, {
        where: options.where ?? (() => true),
        waitMs: timeoutMs,
      });
      return next.promise.then((payload) => {
        if (payload === undefined) throw new Error(`No ${type} event within ${timeoutMs} ms`);
        return payload;
      });
    },
    stop() {
      stopping ??= (async () => {
        await server.close();
        await queue.idle();
        queue.close();
        view.close();
        await ownDatabase?.close();
      })();
      return stopping;
    },
    [Symbol.asyncDispose]: () => handle.stop(),
  };
  return handle;
}
