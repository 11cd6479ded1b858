/** The CSMS's view of one charging station: registration, connectors and open transactions. */
import type { AnyEvent, ConnectorStatus } from "../csms/events.ts";
import type { RequestOf, ResponseOf } from "../ocpp/schemas.ts";
import type { StoredStation } from "./durable.ts";

/** Registration state per B01–B03; `Unknown` until a BootNotification or a stored record. */
export type Registration = "Accepted" | "Pending" | "Rejected" | "Unknown";

/** How strictly inbound payloads are checked. */
export type ValidationMode = "strict" | "lenient";

/** Authorization answer for an idToken. */
export type AuthorizationStatus = "Accepted" | "Blocked" | "Expired" | "Invalid" | "Unknown";

/** An authorization with what OCPP's IdTokenInfo may add: the token's group and its expiry. */
export interface AuthorizationInfo {
  status: AuthorizationStatus;
  /** Until when the charger may cache the answer (the token's expiry), ISO 8601. */
  cacheExpiryDateTime?: string;
  groupIdToken?: { idToken: string; type: "Central" };
}

/** Per-station settings the transition reads (from config, resolved by the CSMS). */
export interface StationConfig {
  validation: ValidationMode;
  heartbeatIntervalS: number;
  /** What a BootNotification from a station the CSMS does not know yet gets. */
  unknownStationRegistration: "Accepted" | "Pending" | "Rejected";
  /** Whether this station is known (configured or stored). */
  isKnown: boolean;
  /**
   * Authorizes an idToken (C01, E01/E05). Must be synchronous (it runs in the pure
   * transition): an in-memory lookup. `context` carries the presented type and the time.
   */
  authorize(
    idToken: string,
    context?: { type?: string; nowMs: number },
  ): AuthorizationStatus | AuthorizationInfo;
  /** Consecutive bad frames after which the station is disconnected. */
  maxBadFrames: number;
  /** Adds to TransactionEvent answers (billing plugins; composed by the plugin host). */
  transactionEventHook?: TransactionEventHook;
}

/** What {@link TransactionEventHook} is given: the event, the transaction after it, the answer. */
export interface TransactionEventHookInput {
  chargerId: string;
  request: RequestOf<"TransactionEvent">;
  /** The transaction with this event applied (its `hookState` is the previous one). */
  tx: TxState;
  /** The answer decided so far (idTokenInfo). */
  response: ResponseOf<"TransactionEvent">;
  /** The CSMS's time of the event, ISO 8601. */
  at: string;
}

/** What {@link TransactionEventHook} decides. */
export interface TransactionEventHookOutput {
  response: ResponseOf<"TransactionEvent">;
  /** Replaces the transaction's `hookState`. */
  hookState?: Readonly<Record<string, unknown>>;
  /** The running total cost the hooks agreed on, whole KRW; on Ended, the final cost. */
  costKrw?: number;
  /** The managed tariff that priced the transaction, stored with it. */
  tariff?: TariffRef;
  /** Published after the event is stored (not for a retransmission). */
  events: AnyEvent[];
}

/**
 * A synchronous addition to the TransactionEventResponse, e.g. `totalCost` (I03). It runs
 * inside the pure transition, so it must be a pure function of its input: no clock, no I/O,
 * and it must not throw. State it needs across events goes in `hookState`.
 */
export type TransactionEventHook = (input: TransactionEventHookInput) => TransactionEventHookOutput;

/** A managed tariff pinned by id and version (tariffs are versioned, never edited in place). */
export interface TariffRef {
  /** The tariff's id. */
  tariffId: string;
  /** Its version, from 1. */
  version: number;
}

/** What the CSMS remembers of one transaction. */
export interface TxState {
  /** The charger's transaction id. */
  transactionId: string;
  /** The EVSE it runs on, when the charger said. */
  evseId?: number;
  /** The connector it runs on, when the charger said. */
  connectorId?: number;
  /** The idToken that authorized it, when known. */
  idToken?: string;
  /** Whether its Started event arrived. */
  hasStartedEvent?: boolean;
  /**
   * The energy register at its start, Wh, once known: the Started event's, a reading marked
   * Transaction.Begin (an Ended may repeat it), or when the Started carried none, the first
   * reading after it. Unknown while neither a Started nor a Transaction.Begin reading arrived.
   */
  meterStartWh?: number;
  /**
   * The seqNo of the event whose register is the start for sure (the Started's, or a reading
   * marked Transaction.Begin); absent while the start is a first reading or unknown.
   */
  meterStartSeqNo?: number;
  /** The oldest reading of the lowest seqNo that carried a register, Wh. */
  firstWh?: number;
  /** The seqNo of the event that carried `firstWh`. */
  firstWhSeqNo?: number;
  /** The latest energy register seen, Wh: the one of the highest seqNo that carried one. */
  lastEnergyWh?: number;
  /** The seqNo of the event that carried `lastEnergyWh`. */
  lastEnergySeqNo?: number;
  /** The highest seqNo seen. */
  lastSeqNo: number;
  /** The most recent seqNos seen, to acknowledge retransmissions without counting them. */
  recentSeqNos: readonly number[];
  /** Whether its Ended event arrived. */
  isEnded: boolean;
  /** The tariff that prices it, once a hook chose one (stored, so it survives a CSMS restart). */
  tariff?: TariffRef;
  /** What TransactionEvent hooks keep per transaction, by hook name (not stored durably). */
  hookState?: Readonly<Record<string, unknown>>;
}

/** The CSMS-side state of one station. */
export interface StationState {
  chargerId: string;
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
  chargerId: string,
  registration: Registration = "Unknown",
  stored?: StoredStation,
): StationState {
  const transactions = new Map<string, TxState>();
  for (const tx of stored?.openTransactions ?? []) {
    transactions.set(tx.transactionId, { ...tx, recentSeqNos: [], isEnded: false });
  }
  return {
    chargerId,
    registration: stored?.registration ?? registration,
    connectors: {},
    transactions,
    badFrameRun: 0,
    relaxedFrames: 0,
  };
}
