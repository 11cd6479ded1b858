/**
 * Group commit for TransactionEvents: saves that arrive while a commit is running wait for the
 * next one and are written together, with one multi-row statement per table, so thousands of
 * chargers cost one database transaction per round instead of one each (on PGlite a commit is
 * most of the cost: ~1.3 ms per event alone, ~0.1 ms in a batch). Each save still resolves
 * only after the commit that holds it, so "durable before acknowledged" holds. A batch the
 * database refuses is retried one event at a time, so a bad event fails alone.
 */
import { setImmediate } from "node:timers";
import { processMetrics } from "../../actors/runtime/metrics.ts";
import { UnstorableEventError } from "../../actors/station/durable.ts";
import type { Db } from "./sql.ts";
import { runProcedure } from "./procedures.ts";
import { type SaveOutcome, type TransactionEventRecord, transactionKey } from "./transactions.ts";

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
 * Builds the group commit. An idle batcher starts writing once the event loop has run what
 * woke it (`setImmediate`): the TransactionEvents of every socket read in that turn share the
 * first commit, rather than the first going alone and the rest waiting for it (at 10,000
 * chargers that alone was a quarter of the commits). Saves that arrive during a commit form
 * the next batch (at most `maxBatch`, one per transaction, oldest first), so a quiet CSMS
 * adds no delay and a busy one commits less often. Up to `maxInFlight` batches are
 * written side by side once `parallelAfter` saves wait (PostgreSQL's pool has several
 * connections; PGlite has one, where a second batch would only wait for its lock). An event
 * never joins a batch while another batch holds its transaction, so each transaction's events
 * still commit in order.
 */
export function createTransactionEventBatcher(
  db: Db,
  options: { maxBatch?: number; maxInFlight?: number; parallelAfter?: number } = {},
): TransactionEventBatcher {
  const maxBatch = options.maxBatch ?? 500;
  const maxInFlight = options.maxInFlight ?? (db.engine === "postgres" ? 4 : 1);
  // A second batch starts beside a running one only once this many wait: below that, one
  // statement at a time makes fewer, larger batches for the same events.
  const parallelAfter = options.parallelAfter ?? 50;
  let queue: Waiting[] = [];
  let running = 0;
  let isStartPending = false;
  // Transactions with an event in a batch being written.
  const writing = new Set<string>();
  const counts = { batches: 0, batchedEvents: 0, fallbacks: 0 };

  function takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const keys = new Set<string>();
    for (const w of queue) {
      if (batch.length < maxBatch && !keys.has(w.key) && !writing.has(w.key)) {
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
      w.resolve(await runProcedure(db, "saveTransactionEvent", { record: w.record }));
    } catch (error) {
      w.reject(classified(error));
    }
  }

  async function write(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return saveAlone(batch[0]);
    let outcomes: SaveOutcome[];
    try {
      outcomes = await runProcedure(db, "saveTransactionEvents", {
        records: batch.map((w) => w.record),
      });
    } catch {
      // Refused as a whole: one bad event (each on its own then, so the good ones are stored
      // and each waiter gets its own outcome), or the database is down (everyone fails now,
      // rather than one timeout after another).
      counts.fallbacks++;
      for (const [i, w] of batch.entries()) {
        try {
          w.resolve(
            await runProcedure(db, "saveTransactionEvent", { record: w.record }),
          );
        } catch (error) {
          w.reject(classified(error));
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

  const commitMs = processMetrics.histogram("db.transaction_commit_ms");
  async function run(): Promise<void> {
    running++;
    try {
      while (queue.length > 0) {
        const batch = takeBatch();
        if (batch.length === 0) return; // all that waits is behind batches being written
        for (const w of batch) writing.add(w.key);
        const startedMs = performance.now();
        try {
          await write(batch);
        } finally {
          for (const w of batch) writing.delete(w.key);
        }
        commitMs.observe(performance.now() - startedMs);
      }
    } finally {
      // what stays queued is taken by the runner writing its transaction, when it loops
      running--;
    }
  }

  return {
    save(record) {
      return new Promise((resolve, reject) => {
        queue.push({
          record,
          key: transactionKey(record.chargerId, record.transactionId),
          resolve,
          reject,
        });
        if (running < maxInFlight && queue.length >= parallelAfter) void run();
        else if (running === 0 && !isStartPending) {
          isStartPending = true;
          setImmediate(() => {
            isStartPending = false;
            // a batch started meanwhile (enough saves waited) loops over what is left
            if (running === 0) void run();
          });
        }
      });
    },
    stats: () => ({ ...counts, waiting: queue.length }),
  };
}

/**
 * SQLSTATE classes that blame the data, not the database: 22 (data exception: a number out
 * of range, a bad encoding) and 54 (program limit exceeded: nesting, sizes).
 */
const DATA_ERROR_CLASSES = ["22", "54"];

/** Turns a refusal of this event's own values into an {@link UnstorableEventError}. */
export function classified(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !DATA_ERROR_CLASSES.includes(code.slice(0, 2))) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new UnstorableEventError(`${message} (SQLSTATE ${code})`, { cause: error });
}
