/**
 * Transactions of a simulated station (OCPP 2.0.1 E01–E07): the physics advanced to now under
 * the active limit, and TransactionEvent Started / Updated / Ended with seqNo, triggerReason,
 * chargingState and meter values. Pure: helpers push effects onto the list they are given.
 */
import {
  activeLimitW,
  dropTxProfiles,
  installProfile,
  limitBreakpoints,
  type TxContext,
} from "./charging_profiles.ts";
import { intSetting, listSetting } from "./device_model.ts";
import { meterValue, type ReadingContext } from "./meter_values.ts";
import { applyLimit, isEvFull, readings, step } from "./physics.ts";
import { type ChargingState, chargingStateOf } from "../../actors/ocpp/status_map.ts";
import { newestOf, readMeterValues } from "../../actors/ocpp/meter.ts";
import {
  type ChargerState,
  CONNECTOR_ID,
  type Effect,
  EVSE_ID,
  type IdToken,
  type PendingStart,
  type StoppedReason,
  type Tx,
} from "./station_state.ts";
import { wallMsOf } from "./time_base.ts";

/** TriggerReasonEnumType. */
export type TriggerReason =
  | "Authorized"
  | "CablePluggedIn"
  | "ChargingRateChanged"
  | "ChargingStateChanged"
  | "Deauthorized"
  | "EVCommunicationLost"
  | "EVConnectTimeout"
  | "MeterValueClock"
  | "MeterValuePeriodic"
  | "Trigger"
  | "StopAuthorized"
  | "EVDeparted"
  | "RemoteStop"
  | "RemoteStart"
  | "AbnormalCondition"
  | "ResetCommand";

/** The `evse` of every TransactionEvent, shared (frozen) rather than one per event. */
const EVSE_REF = Object.freeze({ id: EVSE_ID, connectorId: CONNECTOR_ID });

/** The device model settings view of a state. */
export function settingsOf(s: ChargerState) {
  return { values: s.values, facts: s.config };
}

/** The running transaction as smart charging sees it. */
export function txContextOf(s: ChargerState): TxContext | null {
  return s.tx ? { transactionId: s.tx.transactionId, startedAtMs: s.tx.startedAtMs } : null;
}

/** Puts the active charging limit into the physics. */
export function refreshLimit(s: ChargerState, nowMs: number): ChargerState {
  const limitW = activeLimitW(s.profiles, { evseId: EVSE_ID, tx: txContextOf(s), atMs: nowMs });
  return limitW === s.physics.limitW ? s : { ...s, physics: applyLimit(s.physics, limitW) };
}

/** Advances the physics to `nowMs`, changing the limit at each schedule period boundary. */
export function advance(s: ChargerState, nowMs: number): ChargerState {
  if (nowMs <= s.physicsAtMs) return s;
  const tx = txContextOf(s);
  const points = s.profiles.length === 0
    ? []
    : limitBreakpoints(s.profiles, { tx, fromMs: s.physicsAtMs, toMs: nowMs });
  let next = s;
  let atMs = s.physicsAtMs;
  for (let i = 0; i <= points.length; i++) {
    const pointMs = i < points.length ? points[i] : nowMs;
    const isFlowing = chargingStateNow(next) === "Charging";
    const tx = next.tx && isFlowing
      ? { ...next.tx, chargingMs: next.tx.chargingMs + (pointMs - atMs) }
      : next.tx;
    next = { ...next, physics: step(next.physics, pointMs - atMs), physicsAtMs: pointMs, tx };
    atMs = pointMs;
    next = refreshLimit(next, atMs);
  }
  return next;
}

/** The chargingState the station is in now. */
export function chargingStateNow(s: ChargerState): ChargingState {
  return chargingStateOf({
    status: s.status,
    isEvConnected: s.physics.ev !== null,
    isEvFull: isEvFull(s.physics),
    limitW: s.physics.limitW,
  });
}

