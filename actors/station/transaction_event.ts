/**
 * TransactionEvent (E01–E15): per-transaction state from seqNo, retransmissions acknowledged
 * without being counted, unknown transactions kept, and the record to store before answering.
 */
import { isoOfMs } from "../runtime/clock.ts";
import type { AnyEvent } from "../csms/events.ts";
import { beginRegisterWh, newestOf, oldestOf, readMeterValues } from "../ocpp/meter.ts";
import type { RequestOf } from "../ocpp/schemas.ts";
import type { CallContext, CallOutcome } from "./call.ts";
import { meterEvents } from "./meter_events.ts";
import { idTokenInfo } from "./authorization.ts";
import {
  ENDED_TRANSACTIONS_KEPT,
  RECENT_SEQ_NOS,
  type StationState,
  type TxState,
} from "./state.ts";

type TransactionEventRequest = RequestOf<"TransactionEvent">;

function responseFor(ctx: CallContext, req: TransactionEventRequest): Record<string, unknown> {
  // E01/E05: an idToken in the event is authorized in the answer.
  return req.idToken ? { idTokenInfo: idTokenInfo(ctx.config, req.idToken, ctx.nowMs) } : {};
}

/** Whether (transactionId, seqNo) was already seen: a retransmission. */
export function isDuplicate(state: StationState, req: TransactionEventRequest): boolean {
  const tx = state.transactions.get(req.transactionInfo.transactionId);
  return tx !== undefined && tx.recentSeqNos.includes(req.seqNo);
}

/** The registers an event carries: its newest reading, its oldest, its Transaction.Begin one. */
interface EventEnergy {
  energyWh?: number;
  firstEnergyWh?: number;
  beginEnergyWh?: number;
}

function nextTx(
  prev: TxState | undefined,
  req: TransactionEventRequest,
  { energyWh, firstEnergyWh, beginEnergyWh }: EventEnergy,
): TxState {
  const info = req.transactionInfo;
  const hasStartedEvent = prev?.hasStartedEvent === true || req.eventType === "Started";
  // A start register for sure: the Started event's, or one marked Transaction.Begin. Of
  // several, the lowest seqNo's, as in storage; it replaces a first reading taken for the start.
  const sureStartWh = beginEnergyWh ?? (req.eventType === "Started" ? firstEnergyWh : undefined);
  const isSureStart = sureStartWh !== undefined &&
    req.seqNo < (prev?.meterStartSeqNo ?? Infinity);
  // The oldest reading of the lowest seqNo that carried one: the start when the Started had
  // none (optional in E01), as storage's first_wh, whatever order the events arrive in.
  const isEarlierFirst = firstEnergyWh !== undefined &&
    req.seqNo < (prev?.firstWhSeqNo ?? Infinity);
  const firstWh = isEarlierFirst ? firstEnergyWh : prev?.firstWh;
  // A start known without where it came from (a state restored by other means) stays too.
  const keepsStart = prev?.meterStartSeqNo !== undefined ||
    (prev?.meterStartWh !== undefined && prev.firstWhSeqNo === undefined);
  // A register with a lower seqNo than the latest one (queued offline, delivered late) is the
  // past: the latest stays, as in storage (meter_stop_wh).
  const isNewerReading = energyWh !== undefined &&
    req.seqNo >= (prev?.lastEnergySeqNo ?? -Infinity);
  return {
    transactionId: info.transactionId,
    evseId: req.evse?.id ?? prev?.evseId,
    connectorId: req.evse?.connectorId ?? prev?.connectorId,
    // The token the transaction started with stays: a stop by another card (a fleet card in
    // StopAuthorized, say) does not make the session that card's.
    idToken: req.eventType === "Started" && req.idToken
      ? req.idToken.idToken
      : prev?.idToken ?? req.idToken?.idToken,
    hasStartedEvent,
    // The sure start; else, once the Started is known, the first reading; without either the
    // start is unknown, as in storage.
    meterStartWh: isSureStart
      ? sureStartWh
      : keepsStart
      ? prev?.meterStartWh
      : hasStartedEvent
      ? firstWh
      : undefined,
    meterStartSeqNo: isSureStart ? req.seqNo : prev?.meterStartSeqNo,
    firstWh,
    firstWhSeqNo: isEarlierFirst ? req.seqNo : prev?.firstWhSeqNo,
    lastEnergyWh: isNewerReading ? energyWh : prev?.lastEnergyWh,
    lastEnergySeqNo: isNewerReading ? req.seqNo : prev?.lastEnergySeqNo,
    lastSeqNo: Math.max(prev?.lastSeqNo ?? -1, req.seqNo),
    recentSeqNos: withRecent(prev?.recentSeqNos ?? [], req.seqNo),
    isEnded: prev?.isEnded === true || req.eventType === "Ended",
    tariff: prev?.tariff,
    hookState: prev?.hookState,
  };
}

/** The last {@link RECENT_SEQ_NOS} seqNos with `seqNo` added: one new array, not a copy and a cut. */
function withRecent(recent: readonly number[], seqNo: number): number[] {
  const next = recent.slice(
    recent.length >= RECENT_SEQ_NOS ? recent.length - RECENT_SEQ_NOS + 1 : 0,
  );
  next.push(seqNo);
  return next;
}

/**
 * Lets the plugins' hook add to the answer (e.g. totalCost, I03). The hook is pure, so this
 * stays a pure decision; its state rides on the transaction.
 */
