/** The CSMS's view of one charging station: registration, connectors and open transactions. */
import type { ConnectorStatus } from "../events.ts";
import type { StoredStation } from "./durable.ts";

/** Registration state per B01–B03; `Unknown` until a BootNotification or a stored record. */
export type Registration = "Accepted" | "Pending" | "Rejected" | "Unknown";

/** How strictly inbound payloads are checked. */
export type ValidationMode = "strict" | "lenient";

/** Authorization answer for an idToken. */
export type AuthorizationStatus = "Accepted" | "Blocked" | "Invalid" | "Unknown";

/** Per-station settings the transition reads (from config, resolved by the CSMS). */
export interface StationConfig {
  validation: ValidationMode;
  heartbeatIntervalS: number;
  /** What a BootNotification from a station the CSMS does not know yet gets. */
  unknownStationRegistration: "Accepted" | "Pending" | "Rejected";
  /** Whether this station is known (configured or stored). */
  isKnown: boolean;
  authorize(idToken: string): AuthorizationStatus;
  /** Consecutive bad frames after which the station is disconnected. */
  maxBadFrames: number;
}

/** What the CSMS remembers of one transaction. */
export interface TxState {
  transactionId: string;
  evseId?: number;
  connectorId?: number;
  idToken?: string;
  meterStartWh?: number;
  lastEnergyWh?: number;
  lastSeqNo: number;
  /** The most recent seqNos seen, to acknowledge retransmissions without counting them. */
  recentSeqNos: readonly number[];
  isEnded: boolean;
}

/** The CSMS-side state of one station. */
export interface StationState {
  stationId: string;
  registration: Registration;
  model?: string;
  vendorName?: string;
  connectors: Readonly<Record<string, ConnectorStatus>>;
  transactions: ReadonlyMap<string, TxState>;
  /** Bad frames in a row; reset by a good one. */
  badFrameRun: number;
  /** How many frames were accepted only through lenient validation. */
  relaxedFrames: number;
}

/** How many seqNos per transaction are remembered for duplicate detection in memory. */
export const RECENT_SEQ_NOS = 64;

/** How many ended transactions are kept for duplicate detection. */
export const ENDED_TRANSACTIONS_KEPT = 8;

/**
 * A fresh state. Registration and open transactions come from storage when the station is
 * already known, so it need not boot again after a CSMS restart.
 */
export function initialStationState(
  stationId: string,
  registration: Registration = "Unknown",
  stored?: StoredStation,
): StationState {
  const transactions = new Map<string, TxState>();
  for (const tx of stored?.openTransactions ?? []) {
    transactions.set(tx.transactionId, { ...tx, recentSeqNos: [], isEnded: false });
  }
  return {
    stationId,
    registration: stored?.registration ?? registration,
    connectors: {},
    transactions,
    badFrameRun: 0,
    relaxedFrames: 0,
  };
}
