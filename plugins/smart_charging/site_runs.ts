/**
 * When each site is allocated again: urgently (a start, an end, a new cap) after a short
 * debounce, or when due (a new measurement) at most once per interval; never two runs of one
 * site at once, and a request during a run is kept for right after it.
 */
import type { Clock, TimerId } from "../../actors/runtime/clock.ts";

/** How soon a site is allocated again. */
export type Urgency = "urgent" | "due";

interface SiteRun {
  timer?: TimerId;
  timerAtMs?: number;
  isRunning: boolean;
  pending?: Urgency;
  lastRunAtMs: number;
  running?: Promise<void>;
}

/** Schedules runs of `run(siteId)`. */
export interface SiteRuns {
  schedule(siteId: string, urgency: Urgency): void;
  /** Cancels the timers and waits for the runs in progress. */
  stop(): Promise<void>;
}

/** Builds the scheduler; `run` failures go to `onError` and never stop later runs. */
export function createSiteRuns(options: {
  clock: Clock;
  debounceMs: number;
  intervalMs: number;
  signal: AbortSignal;
  run(siteId: string): Promise<void>;
  onError(siteId: string, error: unknown): void;
}): SiteRuns {
  const { clock } = options;
  const runs = new Map<string, SiteRun>();

  function start(siteId: string, run: SiteRun): void {
    run.timer = undefined;
    run.isRunning = true;
    run.lastRunAtMs = clock.now();
    run.running = options.run(siteId).catch((error) => options.onError(siteId, error))
      .finally(() => {
        run.isRunning = false;
        const next = run.pending;
        run.pending = undefined;
        if (next) schedule(siteId, next);
      });
  }

  function schedule(siteId: string, urgency: Urgency): void {
    const run = runs.get(siteId) ?? { isRunning: false, lastRunAtMs: -Infinity };
    runs.set(siteId, run);
    if (options.signal.aborted) return;
    if (run.isRunning) {
      run.pending = run.pending === "urgent" ? "urgent" : urgency;
      return;
    }
    const nowMs = clock.now();
    const atMs = urgency === "urgent"
      ? nowMs + options.debounceMs
      : Math.max(nowMs, run.lastRunAtMs + options.intervalMs);
    if (run.timer !== undefined && run.timerAtMs! <= atMs) return;
    if (run.timer !== undefined) clock.clearTimeout(run.timer);
    run.timerAtMs = atMs;
    run.timer = clock.setTimeout(() => start(siteId, run), atMs - nowMs);
  }

  return {
    schedule,
    async stop() {
      for (const run of runs.values()) {
        if (run.timer !== undefined) clock.clearTimeout(run.timer);
      }
      await Promise.all([...runs.values()].map((run) => run.running));
    },
  };
}
