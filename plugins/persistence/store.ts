/**
 * The store the CSMS writes through: durable writes it waits for and batched writes for
 * high-volume data (the REST API reads through history.ts). One instance per database.
 */
import { type Clock, systemClock } from "../../actors/runtime/clock.ts";
import { type BatchStats, createBatcher, DEFAULT_MAX_PENDING_ROWS } from "./batch.ts";
import type { Db } from "./sql.ts";
import { type BatchPart, runProcedure } from "./procedures.ts";
import { storedCostKrw, type TransactionEventRecord } from "./transactions.ts";
import type { DurableStore } from "../../actors/station/durable.ts";
import { createStationLoader } from "./load_station.ts";
import { createTransactionEventBatcher } from "./transaction_batch.ts";
import { createBreaker } from "./breaker.ts";
import {
  BATCH_WRITERS,
  type BootRow,
  type FrameRow,
  type HeartbeatRow,
  type MeterRow,
  type SecurityRow,
  type StatusRow,
  upsertChargersOnBoot,
} from "./writers.ts";

export type { BatchStats, TransactionEventRecord };

/** A charger's row: inventory, what it reported at boot, and its registration. */
export interface ChargerRow {
  charger_id: string;
  station_id: string | null;
  max_power_kw: number | null;
  model: string | null;
  vendor: string | null;
  serial_number: string | null;
  firmware_version: string | null;
  lat: number | null;
  lng: number | null;
  /** The last BootNotification answer (Accepted, Pending, Rejected); null if never booted. */
  registration_status: string | null;
  security_profile: number;
  password_hash: string | null;
  first_seen: string | null;
  last_boot_at: string | null;
  last_seen_at: string | null;
}

export interface StoreHealth {
  ok: boolean;
  engine: Db["engine"];
  error?: string;
}

export interface StoreOptions {
  /** Default 500 rows. */
  batchMaxRows?: number;
  /** Default 200 ms. */
  batchMaxDelayMs?: number;
  /** Backlog cap while the database is down; default 50,000 rows. */
  maxPendingRows?: number;
  clock?: Clock;
  /** Default 2,000 ms. */
  healthTimeoutMs?: number;
  /**
   * A TransactionEvent write slower than this counts as an outage (breaker.ts); default
   * 5,000 ms, under a charger's usual call timeout.
   */
  writeTimeoutMs?: number;
  /** Time between recovery probes while the database is known down; default 1,000 ms. */
  probeEveryMs?: number;
}

/** The store; it is the station actor's `DurableStore` too. */
export interface Store extends DurableStore {
  readonly engine: Db["engine"];
  /** Durable before it resolves: acknowledge the TransactionEvent only after this. */
  saveTransactionEvent(record: TransactionEventRecord): Promise<"stored" | "duplicate">;
  loadChargers(): Promise<ChargerRow[]>;
  getCharger(chargerId: string): Promise<ChargerRow | null>;
  /** Records a BootNotification's outcome now (the batched `recordBoot` also does). */
  upsertChargerOnBoot(boot: BootRow): Promise<void>;
  recordBoot(boot: BootRow): void;
  recordHeartbeat(heartbeat: HeartbeatRow): void;
  recordStatus(status: StatusRow): void;
  recordMeterSample(sample: MeterRow): void;
  recordSecurityEvent(event: SecurityRow): void;
  recordFrame(frame: FrameRow): void;
  /** Writes every queued row; rejects (keeping them for a retry) if the database refuses. */
  flush(): Promise<void>;
  /** Stops taking rows and flushes. Does not close the database. */
  close(): Promise<void>;
  stats(): BatchStats;
  /**
   * The batched writes are falling behind: over a fifth of `maxPendingRows` waiting. The
   * server's admission gate then slows chargers down, long before rows would be dropped.
   */
  isBacklogged(): boolean;
  health(): Promise<StoreHealth>;
  /** Whether TransactionEvent writes are refused at once (the database is known down). */
  isDown(): boolean;
}

/** Builds the store over an open, migrated database. */
export function createStore(db: Db, options: StoreOptions = {}): Store {
  const clock = options.clock ?? systemClock;
  const health = () => checkHealth(db, clock, options.healthTimeoutMs ?? 2_000);
  const transactionEvents = createTransactionEventBatcher(db);
  const breaker = createBreaker({
    clock,
    probe: () => db.query("SELECT 1"),
    writeTimeoutMs: options.writeTimeoutMs,
    probeEveryMs: options.probeEveryMs,
  });
  const batcher = createBatcher(db, BATCH_WRITERS, {
    ...options,
    clock,
    isDbUp: async () => (await health()).ok,
    writeBatch: (parts) => runProcedure(db, "writeBatch", parts as BatchPart[]),
    coalesceBy: { heartbeats: (row: HeartbeatRow) => row.chargerId },
  });

  return {
    engine: db.engine,
    // Group commit: events from many chargers at once share one database transaction.
    // Fails at once while the database is known down (the charger retries), see breaker.ts.
    saveTransactionEvent: (record) => breaker.run(() => transactionEvents.save(record)),
    loadStation: createStationLoader(db),
    storedCostKrw: (chargerId, transactionId) => storedCostKrw(db, chargerId, transactionId),
    loadChargers: () => db.query<ChargerRow>("SELECT * FROM chargers ORDER BY charger_id"),
    getCharger: async (chargerId) =>
      (await db.query<ChargerRow>("SELECT * FROM chargers WHERE charger_id = $1", [chargerId]))[
        0
      ] ??
        null,
    upsertChargerOnBoot: (boot) => upsertChargersOnBoot(db, [boot]),
    recordBoot: (row) => batcher.push("boots", row),
    recordHeartbeat: (row) => batcher.push("heartbeats", row),
    recordStatus: (row) => batcher.push("statuses", row),
    recordMeterSample: (row) => batcher.push("meterSamples", row),
    recordSecurityEvent: (row) => batcher.push("securityEvents", row),
    recordFrame: (row) => batcher.push("frames", row),
    flush: () => batcher.flush(),
    close: () => {
      breaker.stop();
      return batcher.close();
    },
    stats: () => batcher.stats(),
    isBacklogged: () =>
      batcher.stats().pending > (options.maxPendingRows ?? DEFAULT_MAX_PENDING_ROWS) / 5,
    health,
    isDown: () => breaker.isOpen,
  };
}

/** `SELECT 1` within `timeoutMs` (on the injected clock). */
async function checkHealth(db: Db, clock: Clock, timeoutMs: number): Promise<StoreHealth> {
  let timer: number | undefined;
  const probe = db.query("SELECT 1");
  // A probe that loses the race may still fail later; the race already reported it.
  probe.catch(() => undefined);
  try {
    await Promise.race([
      probe,
      new Promise<never>((_, reject) => {
        timer = clock.setTimeout(
          () => reject(new Error(`database did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    return { ok: true, engine: db.engine };
  } catch (error) {
    return {
      ok: false,
      engine: db.engine,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
  }
}
