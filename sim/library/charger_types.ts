/**
 * The public types of a simulated station in the simulator library: its options, the handle
 * `createCharger` returns, its events, meter readings and states (mod.ts re-exports them).
 */
import type { IdToken, SimEvent, StoppedReason } from "../station/station_state.ts";
import type { ChargingState, InternalStatus } from "../../actors/ocpp/status_map.ts";
import type { EvSpec } from "../station/physics.ts";

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
