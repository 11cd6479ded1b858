/**
 * What outlives one incarnation of a simulated station's actor (its options, counters, queue,
 * password and latest state) and the messages the actor takes beside the station's own.
 */
import type { Clock } from "../../actors/runtime/clock.ts";
import type { ChargerOptions, SimStats } from "./charger_options.ts";
import type { ChargerMsg, ChargerState } from "./station_state.ts";
import type { TxQueue } from "./tx_queue.ts";

/** What the actor takes: station messages, a barrier for `settled()`, and network wishes. */
export type ShellMsg =
  | ChargerMsg
  | { type: "barrier"; resolve: () => void }
  | { type: "network"; isWanted: boolean };

/** What outlives an incarnation: options, counters, the queue and the latest state. */
export interface ShellState {
  options: ChargerOptions;
  clock: Clock;
  stats: SimStats;
  queue: TxQueue;
  state: ChargerState;
  isWanted: boolean;
  isStopped: boolean;
  target: EventTarget | undefined;
  /** The Basic-auth password of the next connection (A01 replaces it); never logged. */
  password: string | undefined;
  /** Where a new password is kept; null keeps it in memory. */
  passwordPath: string | null;
  /** PEM certificates trusted for `wss://` besides the system's roots. */
  caCerts: readonly string[] | undefined;
  /** Resolvers waiting for the queue to empty. */
  drained: (() => void)[];
}

/** Resolves when the queue is empty, the station is offline, or after `drainMs`. */
export function waitDrained(shell: ShellState, drainMs: number): Promise<void> {
  if (shell.queue.size === 0 || !shell.state.isOnline) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = shell.clock.setTimeout(resolve, drainMs);
    shell.drained.push(() => {
      shell.clock.clearTimeout(timer);
      resolve();
    });
  });
}
