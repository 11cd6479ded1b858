import assert from "node:assert/strict";
import { dbTest, isPostgresReachable, openTestDb } from "../../tests/persistence_helpers.ts";
import { pgArray, valuesList } from "./sql.ts";

dbTest("Db returns the same JS types on both engines", async ({ db }) => {
  const [row] = await db.query(
    `SELECT 1::int8 AS i8, 2.5::numeric AS n, 3::int4 AS i4, 1.5::float8 AS f, true AS b,
       '2026-01-21 14:30:00.123+09'::timestamptz AS ts, '2026-01-21 05:30:00'::timestamp AS t,
       '2026-01-21'::date AS d, '{"a":[1]}'::jsonb AS j, NULL::text AS nothing, $1::text AS p`,
    ["x"],
  );
  assert.deepEqual(row, {
    i8: 1,
    n: 2.5,
    i4: 3,
    f: 1.5,
    b: true,
    ts: "2026-01-21T05:30:00.123Z",
    t: "2026-01-21T05:30:00.000Z",
    d: "2026-01-21",
    j: { a: [1] },
    nothing: null,
    p: "x",
  });
}, { alsoInWorker: true });

dbTest(
  "Db.transaction() commits together or not at all; a nested call joins it",
  async ({ db }) => {
    await db.exec("CREATE TABLE t (x int PRIMARY KEY); INSERT INTO t VALUES (1)");
    await assert.rejects(db.transaction(async (tx) => {
      await tx.query("INSERT INTO t VALUES ($1)", [2]);
      await tx.transaction((inner) => inner.query("INSERT INTO t VALUES ($1)", [1]));
    }));
    assert.deepEqual(await db.query("SELECT x FROM t"), [{ x: 1 }]);
    const n = await db.transaction(async (tx) => {
      await tx.exec("INSERT INTO t VALUES (2); INSERT INTO t VALUES (3)");
      return (await tx.query<{ n: number }>("SELECT count(*) AS n FROM t"))[0].n;
    });
    assert.equal(n, 3);
  },
  { alsoInWorker: true },
);

dbTest("pgArray() and valuesList() carry awkward values through unchanged", async ({ db }) => {
  const texts = ['a "quoted" word', "back\\slash", "comma, {brace}", "NULL", "", "한글 ✓", null];
  const rows = await db.query<{ v: string | null }>(
    "SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i) ORDER BY i",
    [pgArray(texts)],
  );
  assert.deepEqual(rows.map((r) => r.v), texts);
  // Read back through unnest: array-typed results are not normalised across the adapters.
  const nums = await db.query<{ v: number | null }>(
    "SELECT v FROM unnest($1::float8[]) WITH ORDINALITY AS u(v, i) ORDER BY i",
    [pgArray([1.5, -2, NaN, undefined])],
  );
  assert.deepEqual(nums.map((r) => r.v), [1.5, -2, null, null]);
  const values = valuesList([[1, "x"], [2, "y"]], { casts: ["int", "text"] });
  assert.equal(values.sql, "($1::int, $2::text), ($3::int, $4::text)");
  const pairs = await db.query(`SELECT * FROM (VALUES ${values.sql}) AS v(n, s)`, values.params);
  assert.deepEqual(pairs, [{ n: 1, s: "x" }, { n: 2, s: "y" }]);
}, { alsoInWorker: true });

Deno.test({
  name: "openDb() bounds each statement on PostgreSQL so a hung server cannot stall writers",
  ignore: !isPostgresReachable, // PGlite runs in-process: there is no server to hang
  async fn() {
    const t = await openTestDb("postgres", { migrated: false });
    try {
      const [row] = await t.db.query<{ statement_timeout: string }>("SHOW statement_timeout");
      assert.equal(row.statement_timeout, "30s");
    } finally {
      await t.dispose();
    }
  },
});
