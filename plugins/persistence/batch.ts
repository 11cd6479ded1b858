/**
 * Batched, asynchronous writes: rows queue in memory and are written in one database
 * transaction per batch, when a batch is full or after a delay. A failed batch is kept and
 * retried; a row the database rejects on its own is dropped and counted. It never throws at
 * the caller except from an explicit `flush()` or `close()`.
 */
import type { Clock, TimerId } from "../../actors/runtime/clock.ts";
import type { Db } from "./sql.ts";

/** Counters for /health and benchmarks. */
export interface BatchStats {
  /** Rows not yet written: queued, or in a batch being written (the backlog). */
  pending: number;
  /** Rows written. */
  inserted: number;
  /** Batches (database transactions) committed. */
  batches: number;
  /** Batches that failed (each is retried). */
  failures: number;
  /** Rows given up: backlog full, store closed, or rejected by the database on their own. */
  dropped: number;
  lastError: string | null;
}

// deno-lint-ignore no-explicit-any -- a writer's row type is checked at `push` via RowOf.
type Writer = (db: Db, rows: readonly any[]) => Promise<void>;
type RowOf<F> = F extends (db: Db, rows: readonly (infer R)[]) => Promise<void> ? R : never;

/** The default backlog cap (`maxPendingRows`). */
export const DEFAULT_MAX_PENDING_ROWS = 50_000;

export interface BatchOptions {
  clock: Clock;
  /** A batch is written when this many rows wait; default 500. */
  batchMaxRows?: number;
  /** …or this long after the first row arrived; default 200 ms. */
  batchMaxDelayMs?: number;
  /** Rows beyond this backlog are dropped (bounded memory while the database is down). */
  maxPendingRows?: number;
  /** The longest wait between retries of a failed batch; default 5 s. */
  maxRetryDelayMs?: number;
  /** Answers whether the database is up; used to tell a bad row from an outage. */
  isDbUp: () => Promise<boolean>;
  /**
   * Writes a whole batch in one database transaction; default: each part's writer in turn
   * inside `db.transaction`. The store runs it beside the database (procedures.ts).
   */
  writeBatch?: (parts: readonly Part[]) => Promise<void>;
  /**
   * Kinds whose writer keeps only the latest row per key (heartbeats: one `last_seen_at` per
   * station): a queued row is replaced by a newer one of its key, so their backlog is bounded
   * by the number of keys, not by the arrival rate, and an overload cannot crowd out others.
   */
  coalesceBy?: Record<string, (row: never) => string>;
}

/** The batched writer over a set of named writers, written in the record's key order. */
export interface Batcher<W extends Record<string, Writer>> {
  push<K extends keyof W & string>(kind: K, row: RowOf<W[K]>): void;
  /** Writes everything queued; rejects (keeping the rows) if the database refuses. */
  flush(): Promise<void>;
  /** Stops accepting rows, then flushes. */
  close(): Promise<void>;
  stats(): BatchStats;
}

/** Rows of one kind within a batch. */
export interface Part {
  kind: string;
  rows: unknown[];
}

