/**
 * Per-charger caps set through the REST API (the dashboard's power slider), read from the
 * CSMS's outgoing frames: the API sends its own profile (routes/charging_profile.ts), and the
 * site limit, which overrules it by stack level, must stay under it.
 */
import { CALL, parseFrame } from "../../actors/ocpp/frames.ts";
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import { API_POWER_LIMIT_PROFILE_ID, limitOfProfile } from "../../routes/charging_profile.ts";

/** A cap the API set: kW, and for a TxProfile the transaction it dies with. */
export interface ApiCap {
  kw: number;
  transactionId?: string;
}

/**
 * The API cap a CSMS→charger frame sets (an ApiCap), lifts (null), or leaves alone
 * (undefined). The charger's answer is not awaited: a refused cap would only make the site
 * limit lower than needed, never higher.
 */
export function apiCapFromFrame(text: string): ApiCap | null | undefined {
  // Nearly every frame is something else; skip those without parsing them.
  if (!text.includes("ChargingProfile")) return undefined;
  const parsed = parseFrame(text);
  if (!parsed.ok || parsed.frame.type !== CALL) return undefined;
  const { action, payload } = parsed.frame;
  if (action === "ClearChargingProfile") {
    return payload.chargingProfileId === API_POWER_LIMIT_PROFILE_ID ? null : undefined;
  }
  if (action !== "SetChargingProfile") return undefined;
  const request = payload as RequestOf<"SetChargingProfile">;
  if (request.chargingProfile?.id !== API_POWER_LIMIT_PROFILE_ID) return undefined;
  const limit = limitOfProfile(request);
  if (!limit) return undefined;
  return limit.transactionId === undefined
    ? { kw: limit.kw }
    : { kw: limit.kw, transactionId: limit.transactionId };
}
