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

  function schedule(): void {
    if (isStopped) return;
    probeTimer = clock.setTimeout(async () => {
      probeTimer = undefined;
      try {
        await within(options.probe(), clock, writeTimeoutMs);
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
        return await within(write(), clock, writeTimeoutMs);
      } catch (error) {
        // The event's own values were refused: the database is up.
        if (!(error instanceof UnstorableEventError)) trip(error);
        throw error;
      }
    },
    stop() {
      isStopped = true;
      if (probeTimer !== undefined) clock.clearTimeout(probeTimer);
    },
  };
}

/** `promise`, or a rejection after `timeoutMs` (the promise may still settle later). */
async function within<T>(promise: Promise<T>, clock: Clock, timeoutMs: number): Promise<T> {
  let timer: TimerId | undefined;
  promise.catch(() => undefined); // a late failure after the timeout was already reported
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = clock.setTimeout(
          () => reject(new Error(`database did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
  }
}
