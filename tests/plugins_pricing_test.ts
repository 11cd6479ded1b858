// The built-in pricing plugin end to end: a raw charger on a real server with an in-memory
// PGlite database, which stores the cost the plugin decided together with the Ended event.
import assert from "node:assert/strict";
import { createSqlHistory } from "../plugins/persistence/history.ts";
import { openPersistence } from "../plugins/persistence/mod.ts";
import { startTestServer, transactionEvent } from "./helpers.ts";

const PRICED = { transactionId: "tx-priced" };

Deno.test("I02/I03 pricing: CostUpdated during the session, totalCost at the end, the same cost stored", async () => {
  const persistence = await openPersistence({ dataDir: "memory://" });
  const server = await startTestServer({
    pluginConfig: {
      pricing: { sessionFeeKrw: 500, costUpdatedIntervalS: 0, costUpdatedEveryWh: 5000 },
    },
  }, { persistence });
  const c = await server.booted("emart_jeju_01");
  // The CSMS asks a newly booted charger for its device model first; this one has none.
  const [, reportId, reportAction] = await c.next((f) => f[0] === 2);
  assert.equal(reportAction, "GetBaseReport");
  c.socket.send(JSON.stringify([3, reportId, { status: "NotSupported" }]));
  try {
    assert.deepEqual(
      (await c.call("TransactionEvent", transactionEvent(0, "Started", 1000, PRICED)))[2],
      {},
    );
    assert.deepEqual(
      (await c.call("TransactionEvent", transactionEvent(1, "Updated", 9500, PRICED)))[2],
      {},
    );
    // 8,500 Wh × 150 KRW/kWh = 1,275 KRW, plus the 500 KRW session fee.
    const [, id, action, payload] = await c.next((f) => f[0] === 2 && f[2] !== "GetBaseReport");
    assert.equal(action, "CostUpdated");
    assert.deepEqual(payload, { transactionId: "tx-priced", totalCost: 1775 });
    c.socket.send(JSON.stringify([3, id, {}]));
    const ended = await c.call("TransactionEvent", transactionEvent(2, "Ended", 21150, PRICED));
    // 20,150 Wh × 150 KRW/kWh = 3,022.5 → 3,023 KRW, plus the fee.
    assert.deepEqual(ended[2], { totalCost: 3523 });
    // Stored with the Ended event, before the charger was answered: no waiting.
    const rows = await createSqlHistory(persistence.db).listTransactions({
      chargerId: "emart_jeju_01",
    });
    assert.equal(rows.find((r) => r.transaction_id === "tx-priced")?.cost, 3523);
  } finally {
    await c.close();
    await server.close();
    await persistence.close();
  }
});
