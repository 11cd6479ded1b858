import assert from "node:assert/strict";
import { FakeClock } from "../../actors/runtime/clock.ts";
import { createBatcher } from "./batch.ts";
import type { Db } from "./sql.ts";

/** A database stand-in: writes land in `log`, and a failed transaction takes its writes back. */
function fakeDb() {
  const state = { log: [] as string[], isDown: false, badRows: new Set<string>(), transactions: 0 };
  const db: Db = {
    engine: "pglite",
    query: () => Promise.resolve([]),
    exec: () => Promise.resolve(),
    transaction: async (fn) => {
      const mark = state.log.length;
      try {
        const result = await fn(db);
        state.transactions++;
        return result;
      } catch (error) {
        state.log.length = mark;
        throw error;
      }
    },
    close: () => Promise.resolve(),
  };
  const writer = (kind: string) => (_db: Db, rows: readonly string[]) => {
    if (state.isDown) return Promise.reject(new Error("connection refused"));
    const bad = rows.find((r) => state.badRows.has(r));
    if (bad) return Promise.reject(new Error(`invalid input syntax: ${bad}`));
    state.log.push(...rows.map((r) => `${kind}:${r}`));
    return Promise.resolve();
  };
  const writers = { boots: writer("boot"), samples: writer("sample") };
  return { db, state, writers, isDbUp: () => Promise.resolve(!state.isDown) };
}

const rows = (n: number, prefix = "r") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

Deno.test("createBatcher() writes full batches at once and the partial rest after its delay", async () => {
  const clock = new FakeClock();
  const f = fakeDb();
  const b = createBatcher(f.db, f.writers, {
    clock,
    isDbUp: f.isDbUp,
    batchMaxRows: 500,
    batchMaxDelayMs: 200,
  });
  rows(1200).forEach((r) => b.push("samples", r));
  await clock.advance(0);
  assert.equal(f.state.log.length, 1000);
  assert.equal(b.stats().batches, 2);
  await clock.advance(199);
  assert.equal(f.state.log.length, 1000, "200 rows are no full batch");
  await clock.advance(1);
  assert.deepEqual(b.stats(), {
    pending: 0,
    inserted: 1200,
    batches: 3,
    failures: 0,
    dropped: 0,
    lastError: null,
  });
  await b.close();
});

Deno.test("createBatcher() gives rows that arrive during a write their delay, not the next write", async () => {
  const clock = new FakeClock();
  const f = fakeDb();
  // every write takes a while, during which a charger's samples keep arriving
  const written = Promise.withResolvers<void>();
  let isFirstWrite = true;
  const slow = {
    ...f.writers,
    samples: async (db: Db, batch: readonly string[]) => {
      if (isFirstWrite) {
        isFirstWrite = false;
        await written.promise;
      }
      await f.writers.samples(db, batch);
    },
  };
  const b = createBatcher(f.db, slow, { clock, isDbUp: f.isDbUp, batchMaxDelayMs: 200 });
  b.push("samples", "a");
  await clock.advance(200); // the first batch starts, and hangs
  b.push("samples", "b");
  b.push("samples", "c");
  written.resolve();
  await clock.advance(0);
  assert.deepEqual(f.state.log, ["sample:a"], "b and c wait for their own delay");
  await clock.advance(200);
  assert.deepEqual(f.state.log, ["sample:a", "sample:b", "sample:c"]);
  assert.equal(b.stats().batches, 2);
  await b.close();
});

Deno.test("createBatcher() writes a partial batch after batchMaxDelayMs", async () => {
  const clock = new FakeClock();
  const f = fakeDb();
  const b = createBatcher(f.db, f.writers, { clock, isDbUp: f.isDbUp, batchMaxDelayMs: 200 });
  rows(10).forEach((r) => b.push("samples", r));
  await clock.advance(199);
  assert.equal(f.state.log.length, 0);
  assert.equal(b.stats().pending, 10);
  await clock.advance(1);
  assert.equal(f.state.log.length, 10);
  assert.equal(b.stats().batches, 1);
  assert.equal(clock.pendingTimers, 0);
  await b.close();
});

