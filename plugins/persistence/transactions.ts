/** Durable TransactionEvent storage (OCPP 2.0.1 E01–E15): deduplicated, never double-counted. */
import { type Db, pgArray } from "./db.ts";

/** One TransactionEvent as the CSMS received it: the station actor's durable-store contract. */
export type { TransactionEventRecord } from "../../actors/station/durable.ts";
import type { TransactionEventRecord } from "../../actors/station/durable.ts";

const INSERT_EVENT = `
INSERT INTO transaction_events (charger_id, transaction_id, seq_no, event_type, trigger_reason,
  timestamp, offline, payload, received_at)
-- ::text first: postgres.js would JSON-encode a string bound straight to jsonb a second time.
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9)
ON CONFLICT (charger_id, transaction_id, seq_no) DO NOTHING
RETURNING id`;

/**
 * How a TransactionEvent merges into an existing transaction row: shared by the one-by-one
 * save and the group commit, so both leave identical rows.
 */
export const MERGE_TRANSACTION = `ON CONFLICT (charger_id, transaction_id) DO UPDATE SET
  station_id = COALESCE(t.station_id, EXCLUDED.station_id),
  evse_id = COALESCE(EXCLUDED.evse_id, t.evse_id),
  connector_id = COALESCE(EXCLUDED.connector_id, t.connector_id),
  id_token = COALESCE(EXCLUDED.id_token, t.id_token),
  id_token_type = COALESCE(EXCLUDED.id_token_type, t.id_token_type),
  remote_start_id = COALESCE(EXCLUDED.remote_start_id, t.remote_start_id),
  started_at = CASE WHEN EXCLUDED.has_started_event THEN EXCLUDED.started_at
    WHEN t.has_started_event THEN t.started_at
    ELSE LEAST(t.started_at, EXCLUDED.started_at) END,
  has_started_event = t.has_started_event OR EXCLUDED.has_started_event,
  ended_at = COALESCE(EXCLUDED.ended_at, t.ended_at),
  meter_start_wh = COALESCE(EXCLUDED.meter_start_wh, t.meter_start_wh),
  meter_stop_wh = CASE WHEN EXCLUDED.meter_stop_wh IS NOT NULL AND (t.meter_stop_seq_no IS NULL
    OR EXCLUDED.meter_stop_seq_no >= t.meter_stop_seq_no)
    THEN EXCLUDED.meter_stop_wh ELSE t.meter_stop_wh END,
  meter_stop_seq_no = CASE WHEN EXCLUDED.meter_stop_wh IS NOT NULL AND (t.meter_stop_seq_no IS NULL
    OR EXCLUDED.meter_stop_seq_no >= t.meter_stop_seq_no)
    THEN EXCLUDED.meter_stop_seq_no ELSE t.meter_stop_seq_no END,
  stopped_reason = COALESCE(EXCLUDED.stopped_reason, t.stopped_reason),
  charging_state = CASE WHEN EXCLUDED.last_seq_no >= t.last_seq_no
    THEN COALESCE(EXCLUDED.charging_state, t.charging_state)
    ELSE COALESCE(t.charging_state, EXCLUDED.charging_state) END,
  last_seq_no = GREATEST(t.last_seq_no, EXCLUDED.last_seq_no),
  updated_at = EXCLUDED.updated_at`;

/** What a save resolves with. */
export type SaveOutcome = "stored" | "duplicate";

/** One key per (station, transaction): a batch holds at most one event per key. */
export const transactionKey = (stationId: string, transactionId: string) =>
  `${stationId}\u0000${transactionId}`;

// One statement creates or merges the transaction row, so an Updated or Ended for a
// transaction we never saw start still makes one (E07 offline, lost Started). Rules:
// - started_at: the Started event's timestamp; until it arrives, the earliest seen;
// - meter_start_wh: the register of the Started event only;
// - meter_stop_wh: the register of the highest seqNo that carried one;
// - energy_wh is a generated column (stop − start), so a replay cannot double it.
const UPSERT_TRANSACTION = `
INSERT INTO transactions AS t (charger_id, transaction_id, station_id, evse_id, connector_id,
  id_token, id_token_type, remote_start_id, started_at, ended_at, has_started_event,
  meter_start_wh, meter_stop_wh, meter_stop_seq_no, stopped_reason, charging_state,
  last_seq_no, created_at, updated_at)
VALUES ($1::text, $2::text, (SELECT station_id FROM chargers WHERE charger_id = $1::text),
  $3::int, $4::int, $5::text, $6::text, $7::int, $8::timestamptz,
  CASE WHEN $9::boolean THEN $8::timestamptz END, $10::boolean,
  CASE WHEN $10::boolean THEN $11::bigint END, $11::bigint,
  CASE WHEN $11::bigint IS NOT NULL THEN $12::int END, $13::text, $14::text, $12::int,
  $15::timestamptz, $15::timestamptz)
${MERGE_TRANSACTION}
RETURNING ended_at IS NOT NULL AS is_ended`;

