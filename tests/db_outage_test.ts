/**
 * Database outage (issue 20, item 4): while the database is known down a TransactionEvent is
 * refused at once (no round trip) until a probe sees it back, and a charger's other calls are
 * never held behind its pending TransactionEvent write.
 */
import assert from "node:assert/strict";
import type { DurableStore } from "../actors/station/durable.ts";
import type { Db } from "../plugins/persistence/sql.ts";
import { createStore } from "../plugins/persistence/store.ts";
import { startTestServer, transactionEvent, until } from "./helpers.ts";
import { dbTest, openOutage } from "./persistence_helpers.ts";

Deno.test("a Heartbeat is answered while the same charger's TransactionEvent write is pending", async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const store: DurableStore = {
    loadStation: () => Promise.resolve(undefined),
    saveTransactionEvent: () => gate.then(() => "stored" as const),
  };
  const server = await startTestServer({}, { store });
  const c = await server.booted("cs_beside");
  try {
    const te = c.call("TransactionEvent", transactionEvent(0, "Started", 0), "te");
    const hb = await c.call("Heartbeat", {}, "hb");
    assert.equal(hb[0], 3);
    assert.equal(c.received.some((f) => f[1] === "te"), false, "the write is still pending");
    // A second event waits for the first write, in order, and is then decided on its state.
    const te1 = c.call("TransactionEvent", transactionEvent(1, "Updated", 500), "te1");
    assert.equal(
      (await c.call("StatusNotification", {
        timestamp: "2026-01-21T05:30:00Z",
        connectorStatus: "Occupied",
        evseId: 1,
        connectorId: 1,
      }))[0],
      3,
    );
    release();
    assert.deepEqual(await te, [3, "te", {}]);
    assert.deepEqual(await te1, [3, "te1", {}]);
    assert.equal(server.csms.snapshot("cs_beside")?.transactions.get("tx-1")?.lastSeqNo, 1);
    assert.equal(server.csms.snapshot("cs_beside")?.connectors["1/1"], "Occupied");
  } finally {
    await c.close();
    await server.close();
  }
});

/** `db` with a count of the TransactionEvent writes sent to it (statements or procedures). */
function counted(db: Db): Db & { eventWrites: number } {
  const wrapped: Db & { eventWrites: number } = {
    ...db,
    eventWrites: 0,
    query<T>(sql: string, params?: unknown[]) {
      if (sql.includes("transaction_events")) wrapped.eventWrites++;
      return db.query<T>(sql, params);
    },
  };
  if (db.runProcedure) {
    wrapped.runProcedure = (name, args) => {
      if (name.startsWith("saveTransactionEvent")) wrapped.eventWrites++;
      return db.runProcedure!(name, args);
    };
  }
  return wrapped;
}

dbTest(
  "during a database outage TransactionEvents fail fast without a round trip, Heartbeats are answered, and the probe brings writes back",
  async (t) => {
    const outage = await openOutage(t);
    const db = counted(outage.db);
    const store = createStore(db, { writeTimeoutMs: 2_000, probeEveryMs: 20 });
    const server = await startTestServer({}, {
      persistence: { db, store, close: () => store.close() },
    });
    const c = await server.booted("cs_outage");
    const te = (seqNo: number, type: "Started" | "Updated" | "Ended", wh: number) =>
      transactionEvent(seqNo, type, wh, { transactionId: "tx-out" });
    try {
      assert.equal((await c.call("TransactionEvent", te(0, "Started", 0)))[0], 3);
      await outage.down();
      const first = await c.call("TransactionEvent", te(1, "Updated", 500), "u1");
      assert.deepEqual(first.slice(0, 3), [4, "u1", "InternalError"]);
      assert.equal(store.isDown(), true);
      const writesBefore = db.eventWrites;
      const again = await c.call("TransactionEvent", te(1, "Updated", 500), "u1b");
      assert.deepEqual(again.slice(0, 3), [4, "u1b", "InternalError"]);
      assert.match(String(again[3]), /Storage unavailable/);
      assert.equal(db.eventWrites, writesBefore, "refused without a round trip");
      assert.equal((await c.call("Heartbeat", {}))[0], 3);

      await outage.up();
      await until(() => !store.isDown(), 10_000);
      assert.equal((await c.call("TransactionEvent", te(1, "Updated", 500)))[0], 3);
      assert.deepEqual(await c.call("TransactionEvent", te(2, "Ended", 1000), "end"), [
        3,
        "end",
        { totalCost: 150 },
      ]);
      const rows = await outage.db.query<{ seq_no: number }>(
        "SELECT seq_no FROM transaction_events WHERE transaction_id = 'tx-out' ORDER BY seq_no",
      );
      assert.deepEqual(rows.map((r) => r.seq_no), [0, 1, 2]);
      const [tx] = await outage.db.query<{ energy_wh: number; cost_krw: number }>(
        "SELECT energy_wh, cost_krw FROM transactions WHERE transaction_id = 'tx-out'",
      );
      assert.deepEqual([Number(tx.energy_wh), Number(tx.cost_krw)], [1000, 150]);
    } finally {
      await c.close();
      await server.close();
      await store.close();
      await outage.dispose();
    }
  },
  { persistent: true },
);