function hooked(
  ctx: CallContext,
  req: TransactionEventRequest,
  tx: TxState,
  response: Record<string, unknown>,
): { response: Record<string, unknown>; tx: TxState; events: AnyEvent[]; costKrw?: number } {
  const hook = ctx.config.transactionEventHook;
  if (!hook) return { response, tx, events: [] };
  const out = hook({
    chargerId: ctx.state.chargerId,
    request: req,
    tx,
    response,
    at: isoOfMs(ctx.nowMs),
  });
  const withState = out.hookState === undefined ? tx : { ...tx, hookState: out.hookState };
  // The first tariff stays: a transaction is priced by the tariff in force when it started.
  const next = out.tariff === undefined || tx.tariff !== undefined
    ? withState
    : { ...withState, tariff: out.tariff };
  return { response: out.response, tx: next, events: out.events, costKrw: out.costKrw };
}

function withTransaction(state: StationState, tx: TxState): StationState {
  const transactions = new Map(state.transactions);
  transactions.set(tx.transactionId, tx);
  if (tx.isEnded) {
    const ended = [...transactions.values()].filter((t) => t.isEnded);
    for (const old of ended.slice(0, Math.max(0, ended.length - ENDED_TRANSACTIONS_KEPT))) {
      transactions.delete(old.transactionId);
    }
  }
  return { ...state, transactions };
}

function transactionEvents(
  ctx: CallContext,
  req: TransactionEventRequest,
  prev: TxState | undefined,
  tx: TxState,
  powerW: number | undefined,
): AnyEvent[] {
  const chargerId = ctx.state.chargerId;
  const at = isoOfMs(ctx.nowMs);
  const info = req.transactionInfo;
  const events: AnyEvent[] = [];
  if (prev === undefined) {
    events.push({
      type: "transaction.started",
      payload: {
        chargerId,
        transactionId: tx.transactionId,
        evseId: tx.evseId,
        connectorId: tx.connectorId,
        idToken: tx.idToken,
        remoteStartId: info.remoteStartId,
        meterStartWh: tx.meterStartWh,
        timestamp: req.timestamp,
        at,
      },
    });
  }
  events.push({
    type: "transaction.updated",
    payload: {
      chargerId,
      transactionId: tx.transactionId,
      seqNo: req.seqNo,
      eventType: req.eventType,
      triggerReason: req.triggerReason,
      chargingState: info.chargingState,
      offline: req.offline ?? false,
      isEnded: tx.isEnded,
      meterStartWh: tx.meterStartWh,
      energyWh: tx.lastEnergyWh,
      powerW,
      timestamp: req.timestamp,
      at,
    },
  });
  events.push(...meterEvents(ctx, tx.evseId ?? 0, tx.transactionId, req.meterValue));
  if (req.eventType === "Ended") {
    const energyWh = tx.meterStartWh !== undefined && tx.lastEnergyWh !== undefined
      ? tx.lastEnergyWh - tx.meterStartWh
      : undefined;
    events.push({
      type: "transaction.ended",
      payload: {
        chargerId,
        transactionId: tx.transactionId,
        stoppedReason: info.stoppedReason,
        meterStartWh: tx.meterStartWh,
        meterStopWh: tx.lastEnergyWh,
        energyWh,
        timestamp: req.timestamp,
        at,
      },
    });
  }
  return events;
}

/** Handles one validated TransactionEvent. */
export function handleTransactionEvent(
  ctx: CallContext,
  req: TransactionEventRequest,
): CallOutcome {
  const prev = ctx.state.transactions.get(req.transactionInfo.transactionId);
  if (isDuplicate(ctx.state, req)) {
    // A retransmission gets the same kind of answer (its totalCost too) and changes nothing.
    const response = hooked(ctx, req, prev!, responseFor(ctx, req)).response;
    return { state: ctx.state, response, events: [] };
  }
  const readings = readMeterValues(req.meterValue);
  const energyWh = newestOf(readings, "energyWh");
  const firstEnergyWh = oldestOf(readings, "energyWh");
  const beginEnergyWh = beginRegisterWh(req.meterValue);
  const powerW = newestOf(readings, "powerW");
  const { response, tx, events, costKrw } = hooked(
    ctx,
    req,
    nextTx(prev, req, { energyWh, firstEnergyWh, beginEnergyWh }),
    responseFor(ctx, req),
  );
  const info = req.transactionInfo;
  return {
    state: withTransaction(ctx.state, tx),
    response,
    events: [...transactionEvents(ctx, req, prev, tx, powerW), ...events],
    persist: {
      chargerId: ctx.state.chargerId,
      transactionId: info.transactionId,
      seqNo: req.seqNo,
      eventType: req.eventType,
      triggerReason: req.triggerReason,
      timestamp: req.timestamp,
      offline: req.offline ?? false,
      chargingState: info.chargingState,
      evseId: req.evse?.id,
      connectorId: req.evse?.connectorId,
      idToken: req.idToken?.idToken,
      idTokenType: req.idToken?.type,
      remoteStartId: info.remoteStartId,
      stoppedReason: info.stoppedReason,
      energyWh,
      ...(firstEnergyWh !== energyWh && { firstEnergyWh }),
      ...(beginEnergyWh !== undefined && { beginEnergyWh }),
      powerW,
      ...(req.eventType === "Ended" && costKrw !== undefined
        ? { costKrw: Math.round(costKrw), costStartWh: tx.meterStartWh }
        : {}),
      ...(tx.tariff && { tariffId: tx.tariff.tariffId, tariffVersion: tx.tariff.version }),
      payload: req,
      receivedAt: isoOfMs(ctx.nowMs),
    },
  };
}
