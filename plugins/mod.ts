/**
 * The public plugin API: what a billing, persistence or smart-charging plugin is written
 * against. A plugin observes typed bus events, may ask a station to run an OCPP command, and
 * may add to TransactionEvent answers through a pure hook.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { createBus } from "../actors/csms/events.ts";
 * import { FakeClock } from "../actors/runtime/clock.ts";
 * import { startPlugins } from "./host.ts";
 * import { definePlugin } from "./mod.ts";
 *
 * const energyReport = definePlugin({
 *   name: "energy-report",
 *   configSchema: z.object({ priceKrwPerKwh: z.number().positive().default(150) }),
 *   setup(bus, ctx) {
 *     bus.on("transaction.ended", ({ transactionId, energyWh = 0 }) => {
 *       // Integer Wh times the price, rounded half-up to whole won.
 *       const costKrw = Math.floor((energyWh * ctx.config.priceKrwPerKwh + 500) / 1000);
 *       console.log(`${transactionId}: ${energyWh} Wh, ${costKrw} KRW`);
 *     });
 *   },
 * });
 *
 * const clock = new FakeClock();
 * const bus = createBus({ clock });
 * const host = await startPlugins([energyReport], {
 *   bus,
 *   clock,
 *   send: () => Promise.reject(new Error("no stations in this example")),
 * });
 * bus.emit("transaction.ended", {
 *   chargerId: "emart_jeju_01",
 *   transactionId: "tx-1",
 *   energyWh: 20150,
 *   timestamp: "2026-01-21T05:30:00Z",
 *   at: "2026-01-21T05:30:00Z",
 * });
 * await host.stop(); // drains the queue first: prints "tx-1: 20150 Wh, 3023 KRW"
 * ```
 *
 * @module
 */

import type { Unsubscribe } from "../actors/runtime/bus.ts";
import type {
  AnyEventHandler,
  EventHandler,
  EventType,
  TamnaEvents,
} from "../actors/csms/events.ts";
import type { Clock } from "../actors/runtime/clock.ts";
import type { CsmsAction } from "../actors/ocpp/actions.ts";
import type { RequestOf, ResponseOf } from "../actors/ocpp/schemas.ts";
import type { TransactionEventResponseHook } from "./transaction_hooks.ts";

/**
 * The event map, by type. A plugin declares its own events by augmenting it:
 *
 * @example
 * ```ts
 * import type { TamnaEvents } from "./mod.ts";
 *
 * declare module "../actors/csms/events.ts" {
 *   interface TamnaEvents {
 *     "billing.invoiced": { transactionId: string; costKrw: number; at: string };
 *   }
 * }
 *
 * Deno.test("billing.invoiced is part of the event map", () => {
 *   const sample: TamnaEvents["billing.invoiced"] = { transactionId: "t1", costKrw: 150, at: "" };
 *   console.log(sample.costKrw);
 * });
 * ```
 */
export type { TamnaEvents } from "../actors/csms/events.ts";

/**
 * The name of an event: a key of {@link TamnaEvents}.
 *
 * @example
 * ```ts
 * import type { EventType } from "./mod.ts";
 * const watched: EventType[] = ["transaction.started", "transaction.ended"];
 * console.log(watched.length);
 * ```
 */
export type { EventType } from "../actors/csms/events.ts";

/**
 * An event with its type, as `bus.onAny` handlers get it.
 *
 * @example
 * ```ts
 * import type { AnyEvent } from "./mod.ts";
 * const describe = (event: AnyEvent) => `${event.type} at ${event.payload.at}`;
 * console.log(describe({ type: "station.heartbeat", payload: { chargerId: "a", at: "now" } }));
 * ```
 */
export type { AnyEvent } from "../actors/csms/events.ts";

/**
 * A subscription's off switch, returned by `bus.on` and `bus.onAny`.
 *
 * @example
 * ```ts
 * import { definePlugin, type Unsubscribe } from "./mod.ts";
 * definePlugin({
 *   name: "first-boot",
 *   setup(bus) {
 *     const off: Unsubscribe = bus.on("station.booted", () => off());
 *   },
 * });
 * ```
 */
export type { Unsubscribe } from "../actors/runtime/bus.ts";

