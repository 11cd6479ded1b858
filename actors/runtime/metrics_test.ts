import assert from "node:assert/strict";
import {
  createHistogram,
  createMetrics,
  diffHistograms,
  emptyHistogram,
  mergeHistograms,
  quantileMs,
  summarize,
} from "./metrics.ts";

/** Within the ~4.4 % width of a bucket. */
function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= expected * 0.05, `${what}: ${actual} vs ${expected}`);
}

Deno.test("createHistogram() gives percentiles within a bucket's width of the true ones", () => {
  const h = createHistogram();
  for (let i = 1; i <= 10_000; i++) h.observe(i / 100); // 0.01 ms … 100 ms, uniform
  const s = summarize(h.snapshot());
  assert.equal(s.count, 10_000);
  near(s.p50Ms, 50, "p50");
  near(s.p95Ms, 95, "p95");
  near(s.p99Ms, 99, "p99");
  assert.equal(s.maxMs, 100);
  near(s.meanMs, 50.005, "mean");
});

Deno.test("createHistogram() keeps zero, negative and NaN durations in the lowest bucket", () => {
  const h = createHistogram();
  h.observe(0);
  h.observe(-1);
  h.observe(Number.NaN);
  assert.equal(h.snapshot().count, 3);
  assert.deepEqual(Object.keys(h.snapshot().buckets), ["0"]);
});

Deno.test("summarize() of an empty histogram is all zeros", () => {
  assert.deepEqual(summarize(emptyHistogram()), {
    count: 0,
    meanMs: 0,
    p50Ms: 0,
    p95Ms: 0,
    p99Ms: 0,
    maxMs: 0,
  });
});

Deno.test("mergeHistograms() equals one histogram that saw everything", () => {
  const a = createHistogram(), b = createHistogram(), all = createHistogram();
  for (let i = 0; i < 1_000; i++) {
    const v = (i % 97) + 0.5;
    (i % 2 === 0 ? a : b).observe(v);
    all.observe(v);
  }
  const merged = mergeHistograms(a.snapshot(), b.snapshot());
  assert.deepEqual(merged.buckets, all.snapshot().buckets);
  assert.equal(merged.count, 1_000);
  assert.equal(merged.minMs, all.snapshot().minMs);
  assert.equal(merged.maxMs, all.snapshot().maxMs);
  assert.deepEqual(mergeHistograms(emptyHistogram(), merged), merged);
});

Deno.test("diffHistograms() gives what was recorded between two snapshots", () => {
  const h = createHistogram();
  for (let i = 0; i < 100; i++) h.observe(1);
  const before = h.snapshot();
  for (let i = 0; i < 100; i++) h.observe(10);
  const window = diffHistograms(h.snapshot(), before);
  assert.equal(window.count, 100);
  near(quantileMs(window, 0.5), 10, "window p50");
  near(window.minMs, 10, "window min");
  assert.equal(diffHistograms(h.snapshot(), h.snapshot()).count, 0);
  assert.deepEqual(diffHistograms(before, undefined), before);
});

Deno.test("createMetrics() counts and keeps one histogram per name", () => {
  const m = createMetrics();
  m.count("frames");
  m.count("frames", 2);
  assert.equal(m.histogram("x"), m.histogram("x"));
  m.histogram("x").observe(3);
  const s = m.snapshot();
  assert.deepEqual(s.counters, { frames: 3 });
  assert.equal(s.histograms.x.count, 1);
  assert.equal(JSON.parse(JSON.stringify(s)).histograms.x.count, 1);
});
