import assert from "node:assert/strict";
import { Hono } from "hono";
import { cacheReads, limitRest } from "./rest_limits.ts";

function app(options: { pressure?: () => boolean; gate?: Promise<void> } = {}) {
  let nowMs = 0;
  let handled = 0;
  const a = new Hono();
  a.use(
    "*",
    limitRest({
      now: () => nowMs,
      ratePerSecond: 10,
      burst: 5,
      maxConcurrent: 2,
      maxQueued: 2,
      isChargerPressure: options.pressure,
    }),
  );
  a.use("/statistics/*", cacheReads({ ttlMs: 1_000, now: () => nowMs }));
  a.get("/health", (c) => c.json({ ok: true }));
  a.get("/statistics/hourly", async (c) => {
    handled++;
    await options.gate;
    return c.json({ handled });
  });
  a.get("/slow", async (c) => {
    await options.gate;
    return c.json({});
  });
  return {
    request: (path: string, address = "10.0.0.1") =>
      a.request(path, {}, { remoteAddr: { hostname: address } }),
    advance: (ms: number) => (nowMs += ms),
    handled: () => handled,
  };
}

Deno.test("limitRest() answers 429 with Retry-After past a client's burst, and refills over time", async () => {
  const a = app();
  for (let i = 0; i < 5; i++) assert.equal((await a.request("/health")).status, 200);
  const refused = await a.request("/health");
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get("Retry-After"), "1");
  assert.match((await refused.json()).error, /Too many requests/);
  assert.equal((await a.request("/health", "10.0.0.2")).status, 200, "another client");
  a.advance(100); // one token at 10/s
  assert.equal((await a.request("/health")).status, 200);
});

Deno.test("limitRest() yields to chargers: a request waits while they are under pressure, /health does not", async () => {
  let isPressed = true;
  const a = app({ pressure: () => isPressed });
  let isDone = false;
  const waiting = Promise.resolve(a.request("/slow")).then((r) => {
    isDone = true;
    return r;
  });
  assert.equal((await a.request("/health")).status, 200);
  assert.equal(isDone, false, "held while chargers need the loop");
  isPressed = false;
  assert.equal((await waiting).status, 200);
});

Deno.test("limitRest() runs at most maxConcurrent, queues maxQueued, and refuses the rest with 503", async () => {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const a = app({ gate });
  const addresses = ["a", "b", "c", "d", "e"];
  const answers = addresses.map((address) => a.request("/slow", address));
  const fifth = await answers[4];
  assert.equal(fifth.status, 503, "two running, two queued, the fifth refused");
  open();
  assert.deepEqual((await Promise.all(answers.slice(0, 4))).map((r) => r.status), [
    200,
    200,
    200,
    200,
  ]);
});

Deno.test("cacheReads() computes identical concurrent reads once and reuses the answer for ttlMs", async () => {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const a = app({ gate });
  const crowd = ["a", "b", "c"].map((address) => a.request("/statistics/hourly", address));
  open();
  const bodies = await Promise.all((await Promise.all(crowd)).map((r) => r.json()));
  assert.deepEqual(bodies, [{ handled: 1 }, { handled: 1 }, { handled: 1 }]);
  assert.deepEqual(await (await a.request("/statistics/hourly", "d")).json(), { handled: 1 });
  a.advance(1_001);
  assert.deepEqual(await (await a.request("/statistics/hourly", "e")).json(), { handled: 2 });
  assert.equal(a.handled(), 2);
});
