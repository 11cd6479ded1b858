import assert from "node:assert/strict";
import { createBus } from "../csms/events.ts";
import { FakeClock, flushMicrotasks } from "./clock.ts";
import type { AnyEvent, EventType, TamnaEvents } from "../csms/events.ts";

const AT = "2026-01-21T05:30:00.000Z";
const heartbeat = (chargerId: string): TamnaEvents["station.heartbeat"] => ({ chargerId, at: AT });

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

function setup() {
  const errors: [string, EventType, string][] = [];
  const bus = createBus({
    clock: new FakeClock(),
    onError: (error, { queue, event }) =>
      errors.push([queue, event as EventType, (error as Error).message]),
  });
  return { bus, errors };
}

Deno.test("createBus() delivers typed payloads in order on a subscriber queue", async () => {
  const { bus } = setup();
  const queue = bus.createQueue("pricing");
  const seen: string[] = [];
  bus.on("station.heartbeat", (payload, type) => void seen.push(`${type} ${payload.chargerId}`), {
    queue,
  });
  for (const id of ["a", "b", "c"]) bus.emit("station.heartbeat", heartbeat(id));
  assert.deepEqual(seen, [], "a queued handler runs after emit returns");
  await queue.idle();
  assert.deepEqual(seen, ["station.heartbeat a", "station.heartbeat b", "station.heartbeat c"]);
  assert.deepEqual(queue.stats(), {
    name: "pricing",
    capacity: 10_000,
    size: 0,
    dropped: 0,
    processed: 3,
    failed: 0,
  });
});

Deno.test("createBus() onAny receives every event with its type", async () => {
  const { bus } = setup();
  const queue = bus.createQueue("feed");
  const seen: AnyEvent[] = [];
  bus.onAny((event) => void seen.push(event), { queue });
  bus.emit("station.heartbeat", heartbeat("a"));
  bus.emit("frame.in", { chargerId: "a", text: "[2]", at: AT });
  await queue.idle();
  assert.deepEqual(seen.map((e) => e.type), ["station.heartbeat", "frame.in"]);
  assert.deepEqual(seen[1].payload, { chargerId: "a", text: "[2]", at: AT });
});

Deno.test("createBus() reports a throwing subscriber as plugin.failed and keeps it subscribed", async () => {
  const { bus, errors } = setup();
  const flaky = bus.createQueue("flaky");
  const steady = bus.createQueue("steady");
  const flakySeen: string[] = [];
  const steadySeen: string[] = [];
  const failures: TamnaEvents["plugin.failed"][] = [];
  bus.on("station.heartbeat", ({ chargerId }) => {
    if (chargerId === "a") throw new Error("database is down");
    flakySeen.push(chargerId);
  }, { queue: flaky });
  bus.on("station.heartbeat", ({ chargerId }) => void steadySeen.push(chargerId), {
    queue: steady,
  });
  bus.on("plugin.failed", (payload) => void failures.push(payload));
  bus.emit("station.heartbeat", heartbeat("a"));
  bus.emit("station.heartbeat", heartbeat("b"));
  await Promise.all([flaky.idle(), steady.idle()]);
  assert.deepEqual(flakySeen, ["b"]);
  assert.deepEqual(steadySeen, ["a", "b"]);
  assert.deepEqual(failures, [{
    plugin: "flaky",
    event: "station.heartbeat",
    error: "database is down",
    at: AT,
  }]);
  assert.deepEqual(errors, [["flaky", "station.heartbeat", "database is down"]]);
  assert.equal(flaky.stats().failed, 1);
});

Deno.test("createBus() catches a queue-less subscriber's throw and rejection without the emitter noticing", async () => {
  const { bus, errors } = setup();
  const seen: string[] = [];
  bus.on("station.heartbeat", () => {
    throw new Error("sync");
  }, { name: "live-feed" });
  bus.on("station.heartbeat", () => Promise.reject(new Error("async")));
  bus.on("station.heartbeat", ({ chargerId }) => void seen.push(chargerId));
  bus.emit("station.heartbeat", heartbeat("a"));
  assert.deepEqual(seen, ["a"], "a queue-less handler runs inside emit");
  await flushMicrotasks();
  assert.deepEqual(errors, [
    ["live-feed", "station.heartbeat", "sync"],
    ["bus", "station.heartbeat", "async"],
  ]);
});

Deno.test("createBus() lets a fast subscriber run while a slow one awaits", async () => {
  const { bus } = setup();
  const slow = bus.createQueue("slow");
  const fast = bus.createQueue("fast");
  const gate = deferred();
  const slowSeen: string[] = [];
  const fastSeen: string[] = [];
  bus.on("station.heartbeat", async ({ chargerId }) => {
    await gate.promise;
    slowSeen.push(chargerId);
  }, { queue: slow });
  bus.on("station.heartbeat", ({ chargerId }) => void fastSeen.push(chargerId), { queue: fast });
  for (const id of ["a", "b", "c"]) bus.emit("station.heartbeat", heartbeat(id));
  await fast.idle();
  assert.deepEqual(fastSeen, ["a", "b", "c"]);
  assert.deepEqual(slowSeen, []);
  assert.equal(slow.stats().size, 2);
  gate.resolve();
  await slow.idle();
  assert.deepEqual(slowSeen, ["a", "b", "c"]);
});

