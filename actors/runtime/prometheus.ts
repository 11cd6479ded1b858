/**
 * The Prometheus text exposition format (version 0.0.4) of a {@link MetricsSnapshot} plus
 * gauges: internal dotted names (`ocpp.calls_in.BootNotification.result`) become metric
 * families with labels (`tamna_ocpp_calls_received_total{action="BootNotification",
 * outcome="result"}`) through one table, {@link METRIC_FAMILIES}, which docs/operations.md
 * mirrors. Pure: no clock, no I/O.
 */
import type { HistogramSnapshot, MetricsSnapshot } from "./metrics.ts";

/** How an internal counter or histogram is exposed. */
export interface MetricFamily {
  /** The internal name, or its prefix when it ends with a dot (the rest are label values). */
  source: string;
  /** The Prometheus name (`tamna_…_total` for counters, `…_seconds` for histograms). */
  name: string;
  type: "counter" | "histogram";
  help: string;
  /** Label names for the dot-separated parts after a prefix `source`. */
  labels?: readonly string[];
}

/** One gauge sample (or a counter read from elsewhere than the registry). */
export interface GaugeSample {
  name: string;
  help: string;
  /** Default "gauge". */
  type?: "gauge" | "counter";
  labels?: Readonly<Record<string, string>>;
  value: number;
}

/** The internal names the CSMS records, as Prometheus families. */
export const METRIC_FAMILIES: readonly MetricFamily[] = [
  {
    source: "ocpp.connections_accepted",
    name: "tamna_ocpp_connections_accepted_total",
    type: "counter",
    help: "OCPP WebSocket connections accepted",
  },
  {
    source: "ocpp.connections_closed",
    name: "tamna_ocpp_connections_closed_total",
    type: "counter",
    help: "OCPP WebSocket connections closed",
  },
  {
    source: "ocpp.frames_in",
    name: "tamna_ocpp_frames_received_total",
    type: "counter",
    help: "OCPP-J frames received from chargers",
  },
  {
    source: "ocpp.frames_out",
    name: "tamna_ocpp_frames_sent_total",
    type: "counter",
    help: "OCPP-J frames sent to chargers",
  },
  {
    source: "ocpp.callerrors_out",
    name: "tamna_ocpp_callerrors_sent_total",
    type: "counter",
    help: "CALLERROR frames sent to chargers",
  },
  {
    source: "ocpp.calls_in.",
    name: "tamna_ocpp_calls_received_total",
    type: "counter",
    help: "CALLs from chargers answered, by action and outcome (result or error)",
    labels: ["action", "outcome"],
  },
  {
    source: "ocpp.calls_out.",
    name: "tamna_ocpp_calls_sent_total",
    type: "counter",
    help: "CALLs to chargers (commands) answered, by action and outcome (result or error)",
    labels: ["action", "outcome"],
  },
  {
    source: "ocpp.shed",
    name: "tamna_ocpp_shed_calls_total",
    type: "counter",
    help: "Deferrable CALLs refused by the admission gate under overload (answered with an error)",
  },
  {
    source: "listener.reopened.",
    name: "tamna_listener_reopened_total",
    type: "counter",
    help:
      "Times a listener's accept loop failed (e.g. out of file descriptors) and its port opened again",
    labels: ["listener"],
  },
  {
    source: "ocpp.reply_ms.",
    name: "tamna_ocpp_reply_seconds",
    type: "histogram",
    help: "Inside the CSMS: a charger's CALL frame in to its CALLRESULT or CALLERROR out",
    labels: ["action"],
  },
  {
    source: "ocpp.call_out_ms.",
    name: "tamna_ocpp_command_roundtrip_seconds",
    type: "histogram",
    help: "A CALL to a charger out to its answer in (network and charger included)",
    labels: ["action"],
  },
  {
    source: "loop.lag_ms",
    name: "tamna_event_loop_lag_seconds",
    type: "histogram",
    help: "Event loop lag sampled by the admission gate",
  },
  {
    source: "admission.gap_ms",
    name: "tamna_admission_gap_seconds",
    type: "histogram",
    help: "Spacing the admission gate imposed between new connections",
  },
  {
    source: "db.batch_commit_ms",
    name: "tamna_db_batch_commit_seconds",
    type: "histogram",
    help: "One batched write (meter samples, statuses, heartbeats, frames) committed",
  },
  {
    source: "db.transaction_commit_ms",
    name: "tamna_db_transaction_event_commit_seconds",
    type: "histogram",
    help: "One group commit of TransactionEvents (acknowledged to chargers only after it)",
  },
];

