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

/** A clock with the time of `base` whose timers wait in one heap behind one timer of `base`. */
export function pooledClock(base: Clock): Clock {
  const originMs = base.now();
  const heap: Entry[] = [];
  const slots: (Entry | undefined)[] = [];
  const freeSlots: number[] = [];
  let seq = 0;
  let armed: { timer: TimerId; dueMs: number } | undefined;
  let isFiring = false;
  const nowMs = () => base.now() - originMs;

  const isBefore = (a: Entry, b: Entry) =>
    a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);

  function place(entry: Entry, index: number): void {
    heap[index] = entry;
    entry.index = index;
  }

  function siftUp(index: number): void {
    const entry = heap[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!isBefore(entry, heap[parent])) break;
      place(heap[parent], index);
      index = parent;
    }
    place(entry, index);
  }

  function siftDown(index: number): void {
    const entry = heap[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && isBefore(heap[right], heap[left]) ? right : left;
      if (!isBefore(heap[child], entry)) break;
      place(heap[child], index);
      index = child;
    }
    place(entry, index);
  }

  function remove(entry: Entry): void {
    slots[entry.slot] = undefined;
    freeSlots.push(entry.slot);
    const last = heap.pop()!;
    if (last === entry) return;
    place(last, entry.index);
    siftDown(last.index);
    siftUp(last.index);
  }

  /**
   * Keeps the base timer armed for the earliest entry, and none when there is none (so an idle
   * clock keeps no process alive). A timer armed too early just fires and re-arms.
   */
  function arm(): void {
    if (isFiring) return;
    const first = heap[0];
    if (armed && first && armed.dueMs <= first.dueMs) return;
    if (armed) base.clearTimeout(armed.timer);
    armed = undefined;
    if (!first) return;
    armed = { timer: base.setTimeout(fire, first.dueMs - nowMs()), dueMs: first.dueMs };
  }

  /** Runs every due entry in due order (ties in the order they were set), then re-arms. */
  function fire(): void {
    armed = undefined;
    isFiring = true;
    try {
      while (heap.length > 0 && heap[0].dueMs <= nowMs()) {
        const entry = heap[0];
        remove(entry);
        entry.fn();
      }
    } finally {
      isFiring = false;
      arm();
    }
  }

  return {
    now: () => base.now(),
    setTimeout(fn, delayMs) {
      const slot = freeSlots.pop() ?? slots.length;
      if (slot >= SLOTS) throw new RangeError(`Cannot keep more than ${SLOTS} timers pending`);
      seq = seq % SEQS + 1;
      const dueMs = nowMs() + Math.max(0, delayMs);
      const entry: Entry = { seq, slot, dueMs, fn, index: heap.length };
      slots[slot] = entry;
      heap.push(entry);
      siftUp(entry.index);
      arm();
      return seq * SLOTS + slot;
    },
    clearTimeout(id) {
      const entry = slots[id % SLOTS];
      if (!entry || entry.seq !== Math.floor(id / SLOTS)) return;
      remove(entry);
      if (heap.length === 0) arm();
    },
  };
}
