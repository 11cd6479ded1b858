/**
 * The simulator as a library: `createCharger` and `createFleet` start simulated OCPP 2.0.1
 * charging stations in-process, connected to any CSMS URL, and hand back small handles to drive
 * them and read their meters. `mod.ts` re-exports this file; the actor shell stays inside.
 *
 * @module
 */
import type { Clock } from "../../actors/runtime/clock.ts";
import { type SimCharger, startCharger } from "../station/charger.ts";
import { scaledClock } from "../fleet/scaled_clock.ts";
import type { IdToken, SimEvent, StoppedReason } from "../station/station_state.ts";
import type { ChargingState, InternalStatus } from "../../actors/ocpp/status_map.ts";
import type { EvSpec } from "../station/physics.ts";
import { passwordProblem } from "../transport/station_security.ts";

export type { Fleet } from "../fleet.ts";
export type { FleetCounters } from "../fleet/fleet_runner.ts";
export type { EvSpec } from "../station/physics.ts";
export type { IdToken, StoppedReason } from "../station/station_state.ts";
export type { ChargingState, ConnectorStatus } from "../../actors/ocpp/status_map.ts";

/**
 * A simulated station's state, in the names the seed used (OCPP 1.6 vocabulary):
 * Available → Preparing → Charging → Finishing → Available, plus Unavailable and Faulted.
 *
 * @example
 * ```ts
 * import type { ChargerStatus } from "../../mod.ts";
 * const isBusy = (status: ChargerStatus) => status === "Preparing" || status === "Charging";
 * console.log(isBusy("Charging"));
 * ```
 */
export type ChargerStatus = InternalStatus;

/**
 * Where a station is with the CSMS: "None" before its first BootNotification, "Booting" while it
 * waits for the answer, then the answer (B01–B03).
 *
 * @example
 * ```ts
 * import type { ChargerRegistration } from "../../mod.ts";
 * const isReady = (registration: ChargerRegistration) => registration === "Accepted";
 * console.log(isReady("Booting")); // false
 * ```
 */
export type ChargerRegistration = "None" | "Booting" | "Pending" | "Rejected" | "Accepted";

/**
 * Everything a simulated station reports about itself, by `type`: `status`, `registration`,
 * `transaction` (Started / Updated / Ended), `meter`, `rejected` (a command it refused) and
 * `reboot`.
 *
 * @example
 * ```ts
 * import type { ChargerEvent } from "../../mod.ts";
 * const describe = (event: ChargerEvent) =>
 *   event.type === "transaction" ? `${event.eventType} ${event.transactionId}` : event.type;
 * console.log(describe({ type: "reboot", reason: "Reset" }));
 * ```
 */
export type ChargerEvent = SimEvent;

/**
 * The event of one `type`, as {@link ChargerHandle.on} hands it over.
 *
 * @example
 * ```ts
 * import type { ChargerEventOf } from "../../mod.ts";
 * const kw = (event: ChargerEventOf<"meter">) => event.readings.powerW / 1000;
 * console.log(kw({ type: "meter", readings: { energyWh: 0, powerW: 50_000, voltageV: 400, currentA: 125, socPercent: 40 } }));
 * ```
 */
export type ChargerEventOf<K extends ChargerEvent["type"]> = Extract<ChargerEvent, { type: K }>;

/**
 * Live meter readings of a simulated station, rounded as a meter shows them.
 *
 * @example
 * ```ts
 * import type { MeterReadings } from "../../mod.ts";
 * const line = (m: MeterReadings) => `${(m.powerW / 1000).toFixed(1)} kW, ${m.energyWh} Wh`;
 * console.log(line({ energyWh: 1200, powerW: 98_000, voltageV: 380, currentA: 257.9, limitW: null }));
 * ```
 */
export interface MeterReadings {
  /** Energy.Active.Import.Register: whole Wh since the meter was installed. */
  energyWh: number;
  /** Power delivered now, whole W. */
  powerW: number;
  /** DC voltage at the connector, V (0 with nothing plugged in). */
  voltageV: number;
  /** Current, A. */
  currentA: number;
  /** State of charge of the plugged-in EV in whole percent; absent when nothing is plugged in. */
  socPercent?: number;
  /** The chargingState of the running transaction; absent when none runs. */
  chargingState?: ChargingState;
  /** The charging limit in force (from SetChargingProfile), W; null when none. */
  limitW: number | null;
}

/**
 * What {@link ChargerHandle.startCharging} gives back: Accepted with the transaction id, or
 * Rejected with the station's reason (for example an idToken the CSMS did not accept).
 *
 * @example
 * ```ts
 * import type { StartChargingResult } from "../../mod.ts";
 * const start: StartChargingResult = { status: "Rejected", reason: "idToken 04A1 is Blocked" };
 * console.log(start.transactionId ?? start.reason);
 * ```
 */
