/**
 * Simulated time against the wall clock under `--speed`. A station lives in simulated time:
 * its physics, timers, schedule periods and durations run `speed` times faster. What it says
 * on the wire about *when* is wall-clock time, because the CSMS, its database and its
 * "today" statistics live in wall time: a 1-hour session at ×60 takes a wall minute, its
 * TransactionEvents carry timestamps a minute apart, and it delivers an hour's energy.
 * Absolute instants from the CSMS (startSchedule, validFrom, validTo) are read the same way.
 */
import type { Clock } from "../../actors/runtime/clock.ts";

/** How simulated time maps to the wall clock: both agree at `originMs`, then sim runs `speed`× faster. */
export interface TimeBase {
  originMs: number;
  speed: number;
}

/** A clock in simulated time, with how it maps to its base clock (made by `scaledClock`). */
export interface ScaledClock extends Clock {
  readonly timeBase: TimeBase;
}

/** The time base of a scaled clock; undefined for a real-time clock. */
export function timeBaseOf(clock: Clock): TimeBase | undefined {
  return (clock as Partial<ScaledClock>).timeBase;
}

/** The wall-clock instant of simulated instant `simMs` (real time when `base` is absent). */
export function wallMsOf(base: TimeBase | undefined, simMs: number): number {
  if (!base || base.speed === 1) return simMs;
  return base.originMs + Math.round((simMs - base.originMs) / base.speed);
}

/** The simulated instant of wall-clock instant `wallMs`. */
export function simMsOf(base: TimeBase | undefined, wallMs: number): number {
  if (!base || base.speed === 1) return wallMs;
  return base.originMs + Math.round((wallMs - base.originMs) * base.speed);
}

/** The ISO 8601 wall-clock timestamp a station reports for simulated instant `simMs`. */
export function wallIso(base: TimeBase | undefined, simMs: number): string {
  return new Date(wallMsOf(base, simMs)).toISOString();
}

/** The simulated instant of an ISO 8601 wall-clock time from the CSMS (NaN when unreadable). */
export function simMsOfIso(base: TimeBase | undefined, iso: string): number {
  const wallMs = Date.parse(iso);
  return Number.isNaN(wallMs) ? NaN : simMsOf(base, wallMs);
}
