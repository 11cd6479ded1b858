/** What the station actor needs from storage before it may acknowledge a message. */

/** One TransactionEvent as stored; `stationId` is the charger's OCPP identity. */
export interface TransactionEventRecord {
  stationId: string;
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
  /** Latest Power.Active.Import in this event, W. */
  powerW?: number;
  /** The request payload as received (after lenient repairs). */
  payload: unknown;
  /** When the CSMS received it (ISO 8601). */
  receivedAt: string;
}

/** What a station's registration looks like in storage. */
export interface StoredStation {
  registration: "Accepted" | "Pending" | "Rejected";
}

/**
 * Durable storage the CSMS waits on. A TransactionEvent is acknowledged only after
 * `saveTransactionEvent` resolved; when it rejects, the charger gets InternalError and retries.
 */
export interface DurableStore {
  saveTransactionEvent(record: TransactionEventRecord): Promise<"stored" | "duplicate">;
  /** The stored registration of a station, so it need not boot again after a CSMS restart. */
  loadStation(stationId: string): Promise<StoredStation | undefined>;
}
