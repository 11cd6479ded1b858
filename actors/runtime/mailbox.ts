/** A bounded FIFO mailbox that feeds its owner's handler one message at a time. */

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
  const capacity = options.capacity ?? DEFAULT_MAILBOX_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(
      `Cannot create a mailbox with capacity ${capacity}: expected a positive integer`,
    );
  }
  const { handle, onCrash } = options;
  let items: (M | undefined)[] = [];
  let head = 0;
  let isRunning = false;
  let isPaused = false;
  let isClosed = false;
  // Bumped by abandon() and close(): a drain loop from an older epoch must not touch anything.
  let epoch = 0;
  let idleWaiters: (() => void)[] = [];

  const size = () => items.length - head;

  function take(): M {
    const msg = items[head] as M;
    items[head++] = undefined;
    if (head === items.length) {
      items = [];
      head = 0;
    } else if (head >= 1024 && head * 2 >= items.length) {
      items = items.slice(head);
      head = 0;
    }
    return msg;
  }

  function schedule(): void {
    if (isRunning || isPaused || isClosed || size() === 0) return;
    isRunning = true;
    queueMicrotask(drain);
  }

  function settle(): void {
    if (isRunning || idleWaiters.length === 0) return;
    if (size() > 0 && !isPaused && !isClosed) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async function drain(): Promise<void> {
    const myEpoch = epoch;
    while (!isPaused && epoch === myEpoch && size() > 0) {
      const msg = take();
      try {
        const result = handle(msg);
        if (result !== undefined) await result;
      } catch (error) {
        if (epoch !== myEpoch) return;
        isPaused = true;
        isRunning = false;
        onCrash(error, msg);
        settle();
        return;
      }
    }
    if (epoch !== myEpoch) return;
    isRunning = false;
    settle();
  }

  return {
    post(msg) {
      if (isClosed) return;
      if (size() >= capacity) throw new MailboxFullError(capacity);
      items.push(msg);
      schedule();
    },
    get size() {
      return size();
    },
    get isPaused() {
      return isPaused;
    },
    get isClosed() {
      return isClosed;
    },
    pause() {
      isPaused = true;
    },
    resume() {
      if (isClosed) return;
      isPaused = false;
      schedule();
    },
    abandon() {
      epoch++;
      isRunning = false;
      schedule();
      settle();
    },
    close() {
      isClosed = true;
      epoch++;
      isRunning = false;
      items = [];
      head = 0;
      settle();
    },
    idle() {
      if (!isRunning && (size() === 0 || isPaused || isClosed)) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
