import assert from "node:assert/strict";
import { dbTest } from "../../tests/persistence_helpers.ts";
import type { Db } from "./sql.ts";
import { seedIfEmpty } from "./seed.ts";
import { saveTransactionEvent, type TransactionEventRecord } from "./transactions.ts";

function event(
  seqNo: number,
  eventType: TransactionEventRecord["eventType"],
  extra: Partial<TransactionEventRecord> = {},
): TransactionEventRecord {
  const timestamp = new Date(Date.UTC(2026, 0, 21, 5, 30, seqNo * 5)).toISOString();
  return {
    chargerId: "emart_jeju_01",
    transactionId: "abc12345",
    seqNo,
    eventType,
    triggerReason: eventType === "Started"
      ? "Authorized"
      : eventType === "Ended"
      ? "StopAuthorized"
      : "MeterValuePeriodic",
    timestamp,
    offline: false,
    payload: { seqNo, eventType },
    receivedAt: timestamp,
    ...extra,
  };
}

async function row(db: Db) {
  const [t] = await db.query<Record<string, unknown>>(
    `SELECT station_id, started_at, ended_at, meter_start_wh, meter_stop_wh, energy_wh, cost_krw,
       stopped_reason, charging_state, last_seq_no, id_token, evse_id
     FROM transactions WHERE transaction_id = 'abc12345'`,
  );
  return t;
}

dbTest(
  "saveTransactionEvent() E01–E06: Started, Updated, Ended make one priced transaction",
  async ({ db }) => {
    await seedIfEmpty(db);
    assert.equal(
      await saveTransactionEvent(
        db,
        event(0, "Started", {
          energyWh: 0,
          evseId: 1,
          connectorId: 1,
          idToken: "token_user_001",
          chargingState: "EVConnected",
        }),
      ),
      "stored",
    );
    await saveTransactionEvent(
      db,
      event(1, "Updated", { energyWh: 8500, chargingState: "Charging" }),
    );
    await saveTransactionEvent(
      db,
      event(2, "Ended", {
        energyWh: 20150,
        stoppedReason: "Local",
        chargingState: "Idle",
        costKrw: 3023,
        costStartWh: 0,
      }),
    );
    assert.deepEqual(await row(db), {
      station_id: "emart_jeju_main",
      started_at: "2026-01-21T05:30:00.000Z",
      ended_at: "2026-01-21T05:30:10.000Z",
      meter_start_wh: 0,
      meter_stop_wh: 20150,
      energy_wh: 20150,
      cost_krw: 3023,
      stopped_reason: "Local",
      charging_state: "Idle",
      last_seq_no: 2,
      id_token: "token_user_001",
      evse_id: 1,
    });
  },
);

dbTest(
  "saveTransactionEvent() stores a replayed event once and does not double the energy",
  async ({ db }) => {
    const events = [
      event(0, "Started", { energyWh: 1000 }),
      event(1, "Updated", { energyWh: 6000 }),
      event(2, "Ended", { energyWh: 11000, costKrw: 1500, costStartWh: 1000 }),
    ];
    for (const e of events) assert.equal(await saveTransactionEvent(db, e), "stored");
    for (const e of events) assert.equal(await saveTransactionEvent(db, e), "duplicate");
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*) AS n FROM transaction_events");
    assert.equal(n, 3);
    const t = await row(db);
    assert.equal(t.energy_wh, 10000);
    assert.equal(t.cost_krw, 1500);
  },
);

dbTest(
  "saveTransactionEvent() E07: an Updated and Ended for an unknown transaction are kept, and a late Started completes it",
  async ({ db }) => {
    await saveTransactionEvent(db, event(3, "Updated", { energyWh: 5000, offline: true }));
    await saveTransactionEvent(
      db,
      event(4, "Ended", {
        energyWh: 9000,
        stoppedReason: "EVDisconnected",
        costKrw: 600,
        costStartWh: 5000, // pricing counted from the first register it saw
      }),
    );
    let t = await row(db);
    assert.equal(t.started_at, "2026-01-21T05:30:15.000Z");
    assert.equal(t.ended_at, "2026-01-21T05:30:20.000Z");
    assert.equal(t.energy_wh, null, "no energy without the Started register");
    assert.equal(t.cost_krw, null, "no cost without the Started event (issue 20)");
    assert.equal(t.station_id, null, "charger not in the inventory");
    // The Started event arrives last (queued offline): start time, register and energy fixed.
    await saveTransactionEvent(db, event(0, "Started", { energyWh: 1000 }));
    t = await row(db);
    assert.equal(t.started_at, "2026-01-21T05:30:00.000Z");
    assert.equal(t.energy_wh, 8000);
    assert.equal(t.meter_stop_wh, 9000, "a lower seqNo never overrides the last register");
    // The Ended event's cost was folded without the start; it stays unknown rather than wrong.
    assert.equal(t.cost_krw, null);
    assert.equal(t.last_seq_no, 4);
  },
);

