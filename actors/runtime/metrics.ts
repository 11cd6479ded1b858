/**
 * Cheap in-process counters and latency histograms, for `deno task bench` and a `/metrics`
 * endpoint. Recording costs a map lookup and a few arithmetic operations; nothing allocates
 * per observation. Histograms are log-linear (16 buckets per power of two, about 4 % wide),
 * so they merge across processes by adding bucket counts.
 */

/** Buckets per power of two: a percentile is off by at most ~4.4 %. */
const SUB_BUCKETS = 16;
/** Covers 1 µs to about 30 minutes. */
const BUCKETS = 32 * SUB_BUCKETS + 1;

/** A histogram as plain JSON: bucket index → count, only non-empty buckets. */
export interface HistogramSnapshot {
  count: number;
  sumMs: number;
  minMs: number;
  maxMs: number;
  buckets: Record<string, number>;
}

/** The usual summary of a histogram, in milliseconds. */
export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Records durations in milliseconds. */
export interface Histogram {
  observe(durationMs: number): void;
  snapshot(): HistogramSnapshot;
}

/** Everything a registry holds, as plain JSON. */
export interface MetricsSnapshot {
  counters: Record<string, number>;
  histograms: Record<string, HistogramSnapshot>;
}

/** A registry of named counters and histograms. */
export interface Metrics {
  /** Adds `n` (default 1) to a counter, creating it at zero. */
  count(name: string, n?: number): void;
  /** The histogram called `name`, created on first use; keep the handle on hot paths. */
  histogram(name: string): Histogram;
  snapshot(): MetricsSnapshot;
}

function bucketOf(durationMs: number): number {
  const us = durationMs * 1000;
  if (!(us >= 1)) return 0; // also NaN and negatives: a clock step must not throw
  return Math.min(BUCKETS - 1, 1 + Math.floor(Math.log2(us) * SUB_BUCKETS));
}

/** The geometric middle of a bucket, in milliseconds. */
function bucketValueMs(index: number): number {
  if (index === 0) return 0.0005;
  return 2 ** ((index - 0.5) / SUB_BUCKETS) / 1000;
}

/** Builds an empty histogram. */
export function createHistogram(): Histogram {
  const counts = new Float64Array(BUCKETS);
  let count = 0;
  let sumMs = 0;
  let minMs = Infinity;
  let maxMs = 0;
  return {
    observe(durationMs) {
      counts[bucketOf(durationMs)]++;
      count++;
      sumMs += durationMs;
      if (durationMs < minMs) minMs = durationMs;
      if (durationMs > maxMs) maxMs = durationMs;
    },
    snapshot() {
      const buckets: Record<string, number> = {};
      for (let i = 0; i < BUCKETS; i++) if (counts[i] > 0) buckets[i] = counts[i];
      return { count, sumMs, minMs: count === 0 ? 0 : minMs, maxMs, buckets };
    },
  };
}

/** An empty snapshot, the neutral element of {@link mergeHistograms}. */
export function emptyHistogram(): HistogramSnapshot {
  return { count: 0, sumMs: 0, minMs: 0, maxMs: 0, buckets: {} };
}

/** The sum of two histograms (e.g. from several load-generator processes). */
export function mergeHistograms(a: HistogramSnapshot, b: HistogramSnapshot): HistogramSnapshot {
  const buckets = { ...a.buckets };
  for (const [i, n] of Object.entries(b.buckets)) buckets[i] = (buckets[i] ?? 0) + n;
  const mins = [a, b].filter((h) => h.count > 0).map((h) => h.minMs);
  return {
    count: a.count + b.count,
    sumMs: a.sumMs + b.sumMs,
    minMs: mins.length > 0 ? Math.min(...mins) : 0,
    maxMs: Math.max(a.maxMs, b.maxMs),
    buckets,
  };
}

/**
 * What was recorded between two snapshots of the same histogram. The window's min and max
 * are estimated from its buckets (the exact ones are not recoverable), clamped to the totals.
 */
export function diffHistograms(
  after: HistogramSnapshot,
  before: HistogramSnapshot | undefined,
): HistogramSnapshot {
  if (!before || before.count === 0) return after;
  const buckets: Record<string, number> = {};
  let lowest = Infinity;
  let highest = -1;
  for (const [key, n] of Object.entries(after.buckets)) {
    const d = n - (before.buckets[key] ?? 0);
    if (d <= 0) continue;
    buckets[key] = d;
    lowest = Math.min(lowest, Number(key));
    highest = Math.max(highest, Number(key));
  }
  const count = after.count - before.count;
  if (count <= 0) return emptyHistogram();
  return {
    count,
    sumMs: after.sumMs - before.sumMs,
    minMs: Math.max(after.minMs, bucketValueMs(lowest)),
    maxMs: Math.min(after.maxMs, bucketValueMs(highest + 1)),
    buckets,
  };
}

/** The value under which a fraction `q` (0–1) of the observations fall, in milliseconds. */
export function quantileMs(h: HistogramSnapshot, q: number): number {
  if (h.count === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * h.count));
  const indexes = Object.keys(h.buckets).map(Number).sort((x, y) => x - y);
  let seen = 0;
  for (const i of indexes) {
    seen += h.buckets[i];
    if (seen >= rank) return Math.min(h.maxMs, Math.max(h.minMs, bucketValueMs(i)));
  }
  return h.maxMs;
}

/** Count, mean, p50, p95, p99 and max of a histogram. */
export function summarize(h: HistogramSnapshot): LatencySummary {
  return {
    count: h.count,
    meanMs: h.count === 0 ? 0 : h.sumMs / h.count,
    p50Ms: quantileMs(h, 0.5),
    p95Ms: quantileMs(h, 0.95),
    p99Ms: quantileMs(h, 0.99),
    maxMs: h.maxMs,
  };
}

/** Builds an empty registry. */
export function createMetrics(): Metrics {
  const counters = new Map<string, number>();
  const histograms = new Map<string, Histogram>();
  return {
    count(name, n = 1) {
      counters.set(name, (counters.get(name) ?? 0) + n);
    },
    histogram(name) {
      let h = histograms.get(name);
      if (h === undefined) {
        h = createHistogram();
        histograms.set(name, h);
      }
      return h;
    },
    snapshot() {
      const hs: Record<string, HistogramSnapshot> = {};
      for (const [name, h] of histograms) hs[name] = h.snapshot();
      return { counters: Object.fromEntries(counters), histograms: hs };
    },
  };
}

/**
 * The registry of this process, which the CSMS records into unless given its own. One per
 * process is what a `/metrics` endpoint reports; tests that need isolation pass their own.
 */
export const processMetrics: Metrics = createMetrics();
