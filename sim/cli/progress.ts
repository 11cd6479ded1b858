/** The simulator's one-line progress summary and its final summary, as plain text. */
import type { FleetCounters } from "../fleet/fleet_runner.ts";

/** `hh:mm:ss` of a duration. */
export function clockText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** One progress line: `sim +00:12:34 ×60 | 34/34 connected | 12 charging | 845.3 kW | …`. */
export function progressLine(
  c: FleetCounters,
  options: { simStartMs: number; speed: number; messagesPerS: number },
): string {
  return [
    `sim +${clockText(c.simNowMs - options.simStartMs)} ×${options.speed}`,
    `${c.connected}/${c.stations} connected`,
    `${c.charging} charging`,
    `${c.powerKw.toFixed(1)} kW`,
    `${c.energyKwh.toFixed(2)} kWh`,
    `${Math.round(options.messagesPerS)} msg/s`,
    `${c.errors} errors`,
    `${c.sessionsStarted} sessions (${c.sessionsEnded} ended)`,
  ].join(" | ");
}

/** The commonest error kinds, most first: `TransactionEvent: overloaded 310, connect 2`. */
export function errorKindsText(byKind: Record<string, number>, most = 4): string {
  const kinds = Object.entries(byKind).sort((a, b) => b[1] - a[1]);
  const shown = kinds.slice(0, most).map(([kind, count]) =>
    `${kind} ${count.toLocaleString("en-US")}`
  );
  const rest = kinds.slice(most).reduce((sum, [, count]) => sum + count, 0);
  return [...shown, ...(rest > 0 ? [`other ${rest.toLocaleString("en-US")}`] : [])].join(", ");
}

/** The final summary, a few lines. */
export function summaryText(
  c: FleetCounters,
  options: { simStartMs: number; realMs: number; speed: number; seed: number },
): string {
  const n = (x: number) => x.toLocaleString("en-US");
  return [
    `Simulated ${n(c.stations)} stations for ${clockText(c.simNowMs - options.simStartMs)} ` +
    `(${clockText(options.realMs)} real, ×${options.speed}), seed ${options.seed}`,
    `Sessions: ${n(c.sessionsStarted)} started, ${n(c.sessionsEnded)} ended · Energy: ${
      c.energyKwh.toFixed(2)
    } kWh`,
    `Messages: ${n(c.sent)} sent, ${n(c.received)} received · Errors: ${n(c.errors)}${
      c.connectFailures > 0 ? ` (${n(c.connectFailures)} failed connection tries)` : ""
    }${c.neverConnected > 0 ? ` · ${n(c.neverConnected)} stations never connected` : ""}`,
    ...(c.errors > 0 ? [`Errors by kind: ${errorKindsText(c.errorsByKind)}`] : []),
    ...(c.undeliveredTxEvents > 0
      ? [
        `Undelivered: ${n(c.undeliveredTxEvents)} TransactionEvents not acknowledged by the ` +
        "CSMS (kept in --state-dir for the next run; lost with --state-dir none)",
      ]
      : []),
  ].join("\n");
}
