import assert from "node:assert/strict";
import { dbTest } from "../../tests/persistence_helpers.ts";
import { TariffPrices } from "../../actors/csms/tariff_prices.ts";
import { saveTransactionEvent, type TransactionEventRecord } from "./transactions.ts";
import { loadStations } from "./load_station.ts";
import { sqlTariffStore } from "./tariff_store.ts";

const record = (seqNo: number, eventType: "Started" | "Updated", version: number) =>
  ({
    chargerId: "cs1",
    transactionId: "tx-1",
    seqNo,
    eventType,
    triggerReason: "Authorized",
    timestamp: "2026-01-21T05:30:00Z",
    offline: false,
    energyWh: 1000 + seqNo,
    tariffId: "t1",
    tariffVersion: version,
    payload: {},
    receivedAt: "2026-01-21T05:30:00Z",
  }) satisfies TransactionEventRecord;

dbTest(
  "a transaction keeps the first tariff version stored with it; a restarted CSMS reads it back",
  async ({ db }) => {
    await db.query("INSERT INTO chargers (charger_id) VALUES ('cs1')");
    assert.equal(await saveTransactionEvent(db, record(0, "Started", 1)), "stored");
    assert.equal(await saveTransactionEvent(db, record(1, "Updated", 2)), "stored");
    const [row] = await db.query<{ tariff_id: string; tariff_version: number }>(
      "SELECT tariff_id, tariff_version FROM transactions WHERE transaction_id = 'tx-1'",
    );
    assert.deepEqual(row, { tariff_id: "t1", tariff_version: 1 });
    const stored = (await loadStations(db, ["cs1"])).get("cs1");
    assert.deepEqual(stored?.openTransactions[0].tariff, { tariffId: "t1", version: 1 });
  },
);

dbTest(
  "sqlTariffStore(): versions are added, never changed; one active tariff per site",
  async ({ db }) => {
    const store = sqlTariffStore(db);
    const prices = TariffPrices.parse({ priceKrwPerKwh: 200 });
    const created = await store.create({ tariffId: "t1", siteId: "s1" }, prices);
    assert.notEqual(created, "exists");
    assert.equal(await store.create({ tariffId: "t2", siteId: "s1" }, prices), "exists");
    assert.equal(await store.create({ tariffId: "t1", siteId: "s2" }, prices), "exists");
    await store.addVersion("t1", { version: 2, prices: { ...prices, priceKrwPerKwh: 250.5 } });
    const loaded = await store.load();
    assert.deepEqual(loaded.tariffs.map((t) => [t.tariffId, t.version]), [["t1", 2]]);
    assert.deepEqual(loaded.versions.map((v) => [v.version, v.priceKrwPerKwh]), [[1, 200], [
      2,
      250.5,
    ]]);
    await store.retire("t1", "2026-01-21T00:00:00Z");
    assert.notEqual(await store.create({ tariffId: "t3", siteId: "s1" }, prices), "exists");
  },
);
