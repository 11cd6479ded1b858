/** Loads plugins at startup: checks names, parses config, gives each its own queue, stops them. */

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { getLogger, type Logger } from "@logtape/logtape";
import type { QueueStats, SubscriberQueue, Unsubscribe } from "../actors/runtime/bus.ts";
import type { Bus } from "../actors/csms/events.ts";
import type { Clock, TimerId } from "../actors/runtime/clock.ts";
import type { Plugin, PluginBus, PluginCleanup, PluginContext, SendCommand } from "./mod.ts";
import { createTransactionEventHooks, type TransactionEventHooks } from "./transaction_hooks.ts";

/** What the host needs from the composition root. */
export interface PluginHostDeps {
  bus: Bus;
  clock: Clock;
  send: SendCommand;
  /** Config sections by plugin name. */
  config?: Record<string, unknown>;
  /** Events each plugin queue holds before dropping the oldest. Default 10 000. */
  queueCapacity?: number;
  /** How long `stop` waits for a plugin's queue to drain before aborting it. Default 5 000. */
  drainTimeoutMs?: number;
  /**
   * Where `ctx.onTransactionEventResponse` hooks go; the CSMS calls its `run`. Without one,
   * the host keeps its own (`PluginHost.transactionEventHooks`) for the caller to wire.
   */
  transactionEventHooks?: TransactionEventHooks;
}

/** The running plugins. */
export interface PluginHost {
  /** Plugin names in load order. */
  readonly names: string[];
  /** The plugins' TransactionEvent response hooks (the ones passed in, or the host's own). */
  readonly transactionEventHooks: TransactionEventHooks;
  /** Queue stats per plugin (the queue is named after the plugin). */
  stats(): QueueStats[];
  /** Drains, aborts and cleans up each plugin, last loaded first. Safe to call twice. */
  stop(): Promise<void>;
}

interface Running {
  name: string;
  queue: SubscriberQueue;
  controller: AbortController;
  cleanup?: PluginCleanup;
  log: Logger;
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Starts plugins in order, except those whose config section is `false`. Fails before any
 * `setup` runs on a bad or duplicate name or a bad config; if a `setup` throws, the plugins
 * already started are stopped and the error names it.
 */
export async function startPlugins(listed: Plugin[], deps: PluginHostDeps): Promise<PluginHost> {
  checkNames(listed);
  // A config section of `false` switches a plugin off, built-in ones included.
  const plugins = listed.filter((plugin) => deps.config?.[plugin.name] !== false);
  const configs = plugins.map((plugin) => parseConfig(plugin, deps.config?.[plugin.name]));
  warnAboutUnknownSections(listed, deps.config ?? {});
  const running: Running[] = [];
  let stopping: Promise<void> | undefined;
  const hooks = deps.transactionEventHooks ?? createTransactionEventHooks();
  const host: PluginHost = {
    names: plugins.map((p) => p.name),
    transactionEventHooks: hooks,
    stats: () => running.map((r) => r.queue.stats()),
    stop: () => stopping ??= stopAll([...running], deps),
  };
  for (const [i, plugin] of plugins.entries()) {
    try {
      running.push(await startOne(plugin, configs[i], { ...deps, transactionEventHooks: hooks }));
    } catch (error) {
      await host.stop();
      throw error;
    }
  }
  return host;
}

function checkNames(plugins: Plugin[]): void {
  const seen = new Set<string>();
  for (const [i, plugin] of plugins.entries()) {
    if (!isPlugin(plugin)) {
      throw new TypeError(
        `Cannot load plugin #${i + 1}: it needs a string name and a setup function`,
      );
    }
    if (!KEBAB_CASE.test(plugin.name)) {
      throw new TypeError(
        `Cannot load plugin "${plugin.name}": its name must be kebab-case, like "smart-charging"`,
      );
    }
    if (seen.has(plugin.name)) {
      throw new TypeError(`Cannot load plugin "${plugin.name}" twice: plugin names must be unique`);
    }
    seen.add(plugin.name);
  }
}

function parseConfig(plugin: Plugin, section: unknown): unknown {
  if (plugin.configSchema === undefined) return section ?? {};
  const result = plugin.configSchema.safeParse(section ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(the whole section)";
    return `${field}: ${issue.message}`;
  });
  throw new TypeError(
    `Cannot start plugin "${plugin.name}" because its config is invalid: ${problems.join("; ")}`,
    { cause: result.error },
  );
}

