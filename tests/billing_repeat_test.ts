/**
 * Billing (issue 20, item 2): an Ended event that repeats the Transaction.Begin and periodic
 * readings, as TxEnded sampling allows, prices 1 kWh at exactly 150 KRW on both engines; when
 * its Started was lost or carried no reading, the Transaction.Begin reading it repeats is the
 * start, and the cost answered is the cost stored.
 */
import assert from "node:assert/strict";
import { startNetworkServer } from "./network_helpers.ts";
import { dbTest } from "./persistence_helpers.ts";

const T0 = "2026-01-21T05:30:00.000Z";
const T1 = "2026-01-21T05:45:00.000Z";
const T2 = "2026-01-21T06:00:00.000Z";

function reading(timestamp: string, value: number, context: string) {
  return {
    timestamp,
    sampledValue: [{ value, context, measurand: "Energy.Active.Import.Register" }],
  };
}

function event(
  seqNo: number,
  eventType: string,
  timestamp: string,
  meterValue: unknown[],
  transactionId = "tx-rep",
) {
  return {
    eventType,
    timestamp,
    triggerReason: eventType === "Ended" ? "StopAuthorized" : "MeterValuePeriodic",
    seqNo,
    transactionInfo: { transactionId },
    evse: { id: 1, connectorId: 1 },
    // OCPP allows no empty meterValue: a Started without a reading has none.
    ...(meterValue.length > 0 && { meterValue }),
  };
}

const begin = reading(T0, 10_000, "Transaction.Begin");
const periodic = reading(T1, 10_500, "Sample.Periodic");
const end = reading(T2, 11_000, "Transaction.End");

dbTest(
  "an Ended event repeating earlier register readings does not restart the fold: 1 kWh costs 150 KRW",
  async (t) => {
    const { server, close } = await startNetworkServer(t);
    const c = await server.booted("cs_rep");
    try {
      assert.equal((await c.call("TransactionEvent", event(0, "Started", T0, [begin])))[0], 3);
      assert.equal((await c.call("TransactionEvent", event(1, "Updated", T1, [periodic])))[0], 3);
      // The end sample first, then the repeated ones: the newest reading is the stop register.
      const answer = await c.call(
        "TransactionEvent",
        event(2, "Ended", T2, [begin, periodic, end, begin]),
        "end",
      );
      assert.deepEqual(answer, [3, "end", { totalCost: 150 }]);
      const [row] = await t.db.query<{ energy_wh: number; cost_krw: number }>(
        "SELECT energy_wh, cost_krw FROM transactions WHERE transaction_id = 'tx-rep'",
      );
      assert.equal(Number(row.energy_wh), 1000);
      assert.equal(Number(row.cost_krw), 150);
    } finally {
      await c.close();
      await close();
    }
  },
);

dbTest(
  "a lone Ended is priced from the Transaction.Begin reading it repeats, and without one is not priced",
  async (t) => {
    const { server, close } = await startNetworkServer(t);
    const c = await server.booted("cs_lone");
    const costOf = async (transactionId: string) => {
      const [row] = await t.db.query<{ meter_start_wh: unknown; cost_krw: unknown }>(
        "SELECT meter_start_wh, cost_krw FROM transactions WHERE transaction_id = $1",
        [transactionId],
      );
      return [row.meter_start_wh, row.cost_krw].map((v) => v === null ? null : Number(v));
    };
    try {
      // The Started (seqNo 0) never arrives.
      const marked = await c.call("TransactionEvent", event(5, "Ended", T2, [begin, end], "tx-m"));
      assert.deepEqual(marked[2], { totalCost: 150 });
      assert.deepEqual(await costOf("tx-m"), [10_000, 150], "the cost answered is the one stored");
      const unmarked = await c.call(
        "TransactionEvent",
        event(5, "Ended", T2, [periodic, end], "tx-u"),
      );
      assert.deepEqual(unmarked[2], {}, "no cost for a part of the session");
      assert.deepEqual(await costOf("tx-u"), [null, null]);
      // A Started without a reading (TxStarted sampling off), an Updated, then an Ended that
      // repeats the Transaction.Begin register (TxEnded sampling): the start is that register,
      // and the cost prices all 1,000 Wh, also the energy before the Updated.
      assert.equal((await c.call("TransactionEvent", event(0, "Started", T0, [], "tx-s")))[0], 3);
      await c.call("TransactionEvent", event(1, "Updated", T1, [periodic], "tx-s"));
      const late = await c.call("TransactionEvent", event(2, "Ended", T2, [begin, end], "tx-s"));
      assert.deepEqual(late[2], { totalCost: 150 });
      assert.deepEqual(await costOf("tx-s"), [10_000, 150]);
      // The Started, without a reading, delivered after the first Updated: the Updated's
      // register is the start, in the answer as in storage (500 Wh: 75 KRW).
      await c.call("TransactionEvent", event(1, "Updated", T1, [periodic], "tx-l"));
      assert.equal((await c.call("TransactionEvent", event(0, "Started", T0, [], "tx-l")))[0], 3);
      const ended = await c.call("TransactionEvent", event(2, "Ended", T2, [end], "tx-l"));
      assert.deepEqual(ended[2], { totalCost: 75 });
      assert.deepEqual(await costOf("tx-l"), [10_500, 75]);
    } finally {
      await c.close();
      await close();
    }
  },
);
