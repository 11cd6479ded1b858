/**
 * A circuit breaker for the writes a charger waits on: once a write fails for an outage (or
 * takes longer than `writeTimeoutMs`), the database is known down and every write fails at
 * once, without touching it, until a probe (`SELECT 1` every `probeEveryMs`) answers again.
 * A charger then gets InternalError at once instead of after a long timeout, and retries.
 */
import type { Clock, TimerId } from "../../actors/runtime/clock.ts";
import { UnstorableEventError } from "../../actors/station/durable.ts";

/** A write refused without trying: the database is known down. */
export class StorageDownError extends Error {
  /** Always "StorageDownError". */
  override name = "StorageDownError";
}

/** Tuning of {@link createBreaker}. */
export interface BreakerOptions {
  clock: Clock;
  /** Resolves when the database answers (e.g. `SELECT 1`). */
  probe(): Promise<unknown>;
  /** A write slower than this counts as an outage; default 5,000 ms. */
  writeTimeoutMs?: number;
  /** Time between recovery probes while open; default 1,000 ms. */
  probeEveryMs?: number;
}

/** The breaker: `run` a write through it. */
export interface Breaker {
  /** Whether writes are refused now (the database is known down). */
  readonly isOpen: boolean;
  run<T>(write: () => Promise<T>): Promise<T>;
  /** Stops probing (at shutdown). */
  stop(): void;
}

/** Builds a closed breaker. */
export function createBreaker(options: BreakerOptions): Breaker {
  const { clock } = options;
  const writeTimeoutMs = options.writeTimeoutMs ?? 5_000;
  const probeEveryMs = options.probeEveryMs ?? 1_000;
  let isOpen = false;
  let lastError = "";
  let probeTimer: TimerId | undefined;
  let isStopped = false;
  const overdue = createWatchdog(clock, writeTimeoutMs);

  function schedule(): void {
    if (isStopped) return;
    probeTimer = clock.setTimeout(async () => {
      probeTimer = undefined;
      try {
        await overdue.within(options.probe());
        isOpen = false;
      } catch {
        schedule(); // still down: probe again later
      }
    }, probeEveryMs);
  }

  function trip(error: unknown): void {
    lastError = error instanceof Error ? error.message : String(error);
    if (isOpen) return;
    isOpen = true;
    schedule();
  }

  return {
    get isOpen() {
      return isOpen;
    },
    async run(write) {
      if (isOpen) throw new StorageDownError(`Database is down (${lastError}); retry later`);
      try {
        return await overdue.within(write());
      } catch (error) {
        // The event's own values were refused: the database is up.
        if (!(error instanceof UnstorableEventError)) trip(error);
        throw error;
      }
    },
    stop() {
      isStopped = true;
      if (probeTimer !== undefined) clock.clearTimeout(probeTimer);
      overdue.stop();
    },
  };
}

interface InFlight {
  deadlineMs: number;
  reject(error: Error): void;
}

/**
 * Rejects promises still unsettled `timeoutMs` after they were handed in (they may settle
 * later; that is ignored). One timer looks at every write in flight a few times per timeout,
 * where a timer per write cost a timer, a promise and a race for each TransactionEvent
 * (under load writes overlap, so the timer is rarely re-armed): a write is refused between
 * `timeoutMs` and 1.25 × `timeoutMs` after it began.
 */
function createWatchdog(clock: Clock, timeoutMs: number) {
  const inFlight = new Set<InFlight>();
  const tickMs = Math.max(1, Math.floor(timeoutMs / 4));
  let timer: TimerId | undefined;

  function tick(): void {
    timer = undefined;
    const nowMs = clock.now();
    for (const entry of inFlight) {
      if (entry.deadlineMs > nowMs) continue;
      inFlight.delete(entry);
      entry.reject(new Error(`database did not answer within ${timeoutMs} ms`));
    }
    if (inFlight.size > 0) timer = clock.setTimeout(tick, tickMs);
  }

  return {
    within<T>(promise: Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const entry: InFlight = { deadlineMs: clock.now() + timeoutMs, reject };
        inFlight.add(entry);
        timer ??= clock.setTimeout(tick, tickMs);
        const settle = () => {
          if (!inFlight.delete(entry)) return false; // refused already
          // none left to watch: no timer outlives the writes (nor keeps a process alive)
          if (inFlight.size === 0 && timer !== undefined) {
            clock.clearTimeout(timer);
            timer = undefined;
          }
          return true;
        };
        promise.then(
          (value) => settle() && resolve(value),
          (error) => settle() && reject(error),
        );
      });
    },
    stop(): void {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