export interface StartChargingResult {
  /** Accepted once the Started TransactionEvent is on its way. */
  status: "Accepted" | "Rejected";
  /** The new transaction's id, when Accepted. */
  transactionId?: string;
  /** Why it was refused, when Rejected. */
  reason?: string;
}

/**
 * How to create one simulated station. Only `url` and `chargerId` are required.
 *
 * @example
 * ```ts
 * import type { ChargerOptions } from "../../mod.ts";
 * const options: ChargerOptions = {
 *   url: "ws://localhost:9000",
 *   chargerId: "emart_shinjeju_01",
 *   maxPowerKw: 50,
 *   vendor: "EVBox",
 *   model: "EVBox Troniq 50",
 *   speed: 60,
 * };
 * console.log(options.chargerId);
 * ```
 */
export interface ChargerOptions {
  /** The CSMS endpoint without the station id, e.g. `ws://localhost:9000`. */
  url: string;
  /** The OCPP charging station identity; the station connects to `<url>/<chargerId>`. */
  chargerId: string;
  /** Rated power. Default 100 kW. */
  maxPowerKw?: number;
  /** Default "Tamna". At most 50 characters. */
  vendor?: string;
  /** Default "Tamna Sim". At most 20 characters. */
  model?: string;
  /** Default `SN-<chargerId>`, cut to 25 characters. */
  serialNumber?: string;
  /** Default "1.0.0". */
  firmwareVersion?: string;
  /** The EV that a bare `plugIn()` or a remote start brings. Default 64 kWh at 30 %, 150 kW. */
  ev?: EvSpec;
  /** On a remote start with nothing plugged in, plug the default EV in at once. Default true. */
  isAutoPlugOnRemoteStart?: boolean;
  /** Simulated time runs this many times faster (heartbeats, meter samples, charging). Default 1. */
  speed?: number;
  /**
   * Wait this long (real ms) for the CSMS to accept the BootNotification before resolving, and
   * throw if it does not. 0 resolves at once and lets the station keep trying. Default 10 000.
   */
  bootTimeoutMs?: number;
  /** Keep unacknowledged TransactionEvents in files under this directory. Default: in memory. */
  stateDir?: string;
  /** How long to wait for each CSMS answer, simulated ms. Default 30 000. */
  callTimeoutMs?: number;
  /**
   * HTTP Basic auth password for security profile 1 (or 2 with a `wss://` url); the user name is
   * the station id. 16 to 40 characters. A password the CSMS sets later (SetVariables
   * SecurityCtrlr.BasicAuthPassword, A01) is used from the next connection on and, with
   * `stateDir`, kept there and preferred to this one at the next start. Never logged.
   */
  password?: string;
  /** PEM CA certificates to check a `wss://` CSMS against, besides the system's. */
  caCerts?: string[];
}

/**
 * A running simulated station. Commands resolve once the station has handled them (the OCPP
 * messages they cause are then on their way); `stop()` or `await using` shuts it down.
 *
 * @example
 * ```ts
 * import { createCharger, startCsms } from "../../mod.ts";
 *
 * await using csms = await startCsms();
 * await using charger = await createCharger({
 *   url: csms.ocppUrl,
 *   chargerId: "emart_jeju_01",
 *   speed: 60,
 * });
 * const start = await charger.startCharging("04A1B2C3"); // plug in, present a card
 * console.log(start.status, charger.status); // Accepted Charging
 * await charger.stopCharging(); // the driver stops (stoppedReason Local)
 * await charger.unplug();
 * console.log(charger.status, charger.meter().energyWh >= 0); // Available true
 * ```
 */
