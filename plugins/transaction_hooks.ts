/**
 * Composes the plugins' TransactionEvent response hooks into the one pure hook the station
 * actor calls, so billing plugins can put `totalCost` in the answer (OCPP 2.0.1 I03) even
 * though bus handlers only run after the charger has been answered.
 */
import type { Unsubscribe } from "../actors/runtime/bus.ts";
import type { AnyEvent } from "../actors/csms/events.ts";
import type { RequestOf, ResponseOf } from "../actors/ocpp/schemas.ts";
import { validateResponse } from "../actors/ocpp/validate.ts";
import type {
  TransactionEventHook,
  TransactionEventHookInput,
  TransactionEventHookOutput,
  TxState,
} from "../actors/station/state.ts";

/** A transaction as hooks see it: after this event, read-only. */
export type TransactionView = Readonly<Omit<TxState, "recentSeqNos" | "hookState">>;

/** What a response hook is given. */
export interface TransactionEventResponseInput<S> {
  /** The charger (its OCPP identity) that sent the TransactionEvent. */
  chargerId: string;
  /** The TransactionEvent request as it arrived (validated). */
  request: Readonly<RequestOf<"TransactionEvent">>;
  /** The transaction with this event applied. */
  tx: TransactionView;
  /** What this hook returned as `state` for this transaction's previous event. */
  state: S | undefined;
  /** The cost decided by the hooks that ran before this one, if any. */
  costKrw: number | undefined;
  /** The answer so far (idTokenInfo, and what earlier hooks added). */
  response: Readonly<ResponseOf<"TransactionEvent">>;
  /** The CSMS's time of the event, ISO 8601. */
  at: string;
}

/** What a response hook decides; every field is optional. */
export interface TransactionEventResponseResult<S> {
  /** Fields to merge into the answer; the merged answer must stay schema-valid. */
  response?: Partial<ResponseOf<"TransactionEvent">>;
  /** The running total cost; on Ended it becomes the answer's `totalCost`. */
  costKrw?: number;
  /** Kept with the transaction and handed back with its next event. */
  state?: S;
  /**
   * The managed tariff this price comes from (id and version), stored with the transaction so
   * its cost can always be traced to the prices that made it; the last hook that names one wins.
   */
  tariff?: { tariffId: string; version: number };
}

/**
 * A pure, synchronous addition to the answer of every TransactionEvent. No clock, no I/O:
 * what it needs across events goes in `state`. A throw is caught and published as
 * `plugin.failed`; the charger is answered without that hook's contribution.
 */
export type TransactionEventResponseHook<S = unknown> = (
  input: TransactionEventResponseInput<S>,
) => TransactionEventResponseResult<S> | undefined | void;

/** The registry: plugins add hooks, the CSMS calls `run`. */
export interface TransactionEventHooks {
  /** Adds a hook after those already added; hooks run in that order. */
  add<S>(plugin: string, hook: TransactionEventResponseHook<S>): Unsubscribe;
  /** The composed hook, for `StationConfig.transactionEventHook`. */
  run: TransactionEventHook;
}

interface Entry {
  plugin: string;
  /** Where its state lives in `hookState`: the plugin name, with `#n` for a second hook. */
  key: string;
  hook: TransactionEventResponseHook<unknown>;
}

/** A new registry with no hooks (then `run` returns the answer unchanged). */
export function createTransactionEventHooks(): TransactionEventHooks {
  // Replaced, never mutated, so a run in progress keeps a stable list.
  let entries: readonly Entry[] = [];
  const addedByPlugin = new Map<string, number>();
  return {
    add(plugin, hook) {
      const n = (addedByPlugin.get(plugin) ?? 0) + 1;
      addedByPlugin.set(plugin, n);
      const key = n === 1 ? plugin : `${plugin}#${n}`;
      const entry: Entry = {
        plugin,
        key,
        // The state handed back is always the one this hook returned, so S holds.
        hook: hook as TransactionEventResponseHook<unknown>,
      };
      entries = [...entries, entry];
      return () => void (entries = entries.filter((e) => e !== entry));
    },
    run: (input) => runHooks(entries, input),
  };
}

function failure(plugin: string, error: unknown, at: string): AnyEvent {
  return {
    type: "plugin.failed",
    payload: {
      plugin,
      event: "TransactionEvent",
      error: error instanceof Error ? error.message : String(error),
      at,
    },
  };
}

function runHooks(
  entries: readonly Entry[],
  input: TransactionEventHookInput,
): TransactionEventHookOutput {
  if (entries.length === 0) return { response: input.response, events: [] };
  const { chargerId, request, tx, at } = input;
  const hookState: Record<string, unknown> = { ...tx.hookState };
  const events: AnyEvent[] = [];
  let response = input.response;
  let costKrw: number | undefined;
  let tariff: TransactionEventHookOutput["tariff"];
  for (const entry of entries) {
    try {
      const result = entry.hook({
        chargerId,
        request,
        tx,
        state: hookState[entry.key],
        costKrw,
        response,
        at,
      });
      if (!result) continue;
      if (result.costKrw !== undefined && !Number.isFinite(result.costKrw)) {
        throw new RangeError(`costKrw must be a finite number, got ${result.costKrw}`);
      }
      if (result.response !== undefined) response = merged(response, result.response);
      if (result.costKrw !== undefined) costKrw = result.costKrw;
      if (result.state !== undefined) hookState[entry.key] = result.state;
      if (result.tariff !== undefined) tariff = result.tariff;
    } catch (error) {
      events.push(failure(entry.plugin, error, at));
    }
  }
  const pinned = tariff === undefined ? {} : { tariff };
  if (costKrw === undefined) return { response, hookState, events, ...pinned };
  const isFinal = request.eventType === "Ended";
  // A final cost needs the start: the Started event, or a register marked Transaction.Begin.
  // Without either (a Started that never arrived) it would price part of the session, and
  // storage keeps no cost for it: the answer carries none either.
  if (isFinal && tx.hasStartedEvent !== true && tx.meterStartWh === undefined) {
    return { response, hookState, events, ...pinned };
  }
  // I03: the final cost goes in the Ended answer; the schema allows totalCost only then.
  if (isFinal) response = { ...response, totalCost: costKrw };
  events.push(costed(input, costKrw, isFinal));
  return { response, hookState, costKrw, events, ...pinned };
}

function merged(
  response: ResponseOf<"TransactionEvent">,
  addition: Partial<ResponseOf<"TransactionEvent">>,
): ResponseOf<"TransactionEvent"> {
  const checked = validateResponse("TransactionEvent", { ...response, ...addition });
  if (!checked.ok) {
    throw new TypeError(`the answer it added is invalid: ${checked.error.message}`);
  }
  return checked.value;
}

function costed(input: TransactionEventHookInput, costKrw: number, isFinal: boolean): AnyEvent {
  const { tx, request } = input;
  const energyWh = tx.meterStartWh !== undefined && tx.lastEnergyWh !== undefined
    ? tx.lastEnergyWh - tx.meterStartWh
    : undefined;
  return {
    type: "transaction.costed",
    payload: {
      chargerId: input.chargerId,
      transactionId: tx.transactionId,
      seqNo: request.seqNo,
      eventType: request.eventType,
      costKrw,
      energyWh,
      isFinal,
      timestamp: request.timestamp,
      at: input.at,
    },
  };
}
