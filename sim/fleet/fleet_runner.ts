/**
 * Runs a fleet of simulated stations against one CSMS: the first N of a fleet (more generated
 * beyond its size), optional automatic drivers, compressed time, and the counters the progress
 * line shows. Stations share one supervisor and one set of message counters.
 */
import { type Clock, systemClock } from "../../actors/runtime/clock.ts";
import { createSupervisor, type Supervisor } from "../../actors/runtime/supervisor.ts";
import { type AutoDriver, type DrivingProfile, startAutoDriver } from "./auto_driver.ts";
import { startDeparture } from "./departure.ts";
import { type SimCharger, startCharger } from "../station/charger.ts";
import { type ChargerOptions, newSimStats, type SimStats } from "../station/charger_options.ts";
import type { Fleet, FleetCharger } from "./fleet_file.ts";
import { fleetStations } from "./fleet_stations.ts";
import { pooledClock } from "./pooled_clock.ts";
import { deriveSeed, seededRandom } from "./random.ts";
import { scaledClock } from "./scaled_clock.ts";
import type { SimEvent, StationConfig, StoppedReason } from "../station/station_state.ts";
import { passwordFor, type SecuritySettings } from "../transport/station_security.ts";

/** How to run a fleet; `password` and `caCerts` (SecuritySettings) for profiles 1 and 2. */
export interface FleetRunOptions extends SecuritySettings {
  /** The CSMS endpoint without a station id, e.g. `ws://localhost:9000`. */
  url: string;
  fleet: Fleet;
  /** How many stations (the first N of the fleet; more are generated beyond its size). */
  count: number;
  /** Automatic drivers (default true); false acts only on CSMS commands. */
  isAuto?: boolean;
  /**
   * Without automatic drivers: the EV is unplugged this long (simulated) after its session
   * ends, so the connector goes back to Available. Default 5 000; null leaves it plugged in.
   */
  leaveAfterMs?: number | null;
  /** Simulated time runs this many times faster (default 1). Ignored when `clock` is given. */
  speed?: number;
  clock?: Clock;
  /** Seed of all randomness (drivers, EVs, cards, reconnect jitter). Default 1. */
  seed?: number;
  /** Where station queues live; null keeps them in memory. */
  stateDir?: string | null;
  profile?: DrivingProfile;
  /** Stations started at once before pausing briefly, so the CSMS is not flooded. Default 100. */
  connectBatch?: number;
  callTimeoutMs?: number;
  /** The share of firmware installs that fail on every station (0–1; default 0). */
  firmwareFailureRate?: number;
  /** Stations whose every firmware install fails (InstallationFailed), whatever the rate. */
  failingFirmware?: readonly string[];
  onEvent?: (chargerId: string, event: SimEvent) => void;
}

/** What the progress line shows. */
export interface FleetCounters {
  /** Stations in the run. */
  stations: number;
  /** Stations connected now. */
  connected: number;
  /** Stations charging now. */
  charging: number;
  /** Power delivered now, summed over the stations. */
  powerKw: number;
  /** Energy delivered since the run started. */
  energyKwh: number;
  /** Sessions started since the run started. */
  sessionsStarted: number;
  /** Sessions ended since the run started. */
  sessionsEnded: number;
  /** Frames sent since the start. */
  sent: number;
  /** Frames received since the start. */
  received: number;
  /**
   * Errors since the start: CALLERRORs either way, failed calls, failed connection tries.
   */
  errors: number;
  /** Connection tries that never opened (also counted in `errors`). */
  connectFailures: number;
  /** `errors` by kind (see `SimStats.errorsByKind`). */
  errorsByKind: Record<string, number>;
  /** Stations that have not once connected and booted since the start. */
  neverConnected: number;
  /**
   * TransactionEvents the CSMS has not acknowledged yet, over all stations; after a stop, those
   * kept on disk (in the state directory) for the next run.
   */
  undeliveredTxEvents: number;
  /** Simulated time now, ms since the epoch. */
  simNowMs: number;
}

/** A running fleet. */
export interface FleetRun {
  readonly stations: readonly FleetCharger[];
  readonly chargers: readonly SimCharger[];
  readonly clock: Clock;
  counters(): FleetCounters;
  /** Stops drivers and stations, ending sessions with `reason` (default Other). */
  stop(reason?: StoppedReason): Promise<void>;
}

/** The station config of a fleet charger; the run stamp keeps transaction ids unique across runs. */
export function stationConfig(
  charger: FleetCharger,
  runStamp: string,
  index: number,
): StationConfig {
  return {
    chargerId: charger.chargerId,
    vendor: charger.vendor,
    model: charger.model,
    serialNumber: charger.serialNumber.slice(0, 25),
    firmwareVersion: charger.firmwareVersion,
    maxPowerW: Math.round(charger.maxPowerKw * 1000),
    txIdPrefix: `${runStamp}-${index.toString(36)}`,
    defaultEv: { batteryWh: 64_000, startSocPercent: 30, maxPowerW: 150_000 },
    isAutoPlugOnRemoteStart: true,
  };
}

/** What every station of a run shares. */
interface RunShared {
  clock: Clock;
  seed: number;
  supervisor: Supervisor;
  stats: SimStats;
  /** Keeps transaction ids unique across runs. */
  runStamp: string;
  onEvent: (chargerId: string, event: SimEvent) => void;
}

/** Sessions started and ended since the run started, and the stations that booted. */
interface SessionCounts {
  started: number;
  ended: number;
  booted: Set<string>;
}

