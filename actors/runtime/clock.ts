/** The injectable clock: real time in production, a fake one that tests advance by hand. */

/** An opaque timer handle returned by {@link Clock.setTimeout}. */
export type TimerId = number;

/** Time and timers, injected into every actor so tests never sleep. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `delayMs` (of this clock's time). */
  setTimeout(fn: () => void, delayMs: number): TimerId;
  /** Cancels a timer that has not run; a timer that ran or is unknown is ignored. */
  clearTimeout(id: TimerId): void;
}

let lastIsoMs = NaN;
let lastIso = "";

/**
 * `new Date(ms).toISOString()`, remembered for the last instant asked: the several events and
 * the record of one frame share their timestamp, and so do the frames of one busy millisecond.
 */
export function isoOfMs(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIso = new Date(ms).toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}

/** The clock's now as ISO 8601 text ({@link isoOfMs}). */
export function isoNow(clock: Pick<Clock, "now">): string {
  return isoOfMs(clock.now());
}

/** The wall clock and the runtime's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, delayMs) => setTimeout(fn, delayMs) as unknown as TimerId,
  clearTimeout: (id) => clearTimeout(id),
};

interface FakeTimer {
  id: TimerId;
  atMs: number;
  fn: () => void;
}

/** A clock that only moves when told to; timers fire in due order inside `advance`. */
export class FakeClock implements Clock {
  #nowMs: number;
  #nextId = 1;
  #timers: FakeTimer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 21, 5, 30)) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimeout(fn: () => void, delayMs: number): TimerId {
    const id = this.#nextId++;
    this.#timers.push({ id, atMs: this.#nowMs + Math.max(0, delayMs), fn });
    return id;
  }

  clearTimeout(id: TimerId): void {
    this.#timers = this.#timers.filter((t) => t.id !== id);
  }

  /** How many timers are waiting. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order. Between timers it lets pending
   * promise callbacks run, so async work started by a timer settles before the next one fires.
   */
  async advance(ms: number): Promise<void> {
    const targetMs = this.#nowMs + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.#timers
        .filter((t) => t.atMs <= targetMs)
        .sort((a, b) => a.atMs - b.atMs || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#nowMs = Math.max(this.#nowMs, due.atMs);
      due.fn();
    }
    this.#nowMs = targetMs;
    await flushMicrotasks();
  }
}

/** Lets already-queued promise callbacks run (a few turns, for chains of awaits). */
export async function flushMicrotasks(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}