export interface ChargerHandle {
  /** The OCPP charging station identity. */
  readonly chargerId: string;
  /** Rated power, kW. */
  readonly maxPowerKw: number;
  /** The station's state now. */
  readonly status: ChargerStatus;
  /** Whether the WebSocket to the CSMS is open. */
  readonly isConnected: boolean;
  /** The answer to the last BootNotification ("None" before the first, "Booting" while waiting). */
  readonly registration: ChargerRegistration;
  /** The running transaction's id, if one runs. */
  readonly transactionId: string | undefined;
  /** The meter right now. */
  meter(): MeterReadings;
  /** Plugs an EV in (the default one when none is given): Available → Preparing. */
  plugIn(ev?: EvSpec): Promise<void>;
  /** Pulls the cable; a running transaction ends with EVDisconnected. */
  unplug(): Promise<void>;
  /**
   * Presents a card: asks the CSMS (Authorize) and, once accepted, starts charging if an EV is
   * plugged in. Presenting the card that started the running transaction stops it.
   */
  authorize(idToken: string | IdToken): Promise<void>;
  /**
   * Plugs in (if needed), presents the card and resolves once the transaction has started or
   * been refused. A bare string is an ISO14443 card number.
   */
  startCharging(idToken: string | IdToken, ev?: EvSpec): Promise<StartChargingResult>;
  /** The driver stops the running transaction (default stoppedReason Local); the EV stays plugged in. */
  stopCharging(reason?: StoppedReason): Promise<void>;
  /** A hardware fault: a running transaction ends (default Other) and the station is Faulted. */
  fault(reason?: StoppedReason): Promise<void>;
  /** Repairs a fault: back to Available (or Finishing while an EV is plugged in). */
  clearFault(): Promise<void>;
  /** Drops the connection and stays offline; TransactionEvents queue up until `goOnline()`. */
  goOffline(): Promise<void>;
  /**
   * Reconnects after `goOffline()` and resolves once the CSMS has accepted its BootNotification
   * again (queued TransactionEvents follow). Rejects after `bootTimeoutMs`; the station goes on
   * trying.
   */
  goOnline(): Promise<void>;
  /** Calls `handler` with every event of `type`; returns the function that unsubscribes it. */
  on<K extends ChargerEvent["type"]>(
    type: K,
    handler: (event: ChargerEventOf<K>) => void,
  ): () => void;
  /**
   * Shuts down like a station switched off by its operator: ends a running transaction
   * (default stoppedReason Other), gives the CSMS up to 5 s to acknowledge what is queued, and
   * closes the connection. Calling it again does nothing.
   */
  stop(options?: { reason?: StoppedReason }): Promise<void>;
  /** The same as `stop()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** What a station brings when no EV is given: the fleet runner's default car. */
const DEFAULT_EV: EvSpec = { batteryWh: 64_000, startSocPercent: 30, maxPowerW: 150_000 };

/**
 * Starts a simulated station connected to `options.url` and, unless `bootTimeoutMs` is 0,
 * resolves once the CSMS has accepted its BootNotification.
 *
 * @throws {Error} when the station is not accepted within `bootTimeoutMs` (it is stopped first).
 * @throws {RangeError} for a bad `speed`, `maxPowerKw` or `password`.
 *
 * @example
 * ```ts
 * import { createCharger, startCsms } from "../../mod.ts";
 *
 * await using csms = await startCsms();
 * const charger = await createCharger({ url: csms.ocppUrl, chargerId: "charger_001" });
 * console.log(charger.isConnected, charger.registration); // true Accepted
 * console.log(csms.charger("charger_001")?.isConnected); // true
 * await charger.stop();
 * ```
 */
export async function createCharger(options: ChargerOptions): Promise<ChargerHandle> {
  const maxPowerKw = options.maxPowerKw ?? 100;
  if (!(maxPowerKw > 0)) throw new RangeError(`maxPowerKw must be above 0, got ${maxPowerKw}`);
  checkPasswords(options.password);
  const clock = scaledClock(options.speed ?? 1);
  const sim = await startCharger({
    url: options.url,
    clock,
    stateDir: options.stateDir ?? null,
    callTimeoutMs: options.callTimeoutMs,
    password: options.password,
    caCerts: options.caCerts,
    config: {
      chargerId: options.chargerId,
      vendor: options.vendor ?? "Tamna",
      model: options.model ?? "Tamna Sim",
      serialNumber: (options.serialNumber ?? `SN-${options.chargerId}`).slice(0, 25),
      firmwareVersion: options.firmwareVersion ?? "1.0.0",
      maxPowerW: Math.round(maxPowerKw * 1000),
      // Random per charger, so transaction ids never repeat across runs of a script.
      txIdPrefix: crypto.randomUUID().slice(0, 8),
      defaultEv: options.ev ?? DEFAULT_EV,
      isAutoPlugOnRemoteStart: options.isAutoPlugOnRemoteStart ?? true,
    },
  });
  const bootTimeoutMs = options.bootTimeoutMs ?? 10_000;
  const handle = chargerHandle(sim, { clock, url: options.url, bootTimeoutMs });
  await awaitBoot([handle], { url: options.url, timeoutMs: bootTimeoutMs });
  return handle;
}

/**
 * Polls until every station is connected and registered; on timeout throws, after stopping
 * them when `isStoppingLate`.
 */
/** Shared with `library_fleet.ts`. */
export async function awaitBoot(
  chargers: readonly ChargerHandle[],
  options: { url: string; timeoutMs: number; isStoppingLate?: boolean },
): Promise<void> {
  if (options.timeoutMs <= 0) return;
  const deadlineMs = Date.now() + options.timeoutMs;
  for (;;) {
    const late = chargers.find((c) => !c.isConnected || c.registration !== "Accepted");
    if (!late) return;
    if (Date.now() >= deadlineMs) {
      const state = `registration ${late.registration}, connected ${late.isConnected}`;
      if (options.isStoppingLate ?? true) await Promise.all(chargers.map((c) => c.stop()));
      throw new Error(
        `Station ${late.chargerId} was not accepted by ${options.url} within ${options.timeoutMs} ms (${state})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls until the station's socket is closed (a local close takes a few ms). */
async function awaitOffline(sim: SimCharger): Promise<void> {
  const deadlineMs = Date.now() + 5_000;
  while (sim.isConnected && Date.now() < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function token(idToken: string | IdToken): IdToken {
  return typeof idToken === "string" ? { idToken, type: "ISO14443" } : idToken;
}

/** The public face of one simulated station. */
/** Shared with `library_fleet.ts`. */
export function chargerHandle(
  sim: SimCharger,
  context: { clock: Clock; url: string; bootTimeoutMs: number; isFleetStopped?: () => boolean },
): ChargerHandle {
  let isStopped = false;
  const stop = async (options: { reason?: StoppedReason } = {}) => {
    await sim.stop({ reason: options.reason });
    isStopped = true; // the station's own state still says online once its actor is gone
  };
  const handle: ChargerHandle = {
    chargerId: sim.id,
    maxPowerKw: sim.snapshot().config.maxPowerW / 1000,
    get status() {
      return sim.status;
    },
    get isConnected() {
      return !isStopped && !context.isFleetStopped?.() && sim.isConnected;
    },
    get registration() {
      return sim.registration;
    },
    get transactionId() {
      return sim.snapshot().tx?.transactionId;
    },
    meter() {
      const { socPercent, chargingState, ...rest } = sim.meter();
      return {
        ...rest,
        ...(socPercent !== undefined ? { socPercent } : {}),
        ...(chargingState !== undefined ? { chargingState } : {}),
      };
    },
    plugIn: (ev) => sim.plugIn(ev),
    unplug: () => sim.unplug(),
    authorize: (idToken) => sim.authorize(token(idToken)),
    startCharging: (idToken, ev) =>
      startCharging(sim, context.clock, { idToken: token(idToken), ev }),
    stopCharging: (reason) => sim.stopLocal(reason),
    fault: (reason) => sim.fault(reason),
    clearFault: () => sim.clearFault(),
    async goOffline() {
      await sim.goOffline();
      await awaitOffline(sim);
    },
    async goOnline() {
      await sim.goOnline();
      const { url, bootTimeoutMs } = context;
      await awaitBoot([handle], { url, timeoutMs: bootTimeoutMs, isStoppingLate: false });
    },
    on(type, handler) {
      const listener = (event: Event) => handler((event as CustomEvent).detail);
      sim.events.addEventListener(type, listener);
      return () => sim.events.removeEventListener(type, listener);
    },
    stop,
    [Symbol.asyncDispose]: () => stop(),
  };
  return handle;
}

/** Commands whose refusal means the start failed. */
const START_COMMANDS = new Set(["plugIn", "authorize", "startLocal"]);

/**
 * Sends startLocal and waits for the Started event or a refusal. The Authorize answer normally
 * takes milliseconds; the wait is bounded by the call timeout (in the station's time) in case the
 * CSMS never answers.
 */
async function startCharging(
  sim: SimCharger,
  clock: Clock,
  start: { idToken: IdToken; ev?: EvSpec },
): Promise<StartChargingResult> {
  const running = sim.snapshot().tx;
  if (running) {
    return {
      status: "Rejected",
      reason: `transaction ${running.transactionId} is already running`,
    };
  }
  const outcome = Promise.withResolvers<StartChargingResult>();
  const onEvent = (event: Event) => {
    const detail = (event as CustomEvent<SimEvent>).detail;
    if (detail.type === "transaction" && detail.eventType === "Started") {
      outcome.resolve({ status: "Accepted", transactionId: detail.transactionId });
    } else if (detail.type === "rejected" && START_COMMANDS.has(detail.command)) {
      outcome.resolve({ status: "Rejected", reason: detail.reason });
    }
  };
  sim.events.addEventListener("transaction", onEvent);
  sim.events.addEventListener("rejected", onEvent);
  const timer = clock.setTimeout(
    () => outcome.resolve({ status: "Rejected", reason: "no answer to Authorize" }),
    35_000,
  );
  try {
    await sim.startLocal(start.idToken, start.ev);
    return await outcome.promise;
  } finally {
    clock.clearTimeout(timer);
    sim.events.removeEventListener("transaction", onEvent);
    sim.events.removeEventListener("rejected", onEvent);
  }
}

/** Throws for a password OCPP does not allow; the message names the station, never the value. */
export function checkPasswords(password: string | Record<string, string> | undefined): void {
  const entries = typeof password === "string" ? [["", password]] : Object.entries(password ?? {});
  for (const [chargerId, value] of entries) {
    const problem = passwordProblem(value);
    if (problem) throw new RangeError(`password${chargerId ? ` of ${chargerId}` : ""} ${problem}`);
  }
}
