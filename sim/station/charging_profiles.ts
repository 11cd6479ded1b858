/**
 * Smart charging of one simulated station, pure (OCPP 2.0.1 K01, K08, K10): installed
 * charging profiles per EVSE and the active limit they give at an instant, by purpose,
 * stack level and schedule period, in W.
 */
import { ampsToWatts } from "./physics.ts";
import { simMsOfIso, type TimeBase, wallIso } from "./time_base.ts";

/** One period of a charging schedule (ChargingSchedulePeriodType). */
export interface SchedulePeriod {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
  phaseToUse?: number;
}

/** A charging schedule (ChargingScheduleType); only the first of a profile is used. */
export interface ChargingSchedule {
  id: number;
  startSchedule?: string;
  duration?: number;
  chargingRateUnit: "W" | "A";
  chargingSchedulePeriod: SchedulePeriod[];
  minChargingRate?: number;
}

/** A charging profile as SetChargingProfile carries it (ChargingProfileType). */
export interface ChargingProfile {
  id: number;
  stackLevel: number;
  chargingProfilePurpose:
    | "ChargingStationExternalConstraints"
    | "ChargingStationMaxProfile"
    | "TxDefaultProfile"
    | "TxProfile";
  chargingProfileKind: "Absolute" | "Recurring" | "Relative";
  recurrencyKind?: "Daily" | "Weekly";
  validFrom?: string;
  validTo?: string;
  transactionId?: string;
  chargingSchedule: ChargingSchedule[];
}

/** A profile installed on an EVSE (0 = the whole station) at a time. */
export interface InstalledProfile {
  evseId: number;
  profile: ChargingProfile;
  installedAtMs: number;
  /** How the profile's wall-clock instants map to simulated time; absent: real time. */
  timeBase?: TimeBase;
}

/** The running transaction a TxProfile or a Relative profile refers to. */
export interface TxContext {
  transactionId: string;
  startedAtMs: number;
}

const DAY_MS = 86_400_000;
const NONE: readonly InstalledProfile[] = Object.freeze([]);

/** No profiles (shared, so idle chargers cost nothing). */
export function noProfiles(): readonly InstalledProfile[] {
  return NONE;
}

/** Why SetChargingProfile is refused, or null when the profile can be installed (K01.FR). */
export function checkProfile(
  evseId: number,
  profile: ChargingProfile,
  options: { evseIds: readonly number[]; tx: TxContext | null },
): string | null {
  if (evseId !== 0 && !options.evseIds.includes(evseId)) return `Unknown EVSE ${evseId}`;
  const purpose = profile.chargingProfilePurpose;
  if (purpose === "ChargingStationMaxProfile" && evseId !== 0) {
    return "ChargingStationMaxProfile must be set on EVSE 0";
  }
  if (purpose === "TxProfile") {
    if (evseId === 0) return "TxProfile cannot be set on EVSE 0";
    if (!options.tx) return "TxProfile needs a running transaction";
    if (profile.transactionId !== undefined && profile.transactionId !== options.tx.transactionId) {
      return `TxProfile is for transaction ${profile.transactionId}, not the running one`;
    }
  }
  if (purpose === "ChargingStationExternalConstraints") {
    return "ChargingStationExternalConstraints are set by the station, not the CSMS";
  }
  if (profile.chargingSchedule[0].chargingSchedulePeriod[0]?.startPeriod !== 0) {
    return "The first schedule period must start at 0";
  }
  return null;
}

/** Installs a profile, replacing one with the same id or the same purpose, stack level and EVSE (K01.FR.05). */
export function installProfile(
  profiles: readonly InstalledProfile[],
  entry: InstalledProfile,
): readonly InstalledProfile[] {
  const p = entry.profile;
  const kept = profiles.filter((old) =>
    old.profile.id !== p.id &&
    !(old.evseId === entry.evseId && old.profile.stackLevel === p.stackLevel &&
      old.profile.chargingProfilePurpose === p.chargingProfilePurpose)
  );
  return [...kept, entry];
}