/**
 * The types the plugin API's signatures name: handlers, the clock, the events the runtime and
 * the supervisor publish, a meter reading, a connector status, a transaction's state and the
 * actions a plugin may send.
 *
 * @example
 * ```ts
 * import type { AnyEventHandler, Clock, CsmsAction, EventHandler, TxState } from "./mod.ts";
 * const onEnded: EventHandler<"transaction.ended"> = ({ transactionId }) => console.log(transactionId);
 * const onAny: AnyEventHandler = (event) => console.log(event.type);
 * const clock: Clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => {} };
 * const action: CsmsAction = "RequestStopTransaction";
 * const energyWh = (tx: TxState) => (tx.lastEnergyWh ?? 0) - (tx.meterStartWh ?? 0);
 * console.log(typeof onEnded, typeof onAny, clock.now(), action, typeof energyWh);
 * ```
 */
export type {
  AnyEventHandler,
  ConnectorStatus,
  EventHandler,
  MeterReading,
  ReservationStatus,
  RuntimeEvents,
  SupervisorEvents,
} from "../actors/csms/events.ts";
export type { Clock, TimerId } from "../actors/runtime/clock.ts";
export type {
  Action,
  CHARGER_ACTIONS,
  ChargerAction,
  CSMS_ACTIONS,
  CsmsAction,
} from "../actors/ocpp/actions.ts";
export type { TariffRef, TxState } from "../actors/station/state.ts";
export type { RequestOf, ResponseOf } from "../actors/ocpp/payload_types.ts";
// Every OCPP 2.0.1 payload type those two name (`AuthorizeRequest`, `IdTokenType`, …).
export type * from "../actors/ocpp/payload_types.ts";

/**
 * What a plugin's config schema must do; every zod schema does (`z.object({...})`), so this
 * names only the one method the plugin host calls.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import type { ConfigSchema } from "./mod.ts";
 * const schema: ConfigSchema<{ percentOff: number }> = z.object({
 *   percentOff: z.number().default(10),
 * });
 * console.log(schema.safeParse({}).success); // true
 * ```
 */
export interface ConfigSchema<C> {
  /** Checks a config section: the value with defaults applied, or what is wrong. */
  safeParse(value: unknown): ConfigParseResult<C>;
}

/**
 * What {@link ConfigSchema.safeParse} answers: the parsed config, or its issues.
 *
 * @example
 * ```ts
 * import type { ConfigParseResult } from "./mod.ts";
 * const bad: ConfigParseResult<number> = {
 *   success: false,
 *   error: { issues: [{ path: ["percentOff"], message: "Too big" }] },
 * };
 * console.log(bad.success);
 * ```
 */
export type ConfigParseResult<C> =
  | { success: true; data: C }
  | { success: false; error: { issues: readonly ConfigIssue[] } };

/**
 * One problem of a config section: where (`path` of keys) and what.
 *
 * @example
 * ```ts
 * import type { ConfigIssue } from "./mod.ts";
 * const issue: ConfigIssue = { path: ["idTokens", 0], message: "Expected string" };
 * console.log(issue.path.join("."));
 * ```
 */
export interface ConfigIssue {
  /** The keys from the section's root to the bad value. */
  path: readonly PropertyKey[];
  /** What is wrong with it. */
  message: string;
}

/**
 * The plugin's logger (LogTape's, categorised `["tamna", "plugin", name]`): a message with
 * `{placeholders}` filled from `properties`.
 *
 * @example
 * ```ts
 * import type { PluginLogger } from "./mod.ts";
 * const log: PluginLogger = {
 *   debug: () => {}, info: (m) => console.log(m), warn: () => {}, error: () => {},
 * };
 * log.info("Charger {chargerId} booted", { chargerId: "charger_001" });
 * ```
 */
export interface PluginLogger {
  /**
   * Detail for debugging; off unless the log level is DEBUG. `properties` may be a function,
   * called only when the message is logged: detail that costs work to build costs nothing
   * otherwise.
   */
  debug(
    message: string,
    properties?: Record<string, unknown> | (() => Record<string, unknown>),
  ): void;
  /** Normal operation. */
  info(message: string, properties?: Record<string, unknown>): void;
  /** Something unexpected that the plugin handled. */
  warn(message: string, properties?: Record<string, unknown>): void;
  /** Something failed. */
  error(message: string, properties?: Record<string, unknown>): void;
}

/**
 * The request payload of a CSMS-initiated action, as its OCPP 2.0.1 schema defines it.
 *
 * @example
 * ```ts
 * import type { CommandRequest } from "./mod.ts";
 * const request: CommandRequest<"CostUpdated"> = { transactionId: "t1", totalCost: 3023 };
 * console.log(request.totalCost);
 * ```
 */
export type CommandRequest<A extends CsmsAction> = RequestOf<A>;

/**
 * The response payload of a CSMS-initiated action, as its OCPP 2.0.1 schema defines it.
 *
 * @example
 * ```ts
 * import type { CommandResponse } from "./mod.ts";
 * const response: CommandResponse<"RequestStopTransaction"> = { status: "Accepted" };
 * console.log(response.status);
 * ```
 */
