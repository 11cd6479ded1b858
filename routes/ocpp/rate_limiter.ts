/**
 * Failed-authentication limiter per remote address: a token bucket of `maxFailures` tokens
 * refilled over `windowMs`; a failure takes a token, and an address with none left is blocked
 * for `blockMs`. Entries are capped so a flood from many addresses cannot grow it without end.
 */
import type { Clock } from "../../actors/runtime/clock.ts";

/** Limits, all optional. */
export interface FailureLimiterOptions {
  /** Failures allowed in a burst; default 10. */
  maxFailures?: number;
  /** Time in which a full bucket refills; default 60 s. */
  windowMs?: number;
  /** How long an address stays blocked once its bucket is empty; default 60 s. */
  blockMs?: number;
  /** Addresses tracked at most; the least recently failing is forgotten first. Default 10,000. */
  maxEntries?: number;
  clock: Pick<Clock, "now">;
}

/** The limiter. */
export interface FailureLimiter {
  /** Milliseconds until `address` may try again, or 0 when it is not blocked. */
  blockedForMs(address: string): number;
  /** Records a failure; true when this failure started a block. */
  fail(address: string): boolean;
  /** How many addresses are tracked (for tests and health). */
  size(): number;
}

interface Entry {
  tokens: number;
  updatedMs: number;
  blockedUntilMs: number;
}

/** Builds a limiter. */
export function createFailureLimiter(options: FailureLimiterOptions): FailureLimiter {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const blockMs = options.blockMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>(); // insertion order = least recently failing first

  function refilled(entry: Entry, nowMs: number): Entry {
    const tokens = Math.min(
      maxFailures,
      entry.tokens + ((nowMs - entry.updatedMs) * maxFailures) / windowMs,
    );
    return { ...entry, tokens, updatedMs: nowMs };
  }

  return {
    blockedForMs(address) {
      const entry = entries.get(address);
      if (!entry) return 0;
      return Math.max(0, entry.blockedUntilMs - options.clock.now());
    },
    fail(address) {
      const nowMs = options.clock.now();
      const old = entries.get(address);
      const entry = old
        ? refilled(old, nowMs)
        : { tokens: maxFailures, updatedMs: nowMs, blockedUntilMs: 0 };
      entry.tokens -= 1;
      let isNewBlock = false;
      if (entry.tokens < 1 && entry.blockedUntilMs <= nowMs) {
        entry.blockedUntilMs = nowMs + blockMs;
        isNewBlock = true;
      }
      entries.delete(address);
      entries.set(address, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return isNewBlock;
    },
    size: () => entries.size,
  };
}
