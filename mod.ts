/**
 * Tamna from code: start an OCPP 2.0.1 CSMS in-process, command its stations, run simulated
 * chargers or a whole fleet against any CSMS, build and check OCPP-J frames, and write plugins.
 * Everything here is stable; anything not exported here is internal and may change.
 *
 * - {@link startCsms} → {@link CsmsHandle}: URLs, station status, start/stop transactions,
 *   power limits, any CSMS→charger action, typed events, `stop()`.
 * - {@link createCharger} → {@link ChargerHandle} and {@link createFleet} → {@link FleetHandle}:
 *   simulated stations you drive (plug in, authorize, charge, fault, go offline) and meter.
 * - OCPP-J helpers: {@link parseFrame}, {@link buildCall}, {@link validateRequest}, {@link ACTIONS}, …
 * - Plugins: {@link definePlugin} and its types; logging: {@link setupLogging}.
 *
 * @example
 * ```ts
 * import { createCharger, startCsms } from "./mod.ts";
 *
 * await using csms = await startCsms(); // free ports, no database
 * await using charger = await createCharger({
 *   url: csms.ocppUrl,
 *   chargerId: "charger_001",
 *   speed: 60, // a simulated minute per real second
 * });
 * const { transactionId } = await csms.startTransaction("charger_001");
 * await new Promise((resolve) => setTimeout(resolve, 500)); // 30 simulated seconds
 * console.log(transactionId, charger.meter().powerW); // …-1 100000
 * const { energyWh } = await csms.stopTransaction("charger_001");
 * console.log(`${energyWh} Wh`);
 * ```
 *
 * @module
 */
export {
  type ChargerInfo,
  type CsmsHandle,
  type CsmsOptions,
  type DatabaseOption,
  type RunningTransaction,
  startCsms,
  type StartTransactionOptions,
  type StartTransactionResult,
  type StopTransactionOptions,
  type StopTransactionResult,
} from "./library.ts";

// ---------------------------------------------------------------------------------------------
// Simulated chargers and fleets (sim/library/)

export {
  type ChargerEvent,
  type ChargerEventOf,
  type ChargerHandle,
  type ChargerOptions,
  type ChargerRegistration,
  type ChargerStatus,
  createCharger,
  type MeterReadings,
  type StartChargingResult,
} from "./sim/library/mod.ts";
export { createFleet, type FleetHandle, type FleetOptions } from "./sim/library/create_fleet.ts";

/**
 * Shapes of the simulator's data: an EV ({@link EvSpec}), an idToken, the stoppedReason of a
 * transaction, its chargingState, a fleet file ({@link Fleet}) and the fleet's counters.
 *
 * @example
 * ```ts
 * import type { ChargingState, EvSpec, Fleet, FleetCounters, IdToken, StoppedReason } from "./mod.ts";
 * const ev: EvSpec = { batteryWh: 77_400, startSocPercent: 20, maxPowerW: 250_000 };
 * const card: IdToken = { idToken: "04A1B2C3", type: "ISO14443" };
 * const reason: StoppedReason = "EVDisconnected";
 * const state: ChargingState = "SuspendedEV";
 * const fleet: Fleet = {
 *   name: "one site",
 *   sites: [{
 *     id: "emart_jeju_main", name: "Emart Jeju", address: "제주시 중앙로 148", lat: 33.5, lng: 126.53,
 *     chargers: { idPrefix: "emart_jeju_", count: 2, maxPowerKw: 100, vendor: "ABB", model: "Terra 124", firmwareVersion: "1.0.0" },
 *   }],
 * };
 * const show = (c: FleetCounters) => `${c.connected}/${c.stations} connected, ${c.powerKw} kW`;
 * console.log(ev.batteryWh, card.type, reason, state, fleet.sites.length, typeof show);
 * ```
 */
export type {
  ChargerTemplate,
  ChargingState,
  EvSpec,
  Fleet,
  FleetCounters,
  IdToken,
  Site,
  StoppedReason,
} from "./sim/library/mod.ts";

// ---------------------------------------------------------------------------------------------
// Errors a caller may catch

/**
 * A command was sent to a station that is not connected.
 *
 * @example
 * ```ts
 * import { ChargerOfflineError, startCsms } from "./mod.ts";
 * await using csms = await startCsms();
 * try {
 *   await csms.startTransaction("nobody");
 * } catch (error) {
 *   console.log(error instanceof ChargerOfflineError); // true
 * }
 * ```
 */
export { ChargerOfflineError } from "./actors/csms/csms.ts";

/**
 * A station did not answer a command within the call timeout.
 *
 * @example
 * ```ts
 * import { CallTimeoutError } from "./mod.ts";
 * const error = new CallTimeoutError("Reset", 30_000);
 * console.log(error.message); // No answer to Reset within 30000 ms
 * ```
 */
export { CallTimeoutError } from "./actors/ocpp/rpc.ts";

