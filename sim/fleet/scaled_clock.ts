/**
 * A clock that runs `speed` times faster than the wall clock (for `--speed`): simulated time
 * starts at the real time and every timer waits `delay / speed` real milliseconds. Its
 * `timeBase` lets stations report wall-clock timestamps (see `time_base.ts`).
 */
import type { Clock, TimerId } from "../../actors/runtime/clock.ts";
import { systemClock } from "../../actors/runtime/clock.ts";
import type { ScaledClock } from "../station/time_base.ts";

/** A clock running `speed` times faster than `base`. Speed 1 returns `base` itself. */
export function scaledClock(speed: number, base: Clock = systemClock): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError(`Speed must be a positive number, got ${speed}`);
  }
  if (speed === 1) return base;
  const originMs = base.now();
  const clock: ScaledClock = {
    timeBase: { originMs, speed },
    now: () => originMs + Math.floor((base.now() - originMs) * speed),
    setTimeout: (fn: () => void, delayMs: number): TimerId => base.setTimeout(fn, delayMs / speed),
    clearTimeout: (id: TimerId) => base.clearTimeout(id),
  };
  return clock;
}
