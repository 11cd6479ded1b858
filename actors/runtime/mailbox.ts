/** A bounded FIFO mailbox that feeds its owner's handler one message at a time. */

import {
  checkCapacity,
  createFifo,
  type Fifo,
  fifoClear,
  fifoPush,
  fifoShift,
  fifoSize,
} from "./fifo.ts";

/** The default number of messages a mailbox holds before `post` throws. */
export const DEFAULT_MAILBOX_CAPACITY = 1000;

/** Thrown by {@link Mailbox.post} when the mailbox already holds `capacity` messages. */
export class MailboxFullError extends Error {
  override name = "MailboxFullError";
  /** The capacity that was reached. */
  readonly capacity: number;

  constructor(capacity: number, options?: ErrorOptions) {
    super(`Cannot post a message because the mailbox is full (capacity ${capacity})`, options);
    this.capacity = capacity;
  }
}

/** How a mailbox is built. */
export interface MailboxOptions<M> {
  /** Messages held before `post` throws {@link MailboxFullError}; default 1000. */
  capacity?: number;
  /** Runs one message; the next one is taken only after the returned promise settles. */
  handle: (msg: M) => void | Promise<void>;
  /** Called when `handle` throws or rejects. The mailbox pauses first; the owner decides. */
  onCrash: (error: unknown, msg: M) => void;
}

/** A bounded FIFO queue drained by a single consumer. */
export interface Mailbox<M> {
  /** Queues a message. Throws {@link MailboxFullError} when full; ignored once closed. */
  post(msg: M): void;
  /** Messages waiting (not counting the one being handled). */
  readonly size: number;
  readonly isPaused: boolean;
  readonly isClosed: boolean;
  /** Stops taking messages after the current one; posts keep queueing. */
  pause(): void;
  /** Takes messages again. */
  resume(): void;
  /**
   * Forgets the message being handled: its outcome is ignored from now on and, unless paused,
   * the next message starts. For an owner that gives up on a handler that never settles.
   */
  abandon(): void;
  /** Drops pending messages and ignores later posts and the outcome of the current handler. */
  close(): void;
  /**
   * Resolves once the mailbox is settled: nothing is running and nothing can be taken (the
   * queue is empty, or the mailbox is paused or closed). For tests and shutdown.
   */
  idle(): Promise<void>;
}

/**
 * Builds a mailbox. Draining starts on demand in a microtask and runs synchronous handlers
 * back to back, so a busy mailbox costs no timer and no closure per message.
 */
export function createMailbox<M>(options: MailboxOptions<M>): Mailbox<M> {
  const capacity = checkCapacity(options.capacity ?? DEFAULT_MAILBOX_CAPACITY, "a mailbox");
  const queue = createFifo<M>();
  const consumer = createConsumer(queue, options, settle);
  let isClosed = false;
  let idleWaiters: (() => void)[] = [];
  // Settled: nothing is running and nothing can be taken.
  const isSettled = () =>
    !consumer.isRunning() && (fifoSize(queue) === 0 || consumer.isPaused() || isClosed);

  function settle(): void {
    if (idleWaiters.length === 0 || !isSettled()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  return {
    post(msg) {
      if (isClosed) return;
      if (fifoSize(queue) >= capacity) throw new MailboxFullError(capacity);
      fifoPush(queue, msg);
      consumer.schedule();
    },
    get size() {
      return fifoSize(queue);
    },
    get isPaused() {
      return consumer.isPaused();
    },
    get isClosed() {
      return isClosed;
    },
    pause: consumer.pause,
    resume() {
      if (!isClosed) consumer.resume();
    },
    abandon() {
      consumer.abandon();
      settle();
    },
    close() {
      isClosed = true;
      consumer.stop();
      fifoClear(queue);
      settle();
    },
    idle() {
      if (isSettled()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

/**
 * The mailbox's single consumer: takes one message at a time while not paused, and pauses on
 * a crash. abandon() and stop() bump an epoch, so a drain loop still awaiting an older handler
 * touches nothing when that handler settles. `settle` is the mailbox's idle check, run
 * whenever the consumer stops.
 */
function createConsumer<M>(queue: Fifo<M>, options: MailboxOptions<M>, settle: () => void) {
  const { handle, onCrash } = options;
  let isRunning = false;
  let isPaused = false;
  let epoch = 0;

  function schedule(): void {
    // A closed mailbox has an empty queue and ignores posts, so this needs no closed check.
    if (isRunning || isPaused || fifoSize(queue) === 0) return;
    isRunning = true;
    queueMicrotask(drain);
  }

  async function drain(): Promise<void> {
    const myEpoch = epoch;
    while (!isPaused && epoch === myEpoch && fifoSize(queue) > 0) {
      const msg = fifoShift(queue);
      try {
        const result = handle(msg);
        if (result !== undefined) await result;
      } catch (error) {
        if (epoch === myEpoch) crash(error, msg);
        return;
      }
    }
    if (epoch !== myEpoch) return;
    isRunning = false;
    settle();
  }

  function crash(error: unknown, msg: M): void {
    isPaused = true;
    isRunning = false;
    onCrash(error, msg);
    settle();
  }

  return {
    isRunning: () => isRunning,
    isPaused: () => isPaused,
    schedule,
    pause(): void {
      isPaused = true;
    },
    resume(): void {
      isPaused = false;
      schedule();
    },
    abandon(): void {
      epoch++;
      isRunning = false;
      schedule();
    },
    stop(): void {
      epoch++;
      isRunning = false;
    },
  };
}
