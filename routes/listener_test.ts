import assert from "node:assert/strict";
import { processMetrics } from "../actors/runtime/metrics.ts";
import { until } from "../tests/helpers.ts";
import { type KeptListenerOptions, serveKeepingOpen } from "./listener.ts";

/** A stand-in for `Deno.serve`: records each call; the test ends each server's accept loop. */
function fakeServe(refusals = 0) {
  const calls: KeptListenerOptions[] = [];
  const servers: { fail(error: Error): void; end(): void; isShut: boolean }[] = [];
  let refused = 0;
  return {
    calls,
    servers,
    serve(options: KeptListenerOptions): Deno.HttpServer<Deno.NetAddr> {
      calls.push(options);
      if (calls.length > 1 && refused < refusals) {
        refused++;
        throw new Error("Too many open files (os error 24)");
      }
      const { promise, resolve, reject } = Promise.withResolvers<void>();
      const entry = { fail: reject, end: () => resolve(), isShut: false };
      servers.push(entry);
      return {
        addr: { transport: "tcp", hostname: "127.0.0.1", port: 40_001 },
        finished: promise,
        shutdown() {
          entry.isShut = true;
          resolve();
          return promise;
        },
      } as unknown as Deno.HttpServer<Deno.NetAddr>;
    },
  };
}

const reopened = (name: string) =>
  processMetrics.snapshot().counters[`listener.reopened.${name}`] ?? 0;

const handler = () => new Response("ok");

Deno.test("serveKeepingOpen() opens the bound port again when the accept loop fails", async () => {
  const fake = fakeServe();
  const before = reopened("t1");
  const listener = serveKeepingOpen("t1", { hostname: "127.0.0.1", port: 0 }, handler, {
    serve: fake.serve,
    firstRetryMs: 5,
  });
  assert.equal(listener.addr.port, 40_001);
  fake.servers[0].fail(new Error("Too many open files (os error 24)"));
  await until(() => fake.calls.length === 2);
  assert.equal(fake.calls[1].port, 40_001, "the port bound first, not 0");
  assert.equal(fake.calls[1].hostname, "127.0.0.1");
  assert.equal(reopened("t1") - before, 1);
  fake.servers[1].fail(new Error("again"));
  await until(() => fake.calls.length === 3);
  await listener.shutdown();
  assert.ok(fake.servers[2].isShut, "shutdown reaches the current server");
});

Deno.test("serveKeepingOpen() retries a port that does not open, with a doubled wait", async () => {
  const fake = fakeServe(2);
  const listener = serveKeepingOpen("t2", { port: 0 }, handler, {
    serve: fake.serve,
    firstRetryMs: 20,
    maxRetryMs: 1_000,
  });
  const failedAt = performance.now();
  fake.servers[0].fail(new Error("Too many open files (os error 24)"));
  await until(() => fake.servers.length === 2);
  // waits of 20, 40 and 80 ms before the three tries: two refused, the third opens
  assert.equal(fake.calls.length, 4);
  // 60 ms if the wait did not double (margin for timer rounding)
  assert.ok(performance.now() - failedAt >= 120, "the wait doubled after each refusal");
  await listener.shutdown();
});

Deno.test("serveKeepingOpen() does not reopen after shutdown, nor after a clean end", async () => {
  const fake = fakeServe();
  const listener = serveKeepingOpen("t3", { port: 0 }, handler, {
    serve: fake.serve,
    firstRetryMs: 30,
  });
  fake.servers[0].fail(new Error("boom"));
  await new Promise((resolve) => setTimeout(resolve, 5));
  await listener.shutdown(); // while the reopening waits
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(fake.calls.length, 1, "no serve after shutdown");

  const clean = fakeServe();
  const other = serveKeepingOpen("t4", { port: 0 }, handler, {
    serve: clean.serve,
    firstRetryMs: 5,
  });
  clean.servers[0].end();
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(clean.calls.length, 1, "a server that finished cleanly stays closed");
  await other.shutdown();
});
