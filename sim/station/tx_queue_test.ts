import assert from "node:assert/strict";
import { validateRequest } from "../../actors/ocpp/validate.ts";
import { openTxQueue } from "./tx_queue.ts";

function event(eventType: string, seqNo: number, wh: number, transactionId = "t-1") {
  return {
    eventType,
    timestamp: new Date(Date.UTC(2026, 0, 21, 6, 0, seqNo)).toISOString(),
    triggerReason: eventType === "Started" ? "Authorized" : "MeterValuePeriodic",
    seqNo,
    transactionInfo: { transactionId },
    evse: { id: 1, connectorId: 1 },
    meterValue: [{
      timestamp: new Date(Date.UTC(2026, 0, 21, 6, 0, seqNo)).toISOString(),
      sampledValue: [{
        value: wh,
        measurand: "Energy.Active.Import.Register",
        unitOfMeasure: { unit: "Wh" },
      }],
    }],
  };
}

Deno.test("openTxQueue() keeps unacknowledged events across a restart, in order, never twice", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/emart_jeju_01.jsonl`;
    const q = await openTxQueue(path);
    q.push(event("Started", 0, 100));
    q.push(event("Updated", 1, 150));
    q.ack();
    q.push(event("Updated", 2, 200));
    await q.flush();
    const again = await openTxQueue(path);
    assert.equal(again.size, 2);
    assert.deepEqual([again.head?.seqNo, again.registerWh], [1, 200]);
    again.ack();
    again.ack();
    await again.flush();
    const third = await openTxQueue(path);
    assert.equal(third.size, 0);
    assert.equal(third.registerWh, 200);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("closeOpenTransactions() ends a transaction a restart cut off with a valid Ended PowerLoss", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.jsonl`;
    const q = await openTxQueue(path);
    q.push(event("Started", 0, 100));
    q.push(event("Updated", 1, 180));
    q.ack();
    q.ack();
    q.push(event("Started", 0, 500, "t-2"));
    q.push({ ...event("Ended", 1, 600, "t-2"), triggerReason: "StopAuthorized" });
    await q.flush();
    const restarted = await openTxQueue(path);
    assert.equal(restarted.closeOpenTransactions(), 1);
    assert.equal(restarted.size, 3);
    restarted.ack();
    restarted.ack();
    const cut = restarted.head!;
    assert.ok(validateRequest("TransactionEvent", cut).ok);
    assert.deepEqual([cut.eventType, cut.seqNo, cut.transactionInfo], ["Ended", 2, {
      transactionId: "t-1",
      stoppedReason: "PowerLoss",
    }]);
    await restarted.flush();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openTxQueue(null) queues in memory only", async () => {
  const q = await openTxQueue(null);
  q.push(event("Started", 0, 1));
  assert.equal(q.size, 1);
  q.ack();
  assert.equal(q.head, undefined);
  await q.flush();
});

Deno.test("openTxQueue(null).closeOpenTransactions() ends an open transaction from memory", async () => {
  const q = await openTxQueue(null);
  q.push(event("Started", 0, 100));
  q.push(event("Updated", 1, 180));
  q.ack();
  q.ack();
  assert.equal(q.closeOpenTransactions(), 1);
  const cut = q.head!;
  assert.ok(validateRequest("TransactionEvent", cut).ok);
  assert.deepEqual([cut.seqNo, cut.timestamp, cut.evse, cut.transactionInfo], [
    2,
    event("Updated", 1, 180).timestamp,
    { id: 1, connectorId: 1 },
    { transactionId: "t-1", stoppedReason: "PowerLoss" },
  ]);
  await q.flush();
});
