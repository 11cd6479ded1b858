/** The connection ramp: every load generator opens its chargers at once, handshakes bounded. */
import {
  emptyHistogram,
  type HistogramSnapshot,
  type LatencySummary,
  mergeHistograms,
  summarize,
} from "../actors/runtime/metrics.ts";
import type { Child } from "./procs.ts";

/** How the ramp went. */
export interface ConnectResult {
  chargers: number;
  /** Chargers booted, with status and a started transaction. */
  ready: number;
  /** Until every WebSocket was open. */
  allOpenS: number;
  /** Until every charger was ready. */
  allReadyS: number;
  connectionsPerS: number;
  readyPerS: number;
  /** WebSocket handshake time per charger. */
  handshake: LatencySummary;
  /** From starting to connect to ready (boot, status and TransactionEvent Started answered). */
  readyLatency: LatencySummary;
  errors: Record<string, number>;
  errorCount: number;
}

interface ChildConnect {
  chargers: number;
  ready: number;
  allOpenMs: number;
  allReadyMs: number;
  handshake: HistogramSnapshot;
  ready_latency: HistogramSnapshot;
  errors: Record<string, number>;
}

/** Handshakes in flight at once over all load generators, like the simulator's batches. */
export const MAX_CONNECTING = 256;

/** How long a ramp may take: 3 minutes, or 20 ms per charger for the big runs. */
export function connectTimeoutMs(chargers: number): number {
  return Math.max(180_000, chargers * 20);
}

/** Connects every charger of every load generator and merges what they saw. */
export async function connectAll(loadgens: Child[], chargers: number): Promise<ConnectResult> {
  const results = await Promise.all(loadgens.map((l) =>
    l.request<ChildConnect>("connect", {
      maxConnecting: Math.ceil(MAX_CONNECTING / loadgens.length),
      timeoutMs: connectTimeoutMs(chargers),
    }, connectTimeoutMs(chargers) + 60_000)
  ));
  const errors: Record<string, number> = {};
  let handshake = emptyHistogram(), readyLatency = emptyHistogram();
  for (const r of results) {
    for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    handshake = mergeHistograms(handshake, r.handshake);
    readyLatency = mergeHistograms(readyLatency, r.ready_latency);
  }
  const allOpenS = Math.max(...results.map((r) => r.allOpenMs)) / 1000;
  const allReadyS = Math.max(...results.map((r) => r.allReadyMs)) / 1000;
  const ready = results.reduce((a, r) => a + r.ready, 0);
  return {
    chargers,
    ready,
    allOpenS,
    allReadyS,
    connectionsPerS: Math.round(chargers / allOpenS),
    readyPerS: Math.round(ready / allReadyS),
    handshake: summarize(handshake),
    readyLatency: summarize(readyLatency),
    errors,
    errorCount: Object.values(errors).reduce((a, b) => a + b, 0) + (chargers - ready),
  };
}
