/**
 * Failed-authentication limiter per remote address: a token bucket of `maxFailures` tokens
 * refilled over `windowMs`; a failure takes a token, and a failure that empties the bucket
 * blocks the address for `blockMs`. Attempts are counted when they start (`reserve`, before the
 * slow password check): the tokens minus the attempts still running must leave one, so a burst
 * of parallel guesses is cut at `maxFailures` checks instead of being counted after they finish.
 * A running attempt never starts a block by itself (a fleet behind one NAT address reconnecting
 * at once waits, it is not locked out). IPv6 addresses count per /64 (one subscriber's
 * prefix). Entries are capped so a flood from many addresses cannot grow it without end.
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
  /**
   * Counts an attempt about to be checked; false (check nothing) when the tokens left minus
   * the attempts running would not cover one more failure.
   */
  reserve(address: string): boolean;
  /** Ends a reserved attempt without a failure: it succeeded, or was never checked. */
  release(address: string): void;
  /**
   * Records a failure, ending its reservation when it had one; true when this failure
   * started a block.
   */
  fail(address: string, options?: { isReserved?: boolean }): boolean;
  /** Milliseconds until one token is back (a Retry-After for a refused reservation). */
  refillMs(): number;
  /** How many addresses are tracked (for tests and health). */
  size(): number;
}

interface Entry {
  tokens: number;
  /** Reserved attempts not yet released or failed. */
  running: number;
  updatedMs: number;
  blockedUntilMs: number;
}

/** The bucket key of an address: itself for IPv4, the /64 prefix for IPv6. */
export function limiterKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(":")) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === "" ? [] : tail.split(":");
  const groups = address.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** Builds a limiter. */
export function createFailureLimiter(options: FailureLimiterOptions): FailureLimiter {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const blockMs = options.blockMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>(); // insertion order = least recently touched first

  /** The address's entry, refilled to now and moved to the most recent end. */
  function touch(address: string): Entry {
    const key = limiterKey(address);
    const nowMs = options.clock.now();
    const old = entries.get(key);
    const entry = old
      ? {
        ...old,
        tokens: Math.min(
          maxFailures,
          old.tokens + ((nowMs - old.updatedMs) * maxFailures) / windowMs,
        ),
        updatedMs: nowMs,
      }
      : { tokens: maxFailures, running: 0, updatedMs: nowMs, blockedUntilMs: 0 };
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return entry;
  }

  return {
    blockedForMs(address) {
      const entry = entries.get(limiterKey(address));
      if (!entry) return 0;
      return Math.max(0, entry.blockedUntilMs - options.clock.now());
    },
    reserve(address) {
      const entry = touch(address);
      if (entry.tokens - entry.running < 1) return false;
      entry.running += 1;
      return true;
    },
    release(address) {
      const entry = touch(address);
      entry.running = Math.max(0, entry.running - 1);
    },
    fail(address, { isReserved = false } = {}) {
      const nowMs = options.clock.now();
      const entry = touch(address);
      if (isReserved) entry.running = Math.max(0, entry.running - 1);
      entry.tokens -= 1;
      if (entry.tokens >= 1 || entry.blockedUntilMs > nowMs) return false;
      entry.blockedUntilMs = nowMs + blockMs;
      return true;
    },
    refillMs: () => Math.ceil(windowMs / maxFailures),
    size: () => entries.size,
  };
}
