/**
 * Local Authorization Lists (OCPP 2.0.1 D01–D04): the tokens a charger may authorize on its own
 * while offline. A site's list and a charger's own list name tokens; a charger's list is the
 * union of both, holding the tokens that are Accepted now (a token that is blocked, expired or
 * deleted leaves every list that holds it, in a Differential update). The CSMS remembers what
 * each charger accepted (version and entries), sends only the difference, asks
 * GetLocalListVersion after every boot and sends the whole list (Full) when the versions disagree.
 */
import type { Clock } from "../runtime/clock.ts";
import type { RequestOf, ResponseOf } from "../ocpp/schemas.ts";
import type { Bus } from "./events.ts";
import type { AnyEvent } from "./events.ts";
import type { IdTokens } from "./id_tokens.ts";
import type { Inventory } from "./inventory.ts";
import { badField } from "./network_common.ts";
import { ChargerOfflineError } from "./csms.ts";
import { listEntries, type ListEntry, type ListState, sameEntry } from "./local_list_entries.ts";
import { isoNow } from "../runtime/clock.ts";

export type { ListEntry, ListState };

/** Whose list: a site's (every charger on it) or one charger's. */
export type ListScope = "site" | "charger";

/** Where lists live (plugins/persistence/local_list_store.ts). */
export interface LocalListStore {
  members(scope: ListScope, scopeId: string): Promise<string[]>;
  setMembers(scope: ListScope, scopeId: string, idTokens: readonly string[]): Promise<void>;
  /** The chargers whose last accepted list holds `idToken`. */
  chargersHolding(idToken: string): Promise<string[]>;
  /** The scopes whose list names `idToken`. */
  scopesNaming(idToken: string): Promise<{ scope: ListScope; scopeId: string }[]>;
  state(chargerId: string): Promise<ListState | undefined>;
  saveState(state: ListState): Promise<void>;
}

/** How a sync ended. */
export interface SyncResult {
  chargerId: string;
  /** The charger's answer; `UpToDate` when nothing needed sending, `Offline`, or `Error`. */
  status: "Accepted" | "Failed" | "VersionMismatch" | "UpToDate" | "Offline" | "Error";
  updateType?: "Full" | "Differential";
  version: number;
  /** Entries sent (added, changed or removed). */
  entries: number;
}

/** A charger's list: what it should hold, what it accepted last. */
export interface ListStatus {
  chargerId: string;
  wanted: ListEntry[];
  state?: ListState;
  isInSync: boolean;
}

/** The local list service. */
export interface LocalLists {
  members(scope: ListScope, scopeId: string): Promise<string[]>;
  /** Replaces a list's tokens (each must exist) and updates the chargers it reaches. */
  setMembers(
    scope: ListScope,
    scopeId: string,
    idTokens: readonly string[],
  ): Promise<{ chargers: string[] }>;
  status(chargerId: string): Promise<ListStatus>;
  /** Brings one charger's list up to date now (Full when asked or when versions disagree). */
  sync(chargerId: string, options?: { full?: boolean }): Promise<SyncResult>;
  /** D04 after a boot: GetLocalListVersion, then a sync. */
  afterBoot(chargerId: string): Promise<SyncResult | undefined>;
  /** Resolves when no sync is queued or running (tests, shutdown). */
  idle(): Promise<void>;
}

/** Dependencies of {@link createLocalLists}. */
export interface LocalListDeps {
  store: LocalListStore;
  tokens: Pick<IdTokens, "get" | "authorize" | "onChange">;
  inventory(): Inventory;
  send<A extends "SendLocalList" | "GetLocalListVersion">(
    chargerId: string,
    action: A,
    payload: RequestOf<A>,
  ): Promise<ResponseOf<A>>;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
  /** Background updates skip chargers that are not connected (they resync after booting). */
  isConnected(chargerId: string): boolean;
  /** Subscribes to boots (resync) and inventory changes (a charger that moved site). */
  bus?: Pick<Bus, "on">;
  onError?(chargerId: string, error: unknown): void;
}

/** Where a charger's list comes from: its own list and its site's, as the inventory says. */
function listSources(deps: LocalListDeps) {
  const { store } = deps;
  const chargersOf = (scope: ListScope, scopeId: string) =>
    scope === "charger"
      ? [scopeId]
      : deps.inventory().chargers.filter((c) => c.siteId === scopeId).map((c) => c.chargerId);
  return {
    chargersOf,
    async wanted(chargerId: string): Promise<Record<string, ListEntry>> {
      const siteId = deps.inventory().chargers.find((c) => c.chargerId === chargerId)?.siteId;
      const names = new Set([
        ...await store.members("charger", chargerId),
        ...(siteId === undefined ? [] : await store.members("site", siteId)),
      ]);
      return listEntries([...names], deps.tokens, deps.clock.now());
    },
    /** Every charger whose list holds `idToken` now or should hold it. */
    async chargersFor(idToken: string): Promise<Set<string>> {
      const chargers = new Set(await store.chargersHolding(idToken));
      for (const { scope, scopeId } of await store.scopesNaming(idToken)) {
        chargersOf(scope, scopeId).forEach((id) => chargers.add(id));
      }
      return chargers;
    },
  };
}