Deno.test("createBatcher() writes kinds in declaration order within one transaction", async () => {
  const clock = new FakeClock();
  const f = fakeDb();
  const b = createBatcher(f.db, f.writers, { clock, isDbUp: f.isDbUp });
  b.push("samples", "s");
  b.push("boots", "b");
  await b.flush();
  assert.deepEqual(f.state.log, ["boot:b", "sample:s"]);
  assert.equal(f.state.transactions, 1);
  await b.close();
});

Deno.test("createBatcher() keeps rows while the database is down and writes them after it returns", async () => {
  const clock = new FakeClock();
  const f = fakeDb();
  const b = createBatcher(f.db, f.writers, { clock, isDbUp: f.isDbUp, batchMaxDelayMs: 200 });
  f.state.isDown = true;
  rows(5, "a").forEach((r) => b.push("samples", r));
  await clock.advance(200);
  await assert.rejects(b.flush(), /cannot write 5 pending rows: connection refused/);
  rows(3, "b").forEach((r) => b.push("samples", r));
  await clock.advance(10_000);
  const down = b.stats();
  assert.equal(down.pending, 8);
  assert.ok(down.failures >= 3, `retried with backoff, got ${down.failures} failures`);
  assert.equal(down.lastError, "connection refused");
  f.state.isDown = false;
  await clock.advance(5_000);
  assert.deepEqual(f.state.log, [...rows(5, "a"), ...rows(3, "b")].map((r) => `sample:${r}`));
  assert.equal(b.stats().pending, 0);
  assert.equal(b.stats().inserted, 8);
  await b.close();
});

Deno.test("createBatcher() drops only the row the database rejects on its own", async () => {
  const clock = new FakeClock();
  const f = fakeDb();
  const b = createBatcher(f.db, f.writers, { clock, isDbUp: f.isDbUp });
  f.state.badRows.add("r2");
  rows(4).forEach((r) => b.push("samples", r));
  b.push("boots", "ok");
  await b.flush();
  assert.deepEqual(f.state.log, ["boot:ok", "sample:r0", "sample:r1", "sample:r3"]);
  const s = b.stats();
  assert.equal(s.dropped, 1);
  assert.equal(s.inserted, 4);
  assert.match(s.lastError ?? "", /dropped a samples row: invalid input syntax: r2/);
  await b.close();
});

Deno.test("createBatcher() caps the backlog and counts what it drops", async () => {
  const clock = new FakeClock();
  const f = fakeDb();
  f.state.isDown = true;
  const b = createBatcher(f.db, f.writers, { clock, isDbUp: f.isDbUp, maxPendingRows: 10 });
  rows(15).forEach((r) => b.push("samples", r));
  assert.equal(b.stats().pending, 10);
  assert.equal(b.stats().dropped, 5);
  f.state.isDown = false;
  await b.close();
  assert.equal(f.state.log.length, 10);
  b.push("samples", "late");
  assert.equal(b.stats().dropped, 6, "a closed batcher takes no rows");
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("createBatcher() keeps one queued row per key for a coalesced kind, even while down", async () => {
  const clock = new FakeClock();
  const f = fakeDb();
  const b = createBatcher(f.db, f.writers, {
    clock,
    isDbUp: f.isDbUp,
    maxPendingRows: 10,
    coalesceBy: { boots: (row: string) => row.split("@")[0] },
  });
  f.state.isDown = true;
  // 300 rows for 3 stations, more than the backlog cap: nothing may be dropped.
  for (let i = 0; i < 100; i++) for (const s of ["a", "b", "c"]) b.push("boots", `${s}@${i}`);
  b.push("samples", "s0");
  assert.equal(b.stats().pending, 4);
  await clock.advance(200);
  assert.equal(b.stats().failures, 1, "the outage kept the rows");
  b.push("boots", "a@100"); // replaces the row put back after the failed batch
  f.state.isDown = false;
  await b.flush();
  assert.deepEqual(f.state.log, ["boot:a@100", "boot:b@99", "boot:c@99", "sample:s0"]);
  assert.deepEqual({ ...b.stats(), lastError: null }, {
    pending: 0,
    inserted: 4,
    batches: 1,
    failures: 1,
    dropped: 0,
    lastError: null,
  });
  await b.close();
});
