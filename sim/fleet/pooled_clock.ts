/**
 * A clock whose timers share one runtime timer: a fleet of 10,000 stations keeps ~30,000 timers
 * pending (heartbeat, TransactionEvent interval, call timeouts, drivers). A runtime `setTimeout`
 * costs ~600 bytes of heap each and is re-made every few seconds; here a timer is one small
 * entry in a binary heap, and only the earliest is armed on the base clock.
 */
import type { Clock, TimerId } from "../../actors/runtime/clock.ts";

/** A pending timer: one small object, its numbers small integers (no boxed doubles). */
interface Entry {
  /** Creation order: timers due at the same time fire in the order they were set. */
  seq: number;
  slot: number;
  /** Due time, ms after the clock's origin (a small integer, not a boxed double). */
  dueMs: number;
  fn: () => void;
  /** Where the entry sits in the heap, so a cancel removes it at once. */
  index: number;
}

/**
 * A timer id is its slot plus its sequence number above the slot bits, so a cancel finds the
 * entry without a Map (whose table a fleet would rehash every few seconds) and a stale id of
 * a reused slot matches nothing. Sequence numbers wrap after 2^29 timers: two timers due in
 * the same millisecond across the wrap would fire in the opposite order.
 */
const SLOTS = 2 ** 24;
const SEQS = 2 ** 29;

/** A min-heap of entries by due time, then creation order; each entry knows where it sits. */
class TimerHeap {
  readonly #entries: Entry[] = [];

  get first(): Entry | undefined {
    return this.#entries[0];
  }
  get size(): number {
    return this.#entries.length;
  }

  push(entry: Entry): void {
    entry.index = this.#entries.length;
    this.#entries.push(entry);
    this.#siftUp(entry.index);
  }

  remove(entry: Entry): void {
    const last = this.#entries.pop()!;
    if (last === entry) return;
    this.#place(last, entry.index);
    this.#siftDown(last.index);
    this.#siftUp(last.index);
  }

  #place(entry: Entry, index: number): void {
    this.#entries[index] = entry;
    entry.index = index;
  }

  #siftUp(index: number): void {
    const heap = this.#entries;
    const entry = heap[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!isBefore(entry, heap[parent])) break;
      this.#place(heap[parent], index);
      index = parent;
    }
    this.#place(entry, index);
  }

  #siftDown(index: number): void {
    const heap = this.#entries;
    const entry = heap[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && isBefore(heap[right], heap[left]) ? right : left;
      if (!isBefore(heap[child], entry)) break;
      this.#place(heap[child], index);
      index = child;
    }
    this.#place(entry, index);
  }
}

function isBefore(a: Entry, b: Entry): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
}

/** A clock with the time of `base` whose timers wait in one heap behind one timer of `base`. */
export function pooledClock(base: Clock): Clock {
  const pool = new TimerPool(base);
  return {
    now: () => base.now(),
    setTimeout: (fn, delayMs) => pool.set(fn, delayMs),
    clearTimeout: (id) => pool.clear(id),
  };
}

/** The pending timers of a pooled clock and the one base timer armed for the earliest. */
class TimerPool {
  readonly #base: Clock;
  readonly #originMs: number;
  readonly #heap = new TimerHeap();
  readonly #slots: (Entry | undefined)[] = [];
  readonly #freeSlots: number[] = [];
  #seq = 0;
  #armed: { timer: TimerId; dueMs: number } | undefined;
  #isFiring = false;
  readonly #fire = () => this.#fireDue();

  constructor(base: Clock) {
    this.#base = base;
    this.#originMs = base.now();
  }

  set(fn: () => void, delayMs: number): TimerId {
    const slot = this.#freeSlots.pop() ?? this.#slots.length;
    if (slot >= SLOTS) throw new RangeError(`Cannot keep more than ${SLOTS} timers pending`);
    const seq = this.#seq = this.#seq % SEQS + 1;
    const entry: Entry = { seq, slot, dueMs: this.#nowMs() + Math.max(0, delayMs), fn, index: 0 };
    this.#slots[slot] = entry;
    this.#heap.push(entry);
    this.#arm();
    return seq * SLOTS + slot;
  }

  clear(id: TimerId): void {
    const entry = this.#slots[id % SLOTS];
    if (!entry || entry.seq !== Math.floor(id / SLOTS)) return;
    this.#remove(entry);
    if (this.#heap.size === 0) this.#arm();
  }

  #nowMs(): number {
    return this.#base.now() - this.#originMs;
  }

  #remove(entry: Entry): void {
    this.#slots[entry.slot] = undefined;
    this.#freeSlots.push(entry.slot);
    this.#heap.remove(entry);
  }

  /**
   * Keeps the base timer armed for the earliest entry, and none when there is none (so an idle
   * clock keeps no process alive). A timer armed too early just fires and re-arms.
   */
  #arm(): void {
    if (this.#isFiring) return;
    const first = this.#heap.first;
    const armed = this.#armed;
    if (armed && first && armed.dueMs <= first.dueMs) return;
    if (armed) this.#base.clearTimeout(armed.timer);
    this.#armed = undefined;
    if (!first) return;
    // overdue after a slow or throwing callback: fire at once (a negative delay makes Node's
    // timers print a TimeoutNegativeWarning)
    const timer = this.#base.setTimeout(this.#fire, Math.max(0, first.dueMs - this.#nowMs()));
    this.#armed = { timer, dueMs: first.dueMs };
  }

  /** Runs every due entry in due order (ties in the order they were set), then re-arms. */
  #fireDue(): void {
    this.#armed = undefined;
    this.#isFiring = true;
    try {
      for (let entry = this.#heap.first; entry && entry.dueMs <= this.#nowMs();) {
        this.#remove(entry);
        entry.fn();
        entry = this.#heap.first;
      }
    } finally {
      this.#isFiring = false;
      this.#arm();
    }
  }
}
