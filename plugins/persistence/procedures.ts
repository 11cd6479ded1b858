/**
 * Write procedures: the store's multi-statement writes, by name, taking a `Db` and arguments
 * that survive structured cloning. `runProcedure` runs one beside the database when the `Db`
 * can (PGlite in its worker: one message for the whole database transaction instead of a
 * round trip through the CSMS's busy event loop per statement) and in place otherwise.
 */
import type { Db } from "./sql.ts";
import {
  saveTransactionEvent,
  saveTransactionEvents,
  type TransactionEventRecord,
} from "./transactions.ts";
import { BATCH_WRITERS, type BatchKind, type BatchRowOf } from "./writers.ts";

/** Rows of one kind within a batch. */
export interface BatchPart<K extends BatchKind = BatchKind> {
  kind: K;
  rows: BatchRowOf<K>[];
}

/** Every procedure, by name. */
export const PROCEDURES = {
  /** Writes the parts of one batch (batch.ts) in one database transaction, in order. */
  writeBatch: (db: Db, parts: BatchPart[]): Promise<void> =>
    db.transaction(async (tx) => {
      for (const part of parts) await BATCH_WRITERS[part.kind](tx, part.rows as never[]);
    }),
  saveTransactionEvent: (db: Db, args: { record: TransactionEventRecord }) =>
    saveTransactionEvent(db, args.record),
  saveTransactionEvents: (db: Db, args: { records: TransactionEventRecord[] }) =>
    saveTransactionEvents(db, args.records),
};

/** A procedure's name. */
export type ProcedureName = keyof typeof PROCEDURES;
type Procedure<N extends ProcedureName> = (typeof PROCEDURES)[N];

/** Runs procedure `name` with `args` beside the database when `db` can, else here. */
export function runProcedure<N extends ProcedureName>(
  db: Db,
  name: N,
  args: Parameters<Procedure<N>>[1],
): ReturnType<Procedure<N>> {
  if (db.runProcedure) return db.runProcedure(name, args) as ReturnType<Procedure<N>>;
  return (PROCEDURES[name] as (db: Db, args: unknown) => ReturnType<Procedure<N>>)(db, args);
}