dbTest(
  "saveTransactionEvent(): a lone Ended that repeats its Transaction.Begin reading has its start and cost",
  async ({ db }) => {
    // TxEnded sampling: the Ended carries the register at the start; the Started was lost.
    await saveTransactionEvent(
      db,
      event(4, "Ended", {
        energyWh: 9000,
        firstEnergyWh: 1000,
        beginEnergyWh: 1000,
        costKrw: 1200,
        costStartWh: 1000,
      }),
    );
    let t = await row(db);
    assert.deepEqual([t.meter_start_wh, t.energy_wh, t.cost_krw], [1000, 8000, 1200]);
    // An Updated delivered late with a lower seqNo but no Transaction.Begin reading moves nothing.
    await saveTransactionEvent(db, event(2, "Updated", { energyWh: 5000 }));
    t = await row(db);
    assert.deepEqual([t.meter_start_wh, t.energy_wh, t.cost_krw], [1000, 8000, 1200]);
    // Without the marked reading, a lone Ended's cost is not stored (nor answered).
    await db.query("DELETE FROM transactions");
    await db.query("DELETE FROM transaction_events");
    await saveTransactionEvent(
      db,
      event(4, "Ended", { energyWh: 9000, firstEnergyWh: 1000, costKrw: 1200 }),
    );
    t = await row(db);
    assert.deepEqual([t.meter_start_wh, t.energy_wh, t.cost_krw], [null, null, null]);
  },
);

dbTest(
  "saveTransactionEvent(): a Started without a reading takes its start register from the next event's oldest",
  async ({ db }) => {
    // E01 makes the Started event's meterValue optional (a cable plugged in before any reading).
    await saveTransactionEvent(db, event(0, "Started", { idToken: "DRIVER1" }));
    await saveTransactionEvent(db, event(2, "Updated", { energyWh: 2600 }));
    assert.equal((await row(db)).meter_start_wh, 2600);
    // seqNo 1, delivered late, is older: its oldest reading is the start.
    await saveTransactionEvent(db, event(1, "Updated", { energyWh: 2300, firstEnergyWh: 2000 }));
    await saveTransactionEvent(
      db,
      event(3, "Ended", {
        energyWh: 5000,
        costKrw: 450,
        costStartWh: 2000,
        idToken: "FLEETADMIN",
      }),
    );
    const t = await row(db);
    assert.equal(t.meter_start_wh, 2000);
    assert.equal(t.meter_stop_wh, 5000);
    assert.equal(t.energy_wh, 3000, "the energy the cost was charged for");
    assert.equal(t.cost_krw, 450);
    assert.equal(t.id_token, "DRIVER1", "a stop by another card keeps the starting token");
  },
);

dbTest(
  "saveTransactionEvent(): a late Started's token and register replace what came before it",
  async ({ db }) => {
    await saveTransactionEvent(
      db,
      event(2, "Ended", { energyWh: 9000, idToken: "FLEETADMIN", offline: true }),
    );
    assert.equal((await row(db)).id_token, "FLEETADMIN", "the only token known");
    await saveTransactionEvent(
      db,
      event(0, "Started", { energyWh: 1000, idToken: "DRIVER1", offline: true }),
    );
    const t = await row(db);
    assert.equal(t.id_token, "DRIVER1");
    assert.equal(t.energy_wh, 8000);
  },
);

