import assert from "node:assert/strict";
import { dbTest } from "../../tests/persistence_helpers.ts";
import { benchInserts } from "./bench.ts";

dbTest(
  "benchInserts() measures batched samples and one-by-one TransactionEvents, then cleans up",
  async ({ db }) => {
    const result = await benchInserts(db, {
      rows: 300,
      batchRows: 100,
      transactionEvents: 20,
      concurrency: 2,
    });
    assert.ok(result.insertsPerSec > 0);
    assert.ok(result.transactionEventsPerSec > 0);
    assert.equal(result.batchRows, 100);
    assert.equal(result.transactionEvents, 20);
    assert.ok(result.naiveTransactionEventsPerSec > 0);
    assert.equal(result.naiveTransactionEvents, 20);
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM meter_samples) + (SELECT count(*) FROM transactions)
         + (SELECT count(*) FROM transaction_events) AS n`,
    );
    assert.equal(n, 0);
  },
);
