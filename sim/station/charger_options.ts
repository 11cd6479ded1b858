/**
 * How to run one simulated station and the message counters a run shares: the contract between
 * `startCharger` (charger.ts) and the actor shell that keeps these options (shell_state.ts).
 */
import type { Clock } from "../../actors/runtime/clock.ts";
import type { Supervisor } from "../../actors/runtime/supervisor.ts";
import type { SimEvent, StationConfig } from "./station_state.ts";

/** Message counters shared by all chargers of a run (plain numbers, only ever incremented). */
export interface SimStats {
  sent: number;
  received: number;
  /** Everything that went wrong: CALLERRORs either way, failed calls, failed connection tries. */
  errors: number;
  /**
   * `errors` by kind: `connect` (a connection try that never opened: refused, TLS or HTTP
   * error, wrong subprotocol), `unreadable frame`, `answered a CSMS call with <Code>`, and
   * `<Action>: <Code>` for a call of ours the CSMS refused or that failed (`overloaded` for a
   * refusal that asks to retry later, `Offline` for no connection).
   */
  errorsByKind: Record<string, number>;
}

/** Fresh counters. */
export function newSimStats(): SimStats {
  return { sent: 0, received: 0, errors: 0, errorsByKind: {} };
}

/** Counts one error of `kind` (see {@link SimStats.errorsByKind}). */
export function countError(stats: SimStats, kind: string): void {
  stats.errors++;
  stats.errorsByKind[kind] = (stats.errorsByKind[kind] ?? 0) + 1;
}

/**
 * The kind of a failed call of ours: a CALLERROR whose details carry `retryAfterMs` (the
 * CSMS sheds load and asks to retry later) is `overloaded`, whatever its code.
 */
export function callErrorKind(action: string, code: string, details?: unknown): string {
  const isRetryLater = typeof (details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs ===
    "number";
  return `${action}: ${isRetryLater ? "overloaded" : code}`;
}

/** How to run one simulated station. */
export interface ChargerOptions {
  /** The CSMS endpoint without the station id, e.g. `ws://localhost:9000`. */
  url: string;
  config: StationConfig;
  clock?: Clock;
  /** [0, 1), for reconnect jitter. */
  random?: () => number;
  /** Directory of the per-station TransactionEvent queue files; null keeps them in memory. */
  stateDir?: string | null;
  /** Shared by a fleet; a private one is made when absent. */
  supervisor?: Supervisor;
  stats?: SimStats;
  /** Every observation, for the fleet runner (cheaper than an EventTarget per station). */
  onEvent?: (chargerId: string, event: SimEvent) => void;
  /** Every OCPP-J frame as sent or received, for the scenarios' wire checks. */
  onFrame?: (chargerId: string, direction: "in" | "out", text: string) => void;
  /** How long to wait for a CALLRESULT, ms (OCPPCommCtrlr.MessageTimeout). Default 30 000. */
  callTimeoutMs?: number;
  /** How long a simulated reboot takes before reconnecting, ms. Default 2 000. */
  rebootDelayMs?: number;
  /**
   * HTTP Basic auth password (security profile 1, or 2 over `wss://`); the user name is the
   * station id. A password the CSMS set later (A01) and kept under `stateDir` takes its place.
   */
  password?: string;
  /** PEM CA certificates a `wss://` CSMS is checked against (besides the system's roots). */
  caCerts?: readonly string[];
}
