/**
 * The station's Local Authorization List (OCPP 2.0.1 D01–D04), pure: SendLocalList Full replaces
 * it, Differential adds, changes (an entry with idTokenInfo) or removes (one without) entries and
 * must carry a higher version; GetLocalListVersion reports the version (0: no list). While
 * offline, a token in the list is authorized by its listed status (C13). The list survives
 * reconnects and reboots, as a charger's flash memory would keep it.
 */
import type { RequestOf, ResponseOf } from "../../actors/ocpp/schemas.ts";
import { boolSetting } from "./device_model.ts";
import type { ChargerState, Effect, InboundCall } from "./station_state.ts";
import { settingsOf } from "./transactions.ts";
import type { ListedToken, LocalList } from "./local_list_state.ts";

type Request = RequestOf<"SendLocalList">;

function applied(list: LocalList, request: Request): LocalList {
  const entries: Record<string, ListedToken> = request.updateType === "Full" ? {} : {
    ...list.entries,
  };
  for (const item of request.localAuthorizationList ?? []) {
    if (item.idTokenInfo === undefined) {
      delete entries[item.idToken.idToken];
      continue;
    }
    entries[item.idToken.idToken] = {
      type: item.idToken.type,
      status: item.idTokenInfo.status,
      ...(item.idTokenInfo.cacheExpiryDateTime !== undefined &&
        { cacheExpiryDateTime: item.idTokenInfo.cacheExpiryDateTime }),
    };
  }
  return { version: request.versionNumber, entries };
}

/** D01/D02: the station's answer to SendLocalList and its list after it. */
export function sendLocalList(
  s: ChargerState,
  request: Request,
): { state: ChargerState; response: ResponseOf<"SendLocalList"> } {
  if (!boolSetting(settingsOf(s), "LocalAuthListCtrlr", "Enabled")) {
    return { state: s, response: { status: "Failed", statusInfo: { reasonCode: "Disabled" } } };
  }
  if (request.versionNumber <= 0) {
    const info = { reasonCode: "InvalidValue", additionalInfo: "versionNumber must be above 0" };
    return { state: s, response: { status: "Failed", statusInfo: info } };
  }
  if (request.updateType === "Differential" && request.versionNumber <= s.localList.version) {
    return { state: s, response: { status: "VersionMismatch" } };
  }
  return {
    state: { ...s, localList: applied(s.localList, request) },
    response: { status: "Accepted" },
  };
}

/** What the list says of `idToken` at `nowMs` (an expired entry says Expired), if it holds it. */
export function listedStatus(s: ChargerState, idToken: string, nowMs: number): string | undefined {
  if (!boolSetting(settingsOf(s), "LocalAuthListCtrlr", "Enabled")) return undefined;
  const entry = s.localList.entries[idToken];
  if (!entry) return undefined;
  const expiry = entry.cacheExpiryDateTime ? Date.parse(entry.cacheExpiryDateTime) : Infinity;
  return entry.status === "Accepted" && expiry <= nowMs ? "Expired" : entry.status;
}

/**
 * C12/C13 while offline: a listed token is authorized only when Accepted; an unlisted one when
 * AuthCtrlr.OfflineTxForUnknownIdEnabled is true. Needs AuthCtrlr.LocalAuthorizeOffline.
 */
export function isAuthorizedOffline(s: ChargerState, idToken: string, nowMs: number): boolean {
  const settings = settingsOf(s);
  if (!boolSetting(settings, "AuthCtrlr", "LocalAuthorizeOffline")) return false;
  const listed = listedStatus(s, idToken, nowMs);
  if (listed !== undefined) return listed === "Accepted";
  return boolSetting(settings, "AuthCtrlr", "OfflineTxForUnknownIdEnabled");
}

function reply(fx: Effect[], call: InboundCall, payload: Record<string, unknown>): void {
  fx.push({ kind: "reply", id: call.id, payload });
}

/** The CSMS's list calls, and CostUpdated (I02: the running cost shown to the driver). */
export const LIST_HANDLERS = {
  SendLocalList(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
    const { state, response } = sendLocalList(s, call.payload as Request);
    reply(fx, call, response);
    return state;
  },
  GetLocalListVersion(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
    const isEnabled = boolSetting(settingsOf(s), "LocalAuthListCtrlr", "Enabled");
    reply(fx, call, { versionNumber: isEnabled ? s.localList.version : 0 });
    return s;
  },
  CostUpdated(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
    const { totalCost, transactionId } = call.payload as RequestOf<"CostUpdated">;
    reply(fx, call, {});
    fx.push({ kind: "emit", event: { type: "cost", transactionId, totalCost } });
    if (s.tx?.transactionId !== transactionId) return s;
    return { ...s, tx: { ...s.tx, totalCost } };
  },
};
