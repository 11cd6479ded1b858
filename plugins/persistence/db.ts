/** A tiny query interface over PGlite (embedded default) and postgres.js (a real server). */
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { OID, PARSERS, toIso } from "./pg_parsers.ts";
import { createPreparedStatements, type PreparedStatements } from "./pglite_prepared.ts";
import { openPgliteWorker } from "./pglite_remote.ts";
import type { Db } from "./sql.ts";

/** Where the data lives: a postgres URL, or else an embedded PGlite directory. */
export interface OpenDbOptions {
  /** `postgres://…`; when set, postgres.js is used and `dataDir` is ignored. */
  url?: string;
  /** PGlite's persistent directory; default `./data/pglite`. */
  dataDir?: string;
  /** postgres.js pool size; default 10. */
  maxConnections?: number;
  /** Seconds postgres.js waits for a connection before the query fails; default 5. */
  connectTimeoutS?: number;
}

/**
 * Opens PGlite in `dataDir` (default `./data/pglite`) on its own thread, or postgres.js when
 * `url` is set.
 */
export function openDb(options: OpenDbOptions = {}): Promise<Db> {
  if (options.url) return Promise.resolve(openPostgres(options.url, options));
  return openPgliteWorker({ dataDir: options.dataDir ?? "./data/pglite" });
}

/**
 * Opens PGlite with PGlite's own options: no `dataDir` (or `memory://`) keeps it in memory,
 * `loadDataDir` starts from a `dumpDataDir()` snapshot. The instance is returned for dumps.
 */
export async function openPglite(
  options: { dataDir?: string; loadDataDir?: Blob } = {},
): Promise<{ db: Db; pglite: PGlite }> {
  const { dataDir } = options;
  if (dataDir && !dataDir.includes("://")) await Deno.mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({ ...options, parsers: PARSERS });
  // Each new 16 MB WAL segment was zero-filled through Emscripten's file system while every
  // statement waited: a ~60 ms stall per segment, every 1–5 s under load (the p99 of a busy
  // CSMS). PGlite runs with fsync off (`-F`), so the pre-allocation buys nothing here; with
  // this setting only the segment's last byte is written.
  await pglite.exec("SET wal_init_zero = off");
  return { db: wrapPglite(pglite, await createPreparedStatements(pglite)), pglite };
}

type PgliteLike = Pick<PGlite, "query" | "exec">;

function wrapPglite(pg: PGlite, prepared: PreparedStatements): Db {
  const db: Db = {
    ...pgliteQueries(pg, prepared),
    transaction: (fn) => pg.transaction((tx) => fn(pgliteTx(tx, prepared))),
    close: () => pg.close(),
  };
  return db;
}

function pgliteQueries(
  pg: PgliteLike,
  prepared: PreparedStatements,
): Pick<Db, "engine" | "query" | "exec"> {
  return {
    engine: "pglite",
    query: async <T>(sql: string, params?: unknown[]) =>
      (await prepared.query<T>(pg, sql, params)).rows,
    exec: async (sql: string) => {
      await pg.exec(sql);
    },
  };
}

function pgliteTx(tx: PgliteLike, prepared: PreparedStatements): Db {
  const db: Db = {
    ...pgliteQueries(tx, prepared),
    transaction: (fn) => fn(db),
    close: () => Promise.reject(new TypeError("cannot close a database inside a transaction")),
  };
  return db;
}

function openPostgres(url: string, options: OpenDbOptions): Db {
  const types = {
    int8: { to: OID.INT8, from: [OID.INT8], serialize: String, parse: PARSERS[OID.INT8] },
    numeric: { to: 0, from: [OID.NUMERIC], serialize: String, parse: PARSERS[OID.NUMERIC] },
    date: { to: 0, from: [OID.DATE], serialize: String, parse: PARSERS[OID.DATE] },
    stamp: {
      to: 0,
      from: [OID.TIMESTAMP, OID.TIMESTAMPTZ],
      serialize: (x: unknown) => x instanceof Date ? x.toISOString() : String(x),
      parse: toIso,
    },
  };
  const sql = postgres(url, {
    max: options.maxConnections ?? 10,
    connect_timeout: options.connectTimeoutS ?? 5,
    onnotice: () => {},
    // A server that hangs rather than refuses must not stall the batch writer forever.
    connection: { statement_timeout: 30_000 },
    types,
  });
  const db: Db = {
    ...postgresQueries(sql),
    transaction: (fn) => sql.begin((tx) => fn(postgresTx(tx))) as Promise<never>,
    close: () => sql.end({ timeout: 5 }),
  };
  return db;
}

type PostgresLike = Pick<postgres.Sql, "unsafe">;

function postgresQueries(sql: PostgresLike): Pick<Db, "engine" | "query" | "exec"> {
  return {
    engine: "postgres",
    query: async <T>(text: string, params: unknown[] = []) => {
      // Prepared when parameterised: our statement texts are few and reused (hot path).
      const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
        prepare: params.length > 0,
      });
      return [...rows] as T[];
    },
    exec: async (text: string) => {
      await sql.unsafe(text).simple();
    },
  };
}

function postgresTx(tx: PostgresLike): Db {
  const db: Db = {
    ...postgresQueries(tx),
    transaction: (fn) => fn(db),
    close: () => Promise.reject(new TypeError("cannot close a database inside a transaction")),
  };
  return db;
}
