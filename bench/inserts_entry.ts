/**
 * Insert throughput of one database engine (issue 4), in its own process: a fresh PGlite
 * directory or the given PostgreSQL database, migrated, then `benchInserts` from the
 * persistence plugin. Prints one JSON line with the result.
 *
 *   deno run -A bench/inserts_entry.ts '{"engine":"pglite","dataDir":"/tmp/x","rows":50000}'
 */
import { benchInserts } from "../plugins/persistence/bench.ts";
import { openDb } from "../plugins/persistence/db.ts";
import { migrate } from "../plugins/persistence/migrations.ts";
import { emitLine, exitAfter } from "./child_io.ts";

const args: { engine: string; dataDir?: string; url?: string; rows: number } = JSON.parse(
  Deno.args[0],
);
exitAfter(10 * 60_000);
const db = await openDb({ url: args.url, dataDir: args.dataDir });
try {
  await migrate(db);
  // As many parallel chargers as the CSMS's saturation runs (1,000 back to back), so the
  // durable TransactionEvents/s is the engine's own ceiling for that load.
  const transactionEvents = Math.min(20_000, Math.max(100, args.rows / 2));
  const result = await benchInserts(db, {
    rows: args.rows,
    transactionEvents,
    concurrency: Math.min(1_000, transactionEvents / 10),
  });
  emitLine({ event: "result", engine: db.engine, ...result });
} finally {
  await db.close();
}