export type CommandResponse<A extends CsmsAction> = ResponseOf<A>;

/**
 * Asks a station to run an OCPP command. It is queued through that station's mailbox, never
 * written straight to a socket, and resolves with the station's response payload. It rejects
 * when the station is offline, does not answer in time, or answers with a CALLERROR.
 *
 * @example
 * ```ts
 * import type { CommandRequest, CommandResponse, SendCommand } from "./mod.ts";
 * import type { CsmsAction } from "../actors/ocpp/actions.ts";
import type { RequestOf, ResponseOf } from "../actors/ocpp/schemas.ts";
import type { TransactionEventResponseHook } from "./transaction_hooks.ts";
 *
 * // A stand-in that accepts everything, as plugin tests use.
 * const send: SendCommand = <A extends CsmsAction>(_id: string, _a: A, _p: CommandRequest<A>) =>
 *   Promise.resolve({ status: "Accepted" } as CommandResponse<A>);
 * const reply = await send("emart_jeju_01", "RequestStopTransaction", { transactionId: "t1" });
 * console.log(reply.status); // typed: "Accepted" | "Rejected"
 * ```
 */
export type SendCommand = <A extends CsmsAction>(
  chargerId: string,
  action: A,
  payload: RequestOf<A>,
) => Promise<ResponseOf<A>>;

/**
 * A transaction as a response hook sees it, after the event being answered.
 *
 * @example
 * ```ts
 * import type { TransactionView } from "./mod.ts";
 * const energyWh = (tx: TransactionView) => (tx.lastEnergyWh ?? 0) - (tx.meterStartWh ?? 0);
 * console.log(energyWh({ transactionId: "t1", meterStartWh: 1000, lastEnergyWh: 21150, lastSeqNo: 2, isEnded: true }));
 * ```
 */
export type { TransactionView } from "./transaction_hooks.ts";

/**
 * What a {@link TransactionEventResponseHook} is given: `request`, `tx` (after the event),
 * its own `state` from the transaction's previous event, the `costKrw` decided by earlier
 * hooks, the `response` so far and the CSMS time `at`.
 *
 * @example
 * ```ts
 * import type { TransactionEventResponseInput } from "./mod.ts";
 * const isMember = (input: TransactionEventResponseInput<unknown>) => input.tx.idToken === "vip-001";
 * console.log(typeof isMember);
 * ```
 */
export type { TransactionEventResponseInput } from "./transaction_hooks.ts";

/**
 * What a {@link TransactionEventResponseHook} returns: fields for the answer, a running
 * `costKrw` (the Ended answer's `totalCost`), and `state` to get back with the next event.
 *
 * @example
 * ```ts
 * import type { TransactionEventResponseResult } from "./mod.ts";
 * const free: TransactionEventResponseResult<never> = { costKrw: 0 };
 * console.log(free.costKrw);
 * ```
 */
export type { TransactionEventResponseResult } from "./transaction_hooks.ts";

/**
 * A pure, synchronous addition to every TransactionEventResponse, registered with
 * `ctx.onTransactionEventResponse`. Bus handlers run after the charger has been answered, so
 * anything that must be *in* the answer (OCPP 2.0.1 I03 `totalCost`, `chargingPriority`, a
 * personal message) is decided here. It runs inside the station's pure transition: no clock,
 * no I/O, no throwing (a throw is caught and published as `plugin.failed`). Hooks run in
 * plugin load order; each sees what the earlier ones decided. When any hook sets `costKrw`,
 * the host publishes `transaction.costed` with the last value after the event is stored, and
 * puts it in the Ended answer as `totalCost`.
 *
 * @example
 * ```ts
 * import type { TransactionEventResponseHook } from "./mod.ts";
 *
 * // 200 KRW per kWh from the meter delta, rounded half-up to whole won.
 * const flat: TransactionEventResponseHook = ({ tx }) => {
 *   const energyWh = (tx.lastEnergyWh ?? 0) - (tx.meterStartWh ?? 0);
 *   return { costKrw: Math.floor((energyWh * 200 + 500) / 1000) };
 * };
 * console.log(typeof flat);
 * ```
 */
export type { TransactionEventResponseHook } from "./transaction_hooks.ts";

/**
 * The bus as a plugin sees it: handlers run on the plugin's own queue, one at a time, and are
 * released when `ctx.signal` aborts.
 *
 * @example
 * ```ts
 * import { definePlugin } from "./mod.ts";
 * definePlugin({
 *   name: "status-log",
 *   setup(bus, ctx) {
 *     bus.on("status.changed", ({ chargerId, status }) => ctx.log.info(`${chargerId} ${status}`));
 *     bus.onAny((event) => ctx.log.debug(event.type));
 *   },
 * });
 * ```
 */
