/**
 * ID tokens as managed data: who may charge. The database holds them; every token is kept in
 * memory too, because Authorize is answered inside the charger actor's pure transition (no I/O),
 * and a change through this service replaces the cached record at once. A token the database
 * does not know falls back to tamna.json's allow/deny lists and default.
 */
import { z } from "zod";
import type { Clock } from "../runtime/clock.ts";
import { IdTokenEnumType } from "../ocpp/schemas.ts";
import type { AuthorizationInfo, AuthorizationStatus } from "../station/state.ts";
import type { AnyEvent, TamnaEvents } from "./events.ts";
import {
  applyChanges,
  type Changes,
  conflict,
  createWriteQueue,
  unknown,
} from "./network_common.ts";
import { isoNow } from "../runtime/clock.ts";

/** What the operator can set a token to. */
export const TokenStatus = z.enum(["Accepted", "Blocked", "Expired", "Invalid"]);
export type TokenStatus = z.infer<typeof TokenStatus>;

/** A token as written: OCPP's idToken value (at most 36 characters) and type, and its state. */
export const IdTokenWrite = z.strictObject({
  idToken: z.string().min(1).max(36).regex(/^[\x21-\x7e]+$/, "must be printable ASCII, no spaces"),
  type: IdTokenEnumType.default("ISO14443"),
  status: TokenStatus.default("Accepted"),
  /** After this instant Authorize answers Expired. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  /** The group token (OCPP groupIdToken, type Central); a Blocked group blocks its members. */
  groupIdToken: z.string().min(1).max(36).optional(),
  note: z.string().max(500).optional(),
});
export type IdTokenWrite = z.infer<typeof IdTokenWrite>;

/** A stored token. */
export interface IdTokenRecord extends IdTokenWrite {
  createdAt: string;
  updatedAt: string;
}

/** Where tokens live (plugins/persistence/id_token_store.ts). */
export interface IdTokenStore {
  list(): Promise<IdTokenRecord[]>;
  /** Inserts; "exists" when the value is taken. */
  create(token: IdTokenWrite): Promise<IdTokenRecord | "exists">;
  /** Replaces an existing token; undefined when there is none. */
  save(token: IdTokenWrite): Promise<IdTokenRecord | undefined>;
  delete(idToken: string): Promise<boolean>;
  /** Inserts or replaces every token in one transaction. */
  upsertAll(tokens: readonly IdTokenWrite[]): Promise<IdTokenRecord[]>;
}

/** The config's simple rule for tokens the database does not know (tamna.json). */
export type FallbackAuthorizer = (idToken: string) => AuthorizationStatus;

/** A search of the tokens. */
export interface TokenQuery {
  /** Substring of the value, the group or the note, case-insensitive. */
  q?: string;
  status?: TokenStatus;
  limit?: number;
  offset?: number;
}

/** The token service. */
export interface IdTokens {
  /** Loads every token into memory; call once at start. */
  load(): Promise<void>;
  /** C01/E01: the answer for `idToken` at `nowMs` (synchronous, from memory). */
  authorize(idToken: string, context?: { nowMs: number }): AuthorizationInfo;
  list(query?: TokenQuery): { total: number; tokens: IdTokenRecord[] };
  get(idToken: string): IdTokenRecord | undefined;
  /** Adds a token; type ISO14443 and status Accepted unless given. */
  create(token: z.input<typeof IdTokenWrite>): Promise<IdTokenRecord>;
  /** Changes some fields; null clears expiry, group or note. */
  update(idToken: string, changes: Changes<Omit<IdTokenWrite, "idToken">>): Promise<IdTokenRecord>;
  delete(idToken: string): Promise<IdTokenRecord>;
  /** Inserts or replaces all of them at once (CSV import). */
  importAll(tokens: readonly IdTokenWrite[]): Promise<{ created: number; updated: number }>;
  /** Called after a token changed, with its value (the local lists follow). */
  onChange(listener: (idToken: string) => void): void;
}

/** The answer for a token record at `nowMs`, its group's record considered. */
export function authorizeRecord(
  record: IdTokenRecord,
  group: IdTokenRecord | undefined,
  nowMs: number,
): AuthorizationInfo {
  const groupIdToken = record.groupIdToken === undefined
    ? undefined
    : { idToken: record.groupIdToken, type: "Central" as const };
  const extra = groupIdToken ? { groupIdToken } : {};
  if (record.status !== "Accepted") return { status: record.status, ...extra };
  if (group !== undefined && group.status === "Blocked") return { status: "Blocked", ...extra };
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= nowMs) {
    return { status: "Expired", ...extra };
  }
  return {
    status: "Accepted",
    ...extra,
    ...(record.expiresAt !== undefined && {
      cacheExpiryDateTime: new Date(record.expiresAt).toISOString(),
    }),
  };
}

