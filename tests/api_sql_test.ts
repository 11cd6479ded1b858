// The REST history over the database (plugins/persistence/history.ts) on every engine: the same
// charging sessions written through the persistence store and played on the bus give the same
// /transactions as the in-memory history, and the statistics add up to those transactions.
import assert from "node:assert/strict";
import type { Bus } from "../actors/csms/events.ts";
import type { Inventory } from "../actors/csms/inventory.ts";
import { seedInventory } from "../plugins/persistence/seed.ts";
import { createStore, type Store } from "../plugins/persistence/store.ts";
import { createSqlHistory } from "../plugins/persistence/history.ts";
import { loadInventory } from "../plugins/persistence/inventory.ts";
import { costKrw, PricingConfig } from "../plugins/pricing/tariff.ts";
import type { Db } from "../plugins/persistence/sql.ts";
import { json, testApi } from "./api_helpers.ts";
import { dbTest } from "./persistence_helpers.ts";

const INVENTORY: Inventory = {
  sites: [
    {
      siteId: "emart_jeju_main",
      name: "Emart Jeju",
      address: "제주시 중앙로 148",
      lat: 33.5046,
      lng: 126.5292,
    },
    {
      siteId: "emart_shinjeju_main",
      name: "Emart Shinjeju",
      address: "제주시 신제주로 36",
      lat: 33.4886,
      lng: 126.4889,
    },
  ],
  chargers: [
    {
      chargerId: "charger_001",
      siteId: "emart_jeju_main",
      maxPowerKw: 100,
      vendor: "ABB",
      model: "ABB Terra 124",
      lat: 33.5046,
      lng: 126.5292,
    },
    {
      chargerId: "emart_shinjeju_01",
      siteId: "emart_shinjeju_main",
      maxPowerKw: 50,
      vendor: "ABB",
      model: "ABB Terra 53",
      lat: 33.4886,
      lng: 126.4889,
    },
  ],
};

/** The final cost the pricing plugin gives at its defaults (150 KRW/kWh). */
const PRICING = PricingConfig.parse({});
const priced = (energyWh: number) => costKrw(PRICING, { flat: energyWh });

const at = (hhmm: string) => `2026-01-20T${hhmm}:00.000Z`;

type Step = {
  chargerId: string;
  tx: string;
  seqNo: number;
  kind: "Started" | "Updated" | "Ended";
  time: string;
  wh: number;
  w: number;
};

const SESSIONS: Step[] = [
  {
    chargerId: "charger_001",
    tx: "tx_a",
    seqNo: 0,
    kind: "Started",
    time: "08:10",
    wh: 10_000,
    w: 0,
  },
  {
    chargerId: "charger_001",
    tx: "tx_a",
    seqNo: 1,
    kind: "Updated",
    time: "08:40",
    wh: 25_000,
    w: 30_000,
  },
  {
    chargerId: "charger_001",
    tx: "tx_a",
    seqNo: 2,
    kind: "Ended",
    time: "09:05",
    wh: 32_345,
    w: 0,
  },
  {
    chargerId: "emart_shinjeju_01",
    tx: "tx_b",
    seqNo: 0,
    kind: "Started",
    time: "08:30",
    wh: 5_000,
    w: 0,
  },
  {
    chargerId: "emart_shinjeju_01",
    tx: "tx_b",
    seqNo: 1,
    kind: "Updated",
    time: "08:45",
    wh: 9_000,
    w: 16_000,
  },
  {
    chargerId: "emart_shinjeju_01",
    tx: "tx_b",
    seqNo: 2,
    kind: "Ended",
    time: "09:20",
    wh: 12_501,
    w: 0,
  },
  {
    chargerId: "charger_001",
    tx: "tx_c",
    seqNo: 0,
    kind: "Started",
    time: "09:30",
    wh: 32_345,
    w: 0,
  },
  {
    chargerId: "charger_001",
    tx: "tx_c",
    seqNo: 1,
    kind: "Updated",
    time: "09:50",
    wh: 33_345,
    w: 20_000,
  },
];

/** Writes a step to the database as the CSMS and the persistence plugin would. */
async function store(s: Store, step: Step, meterStartWh: number): Promise<void> {
  const timestamp = at(step.time);
  await s.saveTransactionEvent({
    chargerId: step.chargerId,
    transactionId: step.tx,
    seqNo: step.seqNo,
    eventType: step.kind,
    triggerReason: step.kind === "Updated" ? "MeterValuePeriodic" : "RemoteStart",
    timestamp,
    offline: false,
    chargingState: step.kind === "Ended" ? "Idle" : "Charging",
    evseId: 1,
    connectorId: 1,
    idToken: "token_user_003",
    stoppedReason: step.kind === "Ended" ? "Remote" : undefined,
    energyWh: step.wh,
    powerW: step.w,
    ...(step.kind === "Ended"
      ? { costKrw: priced(step.wh - meterStartWh), costStartWh: meterStartWh }
      : {}),
    payload: {},
    receivedAt: timestamp,
  });
  s.recordMeterSample({
    chargerId: step.chargerId,
    evseId: 1,
    transactionId: step.tx,
    reading: { at: timestamp, energyWh: step.wh, powerW: step.w },
    at: timestamp,
  });
}

