/**
 * The public plugin API: what a billing, persistence or smart-charging plugin is written
 * against. A plugin observes typed bus events and may ask a station to run an OCPP command.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { definePlugin } from "./mod.ts";
 *
 * const pricing = definePlugin({
 *   name: "pricing",
 *   configSchema: z.object({ priceKrwPerKwh: z.number().positive().default(150) }),
 *   setup(bus, ctx) {
 *     bus.on("transaction.ended", ({ transactionId, energyWh = 0 }) => {
 *       const costKrw = Math.round((energyWh / 1000) * ctx.config.priceKrwPerKwh);
 *       ctx.log.info("Transaction {transactionId} costs {costKrw} KRW", { transactionId, costKrw });
 *     });
 *   },
 * });
 * console.log(pricing.name); // "pricing"
 * ```
 *
 * @module
 */

import type { Logger } from "@logtape/logtape";
import type { z } from "zod";
import type { AnyEventHandler, Bus, EventHandler, Unsubscribe } from "../actors/bus.ts";
import type { Clock } from "../actors/clock.ts";
import type { EventType } from "../actors/events.ts";
import type { CsmsAction } from "../actors/ocpp/actions.ts";

/**
 * The event map, by type. A plugin declares its own events by augmenting it:
 *
 * @example
 * ```ts
 * import type { TamnaEvents } from "./mod.ts";
 *
 * declare module "../actors/events.ts" {
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
export type { TamnaEvents } from "../actors/events.ts";

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
export type { EventType } from "../actors/events.ts";

/**
 * An event with its type, as `bus.onAny` handlers get it.
 *
 * @example
 * ```ts
 * import type { AnyEvent } from "./mod.ts";
 * const describe = (event: AnyEvent) => `${event.type} at ${event.payload.at}`;
 * console.log(describe({ type: "station.heartbeat", payload: { stationId: "a", at: "now" } }));
 * ```
 */
export type { AnyEvent } from "../actors/events.ts";

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
export type { Unsubscribe } from "../actors/bus.ts";

/**
 * The request payload of a CSMS-initiated action.
 * TODO(runtime): narrow to `RequestOf<A>` once `actors/ocpp/schemas.ts` exists.
 *
 * @example
 * ```ts
 * import type { CommandRequest } from "./mod.ts";
 * const request: CommandRequest<"RequestStopTransaction"> = { transactionId: "t1" };
 * console.log(request);
 * ```
 */
export type CommandRequest<A extends CsmsAction> = Record<string, unknown>;

/**
 * The response payload of a CSMS-initiated action.
 * TODO(runtime): narrow to `ResponseOf<A>` once `actors/ocpp/schemas.ts` exists.
 *
 * @example
 * ```ts
 * import type { CommandResponse } from "./mod.ts";
 * const response: CommandResponse<"RequestStopTransaction"> = { status: "Accepted" };
 * console.log(response.status);
 * ```
 */
export type CommandResponse<A extends CsmsAction> = Record<string, unknown>;

/**
 * Asks a station to run an OCPP command. It is queued through that station's mailbox, never
 * written straight to a socket, and resolves with the station's response payload.
 *
 * @example
 * ```ts
 * import type { SendCommand } from "./mod.ts";
 * const send: SendCommand = (_stationId, _action, _payload) => Promise.resolve({ status: "Accepted" });
 * const reply = await send("emart_jeju_01", "RequestStopTransaction", { transactionId: "t1" });
 * console.log(reply.status);
 * ```
 */
export type SendCommand = <A extends CsmsAction>(
  stationId: string,
  action: A,
  payload: CommandRequest<A>,
) => Promise<CommandResponse<A>>;

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
 *     bus.on("status.changed", ({ stationId, status }) => ctx.log.info(`${stationId} ${status}`));
 *     bus.onAny((event) => ctx.log.debug(event.type));
 *   },
 * });
 * ```
 */
export interface PluginBus {
  on<K extends EventType>(type: K, handler: EventHandler<K>): Unsubscribe;
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
 *     bus.on("transaction.started", async ({ stationId, transactionId }) => {
 *       if (ctx.signal.aborted) return;
 *       await ctx.send(stationId, "RequestStopTransaction", { transactionId });
 *       ctx.log.info("Stopped {transactionId} at {atMs}", { transactionId, atMs: ctx.clock.now() });
 *     });
 *   },
 * });
 * ```
 */
export interface PluginContext<C> {
  /** The plugin's config section, parsed by its `configSchema` with defaults applied. */
  config: C;
  /** A logger with category `["tamna", "plugin", name]`. */
  log: Logger;
  clock: Clock;
  /** Aborts at shutdown; every subscription is released then. */
  signal: AbortSignal;
  send: SendCommand;
  /** Emits on the bus, for the plugin's own declared events. */
  emit: Bus["emit"];
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
  name: string;
  /** Parses the plugin's config section; its defaults fill in what the section leaves out. */
  configSchema?: z.ZodType<C>;
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
