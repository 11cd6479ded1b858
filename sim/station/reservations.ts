/**
 * Reservations of a simulated station (OCPP 2.0.1 H01–H04), pure: ReserveNow holds the one EVSE
 * for an idToken until it expires (ReservationStatusUpdate Expired) or is cancelled; meanwhile
 * the connector reports Reserved and other tokens are refused. The reserved token's start uses it.
 */
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import { type ConnectorStatus, connectorStatusOf } from "../../actors/ocpp/status_map.ts";
import { type ChargerState, type Effect, EVSE_ID, type InboundCall } from "./station_state.ts";
import { simMsOfIso } from "./time_base.ts";

/** The connector type of the simulated station's one cable. */
const CONNECTOR_TYPE = "cCCS2";

/** The connector status to report: Reserved while a reservation holds an idle connector. */
export function reportedStatusOf(s: ChargerState): ConnectorStatus {
  const status = connectorStatusOf(s.status);
  return status === "Available" && s.reservation !== null ? "Reserved" : status;
}

/** Why `idToken` may not use the station now because it is reserved for another, or null. */
export function reservationProblem(s: ChargerState, idToken: string): string | null {
  const r = s.reservation;
  if (r === null || r.idToken === idToken || r.groupIdToken === idToken) return null;
  return `the station is reserved (reservation ${r.id}) for another idToken`;
}

/** The reservation the start of `idToken` uses up (H01.FR.?): cleared with its timer. */
export function useReservation(s: ChargerState, fx: Effect[], idToken: string): ChargerState {
  if (s.reservation === null || reservationProblem(s, idToken) !== null) return s;
  fx.push({ kind: "cancelTimer", name: "reservation" });
  return { ...s, reservation: null };
}

function answer(fx: Effect[], call: InboundCall, status: string, info?: string): void {
  fx.push({
    kind: "reply",
    id: call.id,
    payload: info === undefined
      ? { status }
      : { status, statusInfo: { reasonCode: status, additionalInfo: info } },
  });
}

/** H01: reserve the EVSE (a new reservation with the same id replaces the old one). */
export function reserveNow(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const r = call.payload as RequestOf<"ReserveNow">;
  const expiresAtMs = simMsOfIso(s.config.timeBase, r.expiryDateTime);
  const other = s.reservation !== null && s.reservation.id !== r.id;
  if (r.evseId !== undefined && r.evseId !== EVSE_ID) {
    answer(fx, call, "Rejected", `unknown EVSE ${r.evseId}`);
  } else if (r.connectorType !== undefined && r.connectorType !== CONNECTOR_TYPE) {
    answer(fx, call, "Rejected", `no ${r.connectorType} connector`);
  } else if (!(expiresAtMs > call.nowMs)) {
    answer(fx, call, "Rejected", `expiryDateTime ${r.expiryDateTime} is not in the future`);
  } else if (s.status === "Faulted" || s.status === "Unavailable") {
    answer(fx, call, s.status);
  } else if (s.status !== "Available" || s.tx !== null || s.pending !== null || other) {
    answer(fx, call, "Occupied");
  } else {
    answer(fx, call, "Accepted");
    fx.push({ kind: "setTimer", name: "reservation", delayMs: expiresAtMs - call.nowMs });
    return {
      ...s,
      reservation: {
        id: r.id,
        idToken: r.idToken.idToken,
        ...(r.groupIdToken && { groupIdToken: r.groupIdToken.idToken }),
        expiresAtMs,
      },
    };
  }
  return s;
}

/** H02: cancel the reservation `reservationId` if it is the one held. */
export function cancelReservation(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const r = call.payload as RequestOf<"CancelReservation">;
  if (s.reservation?.id !== r.reservationId) {
    answer(fx, call, "Rejected", `no reservation ${r.reservationId}`);
    return s;
  }
  answer(fx, call, "Accepted");
  fx.push({ kind: "cancelTimer", name: "reservation" });
  return { ...s, reservation: null };
}

/** H01.FR.?: the reservation expired; the CSMS is told (ReservationStatusUpdate Expired). */
export function expireReservation(s: ChargerState, fx: Effect[], nowMs: number): ChargerState {
  const r = s.reservation;
  if (r === null) return s;
  if (nowMs < r.expiresAtMs) {
    fx.push({ kind: "setTimer", name: "reservation", delayMs: r.expiresAtMs - nowMs });
    return s;
  }
  fx.push({
    kind: "call",
    action: "ReservationStatusUpdate",
    payload: { reservationId: r.id, reservationUpdateStatus: "Expired" },
  });
  return { ...s, reservation: null };
}
