/**
 * Builds the SetChargingProfile that caps a charger's power (OCPP 2.0.1 K01), and reads a
 * limit back from one. Shared by the REST control route and the smart-charging plugin.
 */
import type { RequestOf } from "../ocpp/schemas.ts";

/**
 * The profile id the API uses on every charger. It is stable, so a new limit replaces the old
 * one (K01.FR.05) and clear_power_limit removes exactly it.
 */
export const API_POWER_LIMIT_PROFILE_ID = 4_201;

/** Stack level of the API's limit; above the default 0 so it wins over a plain default profile. */
export const API_POWER_LIMIT_STACK_LEVEL = 1;

/** What to cap. */
export interface PowerLimitOptions {
  powerKw: number;
  /** A running transaction: the limit is a TxProfile for it (it ends with the transaction). */
  transactionId?: string;
  /** The EVSE; for a TxProfile the transaction's EVSE, else 0 (the whole station). */
  evseId?: number;
  profileId?: number;
  stackLevel?: number;
}

/**
 * A SetChargingProfile request capping power at `powerKw`: a TxProfile when a transaction
 * runs, else a TxDefaultProfile; Relative (from the transaction's start), one period in W.
 */
export function powerLimitRequest(options: PowerLimitOptions): RequestOf<"SetChargingProfile"> {
  if (!(options.powerKw > 0)) {
    throw new RangeError(`power limit must be above 0 kW, got ${options.powerKw}`);
  }
  const isTx = options.transactionId !== undefined;
  const profileId = options.profileId ?? API_POWER_LIMIT_PROFILE_ID;
  return {
    evseId: options.evseId ?? (isTx ? 1 : 0),
    chargingProfile: {
      id: profileId,
      stackLevel: options.stackLevel ?? API_POWER_LIMIT_STACK_LEVEL,
      chargingProfilePurpose: isTx ? "TxProfile" : "TxDefaultProfile",
      chargingProfileKind: "Relative",
      ...(isTx ? { transactionId: options.transactionId } : {}),
      chargingSchedule: [{
        id: profileId,
        chargingRateUnit: "W",
        chargingSchedulePeriod: [{ startPeriod: 0, limit: Math.round(options.powerKw * 1000) }],
      }],
    },
  };
}

/** The ClearChargingProfile that removes the API's limit. */
export function clearPowerLimitRequest(
  profileId: number = API_POWER_LIMIT_PROFILE_ID,
): RequestOf<"ClearChargingProfile"> {
  return { chargingProfileId: profileId };
}

/** Re-exported: the live view and the smart-charging plugin read limits the same way. */
export { limitOfProfile } from "../ocpp/profile_limit.ts";
