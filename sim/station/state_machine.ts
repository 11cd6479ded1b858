/**
 * The pure transition of a simulated station: `transition(state, msg, nowMs)` gives the next
 * state and the effects for the shell. It reads no clock, no randomness and does no I/O, and it
 * never throws on what the network sends (the shell validated it).
 */
import { limitBreakpoints } from "./charging_profiles.ts";
import { handleCall } from "./csms_handlers.ts";
import { boolSetting, variableKey } from "./device_model.ts";
import { driverCommand, onAuthorizeAnswer } from "./driver.ts";
import {
  armAligned,
  armHeartbeat,
  BOOT_RETRY_S,
  reboot,
  sendBoot,
  statusPayload,
} from "./lifecycle.ts";
import { wallMsOf } from "./time_base.ts";
import { expireReservation, reportedStatusOf } from "./reservations.ts";
import { onFirmwareTimer, onTransferDone } from "./firmware.ts";
import {
  type ChargerMsg,
  type ChargerState,
  type Effect,
  type TimerName,
} from "./station_state.ts";
import {
  advance,
  armTxUpdated,
  chargingStateNow,
  endTx,
  sendMeterValues,
  sendTxEvent,
  settingsOf,
  txContextOf,
} from "./transactions.ts";

/** How far ahead the station looks for the next charging schedule change. */
const LIMIT_HORIZON_MS = 86_400_000;

/** The next state and the effects to run, in order. */
export interface Step {
  state: ChargerState;
  effects: Effect[];
}

/** Decides what one message does to a station. */
export function transition(state: ChargerState, msg: ChargerMsg, nowMs: number): Step {
  const fx: Effect[] = [];
  // Time passing first: the EV may have filled up or a schedule period may have begun.
  const afterTime = reportTxChanges(state, advance(state, nowMs), fx, nowMs);
  let next = dispatch(afterTime, msg, fx, nowMs);
  next = settle(afterTime, next, fx, nowMs, msg.type === "timer" && msg.name === "limit");
  return { state: next, effects: fx };
}

/** An Updated when the chargingState (ChargingStateChanged) or the limit (ChargingRateChanged) changed. */
function reportTxChanges(
  prev: ChargerState,
  s: ChargerState,
  fx: Effect[],
  nowMs: number,
): ChargerState {
  if (!s.tx || prev.tx?.transactionId !== s.tx.transactionId) return s;
  if (chargingStateNow(s) !== s.tx.chargingState) {
    return sendTxEvent(s, fx, {
      nowMs,
      eventType: "Updated",
      trigger: "ChargingStateChanged",
      context: "Other",
    });
  }
  if (prev.physics.limitW !== s.physics.limitW) {
    return sendTxEvent(s, fx, {
      nowMs,
      eventType: "Updated",
      trigger: "ChargingRateChanged",
      context: "Other",
    });
  }
  return s;
}

function dispatch(s: ChargerState, msg: ChargerMsg, fx: Effect[], nowMs: number): ChargerState {
  switch (msg.type) {
    case "connected":
      return onConnected(s, fx);
    case "disconnected":
      fx.push({ kind: "cancelTimer", name: "heartbeat" }, { kind: "cancelTimer", name: "boot" });
      return {
        ...s,
        isOnline: false,
        registration: s.registration === "Accepted" ? "Accepted" : "None",
      };
    case "timer":
      return onTimer(s, msg.name, fx, nowMs);
    case "call":
      return handleCall(s, fx, { nowMs, id: msg.id, action: msg.action, payload: msg.payload });
    case "callResult":
      return onCallResult(s, msg, fx, nowMs);
    case "callError":
      return onCallError(s, msg, fx, nowMs);
    case "txEventDone":
      return onTxEventDone(s, msg, fx, nowMs);
    case "transferDone":
      return onTransferDone(s, msg, fx);
    default:
      return driverCommand(s, msg, fx, nowMs);
  }
}

function onConnected(s: ChargerState, fx: Effect[]): ChargerState {
  const next: ChargerState = { ...s, isOnline: true };
  // B04: a plain reconnect of an accepted station does not boot again.
  if (s.registration === "Accepted") {
    armHeartbeat(next, fx);
    return next;
  }
  return sendBoot(next, fx);
}

function onTimer(s: ChargerState, name: TimerName, fx: Effect[], nowMs: number): ChargerState {
  switch (name) {
    case "heartbeat":
      if (!s.isOnline || s.registration !== "Accepted") return s;
      fx.push({ kind: "call", action: "Heartbeat", payload: {} });
      armHeartbeat(s, fx);
      return s;
    case "boot":
      return s.isOnline && s.registration !== "Accepted" && s.registration !== "Booting"
        ? sendBoot(s, fx)
        : s;
    case "txUpdated": {
      if (!s.tx) return s;
      const next = sendTxEvent(s, fx, {
        nowMs,
        eventType: "Updated",
        trigger: "MeterValuePeriodic",
        context: "Sample.Periodic",
      });
      armTxUpdated(next, fx);
      return next;
    }
    case "aligned":
      armAligned(s, fx, nowMs);
      return sampleAligned(s, fx, nowMs);
    case "evConnectionTimeout":
      if (!s.pending || s.physics.ev) return s;
      fx.push({
        kind: "emit",
        event: { type: "rejected", command: "authorize", reason: "EV was not connected in time" },
      });
      return { ...s, pending: null, status: s.status === "Preparing" ? "Available" : s.status };
    case "limit":
      return s;
    case "reservation":
      return expireReservation(s, fx, nowMs);
    case "firmware":
      return onFirmwareTimer(s, fx);
  }
}

