/**
 * Poison events (issue 20, item 1): schema-valid frames with U+0000, lone surrogates or deeply
 * nested customData are stored (cleaned) and acknowledged once, never refused forever.
 */
import assert from "node:assert/strict";
import { createStore } from "../plugins/persistence/store.ts";
import { startTestServer, TEST_TIMESTAMP, transactionEvent } from "./helpers.ts";
import { dbTest } from "./persistence_helpers.ts";

/** customData nested `depth` levels (the schema allows any extra properties). */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { vendorId: "deep", leaf: "x" };
  for (let i = 0; i < depth; i++) value = { vendorId: "deep", next: value };
  return value;
}

dbTest(
  "a TransactionEvent, BootNotification and SecurityEventNotification with NUL and deep customData are stored and acknowledged",
  async (t) => {
    const store = createStore(t.db);
    const server = await startTestServer({}, {
      persistence: { db: t.db, store, close: () => store.close() },
    });
    const c = await server.client("cs_poison");
    try {
      const boot = await c.call("BootNotification", {
        chargingStation: { model: "Mo\u0000del", vendorName: "Ven\ud800dor" },
        reason: "PowerUp",
      });
      assert.equal(boot[0], 3, JSON.stringify(boot));
      const started = {
        ...transactionEvent(0, "Started", 1000, {
          transactionId: "tx-nul",
          idToken: "tok\u0000en",
        }),
        customData: { vendorId: "v\u0000", "k\u0000ey": "a\u0000b\udc00" },
      };
      assert.deepEqual((await c.call("TransactionEvent", started, "s0")).slice(0, 2), [3, "s0"]);
      const updated = { ...transactionEvent(1, "Updated", 1500, { transactionId: "tx-nul" }) };
      updated.customData = nested(3000);
      assert.deepEqual((await c.call("TransactionEvent", updated, "s1")).slice(0, 2), [3, "s1"]);
      const ended = transactionEvent(2, "Ended", 2000, { transactionId: "tx-nul" });
      assert.deepEqual((await c.call("TransactionEvent", ended, "s2")).slice(0, 2), [3, "s2"]);
      const security = await c.call("SecurityEventNotification", {
        type: "Tamper\u0000Detection",
        timestamp: TEST_TIMESTAMP,
        techInfo: "lid\u0000open\ud800",
      });
      assert.equal(security[0], 3, JSON.stringify(security));
      await store.flush();

      const [charger] = await t.db.query<{ model: string; vendor: string }>(
        "SELECT model, vendor FROM chargers WHERE charger_id = 'cs_poison'",
      );
      assert.ok(charger, "the boot wrote the charger's row");
      assert.equal(charger.model, "Mo\ufffddel");
      assert.equal(charger.vendor, "Ven\ufffddor");
      const [tx] = await t.db.query<
        { energy_wh: number; cost_krw: number; id_token: string; has_started_event: boolean }
      >(
        `SELECT energy_wh, cost_krw, id_token, has_started_event FROM transactions
         WHERE charger_id = 'cs_poison' AND transaction_id = 'tx-nul'`,
      );
      assert.equal(tx.has_started_event, true);
      assert.equal(Number(tx.energy_wh), 1000);
      assert.equal(Number(tx.cost_krw), 150);
      assert.equal(tx.id_token, "tok\ufffden");
      const events = await t.db.query<{ seq_no: number }>(
        "SELECT seq_no FROM transaction_events WHERE charger_id = 'cs_poison' ORDER BY seq_no",
      );
      assert.deepEqual(events.map((e) => e.seq_no), [0, 1, 2]);
      const rows = await t.db.query<{ type: string; tech_info: string }>(
        "SELECT type, tech_info FROM security_events WHERE charger_id = 'cs_poison'",
      );
      assert.deepEqual(rows, [{ type: "Tamper\ufffdDetection", tech_info: "lid\ufffdopen\ufffd" }]);
    } finally {
      await c.close();
      await server.close();
      await store.close();
    }
  },
);

dbTest(
  "a TransactionEvent the database cannot hold is refused for good (PropertyConstraintViolation), and an Ended without its start stores no cost",
  async (t) => {
    const store = createStore(t.db);
    const server = await startTestServer({}, {
      persistence: { db: t.db, store, close: () => store.close() },
    });
    const c = await server.booted("cs_range");
    try {
      // seqNo is an integer without a maximum in the schema; the column is int4.
      const huge = transactionEvent(3_000_000_000, "Started", 1000, { transactionId: "tx-big" });
      for (const id of ["h1", "h2"]) {
        const answer = await c.call("TransactionEvent", huge, id);
        assert.deepEqual(answer.slice(0, 3), [4, id, "PropertyConstraintViolation"]);
      }
      // The Started event of tx-lost never arrived; its Ended alone must not carry a price.
      const ended = transactionEvent(5, "Ended", 9000, { transactionId: "tx-lost" });
      assert.equal((await c.call("TransactionEvent", ended))[0], 3);
      const rows = await t.db.query<{ transaction_id: string; cost_krw: number | null }>(
        "SELECT transaction_id, cost_krw FROM transactions WHERE charger_id = 'cs_range'",
      );
      assert.deepEqual(rows, [{ transaction_id: "tx-lost", cost_krw: null }]);
    } finally {
      await c.close();
      await server.close();
      await store.close();
    }
  },
);
