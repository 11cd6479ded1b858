/**
 * The smart-charging plugin's running sessions, found by charger and EVSE without a scan (at
 * 10,000 chargers a scan per event cost a quarter of the CSMS's CPU).
 */
import type { Session } from "./plan.ts";

/** A charger's session key: the charger, with `/evseId` beyond EVSE 1. */
export function sessionKey(chargerId: string, evseId: number): string {
  return evseId === 1 ? chargerId : `${chargerId}/${evseId}`;
}

/** The sessions, by key and by charger then EVSE. */
export interface SessionIndex {
  all(): IterableIterator<Session>;
  /**
   * The session of this transaction, opened at `nowMs` unless it runs already; `isNew` says
   * whether it was opened now.
   */
  open(
    e: { chargerId: string; transactionId: string; evseId?: number },
    nowMs: number,
  ): { session: Session; isNew: boolean };
  /** The charger's sessions (one per EVSE). */
  ofCharger(chargerId: string): Iterable<Session>;
  /** By transaction id, or without one the session on `evseId` (default 1). */
  find(chargerId: string, transactionId?: string, evseId?: number): Session | undefined;
  remove(session: Session): void;
}

/** An empty index. */
export function createSessionIndex(): SessionIndex {
  const sessions = new Map<string, Session>();
  const byCharger = new Map<string, Map<number, Session>>();
  return {
    all: () => sessions.values(),
    open(e, nowMs) {
      const evseId = e.evseId ?? 1;
      const key = sessionKey(e.chargerId, evseId);
      const known = sessions.get(key);
      if (known?.transactionId === e.transactionId) return { session: known, isNew: false };
      const session: Session = {
        chargerId: e.chargerId,
        evseId,
        transactionId: e.transactionId,
        key,
        startedAtMs: nowMs,
        raisedAtMs: nowMs,
      };
      sessions.set(key, session);
      const mine = byCharger.get(e.chargerId) ?? new Map<number, Session>();
      byCharger.set(e.chargerId, mine.set(evseId, session));
      return { session, isNew: true };
    },
    ofCharger: (chargerId) => byCharger.get(chargerId)?.values() ?? [],
    find(chargerId, transactionId, evseId) {
      const mine = byCharger.get(chargerId);
      if (transactionId === undefined) return mine?.get(evseId ?? 1);
      for (const session of mine?.values() ?? []) {
        if (session.transactionId === transactionId) return session;
      }
      return undefined;
    },
    remove(session) {
      sessions.delete(session.key);
      byCharger.get(session.chargerId)?.delete(session.evseId);
    },
  };
}
