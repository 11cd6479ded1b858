/**
 * Runs one load phase across the load-generator processes and turns what they, the server's
 * `/metrics` and `/proc` report into one result: rates, latencies inside the server and as the
 * chargers saw them, CPU, memory, database throughput and backlog, errors and fairness.
 */
import {
  diffHistograms,
  emptyHistogram,
  type HistogramSnapshot,
  type LatencySummary,
  mergeHistograms,
  summarize,
} from "../actors/runtime/metrics.ts";
import { type PhaseReport, type PhaseSpec, SLOT_MS, wallClockMs } from "./load_fleet.ts";
import {
  type Child,
  type ProcStats,
  procStats,
  sumStats,
  type ThreadStats,
  threadStats,
} from "./procs.ts";
import { fetchMetrics, type ServerMetrics, type ServerProc } from "./servers.ts";

/** Per-charger completed calls in a phase. */
export interface Fairness {
  /** Chargers that completed no call at all. */
  noProgress: number;
  min: number;
  p1: number;
  p50: number;
  max: number;
  /** Completed calls per charger if they had been shared out evenly. */
  mean: number;
}

/** One measured phase. */
export interface PhaseResult {
  name: string;
  chargers: number;
  spec: PhaseSpec;
  durationS: number;
  /** periodic: calls per second the chargers meant to send. */
  offeredPerS?: number;
  /** Calls answered with a CALLRESULT per second, as the chargers counted them. */
  msgsPerS: number;
  sent: number;
  completed: number;
  missed: number;
  /** Calls the CSMS declined with an overload CALLERROR (retry later). */
  shed: number;
  errors: Record<string, number>;
  errorCount: number;
  /** CALLs the CSMS sent to the chargers, by action. */
  csmsCalls: Record<string, number>;
  /** Round trip seen by the load generator. */
  rtt: LatencySummary;
  /** Frame in to reply out, measured inside the server (all calls, and by action). */
  inside: LatencySummary;
  insideByAction: Record<string, LatencySummary>;
  /** The server's event-loop lag (Tamna's admission sampler; absent on the raw server). */
  loopLag?: LatencySummary;
  /** One group commit of TransactionEvents, queue to committed (absent on the raw server). */
  commit?: LatencySummary;
  /** One batch of the batched writers (meter samples, statuses, …), written and committed. */
  batchCommit?: LatencySummary;
  /** Calls the server shed, by its own count, and the admission gap it used (ms). */
  serverShed: number;
  admissionGap?: LatencySummary;
  fairness: Fairness;
  server: {
    cpuPct: number;
    cpuUsPerMsg: number;
    rssKb: number;
    maxRssKb: number;
    /** CPU µs per message by thread kind: main (event loop), workers (PGlite), gc, io. */
    threadUsPerMsg?: Record<string, number>;
    /** Wake-ups (voluntary context switches) per message by thread kind. */
    threadWakeupsPerMsg?: Record<string, number>;
  };
  loadgen: { cpuPct: number; rssKb: number };
  db?: {
    /** Rows written by the batched writers (meter samples, heartbeats, statuses, …). */
    insertedPerS: number;
    /** TransactionEvents stored durably (one database transaction each) before their answer. */
    transactionEventsPerS: number;
    batches: number;
    maxBacklog: number;
    endBacklog: number;
  };
}

/** Calls a charger offers per period of a periodic phase (the realistic shape: half charge). */
export function callsPerPeriod(spec: PhaseSpec): number {
  if (spec.isHeartbeatOnly) return 1;
  return (spec.sessions ? 0.5 : 1) + 1 / spec.hbEvery;
}

/** Counts each value of `done` into min / p1 / p50 / max and the zeros. */
export function fairnessOf(done: number[]): Fairness {
  if (done.length === 0) return { noProgress: 0, min: 0, p1: 0, p50: 0, max: 0, mean: 0 };
  const sorted = [...done].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    noProgress: sorted.filter((d) => d === 0).length,
    min: sorted[0],
    p1: at(0.01),
    p50: at(0.5),
    max: sorted[sorted.length - 1],
    mean: Math.round((sorted.reduce((a, b) => a + b, 0) / sorted.length) * 10) / 10,
  };
}

