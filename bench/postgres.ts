/**
 * A throwaway database on the local PostgreSQL server (127.0.0.1:5432, or
 * TAMNA_BENCH_DATABASE_URL on loopback) for the bench's PostgreSQL runs, dropped afterwards.
 */
import postgres from "postgres";

/** The admin connection; only loopback servers are used. */
const ADMIN_URL = Deno.env.get("TAMNA_BENCH_DATABASE_URL") ??
  "postgres://postgres@127.0.0.1:5432/postgres";

/** A database that exists until `drop()`. */
export interface ThrowawayDb {
  url: string;
  drop(): Promise<void>;
}

async function admin(text: string): Promise<void> {
  const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql.unsafe(text);
  } finally {
    await sql.end();
  }
}

/** Creates a fresh database, or resolves null when no local server answers. */
export async function createThrowawayDb(): Promise<ThrowawayDb | null> {
  const admin_ = new URL(ADMIN_URL);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(admin_.hostname)) {
    throw new TypeError(`TAMNA_BENCH_DATABASE_URL must point at loopback, got ${admin_.hostname}`);
  }
  try {
    const conn = await Deno.connect({
      hostname: admin_.hostname,
      port: Number(admin_.port || 5432),
    });
    conn.close();
  } catch {
    return null; // no local server: the PostgreSQL runs are skipped and the report says so
  }
  const name = `tamna_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
