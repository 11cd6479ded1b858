/**
 * The idTokenInfo of an Authorize answer (C01) and of a TransactionEvent answer (E01/E05), from
 * the station's `authorize` setting: a bare status, or a status with a group token and expiry.
 */
import type { IdTokenType, ResponseOf } from "../ocpp/schemas.ts";
import type { AuthorizationInfo, StationConfig } from "./state.ts";

type IdTokenInfo = ResponseOf<"Authorize">["idTokenInfo"];

/** What `config.authorize` says of `idToken` at `nowMs`, as OCPP's IdTokenInfo. */
export function idTokenInfo(
  config: Pick<StationConfig, "authorize">,
  idToken: Pick<IdTokenType, "idToken" | "type">,
  nowMs: number,
): IdTokenInfo {
  const result = config.authorize(idToken.idToken, { type: idToken.type, nowMs });
  const info: AuthorizationInfo = typeof result === "string" ? { status: result } : result;
  return {
    status: info.status,
    ...(info.cacheExpiryDateTime !== undefined &&
      { cacheExpiryDateTime: info.cacheExpiryDateTime }),
    ...(info.groupIdToken !== undefined && { groupIdToken: info.groupIdToken }),
  };
}