/** D04: what the charger says it holds, then a sync (Full when that is not what we sent). */
async function checked(
  deps: LocalListDeps,
  job: { chargerId: string; full: boolean; wanted(): Promise<Record<string, ListEntry>> },
): Promise<SyncResult | undefined> {
  const { chargerId } = job;
  const state = await deps.store.state(chargerId);
  const want = await job.wanted();
  // A charger that never had a list and should hold none needs no call at all.
  if (state === undefined && Object.keys(want).length === 0) return undefined;
  const { versionNumber } = await deps.send(chargerId, "GetLocalListVersion", {});
  await deps.store.saveState({
    ...(state ?? { chargerId, version: 0, entries: {} }),
    chargerVersion: versionNumber,
  });
  const full = job.full || state === undefined || versionNumber !== state.version;
  return await syncOne(deps, { chargerId, full, wanted: () => Promise.resolve(want) });
}

/** Keeps lists current: token changes, boots, reconnects after a missed change, moved chargers. */
function subscribe(
  deps: LocalListDeps,
  sync: { background(chargerId: string): void; afterBoot(chargerId: string): void },
  sources: ReturnType<typeof listSources>,
  stale: Set<string>,
): void {
  const report = reporter(deps);
  deps.tokens.onChange((idToken) =>
    void sources.chargersFor(idToken).then((ids) => ids.forEach(sync.background))
      .catch(report(idToken))
  );
  deps.bus?.on("station.booted", (e) => {
    stale.delete(e.chargerId);
    if (e.status === "Accepted") sync.afterBoot(e.chargerId);
  }, { name: "local-lists", scope: "node" });
  // B04: a charger that reconnects without booting is asked too, if it missed a change.
  deps.bus?.on("station.connected", (e) => {
    if (stale.delete(e.chargerId)) sync.afterBoot(e.chargerId);
  }, { name: "local-lists", scope: "node" });
  deps.bus?.on("inventory.changed", (e) => {
    if (e.kind === "charger" && e.chargerId !== undefined) sync.background(e.chargerId);
  }, { name: "local-lists", scope: "node" });
}

/** Reports a background failure about a charger (or a token) instead of throwing it. */
function reporter(deps: LocalListDeps) {
  return (id: string) => (error: unknown) => deps.onError?.(id, error);
}

/** What a charger's list should hold, what it accepted, and whether the two agree. */
async function listStatus(
  store: LocalListStore,
  sources: ReturnType<typeof listSources>,
  chargerId: string,
): Promise<ListStatus> {
  const [want, state] = await Promise.all([sources.wanted(chargerId), store.state(chargerId)]);
  const sent = state?.entries ?? {};
  const isInSync = state !== undefined && Object.keys(want).length === Object.keys(sent).length &&
    Object.values(want).every((entry) => sameEntry(entry, sent[entry.idToken]));
  return { chargerId, wanted: Object.values(want), ...(state && { state }), isInSync };
}

/** Builds the service. */
export function createLocalLists(deps: LocalListDeps): LocalLists {
  const { store } = deps;
  const queue = createSyncQueue();
  const sources = listSources(deps);
  /** Chargers that missed an update while away: resynced when they connect again. */
  const stale = new Set<string>();
  const run = async (chargerId: string, job: Job) => {
    const wanted = () => sources.wanted(chargerId);
    const result = await queue.run(
      chargerId,
      job,
      (final) =>
        final.checkVersion
          ? checked(deps, { chargerId, full: final.full, wanted })
          : syncOne(deps, { chargerId, full: final.full, wanted }),
    );
    if (result?.status === "Offline" || result?.status === "Error") stale.add(chargerId);
    return result;
  };
  const report = reporter(deps);
  /** Schedules a sync of a connected charger, reporting (not throwing) its failure. */
  const background = (chargerId: string) => {
    if (!deps.isConnected(chargerId)) return void stale.add(chargerId);
    void run(chargerId, { full: false, checkVersion: false }).catch(report(chargerId));
  };
  const afterBoot = (chargerId: string) => run(chargerId, { full: false, checkVersion: true });
  subscribe(
    deps,
    {
      background,
      afterBoot: (id) => void afterBoot(id).catch(report(id)),
    },
    sources,
    stale,
  );
  return {
    members: (scope, scopeId) => store.members(scope, scopeId),
    async setMembers(scope, scopeId, idTokens) {
      const missing = idTokens.find((idToken) => deps.tokens.get(idToken) === undefined);
      if (missing !== undefined) throw badField("idTokens", `no ID token ${missing}`);
      await store.setMembers(scope, scopeId, [...new Set(idTokens)]);
      const chargers = sources.chargersOf(scope, scopeId);
      chargers.forEach(background);
      return { chargers };
    },
    status: (chargerId) => listStatus(store, sources, chargerId),
    sync: (chargerId, options = {}) =>
      run(chargerId, { full: options.full ?? false, checkVersion: false }) as Promise<SyncResult>,
    afterBoot,
    idle: () => queue.idle(),
  };
}

