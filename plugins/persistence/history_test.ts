import assert from "node:assert/strict";
import { dbTest } from "../../tests/persistence_helpers.ts";
import { hourlyStats } from "./hourly.ts";
import { createSqlHistory } from "./history.ts";
import { seedIfEmpty } from "./seed.ts";

const H = Date.UTC(2026, 0, 21, 5);
const iso = (ms: number) => new Date(ms).toISOString();

dbTest(
  "hourlyStats() counts register deltas in the hour of the later sample, across hours and resets",
  async ({ db }) => {
    // One charger: 0 → 30 kWh over 05:30–06:30 at 60 kW, then a new transaction-relative
    // register that restarts at 0 and reaches 5 kWh at 06:40.
    const samples: [number, number, number][] = [
      [H + 30 * 60_000, 0, 60_000],
      [H + 60 * 60_000 - 1, 29_999, 60_000],
      [H + 90 * 60_000, 30_000, 60_000],
      [H + 95 * 60_000, 0, 30_000],
      [H + 100 * 60_000, 5_000, 30_000],
    ];
    for (const [ms, energyWh, powerW] of samples) {
      await db.query(
        `INSERT INTO meter_samples (charger_id, evse_id, timestamp, energy_wh, power_w, received_at)
       VALUES ('c1', 1, $1, $2, $3, $1)`,
        [iso(ms), energyWh, powerW],
      );
    }
    const rows = await hourlyStats(db, { from: iso(H + 3_600_000), to: iso(H + 3 * 3_600_000) });
    assert.deepEqual(rows, [
      {
        hour: iso(H + 3_600_000),
        energy_kwh: 5.001,
        avg_power_kw: 5.001,
        peak_power_kw: 60,
        sample_count: 3,
      },
      {
        hour: iso(H + 2 * 3_600_000),
        energy_kwh: 0,
        avg_power_kw: 0,
        peak_power_kw: 0,
        sample_count: 0,
      },
    ]);
    // A range that ends mid-hour averages over the covered part only.
    const [half] = await hourlyStats(db, { from: iso(H + 3_600_000), to: iso(H + 91 * 60_000) });
    assert.equal(half.energy_kwh, 0.001);
    assert.equal(half.avg_power_kw, 0.002);
    await assert.rejects(hourlyStats(db, { from: iso(H), to: iso(H) }), RangeError);
    await assert.rejects(hourlyStats(db, { from: "yesterday", to: iso(H) }), RangeError);
  },
);

dbTest(
  "createSqlHistory() filters, orders newest first and bounds the limit; totals agree",
  async ({ db }) => {
    await seedIfEmpty(db);
    for (let i = 0; i < 3; i++) {
      await db.query(
        `INSERT INTO transactions (charger_id, transaction_id, station_id, started_at, meter_start_wh,
         meter_stop_wh, cost_krw, last_seq_no)
       VALUES ($1, $2, 'emart_jeju_main', $3, 0, 1000, 150, 1)`,
        ["emart_jeju_0" + (i + 1), `t${i}`, iso(H + i * 60_000)],
      );
    }
    const history = createSqlHistory(db);
    const all = await history.listTransactions({ limit: Number.NaN });
    assert.deepEqual(all.map((t) => t.transaction_id), ["t2", "t1", "t0"]);
    const ranged = await history.listTransactions({ from: iso(H + 60_000), to: iso(H + 120_000) });
    assert.deepEqual(ranged.map((t) => t.transaction_id), ["t1"]);
    assert.equal((await history.listTransactions({ limit: 0 })).length, 1);
    assert.deepEqual(await history.transactionTotals({ from: iso(H + 60_000) }), {
      transactions: 2,
      active_transactions: 2,
      energy_wh: 2000,
      active_energy_wh: 2000,
      revenue_krw: 300,
    });
    assert.deepEqual(await history.chargerTotals({ siteId: "emart_jeju_main" }), [
      { charger_id: "emart_jeju_01", transactions: 1, energy_wh: 1000 },
      { charger_id: "emart_jeju_02", transactions: 1, energy_wh: 1000 },
      { charger_id: "emart_jeju_03", transactions: 1, energy_wh: 1000 },
    ]);
    assert.deepEqual(await history.listTransactions({ siteId: "emart_shinjeju_main" }), []);
  },
);
