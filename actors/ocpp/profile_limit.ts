/**
 * The power limit a SetChargingProfile puts in force right away, and what a ClearChargingProfile
 * removes (OCPP 2.0.1 K01, K10), for live views of what each charger may draw.
 */
import type { RequestOf } from "./schemas.ts";

/** A power limit a charger accepted through SetChargingProfile. */
export interface PowerLimit {
  kw: number;
  purpose: "TxProfile" | "TxDefaultProfile";
  /** The profile's id, so a ClearChargingProfile can remove exactly it. */
  profileId: number;
  stackLevel: number;
  /** For a TxProfile: the transaction it dies with. */
  transactionId?: string;
}

/**
 * The limit a Tx or TxDefault profile sets right away (first period, in W); undefined for other
 * purposes, amps (the voltage is unknown here) or a first period that starts later.
 */
export function limitOfProfile(request: RequestOf<"SetChargingProfile">): PowerLimit | undefined {
  const profile = request.chargingProfile;
  const purpose = profile.chargingProfilePurpose;
  if (purpose !== "TxProfile" && purpose !== "TxDefaultProfile") return undefined;
  const schedule = profile.chargingSchedule[0];
  const first = schedule.chargingSchedulePeriod[0];
  if (schedule.chargingRateUnit !== "W" || first.startPeriod !== 0) return undefined;
  return {
    kw: first.limit / 1000,
    purpose,
    profileId: profile.id,
    stackLevel: profile.stackLevel,
    ...(profile.transactionId !== undefined ? { transactionId: profile.transactionId } : {}),
  };
}

/** Whether a ClearChargingProfile request removes `limit` (by id, or by its criteria). */
export function isClearedBy(
  limit: PowerLimit,
  request: RequestOf<"ClearChargingProfile">,
): boolean {
  if (request.chargingProfileId !== undefined) return request.chargingProfileId === limit.profileId;
  const criteria = request.chargingProfileCriteria;
  if (!criteria) return true;
  return (criteria.chargingProfilePurpose === undefined ||
    criteria.chargingProfilePurpose === limit.purpose) &&
    (criteria.stackLevel === undefined || criteria.stackLevel === limit.stackLevel);
}

/** The limit in force among several: the lowest. */
export function lowestLimit(limits: readonly PowerLimit[]): PowerLimit | undefined {
  return limits.reduce<PowerLimit | undefined>(
    (low, l) => !low || l.kw < low.kw ? l : low,
    undefined,
  );
}
