/** SetChargingProfile, ClearChargingProfile, GetChargingProfiles and GetCompositeSchedule (K01, K08–K10), pure. */
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import {
  checkProfile,
  clearProfiles,
  compositeSchedule,
  installProfile,
} from "./charging_profiles.ts";
import { type ChargerState, type Effect, EVSE_ID, type InboundCall } from "./station_state.ts";
import { refreshLimit, txContextOf } from "./transactions.ts";

const EVSE_IDS = [EVSE_ID];

type Handler = (s: ChargerState, fx: Effect[], call: InboundCall) => ChargerState;

function reply(fx: Effect[], call: InboundCall, payload: Record<string, unknown>): void {
  fx.push({ kind: "reply", id: call.id, payload });
}

/** Handles a smart charging CALL, or returns null when `call` is not one. */
export function handleSmartCharging(
  s: ChargerState,
  fx: Effect[],
  call: InboundCall,
): ChargerState | null {
  const handler = Object.hasOwn(HANDLERS, call.action) ? HANDLERS[call.action] : undefined;
  return handler ? handler(s, fx, call) : null;
}

/** K01: installs a profile, a TxProfile on the running transaction. */
function setChargingProfile(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const r = call.payload as RequestOf<"SetChargingProfile">;
  const tx = txContextOf(s);
  const problem = checkProfile(r.evseId, r.chargingProfile, { evseIds: EVSE_IDS, tx });
  if (problem) {
    reply(fx, call, {
      status: "Rejected",
      statusInfo: { reasonCode: "InvalidProfile", additionalInfo: problem },
    });
    return s;
  }
  reply(fx, call, { status: "Accepted" });
  const profile = r.chargingProfile.chargingProfilePurpose === "TxProfile" && tx
    ? { ...r.chargingProfile, transactionId: tx.transactionId }
    : r.chargingProfile;
  const profiles = installProfile(s.profiles, {
    evseId: r.evseId,
    profile,
    installedAtMs: call.nowMs,
    timeBase: s.config.timeBase,
  });
  return refreshLimit({ ...s, profiles }, call.nowMs);
}

/** K10: removes the profiles the criteria name. */
function clearChargingProfile(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const r = call.payload as RequestOf<"ClearChargingProfile">;
  const result = clearProfiles(s.profiles, {
    chargingProfileId: r.chargingProfileId,
    ...r.chargingProfileCriteria,
  });
  reply(fx, call, { status: result.cleared ? "Accepted" : "Unknown" });
  return result.cleared ? refreshLimit({ ...s, profiles: result.profiles }, call.nowMs) : s;
}

/** K08: the schedule the installed profiles make together over the asked duration. */
function getCompositeSchedule(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const r = call.payload as RequestOf<"GetCompositeSchedule">;
  if ((r.evseId !== 0 && r.evseId !== EVSE_ID) || r.duration <= 0) {
    reply(fx, call, { status: "Rejected" });
    return s;
  }
  const schedule = compositeSchedule(s.profiles, {
    evseId: r.evseId,
    tx: txContextOf(s),
    atMs: call.nowMs,
    durationS: r.duration,
    unit: r.chargingRateUnit ?? "W",
    ratingW: s.config.maxPowerW,
    timeBase: s.config.timeBase,
  });
  reply(fx, call, { status: "Accepted", schedule });
  return s;
}

function getChargingProfiles(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const r = call.payload as RequestOf<"GetChargingProfiles">;
  const c = r.chargingProfile;
  const matching = s.profiles.filter((e) =>
    (r.evseId === undefined || e.evseId === r.evseId) &&
    (c.chargingProfilePurpose === undefined ||
      e.profile.chargingProfilePurpose === c.chargingProfilePurpose) &&
    (c.stackLevel === undefined || e.profile.stackLevel === c.stackLevel) &&
    (c.chargingProfileId === undefined || c.chargingProfileId.includes(e.profile.id)) &&
    (c.chargingLimitSource === undefined || c.chargingLimitSource.includes("CSO"))
  );
  if (matching.length === 0) {
    reply(fx, call, { status: "NoProfiles" });
    return s;
  }
  reply(fx, call, { status: "Accepted" });
  const evseIds = [...new Set(matching.map((e) => e.evseId))];
  evseIds.forEach((evseId, i) => {
    fx.push({
      kind: "call",
      action: "ReportChargingProfiles",
      payload: {
        requestId: r.requestId,
        chargingLimitSource: "CSO",
        evseId,
        chargingProfile: matching.filter((e) => e.evseId === evseId).map((e) => e.profile),
        tbc: i < evseIds.length - 1,
      },
    });
  });
  return s;
}

const HANDLERS: Record<string, Handler> = {
  SetChargingProfile: setChargingProfile,
  ClearChargingProfile: clearChargingProfile,
  GetCompositeSchedule: getCompositeSchedule,
  GetChargingProfiles: getChargingProfiles,
};