/** Upper bounds of the exposed histogram buckets, in seconds (the `le` label). */
export const BUCKET_BOUNDS_S: readonly number[] = [
  0.0001,
  0.00025,
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
];

/** Log-linear buckets of metrics.ts: bucket i (i ≥ 1) holds durations below 2^(i/16) µs. */
function bucketUpperS(index: number): number {
  return index === 0 ? 1e-6 : 2 ** (index / 16) / 1e6;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length > 0 ? `{${parts.join(",")}}` : "";
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/**
 * Cumulative `le` counts of a histogram. An internal bucket counts under the first bound at or
 * above its upper edge, so a count is never placed below its true value (at most ~4 % above).
 */
function histogramLines(name: string, labels: Record<string, string>, h: HistogramSnapshot) {
  const perBound = new Array<number>(BUCKET_BOUNDS_S.length).fill(0);
  for (const [key, n] of Object.entries(h.buckets)) {
    const upper = bucketUpperS(Number(key));
    const at = BUCKET_BOUNDS_S.findIndex((bound) => upper <= bound * (1 + 1e-9));
    if (at >= 0) perBound[at] += n;
  }
  const lines: string[] = [];
  let cumulative = 0;
  BUCKET_BOUNDS_S.forEach((bound, i) => {
    cumulative += perBound[i];
    lines.push(`${name}_bucket${labelText({ ...labels, le: String(bound) })} ${cumulative}`);
  });
  lines.push(`${name}_bucket${labelText({ ...labels, le: "+Inf" })} ${h.count}`);
  lines.push(`${name}_sum${labelText(labels)} ${numberText(h.sumMs / 1000)}`);
  lines.push(`${name}_count${labelText(labels)} ${h.count}`);
  return lines;
}

/** The family of an internal name and its labels, or undefined when the table lacks it. */
function familyOf(
  internal: string,
  type: MetricFamily["type"],
): { family: MetricFamily; labels: Record<string, string> } | undefined {
  for (const family of METRIC_FAMILIES) {
    if (family.type !== type) continue;
    if (!family.source.endsWith(".")) {
      if (family.source === internal) return { family, labels: {} };
      continue;
    }
    if (!internal.startsWith(family.source)) continue;
    const values = internal.slice(family.source.length).split(".");
    const names = family.labels ?? [];
    if (values.length !== names.length) continue;
    return { family, labels: Object.fromEntries(names.map((n, i) => [n, values[i]])) };
  }
  return undefined;
}

/** Groups samples by family, keeping the table's order; unknown names are left out. */
function collect<T>(
  entries: [string, T][],
  type: MetricFamily["type"],
): Map<MetricFamily, { labels: Record<string, string>; value: T }[]> {
  const byFamily = new Map<MetricFamily, { labels: Record<string, string>; value: T }[]>();
  for (const family of METRIC_FAMILIES) if (family.type === type) byFamily.set(family, []);
  for (const [internal, value] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    const found = familyOf(internal, type);
    if (found) byFamily.get(found.family)!.push({ labels: found.labels, value });
  }
  return byFamily;
}

function header(name: string, type: string, help: string): string[] {
  return [
    `# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`,
    `# TYPE ${name} ${type}`,
  ];
}

/**
 * The whole exposition: every family of {@link METRIC_FAMILIES} (a family with no samples yet
 * shows as zero when it has no labels, so dashboards see it from the start), then the gauges.
 */
export function formatPrometheus(
  snapshot: MetricsSnapshot,
  gauges: readonly GaugeSample[] = [],
): string {
  const lines: string[] = [];
  for (const [family, samples] of collect(Object.entries(snapshot.counters), "counter")) {
    lines.push(...header(family.name, "counter", family.help));
    if (samples.length === 0 && !family.labels) lines.push(`${family.name} 0`);
    for (const s of samples) lines.push(`${family.name}${labelText(s.labels)} ${s.value}`);
  }
  for (const [family, samples] of collect(Object.entries(snapshot.histograms), "histogram")) {
    lines.push(...header(family.name, "histogram", family.help));
    for (const s of samples) lines.push(...histogramLines(family.name, s.labels, s.value));
  }
  // Samples of one name must sit together under one header, in the order names first appear.
  const byName = Map.groupBy(gauges, (g) => g.name);
  for (const [name, samples] of byName) {
    lines.push(...header(name, samples[0].type ?? "gauge", samples[0].help));
    for (const g of samples) {
      lines.push(`${name}${labelText(g.labels ?? {})} ${numberText(g.value)}`);
    }
  }
  return lines.join("\n") + "\n";
}
