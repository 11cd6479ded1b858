import assert from "node:assert/strict";
import { emartJejuSeed, type Inventory } from "../../actors/csms/inventory.ts";
import { dbTest } from "../../tests/persistence_helpers.ts";
import { seedIfEmpty, seedInventory } from "./seed.ts";
import type { Db } from "./sql.ts";

async function inventory(db: Db) {
  const [row] = await db.query<{ stations: number; chargers: number; kw: number }>(
    `SELECT (SELECT count(*) FROM stations) AS stations, count(*) AS chargers,
            sum(max_power_kw) AS kw FROM chargers`,
  );
  return row;
}

dbTest("seedIfEmpty() seeds Emart Jeju once: 3 stations, 34 chargers, 2,900 kW", async ({ db }) => {
  const result = await seedIfEmpty(db);
  assert.deepEqual(result, { stations: 3, chargers: 34, removed: 0 });
  assert.deepEqual(await inventory(db), { stations: 3, chargers: 34, kw: 2900 });
  assert.equal(await seedIfEmpty(db), null);
  const [main] = await db.query<Record<string, unknown>>(
    "SELECT id, name, name_ko, grid_capacity_kw FROM stations WHERE id = 'emart_jeju_main'",
  );
  assert.deepEqual(main, {
    id: "emart_jeju_main",
    name: "Emart Jeju",
    name_ko: "이마트 제주점",
    grid_capacity_kw: 800,
  });
});

dbTest(
  "seedInventory() is idempotent and keeps the model a charger reported at boot",
  async ({ db }) => {
    const seed = emartJejuSeed();
    await seedInventory(db, seed);
    await db.query(
      "UPDATE chargers SET model = 'Terra 184', registration_status = 'Accepted' WHERE charger_id = $1",
      ["emart_jeju_01"],
    );
    await seedInventory(db, seed);
    assert.deepEqual(await inventory(db), { stations: 3, chargers: 34, kw: 2900 });
    const [c] = await db.query<{ model: string; registration_status: string }>(
      "SELECT model, registration_status FROM chargers WHERE charger_id = 'emart_jeju_01'",
    );
    assert.deepEqual(c, { model: "Terra 184", registration_status: "Accepted" });
  },
);

dbTest("seedInventory() with replace makes another inventory the whole one", async ({ db }) => {
  await seedInventory(db, emartJejuSeed());
  await db.query("INSERT INTO chargers (charger_id) VALUES ('charger_001')");
  const small: Inventory = {
    sites: [{ siteId: "lab", name: "Lab", address: "here", lat: 33.5, lng: 126.5 }],
    chargers: ["lab_01", "lab_02"].map((chargerId) => ({
      chargerId,
      siteId: "lab",
      maxPowerKw: 7,
      vendor: "V",
      model: "M",
      firmwareVersion: "2",
    })),
  };
  const result = await seedInventory(db, small, { replace: true });
  assert.deepEqual(result, { stations: 1, chargers: 2, removed: 38 });
  assert.deepEqual(await inventory(db), { stations: 1, chargers: 2, kw: 14 });
});
