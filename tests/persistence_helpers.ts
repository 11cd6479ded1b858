/**
 * Throwaway databases for persistence tests: a fresh PGlite always, and a fresh database on
 * the PostgreSQL server at 127.0.0.1:5432 when it is reachable (TAMNA_TEST_DATABASE_URL
 * overrides the admin URL).
 */
import postgres from "postgres";
import { openDb, openPglite } from "../plugins/persistence/db.ts";
import { type Db } from "../plugins/persistence/sql.ts";
import { migrate, MIGRATIONS } from "../plugins/persistence/migrations.ts";
import { openPgliteWorker } from "../plugins/persistence/pglite_remote.ts";

export type Engine = Db["engine"];

/** One test's own database. */
export interface TestDb {
  engine: Engine;
  db: Db;
  /** postgres only: the throwaway database's URL. */
  url?: string;
  /** pglite with `persistent: true` only: the throwaway data directory. */
  dataDir?: string;
  /**
   * Closes `db` and opens the same database again, as a restart would; updates `db`. PGlite
   * needs `persistent: true` (a data directory; otherwise it lives in memory).
   */
  reopen(): Promise<Db>;
  /** Closes the connection and deletes the database. */
  dispose(): Promise<void>;
}

/** The admin connection used to create and drop throwaway databases. */
export const ADMIN_URL = Deno.env.get("TAMNA_TEST_DATABASE_URL") ??
  "postgres://postgres@127.0.0.1:5432/test";

/** Whether the server answered a quick probe when this module loaded. */
export const isPostgresReachable = await probePostgres(ADMIN_URL);