function matches(record: IdTokenRecord, query: TokenQuery): boolean {
  if (query.status !== undefined && record.status !== query.status) return false;
  if (!query.q) return true;
  const needle = query.q.toLowerCase();
  return [record.idToken, record.groupIdToken, record.note].some((text) =>
    text?.toLowerCase().includes(needle)
  );
}

/** Dependencies of {@link createIdTokens}. */
interface TokenDeps {
  store: IdTokenStore;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
  fallback: FallbackAuthorizer;
}

/** The cache and what every change does: keep it, announce it, tell the listeners. */
function tokenCache(deps: TokenDeps) {
  const cache = new Map<string, IdTokenRecord>();
  const listeners: ((idToken: string) => void)[] = [];
  const announce = (payload: Omit<TamnaEvents["id-token.changed"], "at">) =>
    deps.emit({
      type: "id-token.changed",
      payload: { ...payload, at: isoNow(deps.clock) },
    });
  return {
    cache,
    listeners,
    announce,
    existing(idToken: string): IdTokenRecord {
      const record = cache.get(idToken);
      if (!record) throw unknown(`ID token ${idToken}`);
      return record;
    },
    changed: (idToken: string) => listeners.forEach((listener) => listener(idToken)),
  };
}

/** The writes: stored first, then cached, announced and passed to the listeners. */
function tokenWrites(
  deps: TokenDeps,
  tokens: ReturnType<typeof tokenCache>,
): Pick<IdTokens, "create" | "update" | "delete" | "importAll"> {
  const write = createWriteQueue();
  const { cache, announce, changed } = tokens;
  const stored = (record: IdTokenRecord, change: "created" | "updated") => {
    cache.set(record.idToken, record);
    announce({ idToken: record.idToken, status: record.status, change });
    changed(record.idToken);
    return record;
  };
  return {
    create: (token) =>
      write(async () => {
        const created = await deps.store.create(IdTokenWrite.parse(token));
        if (created === "exists") throw conflict(`ID token ${token.idToken} already exists`);
        return stored(created, "created");
      }),
    update: (idToken, changes) =>
      write(async () => {
        const { createdAt: _c, updatedAt: _u, ...base } = tokens.existing(idToken);
        const next = applyChanges(base, changes);
        const saved = await deps.store.save(IdTokenWrite.parse({ ...next, idToken }));
        if (!saved) throw unknown(`ID token ${idToken}`);
        return stored(saved, "updated");
      }),
    delete: (idToken) =>
      write(async () => {
        const old = tokens.existing(idToken);
        await deps.store.delete(idToken);
        cache.delete(idToken);
        announce({ idToken, status: old.status, change: "deleted" });
        changed(idToken);
        return old;
      }),
    importAll: (list) =>
      write(async () => {
        const saved = await deps.store.upsertAll(list);
        const created = saved.filter((r) => !cache.has(r.idToken)).length;
        for (const record of saved) cache.set(record.idToken, record);
        announce({ change: "imported", count: saved.length });
        saved.forEach((record) => changed(record.idToken));
        return { created, updated: saved.length - created };
      }),
  };
}

/** Builds the service; `fallback` answers tokens the database does not hold. */
export function createIdTokens(deps: TokenDeps): IdTokens {
  const tokens = tokenCache(deps);
  const { cache } = tokens;
  return {
    async load() {
      // Read first, then swap: a reload (another node of a cluster changed a token) must not
      // leave Authorize an empty cache while the query runs.
      const records = await deps.store.list();
      cache.clear();
      for (const record of records) cache.set(record.idToken, record);
    },
    authorize(idToken, context) {
      const record = cache.get(idToken);
      if (!record) return { status: deps.fallback(idToken) };
      const group = record.groupIdToken === undefined ? undefined : cache.get(record.groupIdToken);
      return authorizeRecord(record, group, context?.nowMs ?? deps.clock.now());
    },
    list(query = {}) {
      const all = [...cache.values()].filter((r) => matches(r, query))
        .sort((a, b) => a.idToken.localeCompare(b.idToken));
      const offset = query.offset ?? 0;
      return { total: all.length, tokens: all.slice(offset, offset + (query.limit ?? 100)) };
    },
    get: (idToken) => cache.get(idToken),
    ...tokenWrites(deps, tokens),
    onChange: (listener) => void tokens.listeners.push(listener),
  };
}