const MEASURAND_SETTING: Record<ReadingContext, [string, string]> = {
  "Transaction.Begin": ["SampledDataCtrlr", "TxStartedMeasurands"],
  "Transaction.End": ["SampledDataCtrlr", "TxEndedMeasurands"],
  "Sample.Clock": ["AlignedDataCtrlr", "Measurands"],
  "Sample.Periodic": ["SampledDataCtrlr", "TxUpdatedMeasurands"],
  "Trigger": ["SampledDataCtrlr", "TxUpdatedMeasurands"],
  "Other": ["SampledDataCtrlr", "TxUpdatedMeasurands"],
};

/** The measurands configured for a reading context. */
export function measurandsFor(s: ChargerState, context: ReadingContext): readonly string[] {
  const [component, variable] = MEASURAND_SETTING[context];
  return listSetting(settingsOf(s), component, variable);
}

/** Sends a MeterValues request of the readings now, outside a transaction's events. */
export function sendMeterValues(
  s: ChargerState,
  fx: Effect[],
  options: { nowMs: number; context: ReadingContext },
): void {
  const mv = meterValue(s.physics, {
    measurands: measurandsFor(s, options.context),
    context: options.context,
    atMs: wallMsOf(s.config.timeBase, options.nowMs),
  });
  fx.push({
    kind: "call",
    action: "MeterValues",
    payload: { evseId: EVSE_ID, meterValue: [mv] },
  });
}

/** What one TransactionEvent says: its type, why it is sent, and which readings it carries. */
export interface TxEventOptions {
  nowMs: number;
  eventType: "Started" | "Updated" | "Ended";
  trigger: TriggerReason;
  context: ReadingContext;
  stoppedReason?: StoppedReason;
  idToken?: IdToken;
}

/** Queues one TransactionEvent of the running transaction and moves its seqNo on. */
export function sendTxEvent(s: ChargerState, fx: Effect[], options: TxEventOptions): ChargerState {
  const tx = s.tx;
  if (!tx) {
    throw new Error(`Cannot send TransactionEvent ${options.eventType} without a transaction`);
  }
  const chargingState = chargingStateNow(s);
  const payload = txEventPayload(s, tx, { ...options, chargingState });
  fx.push(
    { kind: "txEvent", payload },
    {
      kind: "emit",
      event: {
        type: "transaction",
        eventType: options.eventType,
        transactionId: tx.transactionId,
        seqNo: tx.seqNo,
        triggerReason: options.trigger,
        stoppedReason: options.stoppedReason,
        offline: !s.isOnline,
        energyWh: newestOf(
          readMeterValues(payload.meterValue as Parameters<typeof readMeterValues>[0]),
          "energyWh",
        ),
      },
    },
    { kind: "emit", event: { type: "meter", readings: readings(s.physics), chargingState } },
  );
  return {
    ...s,
    unackedTxEvents: s.unackedTxEvents + 1,
    tx: { ...tx, seqNo: tx.seqNo + 1, chargingState },
  };
}

/** The TransactionEvent request of `tx` (E01–E07), stamped in wall-clock time. */
function txEventPayload(
  s: ChargerState,
  tx: Tx,
  options: TxEventOptions & { chargingState: ChargingState },
): Record<string, unknown> {
  const atMs = wallMsOf(s.config.timeBase, options.nowMs);
  const timestamp = new Date(atMs).toISOString();
  const payload: Record<string, unknown> = {
    eventType: options.eventType,
    timestamp,
    triggerReason: options.trigger,
    seqNo: tx.seqNo,
    transactionInfo: transactionInfoOf(tx, options),
    evse: EVSE_REF,
    meterValue: [meterValue(s.physics, {
      measurands: measurandsFor(s, options.context),
      context: options.context,
      atMs,
      timestamp,
    })],
  };
  const idToken = options.idToken ?? (options.eventType === "Started" ? tx.idToken : undefined);
  if (idToken) payload.idToken = idToken;
  if (!s.isOnline) payload.offline = true;
  return payload;
}

