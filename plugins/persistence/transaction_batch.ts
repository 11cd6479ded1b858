/**
 * Group commit for TransactionEvents: saves that arrive while a commit is running wait for the
 * next one and are written together, with one multi-row statement per table, so thousands of
 * chargers cost one database transaction per round instead of one each (on PGlite a commit is
 * most of the cost: ~1.3 ms per event alone, ~0.1 ms in a batch). Each save still resolves
 * only after the commit that holds it, so "durable before acknowledged" holds. A batch the
 * database refuses is retried one event at a time, so a bad event fails alone.
 */
import { type Db, pgArray } from "./db.ts";
import {
  MERGE_TRANSACTION,
  saveTransactionEvent,
  type TransactionEventRecord,
} from "./transactions.ts";

/** What a save resolves with. */
export type SaveOutcome = "stored" | "duplicate";

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

const DEFAULT_COST = `
UPDATE transactions SET cost_krw = round(GREATEST(energy_wh, 0)::numeric * $3::numeric / 1000),
  cost_source = 'tariff'
WHERE charger_id = $1 AND transaction_id = $2 AND ended_at IS NOT NULL
  AND energy_wh IS NOT NULL AND cost_source IS DISTINCT FROM 'pricing'`;

const keyOf = (stationId: string, transactionId: string) => `${stationId}\u0000${transactionId}`;

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
  const keys = records.map((r) => keyOf(r.stationId, r.transactionId));
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
    const isNew = new Set(inserted.map((row) => keyOf(row.charger_id, row.transaction_id)));
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

interface Waiting {
  record: TransactionEventRecord;
  key: string;
  resolve(outcome: SaveOutcome): void;
  reject(error: unknown): void;
}

/** Counters of the group commit. */
export interface GroupCommitStats {
  /** Database transactions that held more than one event. */
  batches: number;
  /** Events saved through those batches. */
  batchedEvents: number;
  /** Batches refused as a whole and retried one event at a time. */
  fallbacks: number;
  /** Saves waiting for the next commit. */
  waiting: number;
}

/** Saves TransactionEvents with group commit. */
export interface TransactionEventBatcher {
  save(record: TransactionEventRecord): Promise<SaveOutcome>;
  stats(): GroupCommitStats;
}

/**
 * Builds the group commit. The first save is written at once; saves that arrive meanwhile
 * form the next batch (at most `maxBatch`, one per transaction, oldest first), so a quiet
 * CSMS adds no delay and a busy one commits less often.
 */
export function createTransactionEventBatcher(
  db: Db,
  options: { tariffKrwPerKwh: number | null; maxBatch?: number },
): TransactionEventBatcher {
  const maxBatch = options.maxBatch ?? 500;
  let queue: Waiting[] = [];
  let isRunning = false;
  const counts = { batches: 0, batchedEvents: 0, fallbacks: 0 };

  function takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const keys = new Set<string>();
    for (const w of queue) {
      if (batch.length < maxBatch && !keys.has(w.key)) {
        keys.add(w.key);
        batch.push(w);
      } else rest.push(w);
    }
    queue = rest;
    return batch;
  }

  const isDown = () => db.query("SELECT 1").then(() => false, () => true);

  async function saveAlone(w: Waiting): Promise<void> {
    try {
      w.resolve(await saveTransactionEvent(db, w.record, options));
    } catch (error) {
      w.reject(error);
    }
  }

  async function write(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return saveAlone(batch[0]);
    let outcomes: SaveOutcome[];
    try {
      outcomes = await saveTransactionEvents(db, batch.map((w) => w.record), options);
    } catch {
      // Refused as a whole: one bad event (each on its own then, so the good ones are stored
      // and each waiter gets its own outcome), or the database is down (everyone fails now,
      // rather than one timeout after another).
      counts.fallbacks++;
      for (const [i, w] of batch.entries()) {
        try {
          w.resolve(await saveTransactionEvent(db, w.record, options));
        } catch (error) {
          w.reject(error);
          if (await isDown()) {
            for (const rest of batch.slice(i + 1)) rest.reject(error);
            return;
          }
        }
      }
      return;
    }
    counts.batches++;
    counts.batchedEvents += batch.length;
    batch.forEach((w, i) => w.resolve(outcomes[i]));
  }

  async function run(): Promise<void> {
    isRunning = true;
    try {
      while (queue.length > 0) await write(takeBatch());
    } finally {
      isRunning = false;
    }
  }

  return {
    save(record) {
      return new Promise((resolve, reject) => {
        queue.push({ record, key: keyOf(record.stationId, record.transactionId), resolve, reject });
        if (!isRunning) void run();
      });
    },
    stats: () => ({ ...counts, waiting: queue.length }),
  };
}