/** Plays a step on the bus as the station actor would. */
function play(bus: Bus, step: Step, meterStartWh: number): void {
  const timestamp = at(step.time);
  const base = { chargerId: step.chargerId, transactionId: step.tx, timestamp, at: timestamp };
  if (step.kind === "Started") {
    bus.emit("transaction.started", {
      ...base,
      evseId: 1,
      connectorId: 1,
      idToken: "token_user_003",
      meterStartWh: step.wh,
    });
  }
  bus.emit("transaction.updated", {
    ...base,
    seqNo: step.seqNo,
    eventType: step.kind,
    triggerReason: "MeterValuePeriodic",
    chargingState: step.kind === "Ended" ? "Idle" : "Charging",
    offline: false,
    isEnded: step.kind === "Ended",
    energyWh: step.wh,
    powerW: step.w,
  });
  bus.emit("meter.sampled", {
    ...base,
    evseId: 1,
    reading: { at: timestamp, energyWh: step.wh, powerW: step.w },
  });
  if (step.kind === "Ended") {
    bus.emit("transaction.ended", {
      ...base,
      stoppedReason: "Remote",
      meterStartWh,
      meterStopWh: step.wh,
      energyWh: step.wh - meterStartWh,
    });
    bus.emit("transaction.costed", {
      ...base,
      seqNo: step.seqNo,
      eventType: "Ended",
      costKrw: priced(step.wh - meterStartWh),
      energyWh: step.wh - meterStartWh,
      isFinal: true,
    });
  }
}

async function bodies(api: ReturnType<typeof testApi>, paths: string[]) {
  return await Promise.all(paths.map(async (path) => await json(await api.get(path))));
}

/** The app over the database and the inventory it holds, as the server builds it. */
async function sqlApi(db: Db) {
  return testApi({ deps: { history: createSqlHistory(db), inventory: await loadInventory(db) } });
}

const PATHS = [
  "/transactions",
  "/transactions?station_id=emart_shinjeju_main",
  `/transactions?charger_id=charger_001&from=${at("08:00")}&to=${at("09:30")}`,
  "/statistics/dashboard",
  "/statistics/dashboard?station_id=emart_jeju_main",
  `/statistics/hourly?from=${at("07:00")}&to=${at("11:00")}`,
  `/statistics/hourly?station_id=emart_shinjeju_main&from=${at("08:00")}&to=${at("10:00")}`,
  "/geo/heatmap",
];

dbTest(
  "createSqlHistory() answers the REST queries like the in-memory history, and the totals add up",
  async (t) => {
    await seedInventory(t.db, INVENTORY);
    const s = createStore(t.db);
    try {
      const memory = testApi({ deps: { inventory: INVENTORY } });
      const starts = new Map<string, number>();
      for (const step of SESSIONS) {
        if (step.kind === "Started") starts.set(step.tx, step.wh);
        await store(s, step, starts.get(step.tx)!);
        play(memory.bus, step, starts.get(step.tx)!);
      }
      await s.flush();
      const sql = await sqlApi(t.db);
      const [fromDb, fromMemory] = await Promise.all([bodies(sql, PATHS), bodies(memory, PATHS)]);
      for (const [i, path] of PATHS.entries()) {
        const { history: _db, ...db } = fromDb[i];
        const { history: _memory, ...mem } = fromMemory[i];
        assert.deepEqual(db, mem, path);
      }
      const [list, , , stats, , hourly] = fromDb;
      const rows = list.transactions as {
        transaction_id: string;
        energy_consumed: number;
        cost: number | null;
      }[];
      assert.deepEqual(rows.map((r) => [r.transaction_id, r.energy_consumed, r.cost]), [
        ["tx_c", 1, null],
        ["tx_b", 7.501, 1125],
        ["tx_a", 22.345, 3352],
      ]);
      const sumWh = rows.reduce((sum, r) => sum + Math.round(r.energy_consumed * 1000), 0);
      assert.equal(stats.energy_kwh, sumWh / 1000);
      assert.equal(stats.revenue_krw, rows.reduce((sum, r) => sum + (r.cost ?? 0), 0));
      assert.equal(stats.transactions, rows.length);
      assert.equal(stats.history, t.engine);
      assert.equal(hourly.energy_kwh, sumWh / 1000);
      const inventory = await loadInventory(t.db);
      assert.deepEqual(inventory.chargers.map((c) => [c.chargerId, c.siteId, c.maxPowerKw]), [
        ["charger_001", "emart_jeju_main", 100],
        ["emart_shinjeju_01", "emart_shinjeju_main", 50],
      ]);
      assert.equal(inventory.sites[0].name, "Emart Jeju");
    } finally {
      await s.close();
    }
  },
);

dbTest("createApp() shows the charger inventory the database holds", async (t) => {
  await seedInventory(t.db, INVENTORY);
  const api = await sqlApi(t.db);
  const stations = await json(await api.get("/stations"));
  assert.deepEqual(
    (stations.stations as { station_id: string; capacity_kw: number }[])
      .map((s) => [s.station_id, s.capacity_kw]),
    [["emart_jeju_main", 100], ["emart_shinjeju_main", 50]],
  );
  const charger = await json(await api.get("/chargers/charger_001"));
  assert.deepEqual([charger.model, charger.lat, charger.status], [
    "ABB Terra 124",
    33.5046,
    "offline",
  ]);
});
