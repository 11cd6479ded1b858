/**
 * The typed event bus: synchronous fan-out from emitters to per-subscriber queues. Generic over
 * its event map, so the runtime knows only its own events (`plugin.failed`); the CSMS's map is
 * `TamnaEvents` in actors/csms/events.ts.
 */

import { getLogger } from "@logtape/logtape";
import { type Clock, isoNow, systemClock } from "./clock.ts";
import {
  createQueueCore,
  type QueueCore,
  type QueueStats,
  type SubscriberQueue,
} from "./subscriber_queue.ts";

export type { QueueStats, SubscriberQueue } from "./subscriber_queue.ts";

/** The events the bus itself publishes; every event map extends it. */
export interface RuntimeEvents {
  /** A subscriber threw or rejected; it stays subscribed. */
  "plugin.failed": { plugin: string; event: string; error: string; at: string };
}

/** An event map: event type to payload. */
export type EventMap = RuntimeEvents;

/** An event with its type, for an event map `E`. */
export type EventOf<E extends EventMap> = {
  [K in keyof E & string]: { type: K; payload: E[K] };
}[keyof E & string];

/** Handles one event type; gets the payload and the type. */
export type EventHandler<E extends EventMap, K extends keyof E & string> = (
  payload: E[K],
  type: K,
) => void | Promise<void>;
/** Handles every event. */
export type AnyEventHandler<E extends EventMap> = (event: EventOf<E>) => void | Promise<void>;
/** Ends a subscription; calling it twice is harmless. */
export type Unsubscribe = () => void;

/** Where and how a subscriber's handlers run. */
export interface SubscribeOptions {
  /**
   * Run the handler on this queue (one at a time, in order, off the emitter's stack).
   * Without one the handler is called synchronously inside `emit`, in a try/catch.
   */
  queue?: SubscriberQueue;
  /** Names a queue-less subscriber in `plugin.failed` reports. Default "bus". */
  name?: string;
  /**
   * Which events reach the handler: "network" (default) every event, "node" only those this
   * process emitted itself, not those relayed from other nodes of a cluster (`emitRemote`).
   * Handlers that act once per event (storing it, billing it) take "node".
   */
  scope?: "node" | "network";
}

/** How a queue is built. */
export interface QueueOptions {
  /** Events held before the oldest is dropped. Default 10 000. */
  capacity?: number;
  /** Reports a handler failure (the bus also emits `plugin.failed`). Default: the bus's. */
  onError?: (error: unknown, event: string) => void;
}

/** Where handler failures go besides `plugin.failed`. */
export type BusErrorHandler = (
  error: unknown,
  context: { queue: string; event: string },
) => void;

/** The typed bus over the event map `E`. */
export interface EventBus<E extends EventMap> {
  /** Hands the event to every subscriber. Never throws and never waits on a subscriber. */
  emit<K extends keyof E & string>(type: K, payload: E[K]): void;
  /**
   * Hands an event another node of a cluster emitted to the subscribers of scope "network"
   * only (see {@link SubscribeOptions.scope}).
   */
  emitRemote<K extends keyof E & string>(type: K, payload: E[K]): void;
  on<K extends keyof E & string>(
    type: K,
    handler: EventHandler<E, K>,
    options?: SubscribeOptions,
  ): Unsubscribe;
  onAny(handler: AnyEventHandler<E>, options?: SubscribeOptions): Unsubscribe;
  /** Whether an event of `type` would reach anyone now, so a hot path can skip building it. */
  hasSubscribers(type: keyof E & string): boolean;
  createQueue(name: string, options?: QueueOptions): SubscriberQueue;
  /** Stats of every open queue of this bus. */
  queues(): QueueStats[];
}

interface Subscription {
  call: (type: string, payload: unknown) => void | Promise<void>;
  queue?: QueueCore<Delivery>;
  name: string;
  isActive: boolean;
  isNodeOnly: boolean;
}

interface Delivery {
  sub: Subscription;
  type: string;
  payload: unknown;
}

/**
 * Builds a bus. Emitting a type nobody listens to costs one map lookup, since the CSMS emits
 * `frame.in` and `frame.out` for every frame.
 */
