/**
 * The idle fee, pure: time an EV stays plugged in after charging ended, from the chargingState of
 * a transaction's events (OCPP 2.0.1 E: EVConnected or SuspendedEV after energy flowed), timed by
 * the charger's own event timestamps, priced per whole minute beyond a grace period.
 */
import type { RequestOf } from "../../actors/ocpp/schemas.ts";

/** Idle time of one transaction so far (plain data: it rides on the transaction's hook state). */
export interface IdleState {
  /** Whether the transaction has been in chargingState Charging. */
  hasCharged: boolean;
  /** Since when (charger time, ms) the EV has been idle, while it is. */
  idleSinceMs?: number;
  /** Idle time of periods that are over, ms. */
  idleMs: number;
}

/** States in which an EV that has charged just occupies the charger. */
const IDLE_STATES = new Set(["EVConnected", "SuspendedEV"]);

/** Folds one TransactionEvent's chargingState into the idle time (Ended closes it). */
export function foldIdle(
  state: IdleState | undefined,
  request: Pick<RequestOf<"TransactionEvent">, "timestamp" | "eventType" | "transactionInfo">,
): IdleState {
  const atMs = Date.parse(request.timestamp);
  let next: IdleState = state ?? { hasCharged: false, idleMs: 0 };
  const chargingState = request.transactionInfo.chargingState;
  const isIdleNow = chargingState === undefined
    ? next.idleSinceMs !== undefined
    : next.hasCharged && IDLE_STATES.has(chargingState);
  const isOver = request.eventType === "Ended" || !isIdleNow;
  if (next.idleSinceMs !== undefined && isOver) {
    next = { ...next, idleMs: next.idleMs + Math.max(0, atMs - next.idleSinceMs) };
    delete next.idleSinceMs;
  }
  if (chargingState === "Charging") next = { ...next, hasCharged: true };
  else if (isIdleNow && !isOver && next.idleSinceMs === undefined) {
    next = { ...next, idleSinceMs: atMs };
  }
  return next;
}

/** Idle time up to `atMs`, ms. */
export function idleMsAt(state: IdleState, atMs: number): number {
  const open = state.idleSinceMs === undefined ? 0 : Math.max(0, atMs - state.idleSinceMs);
  return state.idleMs + open;
}

/**
 * The fee, whole won: whole idle minutes past the grace minutes times the price per minute
 * (which may have two decimals), rounded half-up once.
 */
export function idleFeeKrw(
  prices: { idleFeeKrwPerMinute: number; idleGraceMinutes: number },
  state: IdleState,
  atMs: number,
): number {
  if (prices.idleFeeKrwPerMinute <= 0) return 0;
  const minutes = Math.floor(idleMsAt(state, atMs) / 60_000) - prices.idleGraceMinutes;
  if (minutes <= 0) return 0;
  const centiKrw = minutes * Math.round(prices.idleFeeKrwPerMinute * 100);
  return Math.floor((centiKrw + 50) / 100);
}
