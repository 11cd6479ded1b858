/**
 * A clock that runs `speed` times faster than the wall clock (for `--speed`): simulated time
 * starts at the real time and every timer waits `delay / speed` real milliseconds.
 */
import type { Clock, TimerId } from "../actors/clock.ts";
import { systemClock } from "../actors/clock.ts";

/** A clock running `speed` times faster than `base`. Speed 1 returns `base` itself. */
export function scaledClock(speed: number, base: Clock = systemClock): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError(`Speed must be a positive number, got ${speed}`);
  }
  if (speed === 1) return base;
  const originMs = base.now();
  return {
    now: () => originMs + Math.floor((base.now() - originMs) * speed),
    setTimeout: (fn: () => void, delayMs: number): TimerId => base.setTimeout(fn, delayMs / speed),
    clearTimeout: (id: TimerId) => base.clearTimeout(id),
  };
}
