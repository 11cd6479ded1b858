/** Durable TransactionEvent storage (OCPP 2.0.1 E01–E15): deduplicated, never double-counted. */
import { type Db, pgJsonRows } from "./sql.ts";

/** One TransactionEvent as the CSMS received it: the station actor's durable-store contract. */
export type { TransactionEventRecord } from "../../actors/station/durable.ts";
import type { TransactionEventRecord } from "../../actors/station/durable.ts";

/**
 * The event gives a start register for sure (a Started with a register, or a reading marked
 * Transaction.Begin), of a lower seqNo than the row's (if any).
 */
const IS_EARLIER_SURE = `EXCLUDED.meter_start_seq_no IS NOT NULL
  AND (t.meter_start_seq_no IS NULL OR EXCLUDED.meter_start_seq_no < t.meter_start_seq_no)`;

/** The event's oldest register has a lower seqNo than the row's first register (if any). */
const IS_EARLIER_FIRST = `EXCLUDED.first_wh IS NOT NULL
  AND (t.first_wh_seq_no IS NULL OR EXCLUDED.first_wh_seq_no < t.first_wh_seq_no)`;

/**
 * The start register after the merge: the Started event's; when the Started carried none,
 * the first register after it (the oldest reading of the lowest seqNo); unknown while no
 * Started is stored.
 */
const MERGED_START = `COALESCE(
  CASE WHEN ${IS_EARLIER_SURE} THEN EXCLUDED.meter_start_wh
    WHEN t.meter_start_seq_no IS NOT NULL THEN t.meter_start_wh END,
  CASE WHEN t.has_started_event OR EXCLUDED.has_started_event
    THEN CASE WHEN ${IS_EARLIER_FIRST} THEN EXCLUDED.first_wh ELSE t.first_wh END END)`;

/** The event's register has the highest seqNo that carried one. */
const IS_LATER_STOP = `EXCLUDED.meter_stop_wh IS NOT NULL
  AND (t.meter_stop_seq_no IS NULL OR EXCLUDED.meter_stop_seq_no >= t.meter_stop_seq_no)`;

/** The stop register after the merge. */
const MERGED_STOP = `CASE WHEN ${IS_LATER_STOP}
  THEN EXCLUDED.meter_stop_wh ELSE t.meter_stop_wh END`;

/**
 * The cost after the merge: the event's, when it was priced from the start register the row
 * has after the merge (none when it was priced from another: events delivered out of order);
 * a stored cost is dropped when its start or the stop register moves afterwards (a late
 * Started, a late Updated after an Ended without a reading): unknown rather than wrong.
 */
const MERGED_COST = `CASE
  WHEN EXCLUDED.cost_krw IS NOT NULL THEN CASE
    WHEN EXCLUDED.cost_start_wh IS NOT DISTINCT FROM ${MERGED_START} THEN EXCLUDED.cost_krw END
  WHEN t.cost_start_wh IS DISTINCT FROM ${MERGED_START}
    OR (${MERGED_STOP}) IS DISTINCT FROM t.meter_stop_wh THEN NULL
  ELSE t.cost_krw END`;

/**
 * How a TransactionEvent merges into an existing transaction row: shared by the one-by-one
 * save and the group commit, so both leave identical rows.
 */
export const MERGE_TRANSACTION = `ON CONFLICT (charger_id, transaction_id) DO UPDATE SET
  station_id = COALESCE(t.station_id, EXCLUDED.station_id),
  evse_id = COALESCE(EXCLUDED.evse_id, t.evse_id),
  connector_id = COALESCE(EXCLUDED.connector_id, t.connector_id),
  id_token = CASE WHEN EXCLUDED.has_started_event AND EXCLUDED.id_token IS NOT NULL
    THEN EXCLUDED.id_token ELSE COALESCE(t.id_token, EXCLUDED.id_token) END,
  id_token_type = CASE WHEN EXCLUDED.has_started_event AND EXCLUDED.id_token IS NOT NULL
    THEN EXCLUDED.id_token_type WHEN t.id_token IS NULL THEN EXCLUDED.id_token_type
    ELSE t.id_token_type END,
  remote_start_id = COALESCE(EXCLUDED.remote_start_id, t.remote_start_id),
  started_at = CASE WHEN EXCLUDED.has_started_event THEN EXCLUDED.started_at
    WHEN t.has_started_event THEN t.started_at
    ELSE LEAST(t.started_at, EXCLUDED.started_at) END,
  has_started_event = t.has_started_event OR EXCLUDED.has_started_event,
  ended_at = COALESCE(EXCLUDED.ended_at, t.ended_at),
  meter_start_wh = ${MERGED_START},
  meter_start_seq_no = CASE WHEN ${IS_EARLIER_SURE}
    THEN EXCLUDED.meter_start_seq_no ELSE t.meter_start_seq_no END,
  first_wh = CASE WHEN ${IS_EARLIER_FIRST} THEN EXCLUDED.first_wh ELSE t.first_wh END,
  first_wh_seq_no = CASE WHEN ${IS_EARLIER_FIRST}
    THEN EXCLUDED.first_wh_seq_no ELSE t.first_wh_seq_no END,
  meter_stop_wh = ${MERGED_STOP},
  meter_stop_seq_no = CASE WHEN ${IS_LATER_STOP}
    THEN EXCLUDED.meter_stop_seq_no ELSE t.meter_stop_seq_no END,
  stopped_reason = COALESCE(EXCLUDED.stopped_reason, t.stopped_reason),
  cost_krw = ${MERGED_COST},
  cost_source = CASE WHEN (${MERGED_COST}) IS NOT NULL
    THEN COALESCE(EXCLUDED.cost_source, t.cost_source) END,
  cost_start_wh = CASE WHEN EXCLUDED.cost_krw IS NOT NULL THEN EXCLUDED.cost_start_wh
    ELSE t.cost_start_wh END,
  tariff_version = CASE WHEN t.tariff_id IS NULL THEN EXCLUDED.tariff_version
    ELSE t.tariff_version END,
  tariff_id = COALESCE(t.tariff_id, EXCLUDED.tariff_id),
  charging_state = CASE WHEN EXCLUDED.last_seq_no >= t.last_seq_no
    THEN COALESCE(EXCLUDED.charging_state, t.charging_state)
    ELSE COALESCE(t.charging_state, EXCLUDED.charging_state) END,
  last_seq_no = GREATEST(t.last_seq_no, EXCLUDED.last_seq_no),
  updated_at = EXCLUDED.updated_at`;