/** What ClearChargingProfile names (K10). */
export interface ClearCriteria {
  chargingProfileId?: number;
  evseId?: number;
  chargingProfilePurpose?: ChargingProfile["chargingProfilePurpose"];
  stackLevel?: number;
}

/** Removes matching profiles; `cleared` says whether any matched. */
export function clearProfiles(
  profiles: readonly InstalledProfile[],
  criteria: ClearCriteria,
): { profiles: readonly InstalledProfile[]; cleared: boolean } {
  const matches = (e: InstalledProfile) =>
    (criteria.chargingProfileId === undefined || e.profile.id === criteria.chargingProfileId) &&
    (criteria.evseId === undefined || e.evseId === criteria.evseId) &&
    (criteria.chargingProfilePurpose === undefined ||
      e.profile.chargingProfilePurpose === criteria.chargingProfilePurpose) &&
    (criteria.stackLevel === undefined || e.profile.stackLevel === criteria.stackLevel);
  const kept = profiles.filter((e) => !matches(e));
  return { profiles: kept.length === 0 ? NONE : kept, cleared: kept.length < profiles.length };
}

/** Drops the TxProfiles of an ended transaction (they live only as long as it, K01.FR.?). */
export function dropTxProfiles(profiles: readonly InstalledProfile[]): readonly InstalledProfile[] {
  if (!profiles.some((e) => e.profile.chargingProfilePurpose === "TxProfile")) return profiles;
  return clearProfiles(profiles, { chargingProfilePurpose: "TxProfile" }).profiles;
}

/** A wall-clock instant of a profile (from the CSMS) in the station's simulated time. */
function instantMs(entry: InstalledProfile, iso: string): number {
  return simMsOfIso(entry.timeBase, iso);
}

function scheduleStartMs(entry: InstalledProfile, tx: TxContext | null, atMs: number): number {
  const { profile } = entry;
  const schedule = profile.chargingSchedule[0];
  const absoluteMs = schedule.startSchedule ? instantMs(entry, schedule.startSchedule) : NaN;
  if (profile.chargingProfileKind === "Relative" || Number.isNaN(absoluteMs)) {
    return tx?.startedAtMs ?? entry.installedAtMs;
  }
  if (profile.chargingProfileKind === "Absolute") return absoluteMs;
  const cycleMs = profile.recurrencyKind === "Weekly" ? 7 * DAY_MS : DAY_MS;
  return absoluteMs + Math.floor((atMs - absoluteMs) / cycleMs) * cycleMs;
}

/** The limit in W one profile sets at `atMs`, or null when it is not in force then. */
export function profileLimitW(
  entry: InstalledProfile,
  tx: TxContext | null,
  atMs: number,
): number | null {
  const { profile } = entry;
  if (profile.validFrom && atMs < instantMs(entry, profile.validFrom)) return null;
  if (profile.validTo && atMs >= instantMs(entry, profile.validTo)) return null;
  const schedule = profile.chargingSchedule[0];
  const elapsedS = (atMs - scheduleStartMs(entry, tx, atMs)) / 1000;
  if (elapsedS < 0) return null;
  if (schedule.duration !== undefined && elapsedS >= schedule.duration) return null;
  let period: SchedulePeriod | undefined;
  for (const p of schedule.chargingSchedulePeriod) if (p.startPeriod <= elapsedS) period = p;
  if (!period) return null;
  return schedule.chargingRateUnit === "A"
    ? ampsToWatts(period.limit, undefined, 1)
    : Math.floor(period.limit);
}

function topLimit(
  entries: readonly InstalledProfile[],
  tx: TxContext | null,
  atMs: number,
): number | null {
  let best: { level: number; evseId: number; limitW: number } | null = null;
  for (const e of entries) {
    const limitW = profileLimitW(e, tx, atMs);
    if (limitW === null) continue;
    const level = e.profile.stackLevel;
    if (!best || level > best.level || (level === best.level && e.evseId > best.evseId)) {
      best = { level, evseId: e.evseId, limitW };
    }
  }
  return best?.limitW ?? null;
}

/**
 * The limit in force on `evseId` at `atMs`: the lowest of the station maximum and the
 * transaction limit, where a TxProfile overrules the TxDefaultProfiles (K08); null if none.
 */
