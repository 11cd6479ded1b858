import assert from "node:assert/strict";
import { dbTest } from "../../tests/persistence_helpers.ts";
import { migrate, MIGRATIONS } from "./migrations.ts";

dbTest("migrate() applies every migration once and is a no-op when re-run", async ({ db }) => {
  const first = await migrate(db);
  assert.deepEqual(first, MIGRATIONS.map((m) => m.version));
  assert.deepEqual(await migrate(db), []);
  const rows = await db.query<{ version: number; name: string }>(
    "SELECT version, name FROM schema_migrations ORDER BY version",
  );
  assert.deepEqual(rows, MIGRATIONS.map(({ version, name }) => ({ version, name })));
  for (const table of ["stations", "chargers", "transactions", "charger_usage_log"]) {
    await db.query(`SELECT * FROM ${table} LIMIT 1`);
  }
}, { migrated: false });

dbTest("migrate() applies only the new migrations of a later release", async ({ db }) => {
  await migrate(db, MIGRATIONS.slice(0, 1));
  assert.deepEqual(await migrate(db), MIGRATIONS.slice(1).map((m) => m.version));
}, { migrated: false });

dbTest("migrate() rolls a failing migration back entirely", async ({ db }) => {
  const broken = [...MIGRATIONS, { version: 999, name: "broken", sql: "SELECT nope FROM nowhere" }];
  await assert.rejects(migrate(db, broken));
  const [{ n }] = await db.query<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'transactions'",
  );
  assert.equal(n, 0);
  assert.deepEqual(await migrate(db), MIGRATIONS.map((m) => m.version));
}, { migrated: false });

dbTest("migrate() survives two migrators racing on one database", async (t) => {
  const results = await Promise.all([migrate(t.db), migrate(t.db)]);
  assert.deepEqual(results.flat().sort((a, b) => a - b), MIGRATIONS.map((m) => m.version));
}, { migrated: false });

dbTest("transactions leave room on each page for HOT updates (fillfactor 70)", async ({ db }) => {
  const [{ options }] = await db.query<{ options: string[] | null }>(
    "SELECT reloptions AS options FROM pg_class WHERE relname = 'transactions'",
  );
  assert.deepEqual(options, ["fillfactor=70"]);
});
