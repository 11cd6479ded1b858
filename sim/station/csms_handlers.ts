/**
 * What a simulated station does with each CALL from the CSMS, pure. The reply comes first in the
 * effects (after storing a new password, A01), then the calls it causes (TransactionEvent,
 * NotifyReport, …). Actions not handled here get the schema-valid refusal of default_responses.ts.
 */
import { type Action, isCsmsAction } from "../../actors/ocpp/actions.ts";
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import { defaultResponse } from "../../actors/ocpp/default_responses.ts";
import { handleSmartCharging } from "./smart_charging_handlers.ts";
import { baseReport, getVariables, setVariables } from "./device_model_requests.ts";
import { variableKey } from "./device_model.ts";
import { authorized } from "./driver.ts";
import { onSettingsChanged, reboot } from "./lifecycle.ts";
import { plugEv, unplugEv } from "./physics.ts";
import {
  cancelReservation,
  reportedStatusOf,
  reservationProblem,
  reserveNow,
} from "./reservations.ts";
import {
  type ChargerState,
  CONNECTOR_ID,
  type Effect,
  EVSE_ID,
  type InboundCall,
} from "./station_state.ts";
import { endTx } from "./transactions.ts";
import { wallIso } from "./time_base.ts";
import { triggerMessage } from "./trigger_message.ts";
import { securityProfileOf } from "../transport/station_security.ts";
import { LIST_HANDLERS } from "./local_list.ts";
import { getLog, updateFirmware } from "./firmware.ts";
import { clearDisplayMessage, getDisplayMessages, setDisplayMessage } from "./display_messages.ts";

type Handler = (s: ChargerState, fx: Effect[], call: InboundCall) => ChargerState;

function reply(fx: Effect[], call: InboundCall, payload: Record<string, unknown>): void {
  fx.push({ kind: "reply", id: call.id, payload });
}

function req<A extends Action>(call: InboundCall): RequestOf<A> {
  return call.payload as RequestOf<A>;
}

const isOurEvse = (evseId: number | undefined) => evseId === undefined || evseId === EVSE_ID;

