/**
 * `GET /metrics`: the process's counters and latency histograms (actors/runtime/metrics.ts) and
 * gauges of the moment (connections, database backlog, plugin queues, SSE clients, memory) in
 * the Prometheus text format, or as JSON with `?format=json` (the raw histogram buckets that
 * `deno task bench` merges). With an API token configured it needs the bearer token, like the
 * mutating routes: the numbers say how busy the network is. Names: docs/operations.md.
 */
import { Hono } from "hono";
import type { Metrics } from "../actors/runtime/metrics.ts";
import { formatPrometheus, type GaugeSample } from "../actors/runtime/prometheus.ts";
import type { QueueStats } from "../actors/runtime/subscriber_queue.ts";
import type { BatchStats } from "../plugins/persistence/batch.ts";
import { apiError } from "./errors.ts";

/** Where `/metrics` reads from. */
export interface MetricsSources {
  /** The registry the CSMS records into (`processMetrics`). */
  registry: Metrics;
  /** Connected chargers now. */
  connections(): number;
  /** Every bus queue: plugins' and one per open `/events` client (named `sse-…`). */
  queues(): QueueStats[];
  /** The database's batched writes; absent without a database. */
  store?: { stats(): BatchStats; readonly engine: string };
  /** Seconds since the server started. */
  uptimeS(): number;
}

/** The prefix of the bus queues `/events` opens, one per client (routes/events.ts). */
const SSE_QUEUE = "sse-";

function queueGauges(queues: QueueStats[]): GaugeSample[] {
  const plugins = queues.filter((q) => !q.name.startsWith(SSE_QUEUE));
  const per = (
    name: string,
    help: string,
    value: (q: QueueStats) => number,
    type: "gauge" | "counter" = "gauge",
  ) => plugins.map((q) => ({ name, help, type, labels: { queue: q.name }, value: value(q) }));
  return [
    ...per("tamna_plugin_queue_depth", "Events waiting in a plugin's queue", (q) => q.size),
    ...per("tamna_plugin_queue_capacity", "A plugin queue's bound", (q) => q.capacity),
    ...per(
      "tamna_plugin_queue_dropped_total",
      "Events dropped because a plugin's queue was full",
      (q) => q.dropped,
      "counter",
    ),
    ...per(
      "tamna_plugin_handler_failures_total",
      "Plugin handler calls that threw",
      (q) => q.failed,
      "counter",
    ),
    {
      name: "tamna_sse_clients",
      help: "Open /events streams (dashboards)",
      value: queues.length - plugins.length,
    },
  ];
}

function storeGauges(store: MetricsSources["store"]): GaugeSample[] {
  if (!store) return [];
  const s = store.stats();
  const labels = { engine: store.engine };
  const counter = (name: string, help: string, value: number): GaugeSample => ({
    name,
    help,
    type: "counter",
    labels,
    value,
  });
  return [
    {
      name: "tamna_db_backlog_rows",
      help: "Rows queued for batched writes, not yet committed",
      labels,
      value: s.pending,
    },
    counter("tamna_db_rows_written_total", "Rows committed by batched writes", s.inserted),
    counter("tamna_db_batches_total", "Batched-write transactions committed", s.batches),
    counter("tamna_db_batch_failures_total", "Batched writes that failed (retried)", s.failures),
    counter("tamna_db_rows_dropped_total", "Rows given up (backlog full or refused)", s.dropped),
  ];
}

/** The gauges of the moment. */
export function currentGauges(sources: MetricsSources): GaugeSample[] {
  const memory = Deno.memoryUsage();
  return [
    {
      name: "tamna_ocpp_connections",
      help: "Chargers connected now",
      value: sources.connections(),
    },
    ...storeGauges(sources.store),
    ...queueGauges(sources.queues()),
    { name: "tamna_uptime_seconds", help: "Seconds since start", value: sources.uptimeS() },
    {
      name: "process_resident_memory_bytes",
      help: "Resident memory of the process",
      value: memory.rss,
    },
    { name: "tamna_heap_used_bytes", help: "V8 heap in use", value: memory.heapUsed },
  ];
}

/** The JSON form: the registry's snapshot with raw buckets, plus the bench's fields. */
function jsonReport(sources: MetricsSources) {
  return {
    ...sources.registry.snapshot(),
    memory: Deno.memoryUsage(),
    connected: sources.connections(),
    store: sources.store?.stats() ?? null,
    engine: sources.store?.engine ?? null,
    queues: sources.queues(),
  };
}

/**
 * The `/metrics` sub-app. Like every GET but a few public ones, the access middleware lets
 * only a signed-in viewer (or an API token with a role) read it: give Prometheus a token.
 */
export function metricsRoutes(sources: MetricsSources): Hono {
  const app = new Hono();
  app.get("/metrics", (c) => {
    const format = c.req.query("format");
    if (format === "json") return c.json(jsonReport(sources));
    if (format !== undefined && format !== "prometheus") {
      throw apiError(400, "Invalid query parameter format: expected prometheus or json");
    }
    const text = formatPrometheus(sources.registry.snapshot(), currentGauges(sources));
    return c.body(text, 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
  });
  return app;
}