// The default price until the pricing plugin sets one (setTransactionCost): computed once
// from the transaction's meter delta and rounded half-up to whole won (numeric round() rounds
// halves away from zero, and the energy is clamped at zero).
const DEFAULT_COST = `
UPDATE transactions SET cost_krw = round(GREATEST(energy_wh, 0)::numeric * $3::numeric / 1000),
  cost_source = 'tariff'
WHERE charger_id = $1 AND transaction_id = $2 AND ended_at IS NOT NULL
  AND energy_wh IS NOT NULL AND cost_source IS DISTINCT FROM 'pricing'`;

/**
 * Stores one TransactionEvent and merges it into its transaction, in one database
 * transaction; resolves only once that is committed, so the CSMS may then acknowledge it.
 * A replay (same charger, transaction and seqNo) changes nothing and gives "duplicate".
 */
export function saveTransactionEvent(
  db: Db,
  record: TransactionEventRecord,
  options: { tariffKrwPerKwh: number | null },
): Promise<SaveOutcome> {
  const registerWh = record.energyWh === undefined ? null : Math.round(record.energyWh);
  return db.transaction(async (tx) => {
    const inserted = await tx.query(INSERT_EVENT, [
      record.stationId,
      record.transactionId,
      record.seqNo,
      record.eventType,
      record.triggerReason,
      record.timestamp,
      record.offline,
      JSON.stringify(record.payload ?? null),
      record.receivedAt,
    ]);
    if (inserted.length === 0) return "duplicate";
    const [{ is_ended }] = await tx.query<{ is_ended: boolean }>(UPSERT_TRANSACTION, [
      record.stationId,
      record.transactionId,
      record.evseId ?? null,
      record.connectorId ?? null,
      record.idToken ?? null,
      record.idTokenType ?? null,
      record.remoteStartId ?? null,
      record.timestamp,
      record.eventType === "Ended",
      record.eventType === "Started",
      registerWh,
      record.seqNo,
      record.stoppedReason ?? null,
      record.chargingState ?? null,
      record.receivedAt,
    ]);
    if (is_ended && options.tariffKrwPerKwh !== null) {
      await tx.query(DEFAULT_COST, [
        record.stationId,
        record.transactionId,
        options.tariffKrwPerKwh,
      ]);
    }
    return "stored";
  });
}

/**
 * Sets a transaction's cost (whole KRW) as the pricing plugin computed it; later events no
 * longer apply the default tariff. Resolves false when the transaction is unknown.
 */
export async function setTransactionCost(
  db: Db,
  ids: { stationId: string; transactionId: string },
  costKrw: number,
): Promise<boolean> {
  if (!Number.isSafeInteger(costKrw)) {
    throw new RangeError(`cost must be a whole number of KRW, got ${costKrw}`);
  }
  const rows = await db.query(
    `UPDATE transactions SET cost_krw = $3, cost_source = 'pricing', updated_at = now()
     WHERE charger_id = $1 AND transaction_id = $2 RETURNING id`,
    [ids.stationId, ids.transactionId, costKrw],
  );
  return rows.length > 0;
}

const INSERT_EVENTS = `
INSERT INTO transaction_events (charger_id, transaction_id, seq_no, event_type, trigger_reason,
  timestamp, offline, payload, received_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[],
  $6::timestamptz[], $7::boolean[], $8::jsonb[], $9::timestamptz[])
ON CONFLICT (charger_id, transaction_id, seq_no) DO NOTHING
RETURNING charger_id, transaction_id`;

