import assert from "node:assert/strict";
import { openTestDb } from "../../tests/persistence_helpers.ts";

Deno.test("PGlite prepares each parameterised statement once and passes awkward values intact", async () => {
  const { db, dispose } = await openTestDb("pglite", { migrated: false });
  try {
    const sql =
      "SELECT $1::text AS t, $2::int AS i, $3::boolean AS b, $4::jsonb AS j, $5::text AS n";
    const awkward = ["it's", "a\\b", "'; DROP TABLE x; --", "한글 ✓", "$1", "", "''"];
    for (const text of awkward) {
      const [row] = await db.query(sql, [text, 42, false, JSON.stringify({ text }), null]);
      assert.deepEqual(row, { t: text, i: 42, b: false, j: { text }, n: null });
    }
    const prepared = await db.query<{ name: string; statement: string }>(
      "SELECT name, statement FROM pg_prepared_statements",
    );
    assert.equal(prepared.length, 1, "one statement text, prepared once");
    assert.match(prepared[0].statement, /SELECT \$1::text AS t/);
  } finally {
    await dispose();
  }
});

Deno.test("PGlite's prepared statements keep errors and transactions as they were", async () => {
  const { db, dispose } = await openTestDb("pglite", { migrated: false });
  try {
    await db.exec("CREATE TABLE t (x int PRIMARY KEY)");
    await assert.rejects(db.query("SELEC $1", [1]), /syntax error/);
    await assert.rejects(db.query("INSERT INTO t VALUES ($1)", ["not a number"]), /integer/);
    await db.query("INSERT INTO t VALUES ($1)", [1]);
    await assert.rejects(db.query("INSERT INTO t VALUES ($1)", [1]), /duplicate key/);
    // Prepared inside a transaction that rolls back: the rows go, the statement still works.
    await assert.rejects(db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (x) SELECT $1::int", [2]);
      throw new Error("roll back");
    }));
    await db.query("INSERT INTO t (x) SELECT $1::int", [3]);
    assert.deepEqual(await db.query("SELECT x FROM t ORDER BY x"), [{ x: 1 }, { x: 3 }]);
  } finally {
    await dispose();
  }
});