async function probePostgres(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const conn = await Promise.race([
      Deno.connect({ hostname, port: Number(port || 5432) }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("connect timed out")), 500);
      }),
    ]);
    conn.close();
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`SELECT 1`;
      return true;
    } finally {
      await sql.end();
    }
  } catch {
    // Unreachable is a normal outcome here: those tests are then marked ignored.
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const snapshots = new Map<string, Promise<Blob>>();

/**
 * Where snapshots are kept between test modules and runs (each test module runs in its own
 * isolate, so an in-memory cache alone would redo initdb in every file). Keyed by the
 * migrations' text, so a schema change makes a new one.
 */
const SNAPSHOT_DIR = Deno.env.get("TAMNA_TEST_CACHE") ??
  `${Deno.env.get("TMPDIR") ?? "/tmp"}/tamna_test_cache`;

async function snapshotKey(isMigrated: boolean): Promise<string> {
  const text = isMigrated ? MIGRATIONS.map((m) => `${m.version}:${m.sql}`).join("\n") : "";
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  const hex = [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0"));
  return `pglite-${isMigrated ? "migrated" : "empty"}-${hex.join("")}`;
}

async function makeSnapshot(isMigrated: boolean): Promise<Blob> {
  const { db, pglite } = await openPglite();
  try {
    if (isMigrated) await migrate(db);
    return await pglite.dumpDataDir("none");
  } finally {
    await pglite.close();
  }
}

// initdb inside PGlite takes ~2–5 s; every test starts from a dump instead (~0.3 s).
function pgliteSnapshot(isMigrated: boolean): Promise<Blob> {
  const key = String(isMigrated);
  let snapshot = snapshots.get(key);
  if (!snapshot) {
    snapshot = (async () => {
      const path = `${SNAPSHOT_DIR}/${await snapshotKey(isMigrated)}.tar`;
      try {
        return new Blob([await Deno.readFile(path)]);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
      const blob = await makeSnapshot(isMigrated);
      await Deno.mkdir(SNAPSHOT_DIR, { recursive: true });
      // Write then rename, so a test module running in parallel never reads half a file.
      const tmp = `${path}.${crypto.randomUUID()}`;
      await Deno.writeFile(tmp, new Uint8Array(await blob.arrayBuffer()));
      await Deno.rename(tmp, path);
      return blob;
    })();
    snapshots.set(key, snapshot);
  }
  return snapshot;
}

async function openPgliteTestDb(
  isMigrated: boolean,
  options: { isPersistent: boolean; isWorker: boolean },
): Promise<TestDb> {
  const loadDataDir = await pgliteSnapshot(isMigrated);
  if (!options.isPersistent) {
    const db = options.isWorker
      ? await openPgliteWorker({ loadDataDir })
      : (await openPglite({ loadDataDir })).db;
    return {
      engine: "pglite",
      db,
      reopen: () =>
        Promise.reject(new TypeError("reopen() needs openTestDb(…, { persistent: true })")),
      dispose: () => db.close().catch(() => {/* already closed by the test */}),
    };
  }
  const root = await Deno.makeTempDir({ prefix: "tamna_pglite_" });
  const dataDir = `${root}/db`;
  // On disk as the CSMS runs it: PGlite in its worker thread (openDb).
  const t: TestDb = {
    engine: "pglite",
    db: await openPgliteWorker({ dataDir, loadDataDir }),
    dataDir,
    reopen: async () => {
      await t.db.close();
      t.db = await openDb({ dataDir });
      return t.db;
    },
    dispose: async () => {
      await t.db.close().catch(() => {/* already closed by the test (outage tests) */});
      await Deno.remove(root, { recursive: true });
    },
  };
  return t;
}

async function adminQuery(text: string): Promise<void> {
  const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql.unsafe(text);
  } finally {
    await sql.end();
  }
}

async function openPostgresTestDb(isMigrated: boolean): Promise<TestDb> {
  const name = `tamna_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const t: TestDb = {
    engine: "postgres",
    db: await openDb({ url: url.href }),
    url: url.href,
    reopen: async () => {
      await t.db.close();
      t.db = await openDb({ url: url.href });
      return t.db;
    },
    dispose: async () => {
      await t.db.close().catch(() => {/* already closed by the test */});
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
  if (isMigrated) await migrate(t.db);
  return t;
}

/** How a test database starts. */
export interface TestDbOptions {
  /** Apply the migrations first; default true. */
  migrated?: boolean;
  /** PGlite in a temporary directory (for `reopen` and `dataDir`) instead of in memory. */
  persistent?: boolean;
  /**
   * PGlite in its worker thread, as `openDb` runs it for the CSMS (always so when
   * `persistent`). In memory it defaults to in-thread PGlite, which starts ~0.4 s faster.
   */
  worker?: boolean;
}

/** A fresh database on `engine`. */
export function openTestDb(engine: Engine, options: TestDbOptions = {}): Promise<TestDb> {
  const isMigrated = options.migrated ?? true;
  return engine === "pglite"
    ? openPgliteTestDb(isMigrated, {
      isPersistent: options.persistent ?? false,
      isWorker: options.worker ?? false,
    })
    : openPostgresTestDb(isMigrated);
}

/** A fresh database on every engine available here: PGlite always, Postgres when reachable. */
export function openTestDbs(options: TestDbOptions = {}): Promise<TestDb[]> {
  const engines: Engine[] = isPostgresReachable ? ["pglite", "postgres"] : ["pglite"];
  return Promise.all(engines.map((e) => openTestDb(e, options)));
}

/**
 * Registers one test per engine, named `<name> [<engine>]`, each on its own fresh database.
 * The Postgres variant is marked ignored when the server is not reachable.
 */
export function dbTest(
  name: string,
  fn: (t: TestDb) => Promise<void>,
  options: TestDbOptions & {
    /** Also register a `[pglite worker]` variant (PGlite in its worker thread). */
    alsoInWorker?: boolean;
  } = {},
): void {
  const variants: { label: string; engine: Engine; worker?: boolean }[] = [
    { label: "pglite", engine: "pglite", worker: options.worker },
    ...(options.alsoInWorker
      ? [{ label: "pglite worker", engine: "pglite" as const, worker: true }]
      : []),
    { label: "postgres", engine: "postgres" },
  ];
  for (const { label, engine, worker } of variants) {
    Deno.test({
      name: `${name} [${label}]`,
      ignore: engine === "postgres" && !isPostgresReachable,
      fn: async () => {
        const t = await openTestDb(engine, { ...options, worker });
        try {
          await fn(t);
        } finally {
          await t.dispose();
        }
      },
    });
  }
}

/** A loopback TCP proxy whose link can be cut and restored, to take a server away and back. */
export interface TcpProxy {
  port: number;
  /** Closes every connection and refuses new ones. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (a free port) forwarding to `target`. */
export function startTcpProxy(target: { hostname: string; port: number }): TcpProxy {
  let listener: Deno.Listener | null = null;
  const conns = new Set<Deno.Conn>();
  const tasks = new Set<Promise<void>>();
  const track = (task: Promise<void>) => {
    tasks.add(task);
    task.finally(() => tasks.delete(task));
  };
  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    const buf = new Uint8Array(64 * 1024);
    try {
      for (let n = await from.read(buf); n !== null; n = await from.read(buf)) {
        await to.write(buf.subarray(0, n));
      }
    } catch {
      // A cut link surfaces here as a closed or reset socket; both ends are closed below.
    }
    for (const c of [from, to]) {
      if (conns.delete(c)) c.close();
    }
  };
  const serve = async (conn: Deno.Conn) => {
    let upstream: Deno.Conn;
    try {
      upstream = await Deno.connect(target);
    } catch {
      // The real server is away: drop the client, as a dead server would.
      conn.close();
      return;
    }
    conns.add(conn);
    conns.add(upstream);
    await Promise.all([pipe(conn, upstream), pipe(upstream, conn)]);
  };
  const listen = (port: number) => {
    const l = Deno.listen({ hostname: "127.0.0.1", port });
    listener = l;
    track((async () => {
      try {
        for await (const conn of l) track(serve(conn));
      } catch {
        // The listener was closed by cut() or close().
      }
    })());
    return (l.addr as Deno.NetAddr).port;
  };
  const port = listen(0);
  const cut = async () => {
    listener?.close();
    listener = null;
    for (const c of conns) c.close();
    conns.clear();
    while (tasks.size > 0) await Promise.all(tasks);
  };
  return { port, cut, restore: () => void listen(port), close: cut };
}

/** A database the test can take away and bring back under the store. */
export interface Outage {
  db: Db;
  down(): Promise<void>;
  up(): Promise<void>;
  dispose(): Promise<void>;
}

/** PGlite: closed under the store, then reopened from its directory, as a restart would. */
function pgliteOutage(t: TestDb): Outage {
  let current = t.db;
  const db: Db = {
    engine: "pglite",
    query: <T>(sql: string, params?: unknown[]) => current.query<T>(sql, params),
    exec: (sql) => current.exec(sql),
    transaction: (fn) => current.transaction(fn),
    close: () => current.close(),
  };
  return {
    db,
    down: () => current.close(),
    up: async () => {
      current = await openDb({ dataDir: t.dataDir });
      t.db = current;
    },
    dispose: () => Promise.resolve(),
  };
}

/** Postgres: the store connects through a proxy whose link is cut and restored. */
async function postgresOutage(t: TestDb, connectTimeoutS: number): Promise<Outage> {
  const proxy = startTcpProxy({
    hostname: "127.0.0.1",
    port: Number(new URL(ADMIN_URL).port) || 5432,
  });
  const url = new URL(t.url!);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  const db = await openDb({ url: url.href, connectTimeoutS });
  return {
    db,
    down: () => proxy.cut(),
    up: () => Promise.resolve(proxy.restore()),
    dispose: async () => {
      // Takes up to postgres.js's 5 s end timeout (real time): the connection that was
      // writing when the link was cut never reports its close under Deno's node:net, so
      // end() waits it out. Bounded, and the pool reconnects meanwhile.
      await db.close();
      await proxy.close();
    },
  };
}

/**
 * `t`'s database behind a switch: PGlite closed and reopened from its directory (needs
 * `persistent: true`), PostgreSQL reached through a loopback proxy whose link is cut; the
 * machine's PostgreSQL server itself is never stopped.
 */
export function openOutage(t: TestDb, options: { connectTimeoutS?: number } = {}): Promise<Outage> {
  return t.engine === "pglite"
    ? Promise.resolve(pgliteOutage(t))
    : postgresOutage(t, options.connectTimeoutS ?? 2);
}