export function activeLimitW(
  profiles: readonly InstalledProfile[],
  options: { evseId: number; tx: TxContext | null; atMs: number },
): number | null {
  if (profiles.length === 0) return null;
  const { evseId, tx, atMs } = options;
  const of = (purpose: ChargingProfile["chargingProfilePurpose"], evseIds: number[]) =>
    profiles.filter((e) =>
      e.profile.chargingProfilePurpose === purpose && evseIds.includes(e.evseId)
    );
  const stationMax = topLimit(
    [...of("ChargingStationMaxProfile", [0]), ...of("ChargingStationExternalConstraints", [0])],
    tx,
    atMs,
  );
  const txProfiles = tx
    ? of("TxProfile", [evseId]).filter((e) =>
      e.profile.transactionId === undefined || e.profile.transactionId === tx.transactionId
    )
    : [];
  const txLimit = (tx ? topLimit(txProfiles, tx, atMs) : null) ??
    topLimit(of("TxDefaultProfile", [0, evseId]), tx, atMs);
  if (stationMax === null) return txLimit;
  return txLimit === null ? stationMax : Math.min(stationMax, txLimit);
}

/** Instants in (fromMs, toMs] where some profile's limit may change, sorted. */
export function limitBreakpoints(
  profiles: readonly InstalledProfile[],
  options: { tx: TxContext | null; fromMs: number; toMs: number },
): number[] {
  const { tx, fromMs, toMs } = options;
  const points = new Set<number>();
  const add = (t: number) => {
    if (t > fromMs && t <= toMs) points.add(t);
  };
  for (const e of profiles) {
    if (e.profile.validFrom) add(instantMs(e, e.profile.validFrom));
    if (e.profile.validTo) add(instantMs(e, e.profile.validTo));
    const schedule = e.profile.chargingSchedule[0];
    const cycleMs = e.profile.chargingProfileKind === "Recurring"
      ? (e.profile.recurrencyKind === "Weekly" ? 7 * DAY_MS : DAY_MS)
      : Infinity;
    for (let start = scheduleStartMs(e, tx, fromMs); start <= toMs; start += cycleMs) {
      for (const p of schedule.chargingSchedulePeriod) add(start + p.startPeriod * 1000);
      if (schedule.duration !== undefined) add(start + schedule.duration * 1000);
      if (cycleMs === Infinity) break;
      add(start + cycleMs);
    }
  }
  return [...points].sort((a, b) => a - b);
}

/** A composite schedule (K08 GetCompositeSchedule), periods in the requested unit. */
export interface CompositeSchedule {
  evseId: number;
  duration: number;
  scheduleStart: string;
  chargingRateUnit: "W" | "A";
  chargingSchedulePeriod: { startPeriod: number; limit: number }[];
}

/** Merges all profiles in force over `durationS` from `atMs`; the rating fills the gaps. */
export function compositeSchedule(
  profiles: readonly InstalledProfile[],
  options: {
    evseId: number;
    tx: TxContext | null;
    atMs: number;
    durationS: number;
    unit: "W" | "A";
    ratingW: number;
    /** Reports `scheduleStart` in wall-clock time (default: real time). */
    timeBase?: TimeBase;
  },
): CompositeSchedule {
  const { evseId, tx, atMs, durationS, unit, ratingW } = options;
  const toMs = atMs + durationS * 1000;
  const periods: { startPeriod: number; limit: number }[] = [];
  for (const t of [atMs, ...limitBreakpoints(profiles, { tx, fromMs: atMs, toMs: toMs - 1 })]) {
    const limitW = Math.min(ratingW, activeLimitW(profiles, { evseId, tx, atMs: t }) ?? ratingW);
    const limit = unit === "W" ? limitW : Math.floor((limitW / ampsToWatts(1)) * 10) / 10;
    if (periods.at(-1)?.limit === limit) continue;
    periods.push({ startPeriod: Math.floor((t - atMs) / 1000), limit });
  }
  return {
    evseId,
    duration: durationS,
    scheduleStart: wallIso(options.timeBase, atMs),
    chargingRateUnit: unit,
    chargingSchedulePeriod: periods,
  };
}
