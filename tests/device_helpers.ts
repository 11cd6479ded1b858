/**
 * Simulated chargers for the device management tests: a station of the Emart Jeju seed on a
 * real WebSocket, its clock running ×50 so that minutes of station time take seconds.
 */
import { type SimCharger, startCharger } from "../sim/station/charger.ts";
import type { SimEvent, StationConfig } from "../sim/station/station_state.ts";
import { scaledClock } from "../sim/fleet/scaled_clock.ts";
import { eventually } from "./support/browser.ts";
import { TEST_CONFIG } from "./support/test_station.ts";

/** How much faster than the wall clock the simulated stations run. */
export const SPEED = 50;

/** Starts the seed's charger `chargerId` against `url`; its events go into `events`. */
export async function simCharger(
  url: string,
  chargerId: string,
  options: { events?: SimEvent[]; config?: Partial<StationConfig> } = {},
): Promise<SimCharger> {
  return await startCharger({
    url,
    config: {
      ...TEST_CONFIG,
      chargerId,
      txIdPrefix: crypto.randomUUID().slice(0, 8),
      ...options.config,
    },
    clock: scaledClock(SPEED),
    stateDir: null,
    rebootDelayMs: 50,
    onEvent: (_id, event) => void options.events?.push(event),
  });
}

/**
 * Waits until `check` passes. Generous on purpose: each check waits on several round trips
 * (charger, CSMS, database), and a test machine shared by many runs can be slow.
 */
export function soon<T>(check: () => Promise<T> | T, timeoutMs = 30_000): Promise<T> {
  return eventually(check, timeoutMs);
}