dbTest(
  "saveTransactionEvent(): a cost is stored only with the start register it was priced from",
  async ({ db }) => {
    // A Started without a reading; its first two Updated arrive out of order before the Ended.
    await saveTransactionEvent(db, event(0, "Started"));
    await saveTransactionEvent(db, event(2, "Updated", { energyWh: 2600 }));
    await saveTransactionEvent(db, event(1, "Updated", { energyWh: 2000 }));
    // The CSMS priced from the first register it saw (2,600); the row starts at 2,000.
    await saveTransactionEvent(
      db,
      event(3, "Ended", { energyWh: 5000, costKrw: 360, costStartWh: 2600 }),
    );
    let t = await row(db);
    assert.deepEqual([t.meter_start_wh, t.energy_wh, t.cost_krw], [2000, 3000, null]);
    // A cost priced from the row's start is kept until a register delivered late moves it.
    await db.query("DELETE FROM transactions");
    await db.query("DELETE FROM transaction_events");
    await saveTransactionEvent(db, event(0, "Started"));
    await saveTransactionEvent(db, event(2, "Updated", { energyWh: 2600 }));
    await saveTransactionEvent(
      db,
      event(3, "Ended", { energyWh: 5000, costKrw: 360, costStartWh: 2600 }),
    );
    t = await row(db);
    assert.deepEqual([t.meter_start_wh, t.energy_wh, t.cost_krw], [2600, 2400, 360]);
    await saveTransactionEvent(db, event(1, "Updated", { energyWh: 2000 }));
    t = await row(db);
    assert.deepEqual([t.meter_start_wh, t.energy_wh, t.cost_krw], [2000, 3000, null]);
  },
);

dbTest(
  "saveTransactionEvent(): a late register that moves the stop clears the cost; a cost priced without a start is not stored",
  async ({ db }) => {
    await saveTransactionEvent(db, event(0, "Started", { energyWh: 1000 }));
    await saveTransactionEvent(db, event(1, "Updated", { energyWh: 2000 }));
    // An Ended without a meter value: priced to the last register seen, 2,000 Wh.
    await saveTransactionEvent(db, event(3, "Ended", { costKrw: 150, costStartWh: 1000 }));
    assert.equal((await row(db)).cost_krw, 150);
    await saveTransactionEvent(db, event(2, "Updated", { energyWh: 3000 }));
    let t = await row(db);
    assert.deepEqual([t.meter_stop_wh, t.energy_wh, t.cost_krw], [3000, 2000, null]);

    await db.query("DELETE FROM transactions");
    await db.query("DELETE FROM transaction_events");
    await saveTransactionEvent(db, event(0, "Started", { energyWh: 1000 }));
    await saveTransactionEvent(db, event(1, "Ended", { energyWh: 4000, costKrw: 0 }));
    t = await row(db);
    assert.deepEqual([t.energy_wh, t.cost_krw], [3000, null], "priced without the start");
  },
);

dbTest(
  "saveTransactionEvent() keeps the cost the Ended event carried; events without one keep it",
  async ({ db }) => {
    await saveTransactionEvent(db, event(0, "Started", { energyWh: 0 }));
    await saveTransactionEvent(
      db,
      event(1, "Ended", { energyWh: 20000, costKrw: 999, costStartWh: 0 }),
    );
    assert.equal((await row(db)).cost_krw, 999);
    await saveTransactionEvent(db, event(2, "Updated", { energyWh: 20000 }));
    assert.equal((await row(db)).cost_krw, 999, "a late event without a cost leaves it");
    assert.equal(
      await saveTransactionEvent(db, event(1, "Ended", { energyWh: 20000, costKrw: 5 })),
      "duplicate",
    );
    assert.equal((await row(db)).cost_krw, 999, "a replay changes nothing");
  },
);

dbTest("saveTransactionEvent() stores nothing when the transaction fails", async ({ db }) => {
  await db.exec("ALTER TABLE transactions ADD CONSTRAINT no_evse_9 CHECK (evse_id <> 9)");
  await assert.rejects(saveTransactionEvent(db, event(0, "Started", { evseId: 9 })));
  const [{ n }] = await db.query<{ n: number }>("SELECT count(*) AS n FROM transaction_events");
  assert.equal(n, 0, "the event row rolled back with the transaction row");
});

dbTest(
  "saveTransactionEvent() stores the payload as a JSON object, not a JSON string",
  async ({ db }) => {
    await saveTransactionEvent(
      db,
      event(0, "Started", { payload: { seqNo: 0, nested: { a: 1 } } }),
    );
    const [stored] = await db.query<{ kind: string; a: number }>(
      `SELECT jsonb_typeof(payload) AS kind, (payload->'nested'->>'a')::int AS a FROM transaction_events`,
    );
    assert.deepEqual(stored, { kind: "object", a: 1 });
  },
);