/**
 * An OCPP-J protocol fault with its error code: a station's CALLERROR, or a payload that does
 * not match its OCPP 2.0.1 schema.
 *
 * @example
 * ```ts
 * import { OCPP_ERROR_CODES, OcppError, type OcppErrorCode } from "./mod.ts";
 * const code: OcppErrorCode = "NotImplemented";
 * const error = new OcppError(code, "DataTransfer vendor unknown");
 * console.log(error.code, OCPP_ERROR_CODES.includes(error.code)); // NotImplemented true
 * ```
 */
export { OCPP_ERROR_CODES, OcppError, type OcppErrorCode } from "./actors/ocpp/errors.ts";

// ---------------------------------------------------------------------------------------------
// OCPP-J helpers

/**
 * OCPP-J framing: parse one WebSocket message (never throws; a bad frame gives the CALLERROR to
 * answer with) and build CALL, CALLRESULT and CALLERROR frames.
 *
 * @example
 * ```ts
 * import { buildCall, buildCallError, buildCallResult, CALL, newMessageId, parseFrame } from "./mod.ts";
 *
 * const id = newMessageId();
 * const text = buildCall(id, "Heartbeat", {});
 * const parsed = parseFrame(text);
 * if (parsed.ok && parsed.frame.type === CALL) console.log(parsed.frame.action); // Heartbeat
 * console.log(buildCallResult(id, { currentTime: "2026-01-21T05:30:00Z" }));
 * console.log(buildCallError(id, "NotImplemented", "Unknown action"));
 * const bad = parseFrame("[2]");
 * if (!bad.ok) console.log(bad.id, bad.error.code); // -1 RpcFrameworkError
 * ```
 */
export {
  buildCall,
  buildCallError,
  buildCallResult,
  CALL,
  CALLERROR,
  CALLRESULT,
  newMessageId,
  parseFrame,
} from "./actors/ocpp/frames.ts";

/**
 * The parsed frame types and the parse result.
 *
 * @example
 * ```ts
 * import type { CallErrorFrame, CallFrame, CallResultFrame, Frame, ParseResult } from "./mod.ts";
 * const kind = (f: Frame) => f.type === 2 ? (f as CallFrame).action : f.type === 3
 *   ? `result ${(f as CallResultFrame).id}` : (f as CallErrorFrame).code;
 * const result: ParseResult = { ok: true, frame: { type: 3, id: "1", payload: {} } };
 * if (result.ok) console.log(kind(result.frame)); // result 1
 * ```
 */
export type {
  CallErrorFrame,
  CallFrame,
  CallResultFrame,
  Frame,
  ParseResult,
} from "./actors/ocpp/frames.ts";

/**
 * Check a payload against the OCPP 2.0.1 schema of an action: the typed value, or the
 * {@link OcppError} (with its OCPP-J code) to answer with.
 *
 * @example
 * ```ts
 * import { validateRequest, validateResponse, type ValidationResult } from "./mod.ts";
 *
 * const boot = validateRequest("BootNotification", {
 *   reason: "PowerUp",
 *   chargingStation: { model: "ABB Terra 53", vendorName: "ABB" },
 * });
 * console.log(boot.ok); // true
 * const bad: ValidationResult<unknown> = validateResponse("Heartbeat", {});
 * if (!bad.ok) console.log(bad.error.code); // OccurrenceConstraintViolation
 * ```
 */
export {
  validateRequest,
  validateResponse,
  type ValidationResult,
} from "./actors/ocpp/validate.ts";

/**
 * The 64 OCPP 2.0.1 actions, and which side initiates each.
 *
 * @example
 * ```ts
 * import { type Action, ACTIONS, CHARGER_ACTIONS, type ChargerAction, CSMS_ACTIONS, type CsmsAction } from "./mod.ts";
 * const a: Action = "Heartbeat";
 * const fromCharger: ChargerAction = "TransactionEvent";
 * const fromCsms: CsmsAction = "RequestStartTransaction";
 * console.log(ACTIONS.length, CHARGER_ACTIONS.includes(fromCharger), CSMS_ACTIONS.includes(fromCsms), a);
 * ```
 */
export {
  type Action,
  ACTIONS,
  CHARGER_ACTIONS,
  type ChargerAction,
  CSMS_ACTIONS,
  type CsmsAction,
} from "./actors/ocpp/actions.ts";

/**
 * The request and response payload types of an action, as its OCPP 2.0.1 schema defines them.
 *
 * @example
 * ```ts
 * import type { RequestOf, ResponseOf } from "./mod.ts";
 * const request: RequestOf<"RequestStopTransaction"> = { transactionId: "tx_001" };
 * const response: ResponseOf<"RequestStopTransaction"> = { status: "Accepted" };
 * console.log(request.transactionId, response.status);
 * ```
 */
export type { RequestOf, ResponseOf } from "./actors/ocpp/payload_types.ts";
// Every OCPP 2.0.1 payload type those two name (`AuthorizeRequest`, `IdTokenType`, …).
export type * from "./actors/ocpp/payload_types.ts";

// ---------------------------------------------------------------------------------------------
// Events and plugins