Deno.test("createBus() does not loop when a plugin.failed handler itself throws", async () => {
  const { bus, errors } = setup();
  const queue = bus.createQueue("broken");
  bus.onAny(() => {
    throw new Error("always");
  }, { queue });
  bus.on("plugin.failed", () => {
    throw new Error("also always");
  }, { name: "watcher" });
  bus.emit("station.heartbeat", heartbeat("a"));
  await queue.idle();
  assert.deepEqual(errors, [
    ["broken", "station.heartbeat", "always"],
    ["watcher", "plugin.failed", "also always"],
    ["broken", "plugin.failed", "always"],
  ]);
});

Deno.test("createBus() drops the oldest events when a queue overflows and counts them", async () => {
  const { bus } = setup();
  const queue = bus.createQueue("small", { capacity: 3 });
  const gate = deferred();
  const seen: string[] = [];
  bus.on("station.heartbeat", async ({ chargerId }) => {
    if (chargerId === "1") await gate.promise;
    seen.push(chargerId);
  }, { queue });
  bus.emit("station.heartbeat", heartbeat("1"));
  await flushMicrotasks();
  for (const id of ["2", "3", "4", "5", "6"]) bus.emit("station.heartbeat", heartbeat(id));
  assert.deepEqual(queue.stats(), {
    name: "small",
    capacity: 3,
    size: 3,
    dropped: 2,
    processed: 0,
    failed: 0,
  });
  gate.resolve();
  await queue.idle();
  assert.deepEqual(seen, ["1", "4", "5", "6"]);
});

Deno.test("createBus() unsubscribe stops delivery, even of events already queued", async () => {
  const { bus } = setup();
  const queue = bus.createQueue("p");
  const seen: string[] = [];
  const off = bus.on("station.heartbeat", ({ chargerId }) => void seen.push(chargerId), { queue });
  bus.emit("station.heartbeat", heartbeat("queued"));
  off();
  off();
  bus.emit("station.heartbeat", heartbeat("later"));
  await queue.idle();
  assert.deepEqual(seen, []);
});

Deno.test("createBus() queues() lists open queues and refuses a closed one", () => {
  const { bus } = setup();
  const a = bus.createQueue("a");
  bus.createQueue("b", { capacity: 5 });
  assert.deepEqual(bus.queues().map((q) => [q.name, q.capacity]), [["a", 10_000], ["b", 5]]);
  a.close();
  assert.deepEqual(bus.queues().map((q) => q.name), ["b"]);
  assert.throws(() => bus.on("station.heartbeat", () => {}, { queue: a }), TypeError);
  assert.throws(() => bus.createQueue("c", { capacity: 0 }), RangeError);
  const other = createBus().createQueue("elsewhere");
  assert.throws(() => bus.onAny(() => {}, { queue: other }), /another bus/);
});

Deno.test("createBus() emit with no subscribers neither queues nor throws", () => {
  const { bus } = setup();
  bus.on("station.heartbeat", () => {})();
  for (let i = 0; i < 100_000; i++) bus.emit("frame.in", { chargerId: "a", text: "[]", at: AT });
  assert.deepEqual(bus.queues(), []);
});

Deno.test("createBus() hasSubscribers() follows subscriptions by type and onAny", () => {
  const bus = createBus({ clock: new FakeClock() });
  assert.equal(bus.hasSubscribers("frame.in"), false);
  const off = bus.on("frame.in", () => {});
  assert.equal(bus.hasSubscribers("frame.in"), true);
  assert.equal(bus.hasSubscribers("frame.out"), false);
  off();
  assert.equal(bus.hasSubscribers("frame.in"), false);
  const offAny = bus.onAny(() => {});
  assert.equal(bus.hasSubscribers("frame.out"), true);
  offAny();
  assert.equal(bus.hasSubscribers("frame.out"), false);
});

Deno.test("emitRemote() reaches network subscribers and skips those of scope node", () => {
  const bus = createBus({ clock: new FakeClock() });
  const seen: string[] = [];
  bus.on("station.heartbeat", (e) => void seen.push(`network:${e.chargerId}`));
  bus.on("station.heartbeat", (e) => void seen.push(`node:${e.chargerId}`), { scope: "node" });
  bus.onAny((e) => void seen.push(`any-node:${e.type}`), { scope: "node" });
  bus.emit("station.heartbeat", heartbeat("here"));
  bus.emitRemote("station.heartbeat", heartbeat("there"));
  assert.deepEqual(seen, [
    "network:here",
    "node:here",
    "any-node:station.heartbeat",
    "network:there",
  ]);
});