/** What a save resolves with. */
export type SaveOutcome = "stored" | "duplicate";

/** One key per (station, transaction): a batch holds at most one event per key. */
export const transactionKey = (chargerId: string, transactionId: string) =>
  `${chargerId}\u0000${transactionId}`;

// One statement stores the events and creates or merges their transactions' rows, so an
// Updated or Ended for a transaction we never saw start still makes one (E07 offline, lost
// Started); a replayed event (same charger, transaction and seqNo) is not inserted, and so
// not merged either. Rules:
// - started_at: the Started event's timestamp; until it arrives, the earliest seen;
// - id_token: the Started event's token; until it arrives, the first seen (a stop by another
//   card does not make the session that card's);
// - meter_start_wh: the Started event's register (its oldest reading), or a reading marked
//   Transaction.Begin in any event (an Ended repeating it when the Started was lost); of
//   several, the lowest seqNo's. When the Started had none (optional in E01), the oldest
//   reading of the lowest seqNo after it (first_wh), from which pricing counts too; unknown
//   while neither is stored (energy nobody can check);
// - meter_stop_wh: the register of the highest seqNo that carried one;
// - energy_wh is a generated column (stop − start), so a replay cannot double it;
// - cost_krw: the pricing hooks' final cost, carried by the Ended event; only once the
//   Started event or a Transaction.Begin register is stored, and only while the row's start register is the one it was
//   priced from (cost_start_wh), so the stored cost prices the stored energy;
// - tariff_id, tariff_version: the managed tariff that priced it; the first one stays.
// The cost's check for a stored start runs only for an event that carries a cost (an Ended):
// Postgres evaluated it three times per event (once per column that reads it), ~10 % of a lone
// Updated event's statement on PGlite.
// One statement is one round into the database: on PGlite each costs ~0.15 ms before any row
// is touched, and a lone event used to take four (BEGIN, two statements, COMMIT).
// The rows travel as one JSON document (`jsonb_to_recordset`): JSON.stringify writes it in
// one native pass, where twenty array literals quoted every value and escaped every payload.
const SAVE_EVENTS = `
WITH u AS (
  SELECT * FROM jsonb_to_recordset($1::text::jsonb)
    AS u(c text, tx text, seq int, event_type text, trigger_reason text, ts timestamptz,
      offline boolean, payload jsonb, rcv timestamptz, evse int, conn int, tok text,
      tok_type text, rsid int, wh bigint, wh0 bigint, wb bigint, reason text, state text, cost bigint,
      cwh bigint, tariff text, tariff_version int)
), inserted AS (
  INSERT INTO transaction_events (charger_id, transaction_id, seq_no, event_type,
    trigger_reason, timestamp, offline, payload, received_at)
  SELECT c, tx, seq, event_type, trigger_reason, ts, offline, COALESCE(payload, 'null'), rcv
  FROM u
  ON CONFLICT (charger_id, transaction_id, seq_no) DO NOTHING
  RETURNING charger_id, transaction_id
)
INSERT INTO transactions AS t (charger_id, transaction_id, station_id, evse_id, connector_id,
  id_token, id_token_type, remote_start_id, started_at, ended_at, has_started_event,
  meter_start_wh, meter_start_seq_no, first_wh, first_wh_seq_no, meter_stop_wh,
  meter_stop_seq_no, stopped_reason, charging_state, cost_krw, cost_source, cost_start_wh,
  tariff_id, tariff_version, last_seq_no, created_at, updated_at)
SELECT u.c, u.tx, (SELECT station_id FROM chargers WHERE charger_id = u.c), u.evse, u.conn,
  u.tok, u.tok_type, u.rsid, u.ts, CASE WHEN u.event_type = 'Ended' THEN u.ts END,
  u.event_type = 'Started',
  CASE WHEN u.event_type = 'Started' THEN COALESCE(u.wb, u.wh0, u.wh) ELSE u.wb END,
  CASE WHEN (u.event_type = 'Started' AND u.wh IS NOT NULL) OR u.wb IS NOT NULL THEN u.seq END,
  COALESCE(u.wh0, u.wh), CASE WHEN u.wh IS NOT NULL THEN u.seq END, u.wh,
  CASE WHEN u.wh IS NOT NULL THEN u.seq END, u.reason, u.state,
  p.cost, CASE WHEN p.cost IS NOT NULL THEN 'pricing' END, CASE WHEN p.cost IS NOT NULL
  THEN u.cwh END, u.tariff, u.tariff_version, u.seq, u.rcv, u.rcv
FROM u JOIN inserted i ON i.charger_id = u.c AND i.transaction_id = u.tx
CROSS JOIN LATERAL (SELECT CASE WHEN u.cost IS NULL THEN NULL
  WHEN u.event_type = 'Started' OR u.wb IS NOT NULL OR EXISTS (SELECT 1 FROM transactions s
    WHERE s.charger_id = u.c AND s.transaction_id = u.tx
    AND (s.has_started_event OR s.meter_start_seq_no IS NOT NULL)) THEN u.cost END AS cost) p
${MERGE_TRANSACTION}
RETURNING charger_id, transaction_id`;