/**
 * Bus events: the typed map ({@link TamnaEvents}, extended by plugins through module
 * augmentation), an event's name, an event with its type, and the unsubscribe function.
 *
 * @example
 * ```ts
 * import type { AnyEvent, EventType, TamnaEvents, Unsubscribe } from "./mod.ts";
 * const watched: EventType[] = ["transaction.started", "transaction.ended"];
 * const ended: TamnaEvents["transaction.ended"] = {
 *   chargerId: "charger_001", transactionId: "tx-1", energyWh: 200, timestamp: "", at: "",
 * };
 * const event: AnyEvent = { type: "transaction.ended", payload: ended };
 * const off: Unsubscribe = () => {};
 * off();
 * console.log(watched.includes(event.type));
 * ```
 */
export type { AnyEvent, EventType, TamnaEvents, Unsubscribe } from "./plugins/mod.ts";

/**
 * The shapes plugin handlers and `ctx` use: a meter reading inside `meter.sampled`, a handler for
 * one event type or for all, and the injected clock.
 *
 * @example
 * ```ts
 * import type { AnyEventHandler, Clock, EventHandler, MeterReading } from "./mod.ts";
 * const kw = (reading: MeterReading) => (reading.powerW ?? 0) / 1000;
 * const onSample: EventHandler<"meter.sampled"> = ({ chargerId, reading }) =>
 *   console.log(chargerId, kw(reading));
 * const onAny: AnyEventHandler = (event) => console.log(event.type);
 * const frozen: Clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => {} };
 * onSample({ chargerId: "charger_001", evseId: 1, reading: { at: "", powerW: 50_000 }, at: "" }, "meter.sampled");
 * console.log(typeof onAny, frozen.now());
 * ```
 */
export type { MeterReading } from "./actors/csms/events.ts";
export type { AnyEventHandler, EventHandler } from "./actors/csms/events.ts";
export type { Clock, TimerId } from "./actors/runtime/clock.ts";

/**
 * The plugin API: `definePlugin({ name, configSchema?, setup(bus, ctx) })`. See
 * `plugins/mod.ts` for every type's own example.
 *
 * @example
 * ```ts
 * import { definePlugin, startCsms } from "./mod.ts";
 *
 * const sessions = definePlugin({
 *   name: "session-log",
 *   setup(bus, ctx) {
 *     bus.on("transaction.ended", ({ transactionId, energyWh = 0 }) => {
 *       ctx.log.info(`${transactionId}: ${energyWh} Wh`);
 *     });
 *   },
 * });
 * await using csms = await startCsms({ plugins: [sessions] });
 * console.log(csms.httpUrl.startsWith("http://127.0.0.1:"));
 * ```
 */
export {
  type CommandRequest,
  type CommandResponse,
  type ConfigIssue,
  type ConfigParseResult,
  type ConfigSchema,
  definePlugin,
  type Plugin,
  type PluginBus,
  type PluginCleanup,
  type PluginContext,
  type PluginLogger,
  type RuntimeEvents,
  type SendCommand,
  type SupervisorEvents,
  type TariffRef,
  type TransactionEventResponseHook,
  type TransactionEventResponseInput,
  type TransactionEventResponseResult,
  type TransactionView,
  type TxState,
} from "./plugins/mod.ts";

/**
 * A station's connector status in OCPP 2.0.1, and a station's status on the dashboard map.
 *
 * @example
 * ```ts
 * import type { ConnectorStatus, MapStatus } from "./mod.ts";
 * const colour: Record<MapStatus, string> = {
 *   available: "green", charging: "blue", occupied: "teal", reserved: "purple", faulted: "red",
 *   offline: "grey", unavailable: "amber",
 * };
 * const connector: ConnectorStatus = "Occupied";
 * console.log(colour.charging, connector);
 * ```
 */
export type { ConnectorStatus } from "./actors/csms/events.ts";
export type { MapStatus } from "./actors/csms/live_view.ts";

/**
 * A reservation's state as `reservation.changed` reports it (OCPP 2.0.1 H01–H04): Active while it
 * holds the charger, the charger's refusal, or how it ended.
 *
 * @example
 * ```ts
 * import type { ReservationStatus } from "./mod.ts";
 * const isOver = (s: ReservationStatus) => s !== "Active";
 * console.log(isOver("Expired"));
 * ```
 */
export type { ReservationStatus } from "./actors/csms/events.ts";

// ---------------------------------------------------------------------------------------------
// Logging

/**
 * Process-wide logging with the seed's switches and line format: `level`, `protocolDebug`
 * (every OCPP frame with the tags `[OCPP-CALL-SEND]`, `[CHARGER-SEND]`, `[SERVER-RECV]`, …) and
 * `logFile`. Call {@link closeLogging} before exit so the file gets every line.
 *
 * @example
 * ```ts
 * import { closeLogging, type LoggingOptions, type SeedLogLevel, setupLogging } from "./mod.ts";
 * const level: SeedLogLevel = "WARNING";
 * const options: LoggingOptions = { level, protocolDebug: false };
 * await setupLogging(options);
 * await closeLogging();
 * ```
 */
export {
  closeLogging,
  type LogFormat,
  type LoggingOptions,
  type SeedLogLevel,
  setupLogging,
} from "./actors/runtime/logging.ts";