// The multi-row form of transactions.ts's UPSERT_TRANSACTION; the rules are the same, and
// transaction_batch_test.ts checks that both paths leave identical rows.
const UPSERT_TRANSACTIONS = `
INSERT INTO transactions AS t (charger_id, transaction_id, station_id, evse_id, connector_id,
  id_token, id_token_type, remote_start_id, started_at, ended_at, has_started_event,
  meter_start_wh, meter_stop_wh, meter_stop_seq_no, stopped_reason, charging_state,
  last_seq_no, created_at, updated_at)
SELECT u.c, u.tx, (SELECT station_id FROM chargers WHERE charger_id = u.c), u.evse, u.conn,
  u.tok, u.tok_type, u.rsid, u.ts, CASE WHEN u.is_ended THEN u.ts END, u.is_started,
  CASE WHEN u.is_started THEN u.wh END, u.wh, CASE WHEN u.wh IS NOT NULL THEN u.seq END,
  u.reason, u.state, u.seq, u.rcv, u.rcv
FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::int[],
  $8::timestamptz[], $9::boolean[], $10::boolean[], $11::bigint[], $12::int[], $13::text[],
  $14::text[], $15::timestamptz[])
  AS u(c, tx, evse, conn, tok, tok_type, rsid, ts, is_ended, is_started, wh, seq, reason, state, rcv)
${MERGE_TRANSACTION}
RETURNING charger_id, transaction_id, ended_at IS NOT NULL AS is_ended`;

function upsertParams(records: TransactionEventRecord[]): string[] {
  const col = <T>(f: (r: TransactionEventRecord) => T) => records.map(f);
  return [
    pgArray(col((r) => r.stationId)),
    pgArray(col((r) => r.transactionId)),
    pgArray(col((r) => r.evseId)),
    pgArray(col((r) => r.connectorId)),
    pgArray(col((r) => r.idToken)),
    pgArray(col((r) => r.idTokenType)),
    pgArray(col((r) => r.remoteStartId)),
    pgArray(col((r) => r.timestamp)),
    pgArray(col((r) => r.eventType === "Ended")),
    pgArray(col((r) => r.eventType === "Started")),
    pgArray(col((r) => r.energyWh === undefined ? null : Math.round(r.energyWh))),
    pgArray(col((r) => r.seqNo)),
    pgArray(col((r) => r.stoppedReason)),
    pgArray(col((r) => r.chargingState)),
    pgArray(col((r) => r.receivedAt)),
  ];
}

/**
 * Stores several TransactionEvents in one database transaction, with the same rules as
 * `saveTransactionEvent`. No two records may share a transaction (a charger has one CALL
 * outstanding, so concurrent saves never do; the batcher below makes sure).
 */
export function saveTransactionEvents(
  db: Db,
  records: readonly TransactionEventRecord[],
  options: { tariffKrwPerKwh: number | null },
): Promise<SaveOutcome[]> {
  const keys = records.map((r) => transactionKey(r.stationId, r.transactionId));
  if (new Set(keys).size !== keys.length) {
    return Promise.reject(new TypeError("saveTransactionEvents() needs one event per transaction"));
  }
  return db.transaction(async (tx) => {
    const inserted = await tx.query<{ charger_id: string; transaction_id: string }>(
      INSERT_EVENTS,
      [
        pgArray(records.map((r) => r.stationId)),
        pgArray(records.map((r) => r.transactionId)),
        pgArray(records.map((r) => r.seqNo)),
        pgArray(records.map((r) => r.eventType)),
        pgArray(records.map((r) => r.triggerReason)),
        pgArray(records.map((r) => r.timestamp)),
        pgArray(records.map((r) => r.offline)),
        pgArray(records.map((r) => JSON.stringify(r.payload ?? null))),
        pgArray(records.map((r) => r.receivedAt)),
      ],
    );
    const isNew = new Set(
      inserted.map((row) => transactionKey(row.charger_id, row.transaction_id)),
    );
    const fresh = records.filter((_, i) => isNew.has(keys[i]));
    if (fresh.length > 0) {
      const merged = await tx.query<
        { charger_id: string; transaction_id: string; is_ended: boolean }
      >(
        UPSERT_TRANSACTIONS,
        upsertParams(fresh),
      );
      if (options.tariffKrwPerKwh !== null) {
        for (const row of merged.filter((m) => m.is_ended)) {
          await tx.query(DEFAULT_COST, [
            row.charger_id,
            row.transaction_id,
            options.tariffKrwPerKwh,
          ]);
        }
      }
    }
    return keys.map((key): SaveOutcome => isNew.has(key) ? "stored" : "duplicate");
  });
}