function sampleAligned(s: ChargerState, fx: Effect[], nowMs: number): ChargerState {
  if (s.tx) {
    return sendTxEvent(s, fx, {
      nowMs,
      eventType: "Updated",
      trigger: "MeterValueClock",
      context: "Sample.Clock",
    });
  }
  if (s.isOnline && s.registration === "Accepted") {
    sendMeterValues(s, fx, { nowMs, context: "Sample.Clock" });
  }
  return s;
}

function onCallResult(
  s: ChargerState,
  msg: Extract<ChargerMsg, { type: "callResult" }>,
  fx: Effect[],
  nowMs: number,
): ChargerState {
  if (msg.action === "Authorize") {
    return onAuthorizeAnswer(s, fx, { nowMs, response: msg.response });
  }
  if (msg.action !== "BootNotification") return s;
  const status = msg.response.status as "Accepted" | "Pending" | "Rejected";
  const intervalS = msg.response.interval as number;
  fx.push({ kind: "emit", event: { type: "registration", status } });
  if (status !== "Accepted") {
    // B02/B03: ask again after the interval the CSMS gave.
    fx.push({
      kind: "setTimer",
      name: "boot",
      delayMs: (intervalS > 0 ? intervalS : BOOT_RETRY_S) * 1000,
    });
    return { ...s, registration: status };
  }
  const key = variableKey({ component: "OCPPCommCtrlr", variable: "HeartbeatInterval" });
  const values = intervalS > 0 ? { ...s.values, [key]: String(intervalS) } : s.values;
  const next: ChargerState = {
    ...s,
    registration: "Accepted",
    bootReason: "PowerUp",
    values,
    reportedStatus: null,
  };
  armHeartbeat(next, fx);
  armAligned(next, fx, nowMs);
  return next;
}

function onCallError(
  s: ChargerState,
  msg: Extract<ChargerMsg, { type: "callError" }>,
  fx: Effect[],
  nowMs: number,
): ChargerState {
  switch (msg.action) {
    case "BootNotification":
      if (s.isOnline) fx.push({ kind: "setTimer", name: "boot", delayMs: BOOT_RETRY_S * 1000 });
      return s.registration === "Booting" ? { ...s, registration: "None" } : s;
    case "Authorize":
      return onAuthorizeAnswer(s, fx, { nowMs, isOffline: msg.code === "Offline" });
    case "StatusNotification":
      return lostRegistration({ ...s, reportedStatus: null }, msg.code, fx);
    default:
      return lostRegistration(s, msg.code, fx);
  }
}

/**
 * B02: a CSMS that answers SecurityError does not know the station as accepted (it restarted
 * and lost its state, say). The station boots again; queued events follow once accepted.
 */
function lostRegistration(s: ChargerState, code: string, fx: Effect[]): ChargerState {
  if (code !== "SecurityError" || s.registration !== "Accepted" || !s.isOnline) return s;
  fx.push({ kind: "cancelTimer", name: "heartbeat" });
  return sendBoot({ ...s, bootReason: "Unknown" }, fx);
}

function onTxEventDone(
  s: ChargerState,
  msg: Extract<ChargerMsg, { type: "txEventDone" }>,
  fx: Effect[],
  nowMs: number,
): ChargerState {
  const next = { ...s, unackedTxEvents: Math.max(0, s.unackedTxEvents - 1) };
  const info = msg.response?.idTokenInfo as { status?: string } | undefined;
  const txId = (msg.request.transactionInfo as { transactionId?: string } | undefined)
    ?.transactionId;
  if (!info || info.status === "Accepted" || !next.tx || txId !== next.tx.transactionId) {
    return next;
  }
  if (!boolSetting(settingsOf(next), "TxCtrlr", "StopTxOnInvalidId")) return next;
  // E05: the CSMS refused the idToken of a running transaction.
  return endTx(next, fx, { nowMs, trigger: "Deauthorized", stoppedReason: "DeAuthorized" });
}

/**
 * What follows from any change: an Updated when the chargingState or the limit changed, a
 * StatusNotification when the connector status differs from what the CSMS was told, a
 * scheduled reset once idle, and the timer for the next charging schedule change.
 */
function settle(
  prev: ChargerState,
  s: ChargerState,
  fx: Effect[],
  nowMs: number,
  isLimitTimer: boolean,
): ChargerState {
  let next = reportTxChanges(prev, s, fx, nowMs);
  if (next.resetScheduled && !next.tx) next = reboot(next, fx, "OnIdle reset");
  const connectorStatus = reportedStatusOf(next);
  if (next.status !== prev.status) {
    fx.push({ kind: "emit", event: { type: "status", status: next.status, connectorStatus } });
  }
  if (
    next.isOnline && next.registration === "Accepted" && next.reportedStatus !== connectorStatus
  ) {
    fx.push({
      kind: "call",
      action: "StatusNotification",
      payload: statusPayload(connectorStatus, wallMsOf(next.config.timeBase, nowMs)),
    });
    next = { ...next, reportedStatus: connectorStatus };
  }
  if (
    isLimitTimer || next.profiles !== prev.profiles ||
    next.tx?.transactionId !== prev.tx?.transactionId
  ) {
    armLimitTimer(next, fx, nowMs);
  }
  return next;
}

function armLimitTimer(s: ChargerState, fx: Effect[], nowMs: number): void {
  const [nextMs] = s.profiles.length === 0 ? [] : limitBreakpoints(s.profiles, {
    tx: txContextOf(s),
    fromMs: nowMs,
    toMs: nowMs + LIMIT_HORIZON_MS,
  });
  fx.push(
    nextMs === undefined
      ? { kind: "cancelTimer", name: "limit" }
      : { kind: "setTimer", name: "limit", delayMs: nextMs - nowMs },
  );
}