const HANDLERS = {
  RequestStartTransaction(s, fx, call) {
    const r = req<"RequestStartTransaction">(call);
    const busy = s.tx !== null || s.authorizing !== null || s.pending !== null;
    const problem = !isOurEvse(r.evseId)
      ? `unknown EVSE ${r.evseId}`
      : s.registration !== "Accepted"
      ? `the station is not registered (${s.registration})`
      : busy
      ? "a transaction or an authorization is already under way"
      : s.status === "Unavailable" || s.status === "Faulted"
      ? `the station is ${s.status}`
      : r.chargingProfile && r.chargingProfile.chargingProfilePurpose !== "TxProfile"
      ? "the charging profile of a remote start must be a TxProfile"
      : reservationProblem(s, r.idToken.idToken);
    if (problem) {
      reply(fx, call, {
        status: "Rejected",
        statusInfo: { reasonCode: "InvalidState", additionalInfo: problem },
      });
      return s;
    }
    reply(fx, call, { status: "Accepted" });
    // F01/F02: the driver asked from an app while standing at the charger, so the EV arrives now.
    const ready = !s.physics.ev && s.config.isAutoPlugOnRemoteStart
      ? { ...s, physics: plugEv(s.physics, s.config.defaultEv) }
      : s;
    return authorized(ready, fx, call.nowMs, {
      idToken: r.idToken,
      remoteStartId: r.remoteStartId,
      chargingProfile: r.chargingProfile,
    });
  },
  RequestStopTransaction(s, fx, call) {
    const r = req<"RequestStopTransaction">(call);
    if (!s.tx || s.tx.transactionId !== r.transactionId) {
      reply(fx, call, { status: "Rejected" });
      return s;
    }
    reply(fx, call, { status: "Accepted" });
    return endTx(s, fx, { nowMs: call.nowMs, trigger: "RemoteStop", stoppedReason: "Remote" });
  },
  ChangeAvailability(s, fx, call) {
    const r = req<"ChangeAvailability">(call);
    const evse = r.evse;
    if (
      evse &&
      (evse.id > EVSE_ID || (evse.connectorId !== undefined && evse.connectorId !== CONNECTOR_ID))
    ) {
      reply(fx, call, { status: "Rejected" });
      return s;
    }
    if (r.operationalStatus === "Operative") {
      reply(fx, call, { status: "Accepted" });
      const status = s.status !== "Unavailable"
        ? s.status
        : s.physics.ev
        ? "Preparing"
        : "Available";
      return { ...s, isOperative: true, isInoperativeScheduled: false, status };
    }
    if (s.tx) {
      // G03: Inoperative waits for the running transaction to end.
      reply(fx, call, { status: "Scheduled" });
      return { ...s, isInoperativeScheduled: true };
    }
    reply(fx, call, { status: "Accepted" });
    const status = s.status === "Faulted" ? "Faulted" : "Unavailable";
    return { ...s, isOperative: false, status, pending: null };
  },
  Reset(s, fx, call) {
    const r = req<"Reset">(call);
    if (r.evseId !== undefined) {
      reply(fx, call, { status: "Rejected", statusInfo: { reasonCode: "UnsupportedRequest" } });
      return s;
    }
    if (r.type === "OnIdle" && s.tx) {
      reply(fx, call, { status: "Scheduled" });
      return { ...s, resetScheduled: true };
    }
    reply(fx, call, { status: "Accepted" });
    const ended = s.tx
      ? endTx(s, fx, {
        nowMs: call.nowMs,
        trigger: "ResetCommand",
        stoppedReason: "ImmediateReset",
      })
      : s;
    return reboot(ended, fx, `${r.type} reset`);
  },
  UnlockConnector(s, fx, call) {
    const r = req<"UnlockConnector">(call);
    if (r.evseId !== EVSE_ID || r.connectorId !== CONNECTOR_ID) {
      reply(fx, call, { status: "UnknownConnector" });
      return s;
    }
    if (s.tx) {
      reply(fx, call, { status: "OngoingAuthorizedTransaction" });
      return s;
    }
    reply(fx, call, { status: "Unlocked" });
    if (!s.physics.ev) return s;
    // The driver takes the released cable away.
    const status = s.status === "Finishing" || s.status === "Preparing" ? "Available" : s.status;
    return { ...s, physics: unplugEv(s.physics), status, pending: null };
  },
  TriggerMessage: triggerMessage,
  ReserveNow: reserveNow,
  UpdateFirmware: updateFirmware,
  GetLog: getLog,
  SetDisplayMessage: setDisplayMessage,
  GetDisplayMessages: getDisplayMessages,
  ClearDisplayMessage: clearDisplayMessage,
  CancelReservation: cancelReservation,
  ...LIST_HANDLERS,
  GetVariables(s, fx, call) {
    reply(
      fx,
      call,
      getVariables(req<"GetVariables">(call), { ...ctx(s), live: liveValues(s, call.nowMs) }),
    );
    return s;
  },
  SetVariables(s, fx, call) {
    const result = setVariables(req<"SetVariables">(call), ctx(s));
    // A01: stored before the station says Accepted, so it never answers for a password it lost.
    // The connection stays; the new password is used from the next (re)connect on.
    if (result.password !== undefined) {
      fx.push({ kind: "storePassword", password: result.password });
    }
    reply(fx, call, result.response);
    const next = {
      ...s,
      values: result.values,
      hasPassword: s.hasPassword || result.password !== undefined,
    };
    onSettingsChanged(next, result.changed, fx, call.nowMs);
    return next;
  },
  GetBaseReport(s, fx, call) {
    reply(fx, call, { status: "Accepted" });
    const reports = baseReport(req<"GetBaseReport">(call), {
      ...ctx(s),
      live: liveValues(s, call.nowMs),
      generatedAt: wallIso(s.config.timeBase, call.nowMs),
    });
    for (const payload of reports) fx.push({ kind: "call", action: "NotifyReport", payload });
    return s;
  },
  GetTransactionStatus(s, fx, call) {
    const r = req<"GetTransactionStatus">(call);
    const payload: Record<string, unknown> = { messagesInQueue: s.unackedTxEvents > 0 };
    if (r.transactionId !== undefined) {
      payload.ongoingIndicator = s.tx?.transactionId === r.transactionId;
    }
    reply(fx, call, payload);
    return s;
  },
} satisfies Record<string, Handler>;

function ctx(s: ChargerState) {
  return { values: s.values, facts: s.config };
}

/** Availability, clock and security profile values of the device model, from live state. */
function liveValues(s: ChargerState, nowMs: number): Record<string, string> {
  const state = reportedStatusOf(s);
  const available = String(s.isOperative);
  const live: Record<string, string> = {
    [variableKey({ component: "ClockCtrlr", variable: "DateTime" })]: wallIso(
      s.config.timeBase,
      nowMs,
    ),
    [variableKey({ component: "SecurityCtrlr", variable: "SecurityProfile" })]: String(
      securityProfileOf(s.config.isTls ?? false, s.hasPassword),
    ),
    [variableKey({ component: "LocalAuthListCtrlr", variable: "Entries" })]: String(
      Object.keys(s.localList.entries).length,
    ),
  };
  for (
    const ref of [{ component: "ChargingStation" }, { component: "EVSE", evseId: EVSE_ID }, {
      component: "Connector",
      evseId: EVSE_ID,
      connectorId: CONNECTOR_ID,
    }]
  ) {
    live[variableKey({ ...ref, variable: "Available" })] = available;
    live[variableKey({ ...ref, variable: "AvailabilityState" })] = state;
  }
  return live;
}

/** Handles one validated CALL from the CSMS. */
export function handleCall(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const handler = (HANDLERS as Record<string, Handler>)[call.action];
  if (handler) return handler(s, fx, call);
  const smart = handleSmartCharging(s, fx, call);
  if (smart) return smart;
  if (!isCsmsAction(call.action)) {
    fx.push({
      kind: "replyError",
      id: call.id,
      code: "NotSupported",
      description: `${call.action} is not sent by a CSMS`,
    });
    return s;
  }
  reply(fx, call, defaultResponse(call.action, call.payload as never) as Record<string, unknown>);
  return s;
}
