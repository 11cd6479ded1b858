import assert from "node:assert/strict";
import { createMetrics } from "../runtime/metrics.ts";
import {
  type Admission,
  createAdmission,
  type GapState,
  nextGap,
  threadCpuMs,
} from "./admission.ts";

/** Polls `isDone` every 10 ms for up to 3 s; answers whether it came true. */
async function waitFor(isDone: () => boolean): Promise<boolean> {
  for (let i = 0; i < 300 && !isDone(); i++) await new Promise((r) => setTimeout(r, 10));
  return isDone();
}

const LIMITS = { highLagMs: 15, lowLagMs: 5, minGapMs: 1_000, maxGapMs: 30_000 };

Deno.test("nextGap() grows the gap only after two lagging windows, and shrinks it fast", () => {
  const cases: [GapState, number, GapState][] = [
    [{ gapMs: 0, isLagging: false }, 40, { gapMs: 0, isLagging: true }], // one slow window
    [{ gapMs: 0, isLagging: true }, 40, { gapMs: 1_000, isLagging: true }], // starts shedding
    [{ gapMs: 1_000, isLagging: true }, 40, { gapMs: 1_250, isLagging: true }],
    [{ gapMs: 28_000, isLagging: true }, 40, { gapMs: 30_000, isLagging: true }], // capped
    [{ gapMs: 2_000, isLagging: true }, 10, { gapMs: 2_000, isLagging: false }], // in between
    [{ gapMs: 2_000, isLagging: false }, 1, { gapMs: 1_400, isLagging: false }],
    [{ gapMs: 1_200, isLagging: false }, 1, { gapMs: 0, isLagging: false }], // off
    [{ gapMs: 0, isLagging: false }, 1, { gapMs: 0, isLagging: false }],
  ];
  for (const [state, lagMs, expected] of cases) {
    assert.deepEqual(nextGap(state, lagMs, LIMITS), expected, `${JSON.stringify(state)} ${lagMs}`);
  }
});

const hb = (id: string) => `[2,"${id}","Heartbeat",{}]`;
const te = (id: string, eventType: string) =>
  `[2,"${id}","TransactionEvent",{"eventType":"${eventType}","seqNo":1}]`;

Deno.test("Admission.check() takes one deferrable call per station per gap and sheds the rest", () => {
  let t = 0;
  const metrics = createMetrics();
  const admission = createAdmission({ metrics, initialGapMs: 2_000, now: () => t });
  const a = admission.slot(), b = admission.slot();
  assert.equal(admission.check(a, hb("a1")), undefined, "first call of a station is taken");
  assert.equal(admission.check(b, te("b1", "Updated")), undefined, "each station has its own");
  t = 500;
  assert.deepEqual(JSON.parse(admission.check(a, te("a2", "Updated"))!), [
    4,
    "a2",
    "InternalError",
    "CSMS overloaded: retry in 2 s",
    { retryAfterMs: 2_000 },
  ]);
  assert.ok(admission.check(a, hb("a3")));
  for (const text of [te("a4", "Started"), te("a5", "Ended"), '[2,"a6","StatusNotification",{}]']) {
    assert.equal(admission.check(a, text), undefined, `never shed: ${text}`);
  }
  assert.equal(admission.check(a, '[2,"a7","BootNotification",{}]'), undefined);
  assert.equal(admission.check(a, '[3,"x",{}]'), undefined, "answers are never shed");
  t = 2_000;
  assert.equal(admission.check(a, hb("a8")), undefined, "taken again after the gap");
  assert.equal(metrics.snapshot().counters["ocpp.shed"], 2);
});

Deno.test("Admission.check() sheds nothing while the gap is 0", () => {
  const admission = createAdmission({ metrics: createMetrics(), now: () => 0 });
  const slot = admission.slot();
  for (let i = 0; i < 10; i++) assert.equal(admission.check(slot, hb(`h${i}`)), undefined);
  assert.equal(admission.gapMs, 0);
});

Deno.test("Admission.setActive() runs the lag sampler only while active and resets the gap", () => {
  const admission = createAdmission({ metrics: createMetrics(), initialGapMs: 5_000 });
  admission.setActive(true);
  admission.setActive(true); // idempotent: one timer
  admission.setActive(false);
  assert.equal(admission.gapMs, 0);
});

