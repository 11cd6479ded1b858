import assert from "node:assert/strict";
import { dbTest } from "../../tests/persistence_helpers.ts";
import type { Db } from "./sql.ts";
import { createTransactionEventBatcher } from "./transaction_batch.ts";
import {
  type SaveOutcome,
  saveTransactionEvent,
  saveTransactionEvents,
  type TransactionEventRecord,
} from "./transactions.ts";

/** A small deterministic generator, so a failure names a sequence that can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Events of one transaction as chargers really send them: Started (sometimes lost, or late),
 * Updated with registers (sometimes none), Ended (sometimes), replays and offline reordering.
 */
function sessionEvents(random: () => number, chargerId: string, txId: string) {
  const events: TransactionEventRecord[] = [];
  const count = 2 + Math.floor(random() * 6);
  const isEnded = random() < 0.6;
  for (let seqNo = 0; seqNo < count; seqNo++) {
    const eventType = seqNo === 0
      ? "Started"
      : seqNo === count - 1 && isEnded
      ? "Ended"
      : "Updated";
    const at = new Date(Date.UTC(2026, 0, 21, 5, 30, seqNo * 5)).toISOString();
    events.push({
      chargerId: chargerId,
      transactionId: txId,
      seqNo,
      eventType,
      triggerReason: eventType === "Started" ? "Authorized" : "MeterValuePeriodic",
      timestamp: at,
      offline: random() < 0.2,
      chargingState: random() < 0.7 ? "Charging" : undefined,
      evseId: random() < 0.8 ? 1 : undefined,
      connectorId: random() < 0.8 ? 1 : undefined,
      idToken: eventType === "Started" && random() < 0.8 ? "token_1" : undefined,
      idTokenType: eventType === "Started" ? "ISO14443" : undefined,
      remoteStartId: random() < 0.1 ? 7 : undefined,
      stoppedReason: eventType === "Ended" ? "Local" : undefined,
      energyWh: random() < 0.8 ? 1000 + seqNo * 777.4 : undefined,
      powerW: 50_000,
      payload: { seqNo, eventType, note: 'quote " and \\ backslash' },
      receivedAt: at,
    });
  }
  if (random() < 0.3) events.push(events[Math.floor(random() * events.length)]); // replay
  if (random() < 0.2) events.push(events.shift()!); // Started delivered last (offline queue)
  return events;
}

/** `db` counting the statements running at once (procedures run through its `query`). */
function countingInFlight(db: Db) {
  let inFlight = 0;
  let most = 0;
  const counting: Db = {
    ...db,
    runProcedure: undefined,
    async query<T>(sql: string, params?: unknown[]) {
      most = Math.max(most, ++inFlight);
      try {
        return await db.query<T>(sql, params);
      } finally {
        inFlight--;
      }
    },
  };
  return { counting, mostInFlight: () => most };
}

async function rows(db: Db, prefix: string) {
  const transactions = await db.query<Record<string, unknown>>(
    `SELECT * FROM transactions WHERE transaction_id LIKE $1 ORDER BY charger_id, transaction_id`,
    [`${prefix}%`],
  );
  const events = await db.query<Record<string, unknown>>(
    `SELECT * FROM transaction_events WHERE transaction_id LIKE $1
     ORDER BY charger_id, transaction_id, seq_no`,
    [`${prefix}%`],
  );
  const strip = (r: Record<string, unknown>) => {
    const { id: _id, ...rest } = r;
    // On postgres.js the one-by-one path stores the payload as a jsonb string (its text
    // parameter is encoded again); the batch path stores the object. Same content either way.
    const payload = typeof rest.payload === "string" ? JSON.parse(rest.payload) : rest.payload;
    return {
      ...rest,
      ...("payload" in rest ? { payload } : {}),
      transaction_id: String(rest.transaction_id).slice(prefix.length),
    };
  };
  return { transactions: transactions.map(strip), events: events.map(strip) };
}

dbTest(
  "createTransactionEventBatcher() leaves exactly the rows saveTransactionEvent() does, replays and all",
  async ({ db }) => {
    const random = lcg(9);
    const sessions = Array.from({ length: 40 }, (_, k) => ({
      chargerId: `emart_jeju_${String(1 + (k % 12)).padStart(2, "0")}`,
      k,
      events: sessionEvents(random, "x", "x"),
    }));
    const as = (prefix: string, s: (typeof sessions)[number], e: TransactionEventRecord) => ({
      ...e,
      chargerId: s.chargerId,
      transactionId: `${prefix}${s.k}`,
    });
    const single: SaveOutcome[] = [];
    for (const s of sessions) {
      for (const e of s.events) single.push(await saveTransactionEvent(db, as("s-", s, e)));
    }
    // Chargers send their events one at a time, all chargers at once: round r holds event r of
    // every session, so the batcher sees many transactions per batch.
    const batcher = createTransactionEventBatcher(db, { maxBatch: 7 });
    const batched = new Map<string, SaveOutcome>();
    const longest = Math.max(...sessions.map((s) => s.events.length));
    for (let r = 0; r < longest; r++) {
      await Promise.all(
        sessions.filter((s) => r < s.events.length).map(async (s) => {
          batched.set(`${s.k}/${r}`, await batcher.save(as("b-", s, s.events[r])));
        }),
      );
    }
    assert.ok(batcher.stats().batches > 0, "some saves were grouped");
    assert.equal(batcher.stats().fallbacks, 0);
    const inOrder = sessions.flatMap((s) => s.events.map((_, r) => batched.get(`${s.k}/${r}`)));
    assert.deepEqual(inOrder, single, "same stored / duplicate answers");
    assert.deepEqual(await rows(db, "b-"), await rows(db, "s-"));
  },
  { alsoInWorker: true },
);

