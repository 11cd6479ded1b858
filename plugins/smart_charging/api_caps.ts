/**
 * Per-charger caps set through the REST API (the dashboard's power slider), read from the
 * chargers' answers to the CSMS's commands: the API sends its own profile
 * (routes/charging_profile.ts), and the site limit, which overrules it by stack level, must
 * stay under it.
 */
import type { TamnaEvents } from "../../actors/csms/events.ts";
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import { API_POWER_LIMIT_PROFILE_ID, limitOfProfile } from "../../actors/csms/charging_profile.ts";

/** A cap the API set: kW, and for a TxProfile the transaction it dies with. */
export interface ApiCap {
  kw: number;
  transactionId?: string;
}

/**
 * The API cap an answered command set (an ApiCap), lifted (null), or left alone (undefined).
 * Only an accepted SetChargingProfile of the API's profile sets one; a ClearChargingProfile of
 * it lifts it whatever the answer (Accepted: cleared; Unknown: there was none).
 */
export function apiCapFromAnswer(
  answer: TamnaEvents["command.answered"],
): ApiCap | null | undefined {
  const status = answer.response?.status;
  if (answer.action === "ClearChargingProfile") {
    const request = answer.request as RequestOf<"ClearChargingProfile">;
    const isOurs = request.chargingProfileId === API_POWER_LIMIT_PROFILE_ID;
    return isOurs && status !== undefined ? null : undefined;
  }
  if (answer.action !== "SetChargingProfile" || status !== "Accepted") return undefined;
  const request = answer.request as RequestOf<"SetChargingProfile">;
  if (request.chargingProfile?.id !== API_POWER_LIMIT_PROFILE_ID) return undefined;
  const limit = limitOfProfile(request);
  if (!limit) return undefined;
  return limit.transactionId === undefined
    ? { kw: limit.kw }
    : { kw: limit.kw, transactionId: limit.transactionId };
}
