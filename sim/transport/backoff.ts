/**
 * Reconnect delays of a charging station (OCPP 2.0.1 B05, OCPPCommCtrlr.RetryBackOff*): wait the
 * minimum, double it per attempt up to RepeatTimes doublings, and add a random part up to
 * RandomRange so a thousand stations do not all knock at once.
 */

/** The three OCPPCommCtrlr settings, in seconds and times. */
export interface BackOffSettings {
  waitMinimumS: number;
  randomRangeS: number;
  repeatTimes: number;
}

/** The delay before reconnect attempt `attempt` (0 for the first), in ms. `random` gives [0, 1). */
export function reconnectDelayMs(
  attempt: number,
  settings: BackOffSettings,
  random: () => number,
): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`Reconnect attempt must be a whole number from 0, got ${attempt}`);
  }
  const doublings = Math.min(attempt, Math.max(0, settings.repeatTimes));
  const waitS = Math.max(0, settings.waitMinimumS) * 2 ** doublings;
  return Math.round((waitS + random() * Math.max(0, settings.randomRangeS)) * 1000);
}