/** Sums the reports of several load-generator processes. */
export function mergeReports(reports: PhaseReport[]): PhaseReport {
  const errors: Record<string, number> = {};
  const csmsCalls: Record<string, number> = {};
  let rtt: HistogramSnapshot = emptyHistogram();
  for (const r of reports) {
    for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.csmsCalls)) csmsCalls[k] = (csmsCalls[k] ?? 0) + v;
    rtt = mergeHistograms(rtt, r.rtt);
  }
  const sum = (f: (r: PhaseReport) => number) => reports.reduce((a, r) => a + f(r), 0);
  return {
    durationMs: Math.max(...reports.map((r) => r.durationMs)),
    sent: sum((r) => r.sent),
    completed: sum((r) => r.completed),
    missed: sum((r) => r.missed),
    shed: sum((r) => r.shed),
    drops: sum((r) => r.drops),
    reconnects: sum((r) => r.reconnects),
    errors,
    csmsCalls,
    rtt,
    done: reports.flatMap((r) => r.done),
  };
}

/** Samples of the server during a phase, for maxima. */
interface Watch {
  stop(): Promise<{ maxBacklog: number; maxRssKb: number }>;
}

function watchServer(server: ServerProc): Watch {
  let maxBacklog = 0, maxRssKb = 0, isWatching = true;
  const loop = (async () => {
    while (isWatching) {
      maxRssKb = Math.max(maxRssKb, (await procStats(server.child.pid)).rssKb);
      try {
        const m = await fetchMetrics(server);
        maxBacklog = Math.max(maxBacklog, m.store?.pending ?? 0);
      } catch {
        // a busy or restarting server: the next sample will do
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return {
    async stop() {
      isWatching = false;
      await loop;
      return { maxBacklog, maxRssKb };
    },
  };
}

/** What is read before a phase, to subtract after it. */
export interface Baseline {
  metrics: ServerMetrics | null;
  server: ProcStats;
  threads: ThreadStats;
  loadgen: ProcStats;
  atMs: number;
}

/** Reads the counters a phase result is computed from. */
export async function baseline(server: ServerProc, loadgens: Child[]): Promise<Baseline> {
  return {
    metrics: await fetchMetrics(server).catch(() => null),
    server: await procStats(server.child.pid),
    threads: await threadStats(server.child.pid),
    loadgen: await sumStats(loadgens.map((l) => l.pid)),
    atMs: performance.now(),
  };
}

/** (after − before) × scale per message, by key, or undefined when nothing was completed. */
function perMessage(
  after: Record<string, number>,
  before: Record<string, number>,
  messages: number,
  scale: number,
): Record<string, number> | undefined {
  if (messages <= 0) return undefined;
  return Object.fromEntries(
    Object.entries(after).map(([kind, v]) => [
      kind,
      Math.round(((v - (before[kind] ?? 0)) * scale * 100) / messages) / 100,
    ]),
  );
}

/** Turns the merged report and the before/after readings into a result. */
export async function phaseResult(
  name: string,
  spec: PhaseSpec,
  report: PhaseReport,
  context: { server: ServerProc; loadgens: Child[]; before: Baseline; maxima: Watch | null },
): Promise<PhaseResult> {
  const { server, loadgens, before } = context;
  const after = await baseline(server, loadgens);
  const maxima = await context.maxima?.stop() ?? { maxBacklog: 0, maxRssKb: 0 };
  const seconds = (after.atMs - before.atMs) / 1000;
  const m0 = before.metrics, m1 = after.metrics;
  const inside = (key: string) =>
    summarize(diffHistograms(m1?.histograms[key] ?? emptyHistogram(), m0?.histograms[key]));
  const byAction: Record<string, LatencySummary> = {};
  for (const key of Object.keys(m1?.histograms ?? {})) {
    if (key.startsWith("ocpp.reply_ms.")) byAction[key.slice(14)] = inside(key);
  }
  const serverCpuMs = after.server.cpuMs - before.server.cpuMs;
  const chargers = report.done.length;
  const errorCount = Object.values(report.errors).reduce((a, b) => a + b, 0);
  const perCharger = spec.mode === "periodic" ? callsPerPeriod(spec) * 1000 / spec.intervalMs : 0;
  return {
    name,
    chargers,
    spec,
    durationS: report.durationMs / 1000,
    offeredPerS: spec.mode === "periodic" ? Math.round(chargers * perCharger) : undefined,
    msgsPerS: Math.round(report.completed / (report.durationMs / 1000)),
    sent: report.sent,
    completed: report.completed,
    missed: report.missed,
    shed: report.shed,
    errors: report.errors,
    errorCount,
    csmsCalls: report.csmsCalls,
    rtt: summarize(report.rtt),
    inside: inside("ocpp.reply_ms"),
    insideByAction: byAction,
    loopLag: m1?.histograms["loop.lag_ms"] ? inside("loop.lag_ms") : undefined,
    commit: m1?.histograms["db.transaction_commit_ms"]
      ? inside("db.transaction_commit_ms")
      : undefined,
    batchCommit: m1?.histograms["db.batch_commit_ms"] ? inside("db.batch_commit_ms") : undefined,
    serverShed: (m1?.counters["ocpp.shed"] ?? 0) - (m0?.counters["ocpp.shed"] ?? 0),
    admissionGap: m1?.histograms["admission.gap_ms"] ? inside("admission.gap_ms") : undefined,
    fairness: fairnessOf(report.done),
    server: {
      cpuPct: (serverCpuMs / 1000 / seconds) * 100,
      cpuUsPerMsg: report.completed > 0 ? (serverCpuMs * 1000) / report.completed : 0,
      rssKb: after.server.rssKb,
      maxRssKb: Math.max(maxima.maxRssKb, after.server.rssKb),
      threadUsPerMsg: perMessage(after.threads.cpuMs, before.threads.cpuMs, report.completed, 1000),
      threadWakeupsPerMsg: perMessage(
        after.threads.wakeups,
        before.threads.wakeups,
        report.completed,
        1,
      ),
    },
    loadgen: {
      cpuPct: ((after.loadgen.cpuMs - before.loadgen.cpuMs) / 1000 / seconds) * 100,
      rssKb: after.loadgen.rssKb,
    },
    db: m1?.store
      ? {
        insertedPerS: Math.round((m1.store.inserted - (m0?.store?.inserted ?? 0)) / seconds),
        transactionEventsPerS: Math.round((byAction.TransactionEvent?.count ?? 0) / seconds),
        batches: m1.store.batches - (m0?.store?.batches ?? 0),
        maxBacklog: Math.max(maxima.maxBacklog, m1.store.pending),
        endBacklog: m1.store.pending,
      }
      : undefined,
  };
}

/** From the phase command to the first slot: time for every load generator to read it. */
const PHASE_LEAD_MS = 100;

/**
 * When each of `count` load generators starts a phase ({@link wallClockMs}): together,
 * `SLOT_MS / count` apart, so their slots interleave evenly, as independent chargers' sends
 * would. Started whenever each process read the command, their slots coincided
 * or not by chance, and at 1,000 chargers steady the servers' wake-ups per message moved by
 * 15–20 % (raw Deno and Tamna alike) with when the phase began.
 */
export function staggeredStarts(count: number, nowMs: number): number[] {
  return Array.from({ length: count }, (_, k) => nowMs + PHASE_LEAD_MS + (k * SLOT_MS) / count);
}

/** Runs a phase of `durationMs` on every load generator and measures it. */
export async function runPhase(
  name: string,
  spec: PhaseSpec,
  durationMs: number,
  context: { server: ServerProc; loadgens: Child[] },
): Promise<PhaseResult> {
  const before = await baseline(context.server, context.loadgens);
  const maxima = watchServer(context.server);
  const starts = staggeredStarts(context.loadgens.length, wallClockMs());
  const reports = await Promise.all(
    context.loadgens.map((l, k) =>
      l.request<PhaseReport>(
        "phase",
        { spec, durationMs, startAtMs: starts[k] },
        durationMs + 60_000,
      )
    ),
  );
  return phaseResult(name, spec, mergeReports(reports), { ...context, before, maxima });
}

export { watchServer };