export interface PluginBus {
  /** Calls `handler` with each event of `type`, on the plugin's own queue. */
  on<K extends EventType>(type: K, handler: EventHandler<K>): Unsubscribe;
  /** Calls `handler` with every event, on the plugin's own queue. */
  onAny(handler: AnyEventHandler): Unsubscribe;
}

/**
 * What `setup` gets besides the bus.
 *
 * @example
 * ```ts
 * import { definePlugin } from "./mod.ts";
 * definePlugin({
 *   name: "remote-stop",
 *   setup(bus, ctx) {
 *     bus.on("transaction.started", async ({ chargerId, transactionId }) => {
 *       if (ctx.signal.aborted) return;
 *       await ctx.send(chargerId, "RequestStopTransaction", { transactionId });
 *       ctx.log.info("Stopped {transactionId} at {atMs}", { transactionId, atMs: ctx.clock.now() });
 *     });
 *     // Decided while the charger waits for its answer: keep it pure.
 *     ctx.onTransactionEventResponse(({ tx }) =>
 *       tx.idToken === "fleet-001" ? { response: { chargingPriority: 5 } } : undefined
 *     );
 *   },
 * });
 * ```
 */
export interface PluginContext<C> {
  /** The plugin's config section, parsed by its `configSchema` with defaults applied. */
  config: C;
  /** A logger with category `["tamna", "plugin", name]`. */
  log: PluginLogger;
  /** The server's clock: use it, not `Date.now()`, so tests can drive time. */
  clock: Clock;
  /** Aborts at shutdown; every subscription is released then. */
  signal: AbortSignal;
  /** Sends a command to a charger through its mailbox and resolves with its answer. */
  send: SendCommand;
  /** Emits on the bus, for the plugin's own declared events. */
  emit<K extends EventType>(type: K, payload: TamnaEvents[K]): void;
  /**
   * Adds a {@link TransactionEventResponseHook} to every TransactionEvent answer; released
   * with the plugin at shutdown or by calling the returned function.
   */
  onTransactionEventResponse<S>(hook: TransactionEventResponseHook<S>): Unsubscribe;
}

/**
 * What `setup` may return: nothing, or a cleanup run at shutdown (in reverse plugin order).
 *
 * @example
 * ```ts
 * import type { PluginCleanup } from "./mod.ts";
 * const timer = setInterval(() => {}, 1000);
 * const cleanup: PluginCleanup = () => clearInterval(timer);
 * cleanup();
 * ```
 */
export type PluginCleanup = () => void | Promise<void>;

/**
 * A plugin. `name` is kebab-case and unique; a duplicate fails at startup.
 *
 * @example
 * ```ts
 * import type { Plugin } from "./mod.ts";
 * const noop: Plugin = { name: "noop", setup: () => {} };
 * console.log(noop.name);
 * ```
 */
export interface Plugin<C = unknown> {
  /** Kebab-case and unique: the config section and the log category use it. */
  name: string;
  /** Parses the plugin's config section; its defaults fill in what the section leaves out. */
  configSchema?: ConfigSchema<C>;
  /**
   * Which events the plugin sees in a cluster (docs/cluster.md): "node" (default) only those of
   * the chargers connected to this node, so each event is handled once in the whole cluster
   * (storing, billing, answering); "network" every charger's events, relayed from the other
   * nodes too (read-only views, exports). One node alone sees the same either way.
   */
  events?: "node" | "network";
  /** Subscribes to the bus and sets up; may return a cleanup run at shutdown. */
  setup(
    bus: PluginBus,
    ctx: PluginContext<C>,
  ): void | PluginCleanup | Promise<void | PluginCleanup>;
}

/**
 * Returns its argument unchanged; it exists so `ctx.config` is typed from `configSchema`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { definePlugin } from "./mod.ts";
 * const energyLog = definePlugin({
 *   name: "energy-log",
 *   configSchema: z.object({ minEnergyWh: z.number().int().default(0) }),
 *   async setup(bus, ctx) {
 *     bus.on("transaction.ended", ({ transactionId, energyWh = 0 }) => {
 *       if (energyWh >= ctx.config.minEnergyWh) ctx.log.info(`${transactionId}: ${energyWh} Wh`);
 *     });
 *     return async () => ctx.log.info("bye");
 *   },
 * });
 * console.log(energyLog.name);
 * ```
 */
export function definePlugin<C>(plugin: Plugin<C>): Plugin<C> {
  return plugin;
}
