/**
 * TriggerMessage (F06), pure: the station answers, then sends the message the CSMS asked for,
 * or refuses one it cannot send now (a boot once accepted, a TransactionEvent without one).
 */
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import { reportedStatusOf } from "./reservations.ts";
import { firmwareNow, logNow } from "./firmware.ts";
import { sendBoot, statusPayload } from "./lifecycle.ts";
import { type ChargerState, type Effect, EVSE_ID, type InboundCall } from "./station_state.ts";
import { wallMsOf } from "./time_base.ts";
import { sendMeterValues, sendTxEvent } from "./transactions.ts";

/** How the station sends one kind of triggered message. */
interface Trigger {
  /** Whether the station refuses it in state `s`. */
  isRefused?(s: ChargerState): boolean;
  /** Pushes the message (after the Accepted answer) and returns the state after it. */
  send(s: ChargerState, fx: Effect[], nowMs: number): ChargerState;
}

const TRIGGERS: Record<string, Trigger> = {
  BootNotification: {
    // F06.FR.17: an accepted station does not boot again on request.
    isRefused: (s) => s.registration === "Accepted",
    send: (s, fx) => sendBoot({ ...s, bootReason: "Triggered" }, fx),
  },
  Heartbeat: {
    send(s, fx) {
      fx.push({ kind: "call", action: "Heartbeat", payload: {} });
      return s;
    },
  },
  StatusNotification: {
    send(s, fx, nowMs) {
      const connectorStatus = reportedStatusOf(s);
      fx.push({
        kind: "call",
        action: "StatusNotification",
        payload: statusPayload(connectorStatus, wallMsOf(s.config.timeBase, nowMs)),
      });
      return { ...s, reportedStatus: connectorStatus };
    },
  },
  MeterValues: {
    send(s, fx, nowMs) {
      sendMeterValues(s, fx, { nowMs, context: "Trigger" });
      return s;
    },
  },
  TransactionEvent: {
    isRefused: (s) => !s.tx,
    send: (s, fx, nowMs) =>
      sendTxEvent(s, fx, { nowMs, eventType: "Updated", trigger: "Trigger", context: "Trigger" }),
  },
  FirmwareStatusNotification: { send: (s, fx) => firmwareNow(s, fx) },
  LogStatusNotification: { send: (s, fx) => logNow(s, fx) },
};

/** Answers a TriggerMessage CALL first, then sends what it asked for. */
export function triggerMessage(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const r = call.payload as RequestOf<"TriggerMessage">;
  const answer = (status: "Accepted" | "Rejected" | "NotImplemented") =>
    fx.push({ kind: "reply", id: call.id, payload: { status } });
  const trigger = Object.hasOwn(TRIGGERS, r.requestedMessage)
    ? TRIGGERS[r.requestedMessage]
    : undefined;
  if (r.evse && r.evse.id > EVSE_ID) {
    answer("Rejected");
    return s;
  }
  if (!trigger) {
    answer("NotImplemented");
    return s;
  }
  if (trigger.isRefused?.(s)) {
    answer("Rejected");
    return s;
  }
  answer("Accepted");
  return trigger.send(s, fx, call.nowMs);
}