dbTest("saveTransactionEvents() refuses two events of one transaction", async ({ db }) => {
  const [e] = sessionEvents(lcg(1), "emart_jeju_01", "t");
  await assert.rejects(saveTransactionEvents(db, [e, { ...e, seqNo: 1 }]), TypeError);
});

dbTest(
  "createTransactionEventBatcher() fails a bad event alone and stores the rest of its batch",
  async ({ db }) => {
    await db.exec("ALTER TABLE transactions ADD CONSTRAINT no_evse_9 CHECK (evse_id <> 9)");
    const batcher = createTransactionEventBatcher(db);
    const events = Array.from({ length: 6 }, (_, i) => ({
      ...sessionEvents(lcg(i), `emart_jeju_0${i + 1}`, `bad-${i}`)[0],
      evseId: i === 3 ? 9 : 1,
    }));
    const outcomes = await Promise.allSettled(events.map((e) => batcher.save(e)));
    assert.deepEqual(outcomes.map((o) => o.status), [
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*) AS n FROM transaction_events");
    assert.equal(n, 5);
    assert.equal(batcher.stats().fallbacks, 1);
  },
  { alsoInWorker: true },
);

dbTest(
  "createTransactionEventBatcher() keeps two events of one transaction in separate commits, in order",
  async ({ db }) => {
    const batcher = createTransactionEventBatcher(db);
    const events = sessionEvents(lcg(3), "emart_jeju_01", "same").filter((e, i, all) =>
      all.findIndex((x) => x.seqNo === e.seqNo) === i
    ).sort((a, b) => a.seqNo - b.seqNo);
    const outcomes = await Promise.all(events.map((e) => batcher.save(e)));
    assert.ok(outcomes.every((o) => o === "stored"));
    const [t] = await db.query<{ last_seq_no: number }>(
      "SELECT last_seq_no FROM transactions WHERE transaction_id = 'same'",
    );
    assert.equal(t.last_seq_no, events.at(-1)!.seqNo);
  },
);

dbTest(
  "createTransactionEventBatcher() writes batches side by side, each transaction's events in order",
  async ({ db }) => {
    const { counting, mostInFlight } = countingInFlight(db);
    const batcher = createTransactionEventBatcher(counting, {
      maxBatch: 3,
      maxInFlight: 3,
      parallelAfter: 1,
    });
    const random = lcg(11);
    const sessions = Array.from(
      { length: 12 },
      (_, i) =>
        sessionEvents(random, `emart_jeju_${i}`, `tx${i}`).sort((a, b) => a.seqNo - b.seqNo),
    );
    // every event queued at once: a transaction's later events wait behind its earlier ones
    const outcomes = await Promise.all(sessions.flat().map((e) => batcher.save(e)));
    assert.equal(outcomes.length, sessions.flat().length);
    assert.ok(
      mostInFlight() > 1,
      `batches were written side by side (most at once: ${mostInFlight()})`,
    );
    assert.ok(mostInFlight() <= 3, `at most maxInFlight at once (${mostInFlight()})`);
    const rows = await db.query<{ transaction_id: string; seq_no: number }>(
      "SELECT transaction_id, seq_no FROM transaction_events ORDER BY id",
    );
    for (const [i, session] of sessions.entries()) {
      const stored = rows.filter((r) => r.transaction_id === `tx${i}`).map((r) => r.seq_no);
      const expected = [...new Set(session.map((e) => e.seqNo))];
      assert.deepEqual(stored, expected, `tx${i} committed in seqNo order`);
    }
  },
);

dbTest(
  "createTransactionEventBatcher() commits the saves of one event-loop turn together",
  async ({ db }) => {
    const batcher = createTransactionEventBatcher(db);
    // as when one wake-up reads five chargers' frames: none waits for the first one's commit
    const events = Array.from(
      { length: 5 },
      (_, i) => sessionEvents(lcg(20 + i), `emart_jeju_0${i + 1}`, `turn-${i}`)[0],
    );
    const outcomes = await Promise.all(events.map((e) => batcher.save(e)));
    assert.deepEqual(outcomes, ["stored", "stored", "stored", "stored", "stored"]);
    assert.deepEqual(batcher.stats(), { batches: 1, batchedEvents: 5, fallbacks: 0, waiting: 0 });
  },
  { alsoInWorker: true },
);

dbTest(
  "createTransactionEventBatcher() keeps to maxInFlight when a full batch starts before the turn ends",
  async ({ db }) => {
    const { counting, mostInFlight } = countingInFlight(db);
    const batcher = createTransactionEventBatcher(counting, { maxInFlight: 1, parallelAfter: 5 });
    // the fifth save starts a batch at once; the turn's deferred start must not add a second
    const events = Array.from(
      { length: 12 },
      (_, i) => sessionEvents(lcg(40 + i), `emart_jeju_${i}`, `one-${i}`)[0],
    );
    await Promise.all(events.map((e) => batcher.save(e)));
    assert.equal(mostInFlight(), 1);
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*) AS n FROM transaction_events");
    assert.equal(n, 12);
  },
);