export function createEventBus<E extends EventMap>(
  options: { clock?: Clock; onError?: BusErrorHandler } = {},
): EventBus<E> {
  type Type = keyof E & string;
  const clock = options.clock ?? systemClock;
  const onError = options.onError ?? logFailure;
  // Arrays are replaced, never mutated, so an emit in progress keeps a stable list.
  const byType = new Map<string, Subscription[]>();
  let anySubs: Subscription[] = [];
  const queues = new Set<QueueCore<Delivery>>();

  function fail(
    sub: Subscription,
    type: string,
    error: unknown,
    report?: QueueOptions["onError"],
  ) {
    try {
      if (report) report(error, type);
      else onError(error, { queue: sub.name, event: type });
    } catch (reportError) {
      logFailure(reportError, { queue: sub.name, event: type });
    }
    // A failing plugin.failed handler must not emit plugin.failed again: that would never end.
    if (type === "plugin.failed") return;
    emitAny("plugin.failed", {
      plugin: sub.name,
      event: type,
      error: error instanceof Error ? error.message : String(error),
      at: isoNow(clock),
    });
  }

  function callNow(sub: Subscription, type: string, payload: unknown): void {
    try {
      const result = sub.call(type, payload);
      if (result instanceof Promise) result.catch((error) => fail(sub, type, error));
    } catch (error) {
      fail(sub, type, error);
    }
  }

  function emitAny(type: string, payload: unknown): void {
    const subs = byType.get(type);
    if (subs !== undefined) {
      for (const sub of subs) deliver(sub, type, payload);
    }
    for (const sub of anySubs) deliver(sub, type, payload);
  }

  function emitRemote(type: string, payload: unknown): void {
    for (const sub of [...(byType.get(type) ?? []), ...anySubs]) {
      if (!sub.isNodeOnly) deliver(sub, type, payload);
    }
  }

  function deliver(sub: Subscription, type: string, payload: unknown): void {
    if (sub.queue !== undefined) sub.queue.push({ sub, type, payload });
    else callNow(sub, type, payload);
  }

  function subscription(call: Subscription["call"], options: SubscribeOptions = {}): Subscription {
    const queue = options.queue as QueueCore<Delivery> | undefined;
    if (queue !== undefined && !queues.has(queue)) {
      throw new TypeError(
        `Cannot subscribe on queue ${queue.name}: it is closed or from another bus`,
      );
    }
    return {
      call,
      queue,
      name: queue?.name ?? options.name ?? "bus",
      isActive: true,
      isNodeOnly: options.scope === "node",
    };
  }

  function on<K extends Type>(type: K, handler: EventHandler<E, K>, options?: SubscribeOptions) {
    const sub = subscription((t, p) => handler(p as E[K], t as K), options);
    byType.set(type, [...(byType.get(type) ?? []), sub]);
    return () => {
      sub.isActive = false;
      const rest = (byType.get(type) ?? []).filter((s) => s !== sub);
      if (rest.length > 0) byType.set(type, rest);
      else byType.delete(type);
    };
  }

  function onAny(handler: AnyEventHandler<E>, options?: SubscribeOptions): Unsubscribe {
    const sub = subscription((type, payload) => handler({ type, payload } as EventOf<E>), options);
    anySubs = [...anySubs, sub];
    return () => {
      sub.isActive = false;
      anySubs = anySubs.filter((s) => s !== sub);
    };
  }

  function createQueue(name: string, queueOptions: QueueOptions = {}): SubscriberQueue {
    const queue = createQueueCore<Delivery>(name, {
      capacity: queueOptions.capacity,
      run: ({ sub, type, payload }) => sub.call(type, payload),
      isLive: ({ sub }) => sub.isActive,
      onFailure: (error, { sub, type }) => fail(sub, type, error, queueOptions.onError),
      onClose: () => queues.delete(queue),
    });
    queues.add(queue);
    return queue;
  }

  return {
    emit: emitAny,
    emitRemote,
    on,
    onAny,
    hasSubscribers: (type) => anySubs.length > 0 || byType.has(type),
    createQueue,
    queues: () => [...queues].map((q) => q.stats()),
  };
}

function logFailure(error: unknown, context: { queue: string; event: string }): void {
  getLogger(["tamna", "bus"]).error("Subscriber {queue} failed on {event}: {error}", {
    ...context,
    error,
  });
}
