/** A CSMS restart on the same database: registration and acknowledged events survive. */
import { createSqlHistory } from "../plugins/persistence/history.ts";
import assert from "node:assert/strict";
import { openPersistence } from "../plugins/persistence/mod.ts";
import { startTestServer, transactionEvent } from "./helpers.ts";
import { isPostgresReachable, openTestDb } from "./persistence_helpers.ts";

const event = (seqNo: number, eventType: "Started" | "Updated" | "Ended", energyWh: number) =>
  transactionEvent(seqNo, eventType, energyWh, { transactionId: "tx-restart" });

for (const engine of ["pglite", "postgres"] as const) {
  Deno.test({
    name:
      `serve restarted on the same ${engine} database: no re-boot needed, nothing acknowledged lost`,
    ignore: engine === "postgres" && !isPostgresReachable,
    async fn() {
      const t = await openTestDb(engine, { migrated: false, persistent: true });
      await t.db.close();
      const open = () => openPersistence({ url: t.url, dataDir: t.dataDir });
      try {
        const first = await startTestServer({}, { persistence: await open() });
        const a = await first.booted("emart_jeju_01");
        assert.equal((await a.call("TransactionEvent", event(0, "Started", 1000)))[0], 3);
        assert.equal((await a.call("TransactionEvent", event(1, "Updated", 9000)))[0], 3);
        await a.close();
        await first.close();
        await first.persistence?.close();

        const second = await startTestServer({}, { persistence: await open() });
        const b = await second.client("emart_jeju_01");
        try {
          // No BootNotification: the stored registration lets the station carry on (B02 not hit).
          assert.equal((await b.call("Heartbeat", {}))[0], 3);
          // A retransmission of an acknowledged event is not counted again.
          assert.deepEqual(await b.call("TransactionEvent", event(1, "Updated", 9000), "re"), [
            3,
            "re",
            {},
          ]);
          assert.equal(second.events.filter((e) => e.type.startsWith("transaction.")).length, 0);
          const endAnswer = await b.call("TransactionEvent", event(2, "Ended", 21150));
          assert.equal((endAnswer[2] as { totalCost?: number }).totalCost, 3023);
          const ended = second.events.find((e) => e.type === "transaction.ended");
          assert.ok(ended?.type === "transaction.ended");
          assert.equal(
            ended.payload.energyWh,
            20150,
            "start register remembered across the restart",
          );
          const [row] = await createSqlHistory(second.persistence!.db).listTransactions({
            chargerId: "emart_jeju_01",
          });
          assert.equal(row.energy_wh, 20150);
          assert.equal(Number(row.cost), 3023);
        } finally {
          await b.close();
          await second.close();
          await second.persistence?.close();
        }

        // The Ended's answer was lost in a restart; the charger sends it again to a process
        // that never saw it: the same cost, not one priced from nothing.
        const third = await startTestServer({}, { persistence: await open() });
        const c = await third.client("emart_jeju_01");
        try {
          assert.deepEqual(
            await c.call("TransactionEvent", event(2, "Ended", 21150), "again"),
            [3, "again", { totalCost: 3023 }],
          );
          assert.equal(third.events.filter((e) => e.type.startsWith("transaction.")).length, 0);
        } finally {
          await c.close();
          await third.close();
          await third.persistence?.close();
        }
      } finally {
        await t.dispose();
      }
    },
  });
}
