/**
 * EV and charger physics of one simulated EVSE, pure: power ramps to the lowest of the charger
 * rating, the EV's acceptance and the active charging limit, and the energy register is
 * integrated in whole Wh with the remainder carried, so it never loses or double counts.
 */

/** The EV plugged into the connector. */
export interface EvSpec {
  /** Usable battery capacity in Wh. */
  batteryWh: number;
  /** State of charge at plug-in, percent (0–100). */
  startSocPercent: number;
  /** The most DC power the EV accepts, W. */
  maxPowerW: number;
}

/** The physical state of one EVSE and the EV on it. Plain data, a few numbers. */
export interface PhysicsState {
  /** The charger's rated power, W. */
  chargerMaxW: number;
  /** The active charging limit in W, or null when no profile limits the EVSE. */
  limitW: number | null;
  /** Whether the EVSE delivers energy (power path closed, transaction charging). */
  isEnergizing: boolean;
  /** The EV on the connector, or null when nothing is plugged in. */
  ev: EvSpec | null;
  /** Delivered power right now, whole W. */
  powerW: number;
  /** Energy.Active.Import.Register, whole Wh since the meter was installed. */
  registerWh: number;
  /** Energy not yet booked on the register, W·ms (0 ≤ carry < 3,600,000). */
  carryWms: number;
  /** Energy delivered into the plugged-in EV, whole Wh (drives its SoC). */
  sessionWh: number;
}

/** W·ms in one Wh. */
export const WMS_PER_WH = 3_600_000;
/** Time to ramp from 0 to the charger's rating, ms. */
export const RAMP_MS = 4_000;
/** Integration step: power is held for at most this long before it is recomputed. */
export const SUBSTEP_MS = 1_000;
/** Above this SoC the EV draws less and less. */
export const TAPER_START_PERCENT = 80;
/** At 100 % SoC the EV would accept this fraction of its maximum (then stops, being full). */
export const TAPER_END_FRACTION = 0.1;
/** DC voltage at 0 % and 100 % SoC; the battery voltage rises as it fills. */
export const DC_VOLTAGE_EMPTY_V = 360;
export const DC_VOLTAGE_FULL_V = 420;
/** Nominal DC voltage used to turn a limit in A into W. */
export const NOMINAL_DC_VOLTAGE_V = 400;

/** A fresh EVSE with nothing plugged in. */
export function initialPhysics(chargerMaxW: number, registerWh = 0): PhysicsState {
  if (!(chargerMaxW > 0)) {
    throw new RangeError(`Charger rating must be positive, got ${chargerMaxW}`);
  }
  return {
    chargerMaxW,
    limitW: null,
    isEnergizing: false,
    ev: null,
    powerW: 0,
    registerWh,
    carryWms: 0,
    sessionWh: 0,
  };
}

/** Plugs an EV in (its session energy starts at 0). */
export function plugEv(state: PhysicsState, ev: EvSpec): PhysicsState {
  return { ...state, ev, sessionWh: 0, powerW: 0 };
}

/** Unplugs the EV; the register keeps its value. */
export function unplugEv(state: PhysicsState): PhysicsState {
  return { ...state, ev: null, isEnergizing: false, powerW: 0, sessionWh: 0 };
}

/** The EV's state of charge, percent, unrounded (0 when nothing is plugged in). */
export function socPercent(state: PhysicsState): number {
  const ev = state.ev;
  if (!ev) return 0;
  const whInBattery = (ev.batteryWh * ev.startSocPercent) / 100 + state.sessionWh;
  return Math.min(100, (whInBattery / ev.batteryWh) * 100);
}

/** What the EV accepts at a SoC: its maximum below 80 %, tapering linearly to 10 % at 100 %. */
export function evAcceptanceW(ev: EvSpec, soc: number): number {
  if (soc >= 100) return 0;
  if (soc <= TAPER_START_PERCENT) return ev.maxPowerW;
  const through = (soc - TAPER_START_PERCENT) / (100 - TAPER_START_PERCENT);
  // The epsilon keeps float noise (0.325 stored as 0.32499…) from costing a whole watt.
  return Math.floor(ev.maxPowerW * (1 - (1 - TAPER_END_FRACTION) * through) + 1e-6);
}

