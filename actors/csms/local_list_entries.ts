/** The entries of a Local Authorization List (D01): what each token's idTokenInfo says. */
import type { IdTokenEnumType } from "../ocpp/schemas.ts";
import type { IdTokens } from "./id_tokens.ts";

/** One token in a charger's list (only Accepted tokens are listed). */
export interface ListEntry {
  idToken: string;
  type: IdTokenEnumType;
  status: "Accepted";
  cacheExpiryDateTime?: string;
  groupIdToken?: string;
}

/** What the CSMS knows of one charger's list. */
export interface ListState {
  chargerId: string;
  /** The version the charger last accepted (0: never). */
  version: number;
  /** The entries it holds since then, by token. */
  entries: Record<string, ListEntry>;
  /** The version it reported in its last GetLocalListVersion answer. */
  chargerVersion?: number;
  /** Its last answer to SendLocalList. */
  lastStatus?: string;
  syncedAt?: string;
}

/** The entries for `idTokens` that are Accepted at `nowMs` (unknown, blocked, expired: none). */
export function listEntries(
  idTokens: readonly string[],
  tokens: Pick<IdTokens, "get" | "authorize">,
  nowMs: number,
): Record<string, ListEntry> {
  const out: Record<string, ListEntry> = {};
  for (const idToken of [...idTokens].sort()) {
    const record = tokens.get(idToken);
    if (!record) continue;
    const info = tokens.authorize(idToken, { nowMs });
    if (info.status !== "Accepted") continue;
    out[idToken] = {
      idToken,
      type: record.type,
      status: "Accepted",
      ...(info.cacheExpiryDateTime !== undefined &&
        { cacheExpiryDateTime: info.cacheExpiryDateTime }),
      ...(info.groupIdToken !== undefined && { groupIdToken: info.groupIdToken.idToken }),
    };
  }
  return out;
}

/** Whether a charger holding `sent` has what `entry` says. */
export function sameEntry(entry: ListEntry, sent: ListEntry | undefined): boolean {
  return sent !== undefined && sent.type === entry.type && sent.status === entry.status &&
    sent.cacheExpiryDateTime === entry.cacheExpiryDateTime &&
    sent.groupIdToken === entry.groupIdToken;
}