/** What a queued sync must do: send everything, and ask the charger's version first. */
interface Job {
  full: boolean;
  checkVersion: boolean;
}

type Result = SyncResult | undefined;

/**
 * One queue per charger: at most one sync runs and one more waits; later asks join the waiting
 * one (adding what they need), so a burst of changes costs one SendLocalList.
 */
function createSyncQueue() {
  const tails = new Map<string, Promise<unknown>>();
  const waiting = new Map<string, Job & { promise: Promise<Result> }>();
  return {
    run(chargerId: string, job: Job, sync: (job: Job) => Promise<Result>): Promise<Result> {
      const queued = waiting.get(chargerId);
      if (queued) {
        queued.full ||= job.full;
        queued.checkVersion ||= job.checkVersion;
        return queued.promise;
      }
      const tail = tails.get(chargerId) ?? Promise.resolve();
      const entry = { ...job, promise: Promise.resolve() as Promise<Result> };
      entry.promise = tail.then(() => {
        waiting.delete(chargerId);
        return sync(entry);
      });
      waiting.set(chargerId, entry);
      const promise = entry.promise;
      const settled = promise.catch(() => undefined).finally(() => {
        if (tails.get(chargerId) === settled) tails.delete(chargerId);
      });
      tails.set(chargerId, settled);
      return promise;
    },
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.all(tails.values());
    },
  };
}

/** Sends what a charger's list lacks: Full when asked or out of step, else the difference. */
async function syncOne(
  deps: LocalListDeps,
  job: { chargerId: string; full: boolean; wanted(): Promise<Record<string, ListEntry>> },
): Promise<SyncResult> {
  const { chargerId } = job;
  const [want, state] = await Promise.all([job.wanted(), deps.store.state(chargerId)]);
  const base: ListState = state ?? { chargerId, version: 0, entries: {} };
  const isOutOfStep = base.chargerVersion !== undefined && base.chargerVersion !== base.version;
  const isFull = job.full || isOutOfStep || state === undefined;
  const changes = isFull ? Object.values(want) : difference(base.entries, want);
  if (!job.full && !isOutOfStep && changes.length === 0) {
    return { chargerId, status: "UpToDate", version: base.version, entries: 0 };
  }
  const updateType = isFull ? "Full" : "Differential";
  const result = await sendList(deps, {
    chargerId,
    updateType,
    version: base.version + 1,
    changes,
  });
  if (result.status === "Accepted") {
    await deps.store.saveState({
      chargerId,
      version: result.version,
      entries: want,
      chargerVersion: result.version,
      lastStatus: "Accepted",
      syncedAt: isoNow(deps.clock),
    });
  } else if (result.status === "VersionMismatch" && !isFull) {
    // D02: the charger's version is not the one we expected: start over with the whole list.
    return await syncOne(deps, { ...job, full: true });
  } else if (result.status !== "Offline") {
    await deps.store.saveState({ ...base, lastStatus: result.status });
  }
  return result;
}

/** The entries to add or change, and the tokens to remove (no idTokenInfo), as OCPP sends them. */
function difference(
  sent: Readonly<Record<string, ListEntry>>,
  want: Readonly<Record<string, ListEntry>>,
): (ListEntry | { idToken: string; type: ListEntry["type"]; remove: true })[] {
  const changed = Object.values(want).filter((entry) => !sameEntry(entry, sent[entry.idToken]));
  const removed = Object.values(sent).filter((entry) => !(entry.idToken in want))
    .map((entry) => ({ idToken: entry.idToken, type: entry.type, remove: true as const }));
  return [...changed, ...removed];
}

async function sendList(
  deps: LocalListDeps,
  message: {
    chargerId: string;
    updateType: "Full" | "Differential";
    version: number;
    changes: ReturnType<typeof difference>;
  },
): Promise<SyncResult> {
  const { chargerId, updateType, version, changes } = message;
  const list = changes.map((entry) =>
    "remove" in entry ? { idToken: { idToken: entry.idToken, type: entry.type } } : {
      idToken: { idToken: entry.idToken, type: entry.type },
      idTokenInfo: {
        status: entry.status,
        ...(entry.cacheExpiryDateTime && { cacheExpiryDateTime: entry.cacheExpiryDateTime }),
        ...(entry.groupIdToken && {
          groupIdToken: { idToken: entry.groupIdToken, type: "Central" as const },
        }),
      },
    }
  );
  let status: SyncResult["status"];
  try {
    const answer = await deps.send(chargerId, "SendLocalList", {
      versionNumber: version,
      updateType,
      ...(list.length > 0 && { localAuthorizationList: list }),
    });
    status = answer.status;
  } catch (error) {
    status = error instanceof ChargerOfflineError ? "Offline" : "Error";
    if (status === "Error") deps.onError?.(chargerId, error);
  }
  const at = isoNow(deps.clock);
  deps.emit({
    type: "local-list.sent",
    payload: { chargerId, version, updateType, status, entries: list.length, at },
  });
  return { chargerId, status, updateType, version, entries: list.length };
}