/** The power the EVSE is heading for now, whole W. */
export function targetPowerW(state: PhysicsState): number {
  if (!state.isEnergizing || !state.ev) return 0;
  const limit = state.limitW === null ? Infinity : Math.max(0, state.limitW);
  return Math.floor(
    Math.min(state.chargerMaxW, limit, evAcceptanceW(state.ev, socPercent(state))),
  );
}

/** Sets the charging limit; a lower limit is obeyed at once, a higher one is ramped up to. */
export function applyLimit(state: PhysicsState, limitW: number | null): PhysicsState {
  const next = { ...state, limitW };
  return { ...next, powerW: Math.min(state.powerW, targetPowerW(next)) };
}

/** Whether the EV is full (it accepts no more energy). */
export function isEvFull(state: PhysicsState): boolean {
  return state.ev !== null && socPercent(state) >= 100;
}

/**
 * Advances time by `dtMs`. Each sub-step of at most 1 s books the energy of the power held
 * during it, then moves the power: down to the target at once (a charger obeys a lower limit
 * immediately), up by the ramp rate.
 */
export function step(state: PhysicsState, dtMs: number): PhysicsState {
  if (!Number.isInteger(dtMs) || dtMs < 0) {
    throw new RangeError(`Physics step must be a whole non-negative number of ms, got ${dtMs}`);
  }
  // Nothing flows and nothing will: an idle EVSE costs nothing however long it idles.
  if (state.powerW === 0 && targetPowerW(state) === 0) return state;
  // One new state for the whole step, advanced sub-step by sub-step (a fleet steps ~2,000
  // stations a second; a state per sub-step was most of the simulator's garbage).
  const next: PhysicsState = { ...state };
  let isChanged = false;
  for (let left = dtMs; left > 0; left -= SUBSTEP_MS) {
    isChanged = substep(next, Math.min(SUBSTEP_MS, left)) || isChanged;
  }
  return isChanged ? next : state;
}

/** Advances `s` (a private copy) by one sub-step; true when anything changed. */
function substep(s: PhysicsState, dtMs: number): boolean {
  const totalWms = s.carryWms + s.powerW * dtMs;
  const bookedWh = Math.floor(totalWms / WMS_PER_WH);
  const isBooked = bookedWh !== 0 || totalWms !== s.carryWms;
  s.registerWh += bookedWh;
  s.carryWms = totalWms - bookedWh * WMS_PER_WH;
  if (s.ev) s.sessionWh += bookedWh;
  const heldW = s.powerW;
  const target = targetPowerW(s);
  const rampW = Math.ceil((s.chargerMaxW * dtMs) / RAMP_MS);
  s.powerW = target <= heldW ? target : Math.min(target, heldW + rampW);
  return isBooked || s.powerW !== heldW;
}

/** Live readings of the meter, rounded as a meter would show them. */
export interface Readings {
  energyWh: number;
  powerW: number;
  voltageV: number;
  currentA: number;
  /** SoC in whole percent, or undefined when no EV is plugged in. */
  socPercent: number | undefined;
}

/** The meter's readings: DC voltage rises with SoC, current is P / V. */
export function readings(state: PhysicsState): Readings {
  const soc = state.ev ? socPercent(state) : undefined;
  const voltageV = state.ev
    ? round1(DC_VOLTAGE_EMPTY_V + ((DC_VOLTAGE_FULL_V - DC_VOLTAGE_EMPTY_V) * (soc ?? 0)) / 100)
    : 0;
  return {
    energyWh: state.registerWh,
    powerW: state.powerW,
    voltageV,
    currentA: voltageV > 0 ? round1(state.powerW / voltageV) : 0,
    socPercent: soc === undefined ? undefined : Math.floor(soc),
  };
}

/** Converts a limit in A to W for a DC EVSE (or an AC one with `phases` at `voltageV`). */
export function ampsToWatts(amps: number, voltageV = NOMINAL_DC_VOLTAGE_V, phases = 1): number {
  return Math.floor(amps * voltageV * phases);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