/** Starts every station of the run (in batches) and, in auto mode, its driver. */
export async function runFleet(options: FleetRunOptions): Promise<FleetRun> {
  // Every timer of the fleet waits in one heap behind one runtime timer (see pooled_clock.ts).
  const clock = options.clock ?? scaledClock(options.speed ?? 1, pooledClock(systemClock));
  const seed = options.seed ?? 1;
  const stations = fleetStations(options.fleet, options.count);
  const supervisor = createSupervisor({
    clock,
    random: seededRandom(deriveSeed(seed, "supervisor")),
  });
  const stats = newSimStats();
  const drivers = new Map<string, AutoDriver>();
  const sessions: SessionCounts = { started: 0, ended: 0, booted: new Set() };
  const onEvent = (chargerId: string, event: SimEvent) => {
    if (event.type === "registration") sessions.booted.add(chargerId);
    if (event.type === "transaction" && event.eventType === "Started") sessions.started++;
    if (event.type === "transaction" && event.eventType === "Ended") sessions.ended++;
    drivers.get(chargerId)?.observe(event);
    options.onEvent?.(chargerId, event);
  };
  const runStamp = clock.now().toString(36);
  const shared = { clock, seed, supervisor, stats, runStamp, onEvent };
  const chargers = await startStations(stations, options, shared);
  const initialWh = chargers.reduce((wh, c) => wh + c.snapshot().physics.registerWh, 0);
  const leaveAfterMs = options.leaveAfterMs === undefined ? 5_000 : options.leaveAfterMs;
  for (const charger of chargers) {
    if (options.isAuto ?? true) {
      const random = seededRandom(deriveSeed(seed, `driver:${charger.id}`));
      drivers.set(
        charger.id,
        startAutoDriver(charger, { clock, random, profile: options.profile }),
      );
    } else if (leaveAfterMs !== null) {
      drivers.set(charger.id, startDeparture(charger, { clock, leaveAfterMs }));
    }
  }
  const batch = options.connectBatch ?? 100;
  return {
    stations,
    chargers,
    clock,
    counters: () => fleetCounters(chargers, { initialWh, sessions, stats, clock }),
    async stop(reason = "Other") {
      for (const driver of drivers.values()) driver.stop();
      for (let i = 0; i < chargers.length; i += batch) {
        await Promise.all(chargers.slice(i, i + batch).map((c) => c.stop({ reason })));
      }
      await supervisor.stopAll();
    },
  };
}

/**
 * Starts the stations `connectBatch` at a time. A station that cannot start (an unreadable
 * queue or password file) stops the ones already started, and the run, cleanly.
 */
async function startStations(
  stations: readonly FleetCharger[],
  options: FleetRunOptions,
  shared: RunShared,
): Promise<SimCharger[]> {
  const chargers: SimCharger[] = [];
  const batch = options.connectBatch ?? 100;
  try {
    for (let i = 0; i < stations.length; i += batch) {
      const started = await Promise.all(
        stations.slice(i, i + batch).map((station, j) =>
          startCharger(chargerOptions(station, i + j, { options, shared }))
        ),
      );
      chargers.push(...started);
      // A short real pause between batches spreads the connection storm of a big fleet.
      if (i + batch < stations.length) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } catch (error) {
    await Promise.allSettled(chargers.map((c) => c.stop({ drainMs: 0 })));
    await shared.supervisor.stopAll();
    throw error;
  }
  return chargers;
}

/** How to start station number `index` of the run. */
function chargerOptions(
  station: FleetCharger,
  index: number,
  run: { options: FleetRunOptions; shared: RunShared },
): ChargerOptions {
  const { options, shared } = run;
  return {
    url: options.url,
    config: {
      ...stationConfig(station, shared.runStamp, index),
      firmwareFailureRate: options.failingFirmware?.includes(station.chargerId)
        ? 1
        : options.firmwareFailureRate ?? 0,
    },
    clock: shared.clock,
    random: seededRandom(deriveSeed(shared.seed, `net:${station.chargerId}`)),
    stateDir: options.stateDir ?? null,
    supervisor: shared.supervisor,
    stats: shared.stats,
    onEvent: shared.onEvent,
    callTimeoutMs: options.callTimeoutMs,
    password: passwordFor(options, station.chargerId),
    caCerts: options.caCerts,
  };
}

/** The counters of the progress line, summed over the stations now. */
function fleetCounters(
  chargers: readonly SimCharger[],
  run: { initialWh: number; sessions: SessionCounts; stats: SimStats; clock: Clock },
): FleetCounters {
  let connected = 0, charging = 0, powerW = 0, wh = 0, undelivered = 0;
  for (const c of chargers) {
    undelivered += c.queuedTxEvents;
    const s = c.snapshot();
    if (s.isOnline) connected++;
    if (s.status === "Charging") charging++;
    powerW += s.physics.powerW;
    wh += s.physics.registerWh;
  }
  return {
    stations: chargers.length,
    connected,
    charging,
    powerKw: powerW / 1000,
    energyKwh: (wh - run.initialWh) / 1000,
    sessionsStarted: run.sessions.started,
    sessionsEnded: run.sessions.ended,
    sent: run.stats.sent,
    received: run.stats.received,
    errors: run.stats.errors,
    connectFailures: run.stats.errorsByKind.connect ?? 0,
    errorsByKind: { ...run.stats.errorsByKind },
    neverConnected: chargers.length - run.sessions.booted.size,
    undeliveredTxEvents: undelivered,
    simNowMs: run.clock.now(),
  };
}
