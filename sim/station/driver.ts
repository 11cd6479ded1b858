/**
 * What the driver and the hardware do to a simulated station (plug in, present a card, stop,
 * unplug, fault) and the Authorize round trip before a local start (C01, E01–E03), pure.
 */
import { plugEv, unplugEv } from "./physics.ts";
import {
  type ChargerMsg,
  type ChargerState,
  type Effect,
  type IdToken,
  type PendingStart,
  type StoppedReason,
} from "./station_state.ts";
import { boolSetting, intSetting } from "./device_model.ts";
import { endTx, settingsOf, startTx, type TriggerReason } from "./transactions.ts";
import { isAuthorizedOffline, listedStatus } from "./local_list.ts";
import { reservationProblem, useReservation } from "./reservations.ts";

type DriverMsg = Extract<
  ChargerMsg,
  {
    type:
      | "plugIn"
      | "unplug"
      | "authorize"
      | "startLocal"
      | "stopLocal"
      | "fault"
      | "clearFault"
      | "shutdown";
  }
>;

function reject(s: ChargerState, fx: Effect[], command: string, reason: string): ChargerState {
  fx.push({ kind: "emit", event: { type: "rejected", command, reason } });
  return s;
}

/** The triggerReason that goes with a stoppedReason when the station or the driver stops. */
function stopTrigger(reason: StoppedReason): TriggerReason {
  switch (reason) {
    case "Local":
      return "StopAuthorized";
    case "EVDisconnected":
      return "EVCommunicationLost";
    case "Remote":
      return "RemoteStop";
    case "DeAuthorized":
      return "Deauthorized";
    case "StoppedByEV":
    case "SOCLimitReached":
      return "ChargingStateChanged";
    default:
      return "AbnormalCondition";
  }
}

/** Handles one driver or hardware command. */
export function driverCommand(
  s: ChargerState,
  msg: DriverMsg,
  fx: Effect[],
  nowMs: number,
): ChargerState {
  switch (msg.type) {
    case "plugIn":
      return plugIn(s, fx, nowMs, msg.ev);
    case "unplug":
      return unplug(s, fx, nowMs);
    case "authorize":
      return authorize(s, fx, nowMs, msg.idToken);
    case "startLocal": {
      const plugged = s.physics.ev ? s : plugIn(s, fx, nowMs, msg.ev);
      return plugged.physics.ev ? authorize(plugged, fx, nowMs, msg.idToken) : plugged;
    }
    case "stopLocal":
      return stopLocal(s, fx, nowMs, msg.reason ?? "Local");
    case "fault": {
      const ended = s.tx
        ? endTx(s, fx, {
          nowMs,
          trigger: "AbnormalCondition",
          stoppedReason: msg.reason ?? "Other",
        })
        : s;
      return {
        ...ended,
        status: "Faulted",
        pending: null,
        authorizing: null,
        isInoperativeScheduled: false,
      };
    }
    case "clearFault":
      if (s.status !== "Faulted") {
        return reject(s, fx, "clearFault", `the station is ${s.status}, not Faulted`);
      }
      return {
        ...s,
        status: !s.isOperative ? "Unavailable" : s.physics.ev ? "Finishing" : "Available",
      };
    case "shutdown":
      return s.tx
        ? endTx(s, fx, { nowMs, trigger: "AbnormalCondition", stoppedReason: msg.reason })
        : s;
  }
}

function plugIn(
  s: ChargerState,
  fx: Effect[],
  nowMs: number,
  ev = s.config.defaultEv,
): ChargerState {
  if (s.physics.ev) return reject(s, fx, "plugIn", "an EV is already plugged in");
  if (s.status === "Unavailable" || s.status === "Faulted") {
    return reject(s, fx, "plugIn", `cannot plug in because the station is ${s.status}`);
  }
  const plugged: ChargerState = { ...s, physics: plugEv(s.physics, ev) };
  if (!s.pending) return { ...plugged, status: "Preparing" };
  const trigger = s.pending.remoteStartId === undefined ? "CablePluggedIn" : "RemoteStart";
  return startTx(plugged, fx, { nowMs, trigger, ...s.pending });
}

function unplug(s: ChargerState, fx: Effect[], nowMs: number): ChargerState {
  if (!s.physics.ev) return reject(s, fx, "unplug", "nothing is plugged in");
  // TxCtrlr.StopTxOnEVSideDisconnect is true: pulling the cable ends the transaction (E10).
  const ended = s.tx
    ? endTx(s, fx, { nowMs, trigger: "EVCommunicationLost", stoppedReason: "EVDisconnected" })
    : s;
  const status = ended.status === "Faulted"
    ? "Faulted"
    : ended.isOperative
    ? "Available"
    : "Unavailable";
  fx.push({ kind: "cancelTimer", name: "evConnectionTimeout" });
  return { ...ended, physics: unplugEv(ended.physics), status, pending: null };
}

