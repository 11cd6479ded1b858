/** The bounded, drop-oldest queue that runs one bus subscriber's handlers one at a time. */

import { checkCapacity, createFifo, fifoClear, fifoPush, fifoShift, fifoSize } from "./fifo.ts";

/** The default number of events a subscriber queue holds. */
export const DEFAULT_QUEUE_CAPACITY = 10_000;

/** Counters for /health and benchmarks. */
export interface QueueStats {
  name: string;
  capacity: number;
  /** Events waiting. */
  size: number;
  /** Events dropped because the queue was full, oldest first. */
  dropped: number;
  /** Handler calls that settled, failed or not. */
  processed: number;
  /** Handler calls that threw or rejected. */
  failed: number;
}

/** A per-subscriber (per-plugin) queue; a slow one never holds up the emitter or the others. */
export interface SubscriberQueue {
  readonly name: string;
  stats(): QueueStats;
  /** Resolves when the queue is empty and no handler is running. */
  idle(): Promise<void>;
  /** Drops what is waiting and ignores later events. */
  close(): void;
}

/** The bus's side of a queue: items go in, `run` takes them out in order. */
export interface QueueCore<T> extends SubscriberQueue {
  push(item: T): void;
}

/** How the bus builds a queue core. */
export interface QueueCoreOptions<T> {
  capacity?: number;
  /** Runs one item; the next starts only after the returned promise settles. */
  run(item: T): void | Promise<void>;
  /** An item whose subscriber left is skipped. */
  isLive(item: T): boolean;
  onFailure(error: unknown, item: T): void;
  onClose(): void;
}

/**
 * Builds a queue. Overflow drops the oldest waiting item and counts it: a live feed or a
 * plugin that fell behind wants the newest events, and the emitter must never block.
 */
export function createQueueCore<T>(name: string, options: QueueCoreOptions<T>): QueueCore<T> {
  const capacity = checkCapacity(options.capacity ?? DEFAULT_QUEUE_CAPACITY, `queue ${name}`);
  const items = createFifo<T>();
  let isRunning = false;
  let isClosed = false;
  let dropped = 0;
  let processed = 0;
  let failed = 0;
  let idleWaiters: (() => void)[] = [];

  async function drain(): Promise<void> {
    while (!isClosed && fifoSize(items) > 0) {
      const item = fifoShift(items);
      if (!options.isLive(item)) continue;
      try {
        const result = options.run(item);
        if (result instanceof Promise) await result;
      } catch (error) {
        failed++;
        options.onFailure(error, item);
      }
      processed++;
    }
    isRunning = false;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  return {
    name,
    push(item) {
      if (isClosed) return;
      if (fifoSize(items) >= capacity) {
        fifoShift(items);
        dropped++;
      }
      fifoPush(items, item);
      if (isRunning) return;
      isRunning = true;
      queueMicrotask(drain);
    },
    stats: () => ({ name, capacity, size: fifoSize(items), dropped, processed, failed }),
    idle: () => isRunning ? new Promise((resolve) => idleWaiters.push(resolve)) : Promise.resolve(),
    close() {
      if (isClosed) return;
      isClosed = true;
      fifoClear(items);
      options.onClose();
    },
  };
}