/** One record as a row of SAVE_EVENTS's recordset (undefined fields are left out: NULL). */
function saveRow(r: TransactionEventRecord) {
  return {
    c: r.chargerId,
    tx: r.transactionId,
    seq: r.seqNo,
    event_type: r.eventType,
    trigger_reason: r.triggerReason,
    ts: r.timestamp,
    offline: r.offline,
    payload: r.payload ?? null,
    rcv: r.receivedAt,
    evse: r.evseId,
    conn: r.connectorId,
    tok: r.idToken,
    tok_type: r.idTokenType,
    rsid: r.remoteStartId,
    wh: r.energyWh === undefined ? undefined : Math.round(r.energyWh),
    wh0: r.firstEnergyWh === undefined ? undefined : Math.round(r.firstEnergyWh),
    wb: r.beginEnergyWh === undefined ? undefined : Math.round(r.beginEnergyWh),
    reason: r.stoppedReason,
    state: r.chargingState,
    cost: r.costKrw,
    cwh: r.costStartWh,
    tariff: r.tariffId,
    tariff_version: r.tariffVersion,
  };
}

function saveParams(records: readonly TransactionEventRecord[]): string[] {
  return [pgJsonRows(records.map(saveRow))];
}

/**
 * Stores one TransactionEvent and merges it into its transaction, atomically; resolves only
 * once that is committed, so the CSMS may then acknowledge it. A replay (same charger,
 * transaction and seqNo) changes nothing and gives "duplicate".
 */
export async function saveTransactionEvent(
  db: Db,
  record: TransactionEventRecord,
): Promise<SaveOutcome> {
  return (await saveTransactionEvents(db, [record]))[0];
}

/**
 * Stores several TransactionEvents atomically, with the rules of SAVE_EVENTS. No two records
 * may share a transaction (a charger has one CALL outstanding, so concurrent saves never do;
 * the group commit in transaction_batch.ts makes sure).
 */
export async function saveTransactionEvents(
  db: Db,
  records: readonly TransactionEventRecord[],
): Promise<SaveOutcome[]> {
  const keys = records.map((r) => transactionKey(r.chargerId, r.transactionId));
  if (new Set(keys).size !== keys.length) {
    throw new TypeError("saveTransactionEvents() needs one event per transaction");
  }
  // One statement: it commits on its own, the event, its transaction row and the cost together.
  const merged = await db.query<{ charger_id: string; transaction_id: string }>(
    SAVE_EVENTS,
    saveParams(records),
  );
  const stored = new Set(merged.map((row) => transactionKey(row.charger_id, row.transaction_id)));
  return keys.map((key): SaveOutcome => stored.has(key) ? "stored" : "duplicate");
}

/** The final cost stored with a transaction, whole KRW; undefined when none (or no such row). */
export async function storedCostKrw(
  db: Db,
  chargerId: string,
  transactionId: string,
): Promise<number | undefined> {
  const [row] = await db.query<{ cost_krw: string | number | null }>(
    "SELECT cost_krw FROM transactions WHERE charger_id = $1 AND transaction_id = $2",
    [chargerId, transactionId],
  );
  return row?.cost_krw == null ? undefined : Number(row.cost_krw);
}
