import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { configure, type LogRecord, reset } from "@logtape/logtape";
import { z } from "zod";
import { createBus } from "../actors/csms/events.ts";
import { FakeClock, flushMicrotasks } from "../actors/runtime/clock.ts";
import type { TamnaEvents } from "../actors/csms/events.ts";
import { loadPluginFromFile, type PluginHostDeps, startPlugins } from "./host.ts";
import { definePlugin, type Plugin, type SendCommand } from "./mod.ts";

const AT = "2026-01-21T05:30:00.000Z";
const heartbeat = (chargerId: string): TamnaEvents["station.heartbeat"] => ({ chargerId, at: AT });

function setup(config: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const bus = createBus({ clock, onError: () => {} });
  const sent: [string, string, unknown][] = [];
  const send: SendCommand = (chargerId, action, payload) => {
    sent.push([chargerId, action, payload]);
    return Promise.resolve({ status: "Accepted" } as never);
  };
  const deps: PluginHostDeps = { bus, clock, send, config };
  return { bus, clock, deps, sent };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

/** A plugin that records the heartbeats it sees. */
function recorder(name: string, seen: string[] = []) {
  return definePlugin({
    name,
    setup: (bus) => void bus.on("station.heartbeat", ({ chargerId }) => void seen.push(chargerId)),
  });
}

const pricing = definePlugin({
  name: "pricing",
  configSchema: z.object({
    priceKrwPerKwh: z.number().positive().default(150),
    currency: z.string().default("KRW"),
  }),
  setup() {},
});

Deno.test("startPlugins() parses each config section with its schema and defaults", async () => {
  const configs: unknown[] = [];
  const spy = <C>(plugin: Plugin<C>, name: string): Plugin<C> => ({
    ...plugin,
    name,
    setup: (_bus, ctx) => void configs.push(ctx.config),
  });
  const { deps } = setup({ "pricing-a": { priceKrwPerKwh: 200 } });
  const host = await startPlugins([spy(pricing, "pricing-a"), spy(pricing, "pricing-b")], deps);
  assert.deepEqual(configs, [
    { priceKrwPerKwh: 200, currency: "KRW" },
    { priceKrwPerKwh: 150, currency: "KRW" },
  ]);
  assert.deepEqual(host.names, ["pricing-a", "pricing-b"]);
  await host.stop();
});

Deno.test("startPlugins() rejects a bad config naming the plugin and the field", async () => {
  let isSetUp = false;
  const plugin = { ...pricing, setup: () => void (isSetUp = true) };
  const { deps } = setup({ pricing: { priceKrwPerKwh: "cheap" } });
  await assert.rejects(
    () => startPlugins([plugin], deps),
    (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.match(e.message, /^Cannot start plugin "pricing" because its config is invalid: /);
      assert.match(e.message, /priceKrwPerKwh: .*expected number/);
      return true;
    },
  );
  assert.equal(isSetUp, false);
});

Deno.test("startPlugins() rejects duplicate names before any setup runs", async () => {
  const seen: string[] = [];
  const { deps, bus } = setup();
  await assert.rejects(
    () => startPlugins([recorder("audit", seen), recorder("pricing"), recorder("audit")], deps),
    /Cannot load plugin "audit" twice/,
  );
  bus.emit("station.heartbeat", heartbeat("a"));
  await flushMicrotasks();
  assert.deepEqual(seen, []);
  assert.deepEqual(bus.queues(), []);
});

for (const name of ["Pricing", "smart_charging", "-pricing", "smart--charging", "pricing-", ""]) {
  Deno.test(`startPlugins() rejects the non-kebab-case name "${name}"`, async () => {
    const { deps } = setup();
    await assert.rejects(() => startPlugins([recorder(name)], deps), /must be kebab-case/);
  });
}

Deno.test("startPlugins() logs a throwing plugin, emits plugin.failed and keeps it subscribed", async () => {
  const records: LogRecord[] = [];
  await configure({
    sinks: { memory: (record) => void records.push(record) },
    loggers: [
      { category: ["tamna"], sinks: ["memory"], lowestLevel: "debug" },
      { category: ["logtape", "meta"], sinks: [], lowestLevel: "warning" },
    ],
    reset: true,
  });
  try {
    const { bus, deps } = setup();
    const flakySeen: string[] = [];
    const steadySeen: string[] = [];
    const failures: TamnaEvents["plugin.failed"][] = [];
    const flaky = definePlugin({
      name: "flaky",
      setup(bus) {
        bus.on("station.heartbeat", ({ chargerId }) => {
          if (chargerId === "a") throw new Error("database is down");
          flakySeen.push(chargerId);
        });
      },
    });
    const watcher = definePlugin({
      name: "watcher",
      setup: (bus) => void bus.on("plugin.failed", (payload) => void failures.push(payload)),
    });
    const host = await startPlugins([flaky, recorder("steady", steadySeen), watcher], deps);
    bus.emit("station.heartbeat", heartbeat("a"));
    bus.emit("station.heartbeat", heartbeat("b"));
    await flushMicrotasks();
    await host.stop();
    assert.deepEqual(flakySeen, ["b"]);
    assert.deepEqual(steadySeen, ["a", "b"]);
    assert.deepEqual(failures, [{
      plugin: "flaky",
      event: "station.heartbeat",
      error: "database is down",
      at: AT,
    }]);
    const errors = records.filter((r) => r.level === "error");
    assert.equal(errors.length, 1);
    assert.deepEqual(errors[0].category, ["tamna", "plugin", "flaky"]);
    assert.equal(errors[0].properties.event, "station.heartbeat");
  } finally {
    await reset();
  }
});

Deno.test("a plugin's lazy debug properties are built only when debug is logged", async () => {
  for (const lowestLevel of ["debug", "info"] as const) {
    const records: LogRecord[] = [];
    await configure({
      sinks: { memory: (record) => void records.push(record) },
      loggers: [
        { category: ["tamna"], sinks: ["memory"], lowestLevel },
        { category: ["logtape", "meta"], sinks: [], lowestLevel: "warning" },
      ],
      reset: true,
    });
    try {
      let builds = 0;
      const chatty = definePlugin({
        name: "chatty",
        setup(_bus, ctx) {
          ctx.log.debug("plan {changes}", () => (builds++, { changes: ["a:0→7000"] }));
        },
      });
      const host = await startPlugins([chatty], setup().deps);
      await host.stop();
      const logged = records.filter((r) => r.level === "debug" && r.properties.changes);
      assert.equal(builds, lowestLevel === "debug" ? 1 : 0, lowestLevel);
      assert.equal(logged.length, builds, lowestLevel);
    } finally {
      await reset();
    }
  }
});

Deno.test("startPlugins() lets one plugin's events flow while another plugin is slow", async () => {
  const { bus, deps } = setup();
  const gate = deferred();
  const slowSeen: string[] = [];
  const fastSeen: string[] = [];
  const slow = definePlugin({
    name: "slow-db",
    setup(bus) {
      bus.on("station.heartbeat", async ({ chargerId }) => {
        await gate.promise;
        slowSeen.push(chargerId);
      });
    },
  });
  const host = await startPlugins([slow, recorder("fast", fastSeen)], deps);
  for (const id of ["a", "b", "c"]) bus.emit("station.heartbeat", heartbeat(id));
  await flushMicrotasks();
  assert.deepEqual(fastSeen, ["a", "b", "c"]);
  assert.deepEqual(slowSeen, []);
  assert.deepEqual(host.stats().map((s) => [s.name, s.size, s.processed]), [
    ["slow-db", 2, 0],
    ["fast", 0, 3],
  ]);
  gate.resolve();
  await host.stop();
  assert.deepEqual(slowSeen, ["a", "b", "c"]);
});

Deno.test("startPlugins() stop drains, aborts signals and runs cleanups in reverse order", async () => {
  const { bus, deps } = setup();
  const log: string[] = [];
  const plugin = (name: string) =>
    definePlugin({
      name,
      setup(bus, ctx) {
        ctx.signal.addEventListener("abort", () => log.push(`abort ${name}`));
        bus.on("station.heartbeat", () => void log.push(`event ${name}`));
        return async () => {
          await Promise.resolve();
          log.push(`cleanup ${name}`);
        };
      },
    });
  const host = await startPlugins([plugin("first"), plugin("second"), plugin("third")], deps);
  bus.emit("station.heartbeat", heartbeat("a"));
  await Promise.all([host.stop(), host.stop()]);
  bus.emit("station.heartbeat", heartbeat("after"));
  await flushMicrotasks();
  assert.deepEqual(log, [
    "event first",
    "event second",
    "event third",
    "abort third",
    "cleanup third",
    "abort second",
    "cleanup second",
    "abort first",
    "cleanup first",
  ]);
});

Deno.test("startPlugins() stops the plugins already started when a setup throws", async () => {
  const { bus, deps } = setup();
  const log: string[] = [];
  const good = definePlugin({ name: "good", setup: () => () => void log.push("cleanup good") });
  const bad = definePlugin({
    name: "bad",
    setup: () => Promise.reject(new Error("no database")),
  });
  await assert.rejects(
    () => startPlugins([good, bad, recorder("never")], deps),
    /Cannot start plugin "bad": its setup failed: no database/,
  );
  assert.deepEqual(log, ["cleanup good"]);
  assert.deepEqual(bus.queues(), []);
});

Deno.test("startPlugins() gives ctx.send, ctx.emit and ctx.clock to a plugin", async () => {
  const { bus, clock, deps, sent } = setup();
  const replies: unknown[] = [];
  const failures: string[] = [];
  bus.on("plugin.failed", ({ plugin }) => void failures.push(plugin));
  const remoteStop = definePlugin({
    name: "remote-stop",
    setup(bus, ctx) {
      assert.equal(ctx.clock, clock);
      bus.on("transaction.started", async ({ chargerId, transactionId }) => {
        replies.push(await ctx.send(chargerId, "RequestStopTransaction", { transactionId }));
        ctx.emit("plugin.failed", { plugin: "remote-stop", event: "demo", error: "none", at: AT });
      });
    },
  });
  const host = await startPlugins([remoteStop], deps);
  bus.emit("transaction.started", {
    chargerId: "emart_jeju_01",
    transactionId: "t1",
    timestamp: AT,
    at: AT,
  });
  await host.stop();
  assert.deepEqual(sent, [["emart_jeju_01", "RequestStopTransaction", { transactionId: "t1" }]]);
  assert.deepEqual(replies, [{ status: "Accepted" }]);
  assert.deepEqual(failures, ["remote-stop"]);
});

Deno.test("loadPluginFromFile() takes the default or the named plugin export", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tamna_plugin_" });
  try {
    const modUrl = new URL("./mod.ts", import.meta.url).href;
    const files = {
      "default.ts":
        `import { definePlugin } from "${modUrl}";\nexport default definePlugin({ name: "from-default", setup() {} });\n`,
      "named.ts": `export const plugin = { name: "from-named", setup() {} };\n`,
      "empty.ts": `export const notAPlugin = { name: "x" };\n`,
    };
    for (const [file, text] of Object.entries(files)) {
      await Deno.writeTextFile(join(dir, file), text);
    }
    assert.equal((await loadPluginFromFile(join(dir, "default.ts"))).name, "from-default");
    const relativePath = relative(Deno.cwd(), join(dir, "named.ts"));
    assert.equal((await loadPluginFromFile(relativePath)).name, "from-named");
    await assert.rejects(() => loadPluginFromFile(join(dir, "empty.ts")), TypeError);
    await assert.rejects(
      () => loadPluginFromFile(join(dir, "missing.ts")),
      /Cannot load a plugin from/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startPlugins() registers ctx.onTransactionEventResponse hooks and releases them at stop", async () => {
  const { deps } = setup();
  const plugin = definePlugin({
    name: "flat-fee",
    setup(_bus, ctx) {
      ctx.onTransactionEventResponse(() => ({ costKrw: 500 }));
    },
  });
  const host = await startPlugins([plugin], deps);
  const input = {
    chargerId: "cs1",
    request: {
      eventType: "Ended" as const,
      timestamp: AT,
      triggerReason: "StopAuthorized" as const,
      seqNo: 1,
      transactionInfo: { transactionId: "t1" },
    },
    tx: {
      transactionId: "t1",
      hasStartedEvent: true,
      lastSeqNo: 1,
      recentSeqNos: [1],
      isEnded: true,
    },
    response: {},
    at: AT,
  };
  assert.deepEqual(host.transactionEventHooks.run(input).response, { totalCost: 500 });
  await host.stop();
  assert.deepEqual(host.transactionEventHooks.run(input).response, {});
});

Deno.test("startPlugins() leaves out a plugin whose config section is false", async () => {
  const seen: string[] = [];
  const { deps, bus } = setup({ "pricing-off": false });
  const host = await startPlugins([recorder("pricing-off", seen), recorder("kept", seen)], deps);
  bus.emit("station.heartbeat", heartbeat("cs1"));
  await host.stop();
  assert.deepEqual(host.names, ["kept"]);
  assert.deepEqual(seen, ["cs1"]);
});

Deno.test("startPlugins() gives other nodes' events only to plugins with events: network", async () => {
  const { bus, deps } = setup();
  const seen: string[] = [];
  const watcher = (name: string, events?: "node" | "network"): Plugin => ({
    name,
    events,
    setup: (pluginBus) =>
      void pluginBus.on("station.heartbeat", (e) => void seen.push(`${name}:${e.chargerId}`)),
  });
  const host = await startPlugins([watcher("biller"), watcher("map", "network")], deps);
  bus.emit("station.heartbeat", heartbeat("here"));
  bus.emitRemote("station.heartbeat", heartbeat("there"));
  await flushMicrotasks();
  assert.deepEqual(seen.sort(), ["biller:here", "map:here", "map:there"]);
  await host.stop();
});
