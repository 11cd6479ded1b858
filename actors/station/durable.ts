/** What the station actor needs from storage before it may acknowledge a message. */

/** One TransactionEvent as stored; `chargerId` is the charger's OCPP identity. */
export interface TransactionEventRecord {
  chargerId: string;
  transactionId: string;
  seqNo: number;
  eventType: "Started" | "Updated" | "Ended";
  triggerReason: string;
  /** The charger's timestamp of the event (ISO 8601). */
  timestamp: string;
  offline: boolean;
  chargingState?: string;
  evseId?: number;
  connectorId?: number;
  idToken?: string;
  idTokenType?: string;
  remoteStartId?: number;
  stoppedReason?: string;
  /** Latest Energy.Active.Import.Register in this event, whole Wh. */
  energyWh?: number;
  /**
   * Its oldest reading in this event, whole Wh (an Ended event may repeat the
   * Transaction.Begin reading); default `energyWh`. The transaction's start register is the
   * Started event's; when the Started carried none, the first after it (the lowest seqNo's).
   */
  firstEnergyWh?: number;
  /**
   * The register this event marks as the transaction's start (context Transaction.Begin),
   * whole Wh: as good as the Started event's register, so an Ended that repeats it (TxEnded
   * sampling) gives the start even when the Started never arrived.
   */
  beginEnergyWh?: number;
  /** Latest Power.Active.Import in this event, W. */
  powerW?: number;
  /**
   * The final cost of the transaction, whole KRW, on its Ended event when the pricing hooks
   * priced it: stored in the same write as the event, so money is never counted apart from
   * the energy it prices.
   */
  costKrw?: number;
  /**
   * The start register `costKrw` was priced from, whole Wh; absent when it was priced without
   * one. The cost is stored only while that is the transaction's start register (an earlier
   * register delivered late replaces it and leaves the cost unknown).
   */
  costStartWh?: number;
  /** The managed tariff that prices the transaction (a transaction keeps its first). */
  tariffId?: string;
  tariffVersion?: number;
  /** The request payload as received (after lenient repairs). */
  payload: unknown;
  /** When the CSMS received it (ISO 8601). */
  receivedAt: string;
}

/** A transaction storage knows to be still open, so a restarted CSMS carries on with it. */
export interface StoredTransaction {
  transactionId: string;
  evseId?: number;
  connectorId?: number;
  idToken?: string;
  /** Whether its Started event is stored. */
  hasStartedEvent?: boolean;
  meterStartWh?: number;
  /** The seqNo that gave `meterStartWh` for sure (see TxState). */
  meterStartSeqNo?: number;
  /** The first register, Wh (see TxState). */
  firstWh?: number;
  /** The seqNo that carried `firstWh`. */
  firstWhSeqNo?: number;
  lastEnergyWh?: number;
  lastEnergySeqNo?: number;
  lastSeqNo: number;
  /** The managed tariff that priced it so far. */
  tariff?: { tariffId: string; version: number };
}

/** What storage knows of a station: it exists (it is known), its registration, open transactions. */
export interface StoredStation {
  /** The last BootNotification answer; absent when it never booted (e.g. seeded from a fleet). */
  registration?: "Accepted" | "Pending" | "Rejected";
  openTransactions: StoredTransaction[];
}

/**
 * Durable storage the CSMS waits on. A TransactionEvent is acknowledged only after
 * `saveTransactionEvent` resolved; when it rejects, the charger gets InternalError and retries.
 */
export interface DurableStore {
  saveTransactionEvent(record: TransactionEventRecord): Promise<"stored" | "duplicate">;
  /** The stored registration of a station, so it need not boot again after a CSMS restart. */
  loadStation(chargerId: string): Promise<StoredStation | undefined>;
  /**
   * The final cost stored with a transaction, whole KRW (undefined when none was): the answer
   * to a retransmitted Ended event that this process no longer remembers (after a restart)
   * repeats it instead of pricing the repeat from nothing.
   */
  storedCostKrw?(chargerId: string, transactionId: string): Promise<number | undefined>;
}

/**
 * The database refused this one event for what it holds (a value out of range, say), not
 * for an outage: retrying cannot help, so the charger gets a permanent refusal instead of
 * InternalError.
 */
export class UnstorableEventError extends Error {
  /** Always "UnstorableEventError". */
  override name = "UnstorableEventError";
}
