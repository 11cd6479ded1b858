/** Insert throughput of the store on one database, for `deno task bench` (run on a throwaway one). */
import type { Db } from "./sql.ts";
import { createStore } from "./store.ts";
import { runProcedure } from "./procedures.ts";
import type { TransactionEventRecord } from "./transactions.ts";

/** What one run measured. */
export interface InsertBench {
  /** Meter samples per second through the batched writer (queue, batch, commit). */
  insertsPerSec: number;
  batchRows: number;
  /** TransactionEvents per second, each durable before the next starts (per worker). */
  transactionEventsPerSec: number;
  transactionEvents: number;
  /** Workers saving TransactionEvents at once (chargers in parallel). */
  concurrency: number;
  /**
   * TransactionEvents per second with one database transaction each (no group commit), the
   * same workers in parallel: the naive rate the group commit is measured against.
   */
  naiveTransactionEventsPerSec: number;
  naiveTransactionEvents: number;
}

const PREFIX = "bench_";

/** The payload `deno task bench`'s chargers send: a TransactionEvent with five sampled values. */
function benchPayload(seqNo: number, timestamp: string): Record<string, unknown> {
  const value = (v: number, measurand: string, unit: string) => ({
    value: v,
    measurand,
    unitOfMeasure: { unit },
  });
  return {
    eventType: seqNo === 0 ? "Started" : "Updated",
    timestamp,
    triggerReason: seqNo === 0 ? "Authorized" : "MeterValuePeriodic",
    seqNo,
    transactionInfo: { transactionId: "bench", chargingState: "Charging" },
    evse: { id: 1, connectorId: 1 },
    meterValue: [{
      timestamp,
      sampledValue: [
        value(seqNo * 70, "Energy.Active.Import.Register", "Wh"),
        value(50_000, "Power.Active.Import", "W"),
        value(125, "Current.Import", "A"),
        value(400, "Voltage", "V"),
        { ...value(50, "SoC", "Percent"), location: "EV" },
      ],
    }],
  };
}

/**
 * Writes `rows` meter samples through the batched writer, then `transactionEvents`
 * TransactionEvents one by one (in `concurrency` parallel streams, one transaction each),
 * and deletes what it wrote unless `keep`. Needs a migrated database.
 */
export async function benchInserts(
  db: Db,
  options: {
    rows: number;
    batchRows?: number;
    transactionEvents?: number;
    concurrency?: number;
    keep?: boolean;
  },
): Promise<InsertBench> {
  const batchRows = options.batchRows ?? 500;
  const txEvents = options.transactionEvents ?? Math.min(2_000, Math.max(1, options.rows / 10));
  const concurrency = options.concurrency ?? 1;
  const store = createStore(db, { batchMaxRows: batchRows, maxPendingRows: options.rows + 1 });
  const t0 = Date.now();
  try {
    const startedMs = performance.now();
    for (let i = 0; i < options.rows; i++) {
      const at = new Date(t0 + i).toISOString();
      store.recordMeterSample({
        chargerId: `${PREFIX}${i % 100}`,
        evseId: 1,
        transactionId: `${PREFIX}tx${i % 100}`,
        reading: { at, energyWh: i, powerW: 50_000, voltageV: 400, currentA: 125 },
        at,
      });
    }
    await store.flush();
    const samplesMs = performance.now() - startedMs;

    const perWorker = Math.ceil(txEvents / concurrency);
    const record = (w: number, seqNo: number, prefix: string): TransactionEventRecord => {
      const timestamp = new Date(t0 + seqNo * 5_000).toISOString();
      return {
        chargerId: `${prefix}${w}`,
        transactionId: `${prefix}tx${w}`,
        seqNo,
        eventType: seqNo === 0 ? "Started" : "Updated",
        triggerReason: seqNo === 0 ? "Authorized" : "MeterValuePeriodic",
        timestamp,
        offline: false,
        energyWh: seqNo * 70,
        powerW: 50_000,
        payload: benchPayload(seqNo, timestamp),
        receivedAt: timestamp,
      };
    };
    const inParallel = async (perWorker: number, save: (w: number, seqNo: number) => unknown) => {
      const startedMs = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
        for (let seqNo = 0; seqNo < perWorker; seqNo++) await save(w, seqNo);
      }));
      return performance.now() - startedMs;
    };
    const txMs = await inParallel(
      perWorker,
      (w, seqNo) => store.saveTransactionEvent(record(w, seqNo, PREFIX)),
    );
    // The same workload without the group commit: each event its own statement and commit.
    const naivePerWorker = Math.max(1, Math.ceil(Math.min(txEvents, 5_000) / concurrency));
    const naiveMs = await inParallel(
      naivePerWorker,
      (w, seqNo) =>
        runProcedure(db, "saveTransactionEvent", { record: record(w, seqNo, `${PREFIX}naive_`) }),
    );
    return {
      insertsPerSec: Math.round(options.rows / (samplesMs / 1000)),
      batchRows,
      transactionEventsPerSec: Math.round((perWorker * concurrency) / (txMs / 1000)),
      transactionEvents: perWorker * concurrency,
      concurrency,
      naiveTransactionEventsPerSec: Math.round((naivePerWorker * concurrency) / (naiveMs / 1000)),
      naiveTransactionEvents: naivePerWorker * concurrency,
    };
  } finally {
    await store.close();
    if (!options.keep) await deleteBenchRows(db);
  }
}

async function deleteBenchRows(db: Db): Promise<void> {
  for (const table of ["meter_samples", "transaction_events", "transactions"]) {
    await db.query(`DELETE FROM ${table} WHERE charger_id LIKE $1`, [`${PREFIX}%`]);
  }
}