Deno.test("createAdmission() sheds while the database's backlog says so, without any loop lag", async () => {
  let isBacklogged = false;
  // A frozen clock: the loop never looks late, so only the backlog can start shedding.
  const admission = createAdmission({
    metrics: createMetrics(),
    sampleMs: 1,
    now: () => 0,
    isBacklogged: () => isBacklogged,
  });
  admission.setActive(true);
  try {
    await new Promise((r) => setTimeout(r, 100)); // some 20 windows
    assert.equal(admission.gapMs, 0, "no backlog, no lag: nothing shed");
    isBacklogged = true;
    await waitFor(() => admission.gapMs > 0);
    assert.ok(admission.gapMs >= 1_000, `sheds while backlogged (gap ${admission.gapMs} ms)`);
    isBacklogged = false;
    await waitFor(() => admission.gapMs === 0);
    assert.equal(admission.gapMs, 0, "stops once the backlog is gone");
  } finally {
    admission.setActive(false);
  }
});

Deno.test("createAdmission() sheds while the event loop's thread is busy, though its timers are on time", async () => {
  // A virtual clock that moves exactly one sample period per reading: no lag, ever. The
  // thread's CPU time grows by `busy` of each period.
  let atMs = 0;
  let cpuMs = 0;
  let busy = 0.5;
  const admission = createAdmission({
    metrics: createMetrics(),
    sampleMs: 1,
    now: () => {
      atMs += 1;
      cpuMs += busy;
      return atMs;
    },
    cpuTimeMs: () => cpuMs,
  });
  const windows = (n: number) => new Promise((r) => setTimeout(r, 5 * n + 20));
  admission.setActive(true);
  try {
    await windows(10);
    assert.equal(admission.gapMs, 0, "half busy: nothing shed");
    busy = 0.95;
    for (let i = 0; i < 100 && admission.gapMs === 0; i++) await windows(1);
    const first = admission.gapMs;
    assert.ok(first >= 100 && first < 1_000, `a busy thread's gap starts small (${first} ms)`);
    for (let i = 0; i < 100 && admission.gapMs < 1_000; i++) await windows(1);
    assert.ok(admission.gapMs >= 1_000, `and grows while busy (gap ${admission.gapMs})`);
    busy = 0.8;
    const held = admission.gapMs;
    await windows(10);
    assert.ok(admission.gapMs >= held, "between the thresholds the gap does not shrink");
    busy = 0.3;
    for (let i = 0; i < 100 && admission.gapMs > 0; i++) await windows(1);
    assert.equal(admission.gapMs, 0, "stops once the thread has room");
  } finally {
    admission.setActive(false);
  }
});

Deno.test("createAdmission() samples a calm loop slowly and returns to its fast period on load", async () => {
  // The thread's CPU time grows by `busy` of the real time that passes. The sampler reads it at
  // every window and whenever it changes period, so `periods` sees every period it ran at.
  let busy = 0.1;
  let cpuMs = 0;
  let lastMs = performance.now();
  const periods: number[] = [];
  const admission: Admission = createAdmission({
    metrics: createMetrics(),
    sampleMs: 5,
    quietSampleMs: 60,
    cpuTimeMs: () => {
      const t = performance.now();
      cpuMs += (t - lastMs) * busy;
      lastMs = t;
      periods.push(admission.samplePeriodMs);
      return cpuMs;
    },
  });
  // Whether the sampler ran at `periodMs` from now on, within the wait.
  const runsAt = (periodMs: number) => {
    const from = periods.length;
    return waitFor(() => periods.indexOf(periodMs, from) >= 0);
  };
  admission.setActive(true);
  try {
    assert.equal(admission.samplePeriodMs, 5, "starts at the fast period");
    assert.ok(await runsAt(60), "calm: the quiet period");
    busy = 0.95;
    assert.ok(await runsAt(5), "a busy thread: fast again");
    assert.ok(await waitFor(() => admission.gapMs > 0), "and it sheds");
    busy = 0.1;
    assert.ok(await waitFor(() => admission.gapMs === 0), "room again: no gap");
    assert.ok(await runsAt(60), "and the quiet period");
    // A loop blocked past the quiet sample's due time is lag, whatever the busy share says.
    busy = 0;
    const until = performance.now() + 150;
    while (performance.now() < until) { /* block the event loop */ }
    assert.ok(await runsAt(5), "a late sample: fast again");
    admission.setActive(false);
    assert.equal(admission.samplePeriodMs, 5, "stopped: back at the fast period");
  } finally {
    admission.setActive(false);
  }
});

Deno.test("threadCpuMs() reads the calling thread's CPU time, growing with work", () => {
  const before = threadCpuMs();
  if (before === undefined) return void assert.notEqual(Deno.build.os, "linux");
  const until = performance.now() + 30;
  while (performance.now() < until) { /* work on this thread */ }
  const after = threadCpuMs()!;
  assert.ok(after - before >= 20 && after - before < 1_000, `${before} → ${after}`);
});
