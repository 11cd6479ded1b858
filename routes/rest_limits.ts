/**
 * Chargers come first: the REST API's guards against floods. A per-client token bucket (429
 * with Retry-After), a pause while the OCPP loop is under pressure, a bound on requests in
 * progress (the rest wait in a FIFO queue, and beyond it get 503), and a short cache with single flight for the heavy statistics reads, so
 * a crowd of readers costs the database one query, not one each.
 */
import type { MiddlewareHandler } from "hono";
import { remoteAddressOf } from "./access.ts";

/** Limits of {@link limitRest}, all optional. */
export interface RestLimits {
  /** Requests handled at once; default 32. Long-lived streams (`/events`) do not count. */
  maxConcurrent?: number;
  /** Requests waiting for a slot; beyond this, 503. Default 2,000. */
  maxQueued?: number;
  /** Sustained requests per second per client address; default 200. */
  ratePerSecond?: number;
  /** Burst per client address; default 400. */
  burst?: number;
  /** Client addresses tracked at most (the oldest is forgotten); default 10,000. */
  maxClients?: number;
  /**
   * Chargers need the CPU now (the OCPP admission gate is about to shed or sheds): requests
   * other than `/health` wait, up to `maxYieldMs`, before any work, so REST gives way first.
   */
  isChargerPressure?(): boolean;
  /** The longest a request waits for charger pressure to pass; default 2,000 ms. */
  maxYieldMs?: number;
  now(): number;
}

const error = (message: string) => ({ status: "error", error: message });

/** The rate and concurrency guard; mount it before the access middleware. */
export function limitRest(limits: RestLimits): MiddlewareHandler {
  const maxConcurrent = limits.maxConcurrent ?? 32;
  const maxQueued = limits.maxQueued ?? 2_000;
  const isAllowed = tokenBuckets(limits);
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next(); // the slot passes on
    else running--;
  };
  return async (c, next) => {
    const retryAfterS = isAllowed(remoteAddressOf(c) ?? "unknown");
    if (retryAfterS > 0) {
      c.header("Retry-After", String(retryAfterS));
      return c.json(error("Too many requests from this address; retry later"), 429);
    }
    if (c.req.path !== "/health") await yieldToChargers(limits);
    if (c.req.path === "/events") return await next(); // a stream would hold a slot for hours
    if (running < maxConcurrent) running++;
    else if (waiting.length < maxQueued) await new Promise<void>((r) => waiting.push(r));
    else {
      c.header("Retry-After", "1");
      return c.json(error("Server busy; retry later"), 503);
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}

const YIELD_STEP_MS = 25;

/** Waits while chargers are under pressure, at most `maxYieldMs`; then goes on regardless. */
async function yieldToChargers(limits: RestLimits): Promise<void> {
  const maxYieldMs = limits.maxYieldMs ?? 2_000;
  for (let waitedMs = 0; limits.isChargerPressure?.() && waitedMs < maxYieldMs;) {
    await new Promise((resolve) => setTimeout(resolve, YIELD_STEP_MS));
    waitedMs += YIELD_STEP_MS;
  }
}

/** Seconds to wait (0: allowed now) per address, from a token bucket each. */
function tokenBuckets(limits: RestLimits): (address: string) => number {
  const rate = limits.ratePerSecond ?? 200;
  const burst = limits.burst ?? 400;
  const maxClients = limits.maxClients ?? 10_000;
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  return (address) => {
    const nowMs = limits.now();
    const bucket = buckets.get(address) ?? { tokens: burst, atMs: nowMs };
    buckets.delete(address); // re-inserted last: the map stays in least-recent order
    bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.atMs) / 1000) * rate);
    bucket.atMs = nowMs;
    buckets.set(address, bucket);
    if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens--;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
  };
}

/**
 * Caches successful GET answers for `ttlMs` by URL, and runs identical requests that arrive
 * while one is computed once (single flight). Mount it after access control.
 */
export function cacheReads(options: { ttlMs: number; now(): number }): MiddlewareHandler {
  type Answer = { status: number; body: string; type: string };
  const cached = new Map<string, Answer & { expiresMs: number }>();
  const inFlight = new Map<string, Promise<Answer>>();
  return async (c, next) => {
    if (c.req.method !== "GET") return await next();
    const key = c.req.url;
    const hit = cached.get(key);
    let answer: Answer | undefined = hit && hit.expiresMs > options.now() ? hit : undefined;
    if (!answer) {
      let computing = inFlight.get(key);
      if (!computing) {
        computing = (async () => {
          await next();
          const type = c.res.headers.get("Content-Type") ?? "application/json";
          return { status: c.res.status, body: await c.res.text(), type };
        })();
        inFlight.set(key, computing);
        computing.finally(() => inFlight.delete(key)).catch(() => {/* the awaiter reports it */});
      }
      answer = await computing;
      if (answer.status === 200) {
        if (cached.size >= 1_000) cached.clear();
        cached.set(key, { ...answer, expiresMs: options.now() + options.ttlMs });
      }
    }
    // Set, not only returned: after next() Hono keeps c.res, whose body was read above.
    c.res = new Response(answer.body, {
      status: answer.status,
      headers: { "Content-Type": answer.type },
    });
    return c.res;
  };
}