/** The `transactionInfo` of one TransactionEvent of `tx`. */
function transactionInfoOf(
  tx: Tx,
  options: TxEventOptions & { chargingState: ChargingState },
): Record<string, unknown> {
  const transactionInfo: Record<string, unknown> = {
    transactionId: tx.transactionId,
    chargingState: options.chargingState,
  };
  if (options.eventType !== "Started") {
    transactionInfo.timeSpentCharging = Math.floor(tx.chargingMs / 1000);
  }
  if (options.stoppedReason) transactionInfo.stoppedReason = options.stoppedReason;
  if (options.eventType === "Started" && tx.remoteStartId !== undefined) {
    transactionInfo.remoteStartId = tx.remoteStartId;
  }
  return transactionInfo;
}

/** Arms the periodic TransactionEvent Updated timer (SampledDataCtrlr.TxUpdatedInterval). */
export function armTxUpdated(s: ChargerState, fx: Effect[]): void {
  const intervalS = intSetting(settingsOf(s), "SampledDataCtrlr", "TxUpdatedInterval");
  if (s.tx && intervalS > 0) {
    fx.push({ kind: "setTimer", name: "txUpdated", delayMs: intervalS * 1000 });
  } else fx.push({ kind: "cancelTimer", name: "txUpdated" });
}

/** Starts a transaction with energy flowing (TxStartPoint PowerPathClosed) and sends Started. */
export function startTx(
  s: ChargerState,
  fx: Effect[],
  options: { nowMs: number; trigger: TriggerReason } & PendingStart,
): ChargerState {
  const txCount = s.txCount + 1;
  const transactionId = `${s.config.txIdPrefix}-${txCount.toString(36)}`.slice(0, 36);
  let next: ChargerState = {
    ...s,
    status: "Charging",
    pending: null,
    txCount,
    tx: {
      transactionId,
      seqNo: 0,
      startedAtMs: options.nowMs,
      idToken: options.idToken,
      remoteStartId: options.remoteStartId,
      chargingState: "Charging",
      chargingMs: 0,
    },
    physics: { ...s.physics, isEnergizing: true },
  };
  fx.push({ kind: "cancelTimer", name: "evConnectionTimeout" });
  if (options.chargingProfile) {
    next = {
      ...next,
      profiles: installProfile(next.profiles, {
        evseId: EVSE_ID,
        profile: { ...options.chargingProfile, transactionId },
        installedAtMs: options.nowMs,
        timeBase: s.config.timeBase,
      }),
    };
  }
  next = refreshLimit(next, options.nowMs);
  next = sendTxEvent(next, fx, {
    nowMs: options.nowMs,
    eventType: "Started",
    trigger: options.trigger,
    context: "Transaction.Begin",
  });
  armTxUpdated(next, fx);
  return next;
}

/**
 * Ends the running transaction and sends Ended. The connector stays Finishing while the EV is
 * plugged in; a scheduled Inoperative or reset happens now that the station is idle.
 */
export function endTx(
  s: ChargerState,
  fx: Effect[],
  options: { nowMs: number; trigger: TriggerReason; stoppedReason: StoppedReason },
): ChargerState {
  let next: ChargerState = { ...s, physics: { ...s.physics, isEnergizing: false, powerW: 0 } };
  next = { ...next, status: next.physics.ev ? "Finishing" : "Available" };
  next = sendTxEvent(next, fx, {
    nowMs: options.nowMs,
    eventType: "Ended",
    trigger: options.trigger,
    context: "Transaction.End",
    stoppedReason: options.stoppedReason,
  });
  fx.push({ kind: "cancelTimer", name: "txUpdated" });
  next = { ...next, tx: null, profiles: dropTxProfiles(next.profiles) };
  next = refreshLimit(next, options.nowMs);
  if (next.isInoperativeScheduled) {
    next = { ...next, isOperative: false, isInoperativeScheduled: false, status: "Unavailable" };
  }
  return next;
}
