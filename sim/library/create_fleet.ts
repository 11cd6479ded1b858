/** The fleet half of the simulator library: `createFleet` starts many stations against one CSMS. */
import type { Fleet } from "../fleet/fleet_file.ts";
import { emartJejuFleet, loadFleet } from "../fleet/fleet_file.ts";
import { type FleetCounters, runFleet } from "../fleet/fleet_runner.ts";
import { awaitBoot, chargerHandle, checkPasswords } from "./charger_handle.ts";
import type { ChargerHandle } from "./charger_types.ts";
import type { StoppedReason } from "../station/station_state.ts";

/**
 * How to run a fleet. Only `url` is required; the default is the whole Emart Jeju fleet
 * (34 stations) with automatic drivers at real speed.
 *
 * @example
 * ```ts
 * import type { FleetOptions } from "../../mod.ts";
 * const options: FleetOptions = { url: "ws://localhost:9000", count: 5, speed: 60, seed: 7 };
 * console.log(options.count);
 * ```
 */
export interface FleetOptions {
  /** The CSMS endpoint without a station id, e.g. `ws://localhost:9000`. */
  url: string;
  /** A fleet, a fleet file's path, or "emart-jeju" (the default: 34 stations on Jeju). */
  fleet?: Fleet | string;
  /** How many stations: the first N of the fleet, more sites generated beyond it. Default: all. */
  count?: number;
  /** Automatic drivers arrive, charge and leave (default true); false obeys the CSMS only. */
  isAuto?: boolean;
  /** Simulated time runs this many times faster. Default 1. */
  speed?: number;
  /** Seed of all randomness (drivers, EVs, cards, reconnect jitter). Default 1. */
  seed?: number;
  /** Wait this long (real ms) for every station to boot, and throw if one does not. Default 0. */
  bootTimeoutMs?: number;
  /** Keep unacknowledged TransactionEvents in files under this directory. Default: in memory. */
  stateDir?: string;
  /**
   * HTTP Basic auth passwords (security profile 1, or 2 over `wss://`): one for every station, or
   * one per station id (stations not named connect without). See {@link ChargerOptions.password}.
   */
  password?: string | Record<string, string>;
  /** PEM CA certificates to check a `wss://` CSMS against, besides the system's. */
  caCerts?: string[];
}

/**
 * A running fleet.
 *
 * @example
 * ```ts
 * import { createFleet, startCsms } from "../../mod.ts";
 *
 * await using csms = await startCsms();
 * await using fleet = await createFleet({
 *   url: csms.ocppUrl,
 *   count: 3,
 *   isAuto: false,
 *   bootTimeoutMs: 5_000,
 * });
 * console.log(fleet.chargers.map((c) => c.chargerId)); // emart_jeju_01 … 03
 * console.log(fleet.counters().connected); // 3
 * await fleet.charger("emart_jeju_02")?.startCharging("04A1B2C3");
 * ```
 */
export interface FleetHandle {
  /** Every station, in fleet order. */
  readonly chargers: readonly ChargerHandle[];
  /** One station by its id. */
  charger(chargerId: string): ChargerHandle | undefined;
  /** Connected, charging, power, energy, sessions and message counts right now. */
  counters(): FleetCounters;
  /** Stops the drivers, then every station as {@link ChargerHandle.stop} does. */
  stop(options?: { reason?: StoppedReason }): Promise<void>;
  /** The same as `stop()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a fleet of simulated stations against one CSMS: Emart Jeju by default, the first
 * `count` of it, with automatic drivers unless `isAuto` is false.
 *
 * @throws {Error} when `bootTimeoutMs` is set and a station is not accepted in time (the fleet is
 * stopped first), or when the fleet file cannot be read.
 * @throws {RangeError} for a `password` that is not 16 to 40 characters.
 *
 * @example
 * ```ts
 * import { createFleet, startCsms } from "../../mod.ts";
 *
 * await using csms = await startCsms();
 * // Two stations with drivers, an hour of simulated shopping per real minute.
 * const fleet = await createFleet({ url: csms.ocppUrl, count: 2, speed: 60, bootTimeoutMs: 5_000 });
 * console.log(csms.chargers().map((s) => s.chargerId)); // [ "emart_jeju_01", "emart_jeju_02" ]
 * await fleet.stop();
 * ```
 */
export async function createFleet(options: FleetOptions): Promise<FleetHandle> {
  checkPasswords(options.password);
  const fleet = await fleetOf(options.fleet ?? "emart-jeju");
  const count = options.count ?? fleet.sites.reduce((n, site) => n + site.chargers.count, 0);
  const run = await runFleet({
    url: options.url,
    fleet,
    count,
    isAuto: options.isAuto,
    speed: options.speed,
    seed: options.seed,
    stateDir: options.stateDir ?? null,
    password: options.password,
    caCerts: options.caCerts,
  });
  let isStopped = false;
  const chargers = run.chargers.map((sim) =>
    chargerHandle(sim, {
      clock: run.clock,
      url: options.url,
      bootTimeoutMs: 10_000,
      isFleetStopped: () => isStopped,
    })
  );
  const byId = new Map(chargers.map((c) => [c.chargerId, c]));
  const stop = async (stopOptions: { reason?: StoppedReason } = {}) => {
    await run.stop(stopOptions.reason);
    isStopped = true;
  };
  const handle: FleetHandle = {
    chargers,
    charger: (chargerId) => byId.get(chargerId),
    counters: () => run.counters(),
    stop,
    [Symbol.asyncDispose]: () => stop(),
  };
  try {
    await awaitBoot(chargers, { url: options.url, timeoutMs: options.bootTimeoutMs ?? 0 });
  } catch (error) {
    await run.stop();
    throw error;
  }
  return handle;
}

function fleetOf(fleet: Fleet | string): Promise<Fleet> {
  if (typeof fleet !== "string") return Promise.resolve(fleet);
  return fleet === "emart-jeju" ? emartJejuFleet() : loadFleet(fleet);
}