export function createBatcher<W extends Record<string, Writer>>(
  db: Db,
  writers: W,
  options: BatchOptions,
): Batcher<W> {
  const maxRows = options.batchMaxRows ?? 500;
  const delayMs = options.batchMaxDelayMs ?? 200;
  const maxPending = options.maxPendingRows ?? DEFAULT_MAX_PENDING_ROWS;
  const maxRetryMs = options.maxRetryDelayMs ?? 5_000;
  const kinds = Object.keys(writers);
  const writeBatch = options.writeBatch ??
    ((parts: readonly Part[]) =>
      db.transaction(async (tx) => {
        for (const p of parts) await writers[p.kind](tx, p.rows);
      }));
  const queues = new Map<string, unknown[]>(kinds.map((k) => [k, []]));
  // Per coalesced kind: key -> index of its queued row.
  const slots = new Map<string, Map<string, number>>(
    Object.keys(options.coalesceBy ?? {}).map((k) => [k, new Map()]),
  );
  const keyOf = (kind: string, row: unknown) =>
    (options.coalesceBy![kind] as (row: unknown) => string)(row);
  const s: BatchStats = {
    pending: 0,
    inserted: 0,
    batches: 0,
    failures: 0,
    dropped: 0,
    lastError: null,
  };
  let timer: TimerId | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let isKicked = false;
  let isClosed = false;
  let failuresInARow = 0;
  // Rows in the queues, not yet taken into a batch (s.pending also counts batches in flight).
  let queued = 0;

  function schedule(ms: number): void {
    if (timer !== null) options.clock.clearTimeout(timer);
    timer = options.clock.setTimeout(() => {
      timer = null;
      kick();
    }, ms);
  }

  function retryDelayMs(): number {
    return Math.min(delayMs * 2 ** Math.max(0, failuresInARow - 1), maxRetryMs);
  }

  function cancelTimer(): void {
    if (timer !== null) options.clock.clearTimeout(timer);
    timer = null;
  }

  function kick(): void {
    if (isKicked) return;
    isKicked = true;
    chain = chain.then(async () => {
      isKicked = false;
      if (!await drain()) schedule(retryDelayMs());
    });
  }

  function take(): Part[] {
    const parts: Part[] = [];
    let room = maxRows;
    for (const kind of kinds) {
      const queue = queues.get(kind)!;
      if (room === 0 || queue.length === 0) continue;
      const rows = queue.splice(0, room);
      reindex(kind);
      room -= rows.length;
      parts.push({ kind, rows });
    }
    queued -= maxRows - room;
    return parts;
  }

  function putBack(parts: readonly Part[]): void {
    for (const { kind, rows } of parts) {
      queues.set(kind, rows.concat(queues.get(kind)!));
      reindex(kind);
      queued += rows.length;
    }
  }

  function reindex(kind: string): void {
    const slot = slots.get(kind);
    if (slot === undefined) return;
    slot.clear();
    queues.get(kind)!.forEach((row, i) => slot.set(keyOf(kind, row), i));
  }

  function fail(error: unknown): void {
    s.failures++;
    failuresInARow++;
    s.lastError = error instanceof Error ? error.message : String(error);
  }

  /** Writes batches until the queues are empty; false if the database is down. */
  async function drain(): Promise<boolean> {
    cancelTimer();
    while (queued > 0) {
      const parts = take();
      const count = parts.reduce((n, p) => n + p.rows.length, 0);
      try {
        await writeBatch(parts);
        s.inserted += count;
        s.pending -= count;
        s.batches++;
        failuresInARow = 0;
      } catch (error) {
        fail(error);
        if (!await options.isDbUp()) {
          putBack(parts);
          return false;
        }
        if (!await isolate(parts)) return false;
      }
    }
    return true;
  }

  /**
   * The database is up but refused the batch: write each part alone, then each row alone,
   * dropping only rows that fail by themselves. False (rows kept) if the database goes down.
   */
  async function isolate(parts: Part[]): Promise<boolean> {
    for (const [i, p] of parts.entries()) {
      try {
        await db.transaction((tx) => writers[p.kind](tx, p.rows));
        s.inserted += p.rows.length;
        s.pending -= p.rows.length;
        s.batches++;
        continue;
      } catch (error) {
        s.lastError = `${p.kind}: ${error instanceof Error ? error.message : error}`;
      }
      for (const [j, row] of p.rows.entries()) {
        try {
          await db.transaction((tx) => writers[p.kind](tx, [row]));
          s.inserted++;
          s.pending--;
        } catch (error) {
          if (!await options.isDbUp()) {
            putBack([{ kind: p.kind, rows: p.rows.slice(j) }, ...parts.slice(i + 1)]);
            return false;
          }
          s.dropped++;
          s.pending--;
          s.lastError = `dropped a ${p.kind} row: ${
            error instanceof Error ? error.message : error
          }`;
        }
      }
    }
    failuresInARow = 0;
    return true;
  }

  async function flush(): Promise<void> {
    cancelTimer();
    let isDone = false;
    chain = chain.then(async () => {
      isDone = await drain();
    });
    await chain;
    if (!isDone) {
      if (!isClosed) schedule(retryDelayMs());
      throw new Error(`cannot write ${s.pending} pending rows: ${s.lastError}`);
    }
  }

  return {
    push(kind, row) {
      if (isClosed || s.pending >= maxPending) {
        s.dropped++;
        return;
      }
      const queue = queues.get(kind)!;
      const slot = slots.get(kind);
      if (slot !== undefined) {
        const key = keyOf(kind, row);
        const index = slot.get(key);
        if (index !== undefined) {
          queue[index] = row; // the newer row replaces the queued one: nothing more to write
          return;
        }
        slot.set(key, queue.length);
      }
      queue.push(row);
      s.pending++;
      queued++;
      if (queued >= maxRows && failuresInARow === 0) kick();
      else if (timer === null) schedule(delayMs);
    },
    flush,
    async close() {
      isClosed = true;
      try {
        await flush();
      } finally {
        cancelTimer();
      }
    },
    stats: () => ({ ...s }),
  };
}
