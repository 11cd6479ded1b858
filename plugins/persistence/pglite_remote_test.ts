import assert from "node:assert/strict";
import { openTestDb } from "../../tests/persistence_helpers.ts";
import { openPgliteWorker } from "./pglite_remote.ts";

const openWorkerDb = () => openTestDb("pglite", { migrated: false, worker: true });

Deno.test("PGlite in its worker: SQL errors keep their SQLSTATE and leave the database usable", async () => {
  const { db, dispose } = await openWorkerDb();
  try {
    await db.exec("CREATE TABLE t (x int PRIMARY KEY)");
    await db.query("INSERT INTO t VALUES ($1)", [1]);
    await assert.rejects(
      db.query("INSERT INTO t VALUES ($1)", [1]),
      (error: Error & { code?: string; constraint?: string }) => {
        assert.equal(error.code, "23505");
        assert.equal(error.constraint, "t_pkey");
        assert.match(error.message, /duplicate key/);
        return true;
      },
    );
    assert.deepEqual(await db.query("SELECT x FROM t"), [{ x: 1 }]);
  } finally {
    await dispose();
  }
});

Deno.test("PGlite in its worker: a transaction holds other statements until it ends", async () => {
  const { db, dispose } = await openWorkerDb();
  try {
    await db.exec("CREATE TABLE t (x int)");
    const inside = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    const tx = db.transaction(async (t) => {
      await t.query("INSERT INTO t VALUES (1)");
      inside.resolve();
      await release.promise;
      await t.query("INSERT INTO t VALUES (2)");
    });
    await inside.promise;
    // Issued while the transaction is open: it must see both rows or none, never one.
    const outside = db.query<{ n: number }>("SELECT count(*)::int AS n FROM t");
    release.resolve();
    await tx;
    assert.deepEqual(await outside, [{ n: 2 }]);
    // A failed callback rolls back what it wrote and rethrows its own error.
    await assert.rejects(
      db.transaction(async (t) => {
        await t.query("INSERT INTO t VALUES (3)");
        throw new RangeError("changed my mind");
      }),
      RangeError,
    );
    assert.deepEqual(await db.query("SELECT x FROM t ORDER BY x"), [{ x: 1 }, { x: 2 }]);
  } finally {
    await dispose();
  }
});

Deno.test("PGlite in its worker: closed is closed, and the data stays on disk", async () => {
  const t = await openTestDb("pglite", { migrated: false, persistent: true });
  try {
    await t.db.exec("CREATE TABLE t (x int); INSERT INTO t VALUES (7)");
    const closed = t.db;
    await closed.close();
    await assert.rejects(closed.query("SELECT 1"), /PGlite is closed/);
    await closed.close(); // twice is harmless
    const again = await t.reopen();
    assert.deepEqual(await again.query("SELECT x FROM t"), [{ x: 7 }]);
  } finally {
    await t.dispose();
  }
});

Deno.test("PGlite in its worker: a directory it cannot use fails the open with PGlite's reason", async () => {
  const file = await Deno.makeTempFile();
  try {
    await assert.rejects(
      openPgliteWorker({ dataDir: `${file}/db` }),
      /Not a directory|ENOTDIR|exists/i,
    );
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("PGlite in its worker: new WAL segments are not zero-filled (no stall per 16 MB)", async () => {
  const { db, dispose } = await openWorkerDb();
  try {
    assert.deepEqual(await db.query("SHOW wal_init_zero"), [{ wal_init_zero: "off" }]);
    // still off after a rolled-back transaction (a SET inside one would have been undone)
    await assert.rejects(db.transaction(async (tx) => {
      await tx.exec("SET LOCAL wal_init_zero = on");
      throw new Error("roll back");
    }));
    assert.deepEqual(await db.query("SHOW wal_init_zero"), [{ wal_init_zero: "off" }]);
  } finally {
    await dispose();
  }
});
