/**
 * A database outage under a live store (both engines): TransactionEvents are refused rather
 * than acknowledged, batched rows wait in memory and are written after recovery.
 */
import assert from "node:assert/strict";
import { FakeClock } from "../actors/runtime/clock.ts";
import { createStore, type TransactionEventRecord } from "../plugins/persistence/store.ts";
import { dbTest, openOutage } from "./persistence_helpers.ts";

const T0 = Date.UTC(2026, 0, 21, 5, 30);
const iso = (ms: number) => new Date(ms).toISOString();

function txEvent(
  seqNo: number,
  eventType: TransactionEventRecord["eventType"],
  energyWh: number,
): TransactionEventRecord {
  const timestamp = iso(T0 + seqNo * 5_000);
  return {
    chargerId: "emart_jeju_01",
    transactionId: "tx-outage",
    seqNo,
    eventType,
    triggerReason: "MeterValuePeriodic",
    timestamp,
    offline: false,
    energyWh,
    payload: { seqNo },
    receivedAt: timestamp,
  };
}

const sample = (i: number) => ({
  chargerId: "emart_jeju_01",
  evseId: 1,
  transactionId: "tx-outage",
  reading: { at: iso(T0 + i * 5_000), energyWh: i * 1000, powerW: 50_000 },
  at: iso(T0 + i * 5_000),
});

/** Waits (real time: database I/O on loopback) until `isDone`; fails after 10 s. */
async function waitFor(isDone: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

dbTest(
  "store during a database outage: TransactionEvents are refused, batched rows wait, nothing acknowledged is lost",
  async (t) => {
    await t.db.query("INSERT INTO chargers (charger_id) VALUES ('emart_jeju_01')");
    const outage = await openOutage(t);
    const clock = new FakeClock(T0);
    const store = createStore(outage.db, { clock, batchMaxDelayMs: 200 });
    try {
      assert.equal(await store.saveTransactionEvent(txEvent(0, "Started", 0)), "stored");
      store.recordMeterSample(sample(0));
      await store.flush();

      await outage.down();
      // The CSMS answers this CALL with InternalError and does not acknowledge it; the charger
      // keeps it and sends it again (OCPP-J retry, E12 queued transaction messages).
      await assert.rejects(store.saveTransactionEvent(txEvent(1, "Updated", 5000)));
      store.recordMeterSample(sample(1));
      store.recordHeartbeat({ chargerId: "emart_jeju_01", at: iso(T0 + 30_000) });
      await clock.advance(200);
      await waitFor(() => store.stats().failures > 0, "the batch to fail");
      await assert.rejects(store.flush(), /cannot write 2 pending rows/);
      assert.equal(store.stats().pending, 2);
      const health = await store.health();
      assert.equal(health.ok, false);
      assert.ok(health.error);

      // Known down: refused at once, without a round trip, until a probe sees it back.
      await assert.rejects(store.saveTransactionEvent(txEvent(1, "Updated", 5000)), /is down/);
      await outage.up();
      await clock.advance(1_000); // the breaker's recovery probe
      await waitFor(() => !store.isDown(), "the probe to close the breaker");
      assert.equal(await store.saveTransactionEvent(txEvent(1, "Updated", 5000)), "stored");
      assert.equal(await store.saveTransactionEvent(txEvent(2, "Ended", 9000)), "stored");
      await clock.advance(5_000); // the retry timer, backed off at most 5 s
      await waitFor(() => store.stats().pending === 0, "the retried batch");
      assert.deepEqual(await store.health(), { ok: true, engine: t.engine });

      const [tx] = await outage.db.query<
        { energy_wh: number; last_seq_no: number; events: number }
      >(
        `SELECT energy_wh, last_seq_no,
         (SELECT count(*) FROM transaction_events WHERE transaction_id = 'tx-outage') AS events
       FROM transactions WHERE transaction_id = 'tx-outage'`,
      );
      assert.deepEqual(tx, { energy_wh: 9000, last_seq_no: 2, events: 3 });
      const [{ samples, last_seen_at }] = await outage.db.query<
        { samples: number; last_seen_at: string }
      >(
        `SELECT (SELECT count(*) FROM meter_samples) AS samples, last_seen_at
       FROM chargers WHERE charger_id = 'emart_jeju_01'`,
      );
      assert.deepEqual({ samples, last_seen_at }, { samples: 2, last_seen_at: iso(T0 + 30_000) });
      assert.equal(store.stats().dropped, 0);
    } finally {
      await store.close();
      await outage.dispose();
    }
  },
  { persistent: true },
);
