/** The station actor and durable storage: acknowledge only what is stored, never count twice. */
import assert from "node:assert/strict";
import type { DurableStore, TransactionEventRecord } from "../actors/station/durable.ts";
import { startTestServer } from "./helpers.ts";

const TS = "2026-01-21T05:30:00Z";
const started = (seqNo: number) => ({
  eventType: seqNo === 0 ? "Started" : "Updated",
  timestamp: TS,
  triggerReason: "Authorized",
  seqNo,
  transactionInfo: { transactionId: "tx-d" },
  meterValue: [{ timestamp: TS, sampledValue: [{ value: 1000 + seqNo }] }],
});

function memoryStore(): DurableStore & { records: TransactionEventRecord[]; isDown: boolean } {
  const keys = new Set<string>();
  return {
    records: [],
    isDown: false,
    loadStation: () => Promise.resolve(undefined),
    saveTransactionEvent(record) {
      if (this.isDown) return Promise.reject(new Error("database unreachable"));
      const key = `${record.chargerId}/${record.transactionId}/${record.seqNo}`;
      if (keys.has(key)) return Promise.resolve("duplicate" as const);
      keys.add(key);
      this.records.push(record);
      return Promise.resolve("stored" as const);
    },
  };
}

Deno.test("a TransactionEvent is acknowledged only after it is stored; an outage answers InternalError", async () => {
  const store = memoryStore();
  const server = await startTestServer({}, { store });
  const c = await server.booted("cs_d");
  try {
    store.isDown = true;
    const refused = await c.call("TransactionEvent", started(0), "d0");
    assert.deepEqual(refused.slice(0, 3), [4, "d0", "InternalError"]);
    assert.equal(server.events.filter((e) => e.type === "transaction.started").length, 0);
    store.isDown = false;
    // The charger retries the same event: now stored, acknowledged and published once.
    assert.deepEqual(await c.call("TransactionEvent", started(0), "d0"), [3, "d0", {}]);
    assert.equal(store.records.length, 1);
    assert.equal(server.events.filter((e) => e.type === "transaction.started").length, 1);
  } finally {
    await c.close();
    await server.close();
  }
});

Deno.test("an event the store already holds (after a CSMS restart) is acknowledged and not published again", async () => {
  const store = memoryStore();
  const first = await startTestServer({}, { store });
  const a = await first.booted("cs_r");
  await a.call("TransactionEvent", started(0));
  await a.close();
  await first.close();
  const second = await startTestServer({}, { store });
  const b = await second.booted("cs_r");
  try {
    assert.deepEqual(await b.call("TransactionEvent", started(0), "again"), [3, "again", {}]);
    assert.equal(store.records.length, 1);
    assert.equal(second.events.filter((e) => e.type.startsWith("transaction.")).length, 0);
  } finally {
    await b.close();
    await second.close();
  }
});