function authorize(s: ChargerState, fx: Effect[], nowMs: number, idToken: IdToken): ChargerState {
  if (s.tx) {
    // Presenting the card that started the transaction stops it (E06, StopAuthorized).
    if (s.tx.idToken?.idToken === idToken.idToken) return stopLocal(s, fx, nowMs, "Local");
    return reject(
      s,
      fx,
      "authorize",
      `transaction ${s.tx.transactionId} belongs to another idToken`,
    );
  }
  if (s.status !== "Available" && s.status !== "Preparing" && s.status !== "Finishing") {
    return reject(s, fx, "authorize", `cannot authorize because the station is ${s.status}`);
  }
  if (s.authorizing) return reject(s, fx, "authorize", "an authorization is already in progress");
  // H01: a reserved station takes only the reservation's token (or its group) until it ends.
  const reserved = reservationProblem(s, idToken.idToken);
  if (reserved !== null) return reject(s, fx, "authorize", reserved);
  if (s.isOnline && s.registration === "Accepted") {
    fx.push({ kind: "call", action: "Authorize", payload: { idToken } });
    return { ...s, authorizing: idToken, status: "Preparing" };
  }
  if (isAuthorizedOffline(s, idToken.idToken, nowMs)) {
    return authorized(s, fx, nowMs, { idToken });
  }
  return reject(s, fx, "authorize", offlineRefusal(s, idToken.idToken, nowMs));
}

/** The answer to Authorize, or its failure (offline: authorize locally, C12). */
export function onAuthorizeAnswer(
  s: ChargerState,
  fx: Effect[],
  options: { nowMs: number; response?: Record<string, unknown>; isOffline?: boolean },
): ChargerState {
  const idToken = s.authorizing;
  if (!idToken) return s;
  const next: ChargerState = { ...s, authorizing: null };
  const status = (options.response?.idTokenInfo as { status?: string } | undefined)?.status;
  const isLocal = options.isOffline === true &&
    isAuthorizedOffline(s, idToken.idToken, options.nowMs);
  if (status === "Accepted" || isLocal) return authorized(next, fx, options.nowMs, { idToken });
  const back = next.status === "Preparing" && !next.physics.ev ? "Available" : next.status;
  const reason = options.isOffline === true
    ? offlineRefusal(s, idToken.idToken, options.nowMs)
    : `idToken ${idToken.idToken} is ${status ?? "not answered"}`;
  return reject({ ...next, status: back }, fx, "authorize", reason);
}

/** Why an offline station refuses a token (C12/C13). */
function offlineRefusal(s: ChargerState, idToken: string, nowMs: number): string {
  if (!boolSetting(settingsOf(s), "AuthCtrlr", "LocalAuthorizeOffline")) {
    return "the station is offline and LocalAuthorizeOffline is false";
  }
  const listed = listedStatus(s, idToken, nowMs);
  return listed === undefined
    ? `the station is offline and idToken ${idToken} is not in its local list`
    : `the station is offline and its local list says idToken ${idToken} is ${listed}`;
}

/** An authorized start: charge now if the EV is plugged in, else wait for the cable. */
export function authorized(
  s: ChargerState,
  fx: Effect[],
  nowMs: number,
  start: PendingStart,
): ChargerState {
  const held = useReservation(s, fx, start.idToken.idToken);
  if (held.physics.ev) {
    const trigger = start.remoteStartId === undefined ? "Authorized" : "RemoteStart";
    return startTx(held, fx, { nowMs, trigger, ...start });
  }
  const timeoutS = intSetting(settingsOf(held), "TxCtrlr", "EVConnectionTimeOut");
  if (timeoutS > 0) {
    fx.push({ kind: "setTimer", name: "evConnectionTimeout", delayMs: timeoutS * 1000 });
  }
  return { ...held, pending: start, status: "Preparing" };
}

function stopLocal(
  s: ChargerState,
  fx: Effect[],
  nowMs: number,
  reason: StoppedReason,
): ChargerState {
  if (s.tx) return endTx(s, fx, { nowMs, trigger: stopTrigger(reason), stoppedReason: reason });
  if (s.pending || s.authorizing) {
    fx.push({ kind: "cancelTimer", name: "evConnectionTimeout" });
    return {
      ...s,
      pending: null,
      authorizing: null,
      status: s.physics.ev ? "Preparing" : "Available",
    };
  }
  return reject(s, fx, "stopLocal", "no transaction is running");
}
