/**
 * Bounds the slow password checks running at once, and how many may wait: a flood of logins
 * then costs at most `maxRunning` cores and a fixed amount of memory, and the excess is
 * turned away (503) instead of queuing without end.
 */

/** The gate. */
export interface HashGate {
  /** Runs `fn` when a slot is free; undefined at once when the queue is full. */
  run<T>(fn: () => Promise<T>): Promise<T> | undefined;
  /** Checks running and waiting now. */
  load(): { running: number; waiting: number };
}

/** Builds a gate; defaults: 2 running (the reference machine has 2 cores), 256 waiting. */
export function createHashGate(maxRunning = 2, maxWaiting = 256): HashGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  async function go<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter, so `running` only drops when none waits.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }
  return {
    run(fn) {
      if (running < maxRunning) {
        running++;
        return go(fn);
      }
      if (waiting.length >= maxWaiting) return undefined;
      return new Promise<void>((resolve) => waiting.push(resolve)).then(() => go(fn));
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}