function warnAboutUnknownSections(plugins: Plugin[], config: Record<string, unknown>): void {
  const names = new Set(plugins.map((p) => p.name));
  for (const section of Object.keys(config)) {
    if (names.has(section)) continue;
    getLogger(["tamna", "plugins"]).warn("Config section {section} names no loaded plugin", {
      section,
    });
  }
}

async function startOne(
  plugin: Plugin,
  config: unknown,
  deps: PluginHostDeps & { transactionEventHooks: TransactionEventHooks },
): Promise<Running> {
  const name = plugin.name;
  const log = getLogger(["tamna", "plugin", name]);
  const queue = deps.bus.createQueue(name, {
    capacity: deps.queueCapacity,
    onError: (error, event) => log.error("Handler for {event} failed: {error}", { event, error }),
  });
  const controller = new AbortController();
  const { bus, track } = pluginBus(
    deps.bus,
    { queue, scope: plugin.events ?? "node" },
    controller.signal,
  );
  const ctx: PluginContext<unknown> = {
    config,
    log,
    clock: deps.clock,
    signal: controller.signal,
    send: deps.send,
    emit: (type, payload) => deps.bus.emit(type, payload),
    onTransactionEventResponse: (hook) => track(deps.transactionEventHooks.add(name, hook)),
  };
  try {
    const cleanup = await plugin.setup(bus, ctx);
    return {
      name,
      queue,
      controller,
      log,
      cleanup: typeof cleanup === "function" ? cleanup : undefined,
    };
  } catch (error) {
    controller.abort();
    queue.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot start plugin "${name}": its setup failed: ${message}`, {
      cause: error,
    });
  }
}

/** The plugin's view of the bus: bound to its queue, released when its signal aborts. */
function pluginBus(
  bus: Bus,
  options: { queue: SubscriberQueue; scope: "node" | "network" },
  signal: AbortSignal,
): { bus: PluginBus; track(off: Unsubscribe): Unsubscribe } {
  const live = new Set<Unsubscribe>();
  signal.addEventListener("abort", () => {
    for (const off of live) off();
    live.clear();
  }, { once: true });
  function track(off: Unsubscribe): Unsubscribe {
    if (signal.aborted) {
      off();
      return off;
    }
    live.add(off);
    return () => {
      live.delete(off);
      off();
    };
  }
  return {
    bus: {
      on: (type, handler) => track(bus.on(type, handler, options)),
      onAny: (handler) => track(bus.onAny(handler, options)),
    },
    track,
  };
}

async function stopAll(running: Running[], deps: PluginHostDeps): Promise<void> {
  for (const plugin of running.reverse()) {
    // Drain first so events already emitted (a transaction.ended, say) still get handled.
    const isDrained = await idleWithin(plugin.queue, deps.clock, deps.drainTimeoutMs ?? 5000);
    if (!isDrained) {
      plugin.log.warn("Stopping with {size} events unhandled", {
        size: plugin.queue.stats().size,
      });
    }
    plugin.controller.abort();
    try {
      await plugin.cleanup?.();
    } catch (error) {
      plugin.log.error("Cleanup failed: {error}", { error });
    }
    plugin.queue.close();
  }
}

async function idleWithin(queue: SubscriberQueue, clock: Clock, timeoutMs: number) {
  let timer: TimerId | undefined;
  const timeout = new Promise<false>((
    done,
  ) => (timer = clock.setTimeout(() => done(false), timeoutMs)));
  try {
    return await Promise.race([queue.idle().then(() => true), timeout]);
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
  }
}

/**
 * Imports a plugin from a user file (absolute, or relative to the working directory). The
 * file exports it as `default` or as `plugin`.
 */
export async function loadPluginFromFile(path: string): Promise<Plugin> {
  const url = pathToFileURL(resolve(Deno.cwd(), path)).href;
  let mod: Record<string, unknown>;
  try {
    mod = await import(url);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot load a plugin from ${path}: ${message}`, { cause: error });
  }
  const candidate = mod.default ?? mod.plugin;
  if (!isPlugin(candidate)) {
    throw new TypeError(
      `Cannot load a plugin from ${path}: export one with a name and a setup function as default or as "plugin"`,
    );
  }
  return candidate;
}

function isPlugin(value: unknown): value is Plugin {
  if (typeof value !== "object" || value === null) return false;
  const { name, setup } = value as Record<string, unknown>;
  return typeof name === "string" && typeof setup === "function";
}
