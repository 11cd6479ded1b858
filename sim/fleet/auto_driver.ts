/**
 * Automatic drivers for `--auto`: each station gets arrivals at random (Poisson) times, an EV
 * with a random battery and state of charge, a card, a plausible stay, and a departure. One
 * timer per station at a time; all randomness comes from the station's seeded stream.
 */
import type { Clock, TimerId } from "../../actors/runtime/clock.ts";
import type { SimCharger } from "../station/charger.ts";
import { exponentialMs, pick, type Random, randomInt } from "./random.ts";
import type { SimEvent } from "../station/station_state.ts";

/** How drivers behave, in simulated time. */
export interface DrivingProfile {
  /** Mean time between one driver leaving and the next arriving. */
  meanGapMs: number;
  /** From plugging in to presenting the card. */
  cardDelayMs: [number, number];
  /** How long a driver stays at most (shopping time). */
  dwellMs: [number, number];
  /** The SoC at which a driver stops, percent. */
  targetSocPercent: [number, number];
  /** From the end of charging to unplugging. */
  unplugDelayMs: [number, number];
}

/** Shoppers at a hypermarket: a car every ~15 min, 15–60 min stays, 80–100 % targets. */
export const SHOPPERS: DrivingProfile = {
  meanGapMs: 15 * 60_000,
  cardDelayMs: [5_000, 30_000],
  dwellMs: [15 * 60_000, 60 * 60_000],
  targetSocPercent: [80, 100],
  unplugDelayMs: [30_000, 180_000],
};

const BATTERIES_WH = [40_000, 58_000, 64_000, 72_600, 77_400, 99_800];
const EV_MAX_POWER_W = [50_000, 100_000, 150_000, 250_000];

type Phase = "idle" | "arrived" | "charging" | "leaving";

/** One station's driver. */
export interface AutoDriver {
  /** Feed it the station's observations (SoC reached, sessions started by the CSMS ending). */
  observe(event: SimEvent): void;
  stop(): void;
}

/** Starts the driver of one station; the first arrival comes after a random part of a gap. */
export function startAutoDriver(
  charger: SimCharger,
  options: { clock: Clock; random: Random; profile?: DrivingProfile },
): AutoDriver {
  return new Driver(charger, options.clock, options.random, options.profile ?? SHOPPERS);
}

/** One driver; a class because a fleet has one per station (closures would be per instance). */
class Driver implements AutoDriver {
  #phase: Phase = "idle";
  #timer: TimerId | undefined;
  #targetSoc = 100;
  #isStopped = false;
  readonly #act = () => {
    this.#timer = undefined;
    void this.#run();
  };

  constructor(
    readonly charger: SimCharger,
    readonly clock: Clock,
    readonly random: Random,
    readonly profile: DrivingProfile,
  ) {
    this.#schedule("idle", Math.floor(random() * profile.meanGapMs));
  }

  observe(event: SimEvent): void {
    if (this.#isStopped) return;
    const soc = event.type === "meter" ? event.readings.socPercent : undefined;
    const phase = this.#phase;
    if (phase === "charging" && soc !== undefined && soc >= this.#targetSoc) {
      this.#schedule("charging", 0);
    } else if (phase === "charging" && event.type === "rejected" && event.command === "authorize") {
      this.#schedule("leaving", this.#within(this.profile.unplugDelayMs));
    } else if (phase === "idle" && event.type === "status" && event.status === "Finishing") {
      // A session the CSMS started and stopped: its driver leaves too.
      this.#schedule("leaving", this.#within(this.profile.unplugDelayMs));
    }
  }

  stop(): void {
    this.#isStopped = true;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #within([min, max]: [number, number]): number {
    return randomInt(this.random, min, max);
  }

  #schedule(next: Phase, delayMs: number): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#phase = next;
    this.#timer = this.clock.setTimeout(this.#act, delayMs);
  }

  async #run(): Promise<void> {
    if (this.#isStopped) return;
    const { charger, random, profile } = this;
    const s = charger.snapshot();
    switch (this.#phase) {
      case "idle":
        if (s.status !== "Available") {
          return this.#schedule("idle", exponentialMs(random, profile.meanGapMs));
        }
        await charger.plugIn({
          batteryWh: pick(random, BATTERIES_WH),
          startSocPercent: randomInt(random, 10, 60),
          maxPowerW: pick(random, EV_MAX_POWER_W),
        });
        return this.#schedule("arrived", this.#within(profile.cardDelayMs));
      case "arrived": {
        this.#targetSoc = this.#within(profile.targetSocPercent);
        const card = Math.floor(random() * 0xffffffff).toString(16).toUpperCase().padStart(8, "0");
        await charger.authorize(card);
        return this.#schedule("charging", this.#within(profile.dwellMs));
      }
      case "charging":
        if (s.tx) await charger.stopLocal("Local");
        return this.#schedule("leaving", this.#within(profile.unplugDelayMs));
      case "leaving":
        if (s.physics.ev) await charger.unplug();
        return this.#schedule("idle", exponentialMs(random, profile.meanGapMs));
    }
  }
}
