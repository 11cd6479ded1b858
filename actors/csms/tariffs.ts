/**
 * Managed tariffs: per site, or per charger (which wins over its site's), with versions that are
 * never edited in place. A change adds a version; a session keeps the version it started with
 * (stored with the transaction), so a new price never rewrites past costs. Every tariff is kept
 * in memory, because the pricing hook runs inside the charger actor's pure transition.
 */
import type { Clock } from "../runtime/clock.ts";
import type { AnyEvent } from "./events.ts";
import type { Inventory } from "./inventory.ts";
import { badField, conflict, createWriteQueue, unknown } from "./network_common.ts";
import { TariffPrices, utcOffsetMinutes } from "./tariff_prices.ts";
import { isoNow } from "../runtime/clock.ts";

export { TariffPrices };

/** One version of a tariff's prices. */
export interface TariffVersion extends TariffPrices {
  tariffId: string;
  version: number;
  createdAt: string;
}

/** A tariff: where it applies and its current version. */
export interface Tariff {
  tariffId: string;
  /** The site it prices (a `station_id`), or… */
  siteId?: string;
  /** …the one charger it prices. */
  chargerId?: string;
  name?: string;
  /** The current version; sessions starting now are priced by it. */
  version: number;
  retiredAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** A tariff with its current prices. */
export interface TariffWithPrices extends Tariff {
  prices: TariffPrices;
}

/** A session a tariff priced, for "which sessions did this price". */
export interface PricedSession {
  transactionId: string;
  chargerId: string;
  siteId?: string;
  tariffVersion: number;
  startedAt?: string;
  endedAt?: string;
  energyWh?: number;
  costKrw?: number;
}

/** The prices that apply to a session, pinned by tariff id and version. */
export interface PricedTariff {
  tariffId: string;
  version: number;
  prices: TariffPrices;
  /** The site's offset from UTC when the session started, minutes (for time-of-use hours). */
  utcOffsetMinutes: number;
}

/** What the pricing plugin asks: synchronous, from memory. */
export interface TariffLookup {
  /** The tariff in force for `chargerId` at `atMs` (its own, else its site's); undefined: none. */
  forCharger(chargerId: string, atMs: number): PricedTariff | undefined;
  /** One version, for a session that was pinned to it (e.g. before a CSMS restart). */
  pinned(
    ref: { tariffId: string; version: number },
    chargerId: string,
    atMs: number,
  ): PricedTariff | undefined;
}

/** Where tariffs live (plugins/persistence/tariff_store.ts). */
export interface TariffStore {
  /** Every tariff and every version. */
  load(): Promise<{ tariffs: Tariff[]; versions: TariffVersion[] }>;
  /** Inserts a tariff with its version 1; "exists" when the id or the scope is taken. */
  create(
    tariff: Omit<Tariff, "version" | "createdAt" | "updatedAt">,
    prices: TariffPrices,
  ): Promise<
    { tariff: Tariff; version: TariffVersion } | "exists"
  >;
  /** Adds version `version` (the next one) and makes it current. */
  addVersion(
    tariffId: string,
    change: { version: number; name?: string; prices: TariffPrices },
  ): Promise<{ tariff: Tariff; version: TariffVersion }>;
  retire(tariffId: string, atIso: string): Promise<Tariff>;
  sessions(
    tariffId: string,
    options: { version?: number; limit: number },
  ): Promise<PricedSession[]>;
}

/** A new tariff. */
export interface TariffInput extends Partial<TariffPrices> {
  tariffId?: string;
  siteId?: string;
  chargerId?: string;
  name?: string;
}

/** The tariff service: the lookup pricing uses, and the operator's changes. */
export interface Tariffs extends TariffLookup {
  load(): Promise<void>;
  list(options?: { includeRetired?: boolean }): TariffWithPrices[];
  get(tariffId: string): TariffWithPrices & { versions: TariffVersion[] };
  create(input: TariffInput): Promise<TariffWithPrices>;
  /** Adds a version with `changes` over the current prices; sessions already running keep theirs. */
  update(
    tariffId: string,
    changes: Partial<TariffPrices> & { name?: string },
  ): Promise<TariffWithPrices>;
  retire(tariffId: string): Promise<TariffWithPrices>;
  sessions(
    tariffId: string,
    options?: { version?: number; limit?: number },
  ): Promise<PricedSession[]>;
}

const key = (tariffId: string, version: number) => `${tariffId}\u0000${version}`;

function pricesOf(version: TariffVersion): TariffPrices {
  const { tariffId: _t, version: _v, createdAt: _c, ...prices } = version;
  return prices;
}

/** The in-memory tariffs and their lookup over the inventory (which charger is on which site). */
/** Each charger's site and each site's time zone, by id, once per inventory object. */
const indexes = new WeakMap<
  Inventory,
  { siteOf: Map<string, string>; zoneOf: Map<string, string> }
>();

function indexOf(inventory: Inventory) {
  let index = indexes.get(inventory);
  if (!index) {
    index = {
      siteOf: new Map(inventory.chargers.flatMap((c) => c.siteId ? [[c.chargerId, c.siteId]] : [])),
      zoneOf: new Map(inventory.sites.flatMap((s) => s.timezone ? [[s.siteId, s.timezone]] : [])),
    };
    indexes.set(inventory, index);
  }
  return index;
}

/** The UTC offset at `atMs` of the time zone of the charger's site (Asia/Seoul by default). */
function offsetAt(inventory: Inventory, chargerId: string, atMs: number): number {
  const index = indexOf(inventory);
  const siteId = index.siteOf.get(chargerId);
  const zone = (siteId && index.zoneOf.get(siteId)) ?? "Asia/Seoul";
  return utcOffsetMinutes(zone, atMs);
}

function createTariffBook(inventory: () => Inventory) {
  const tariffs = new Map<string, Tariff>();
  const versions = new Map<string, TariffVersion>();
  const priced = (tariff: Tariff, version: number, chargerId: string, atMs: number) => {
    const found = versions.get(key(tariff.tariffId, version));
    if (!found) return undefined;
    return {
      tariffId: tariff.tariffId,
      version,
      prices: pricesOf(found),
      utcOffsetMinutes: offsetAt(inventory(), chargerId, atMs),
    };
  };
  const active = (match: (t: Tariff) => boolean) =>
    [...tariffs.values()].find((t) => t.retiredAt === undefined && match(t));
  const withPrices = (tariff: Tariff): TariffWithPrices => ({
    ...tariff,
    prices: pricesOf(versions.get(key(tariff.tariffId, tariff.version))!),
  });
  const lookup: TariffLookup = {
    forCharger(chargerId, atMs) {
      if (tariffs.size === 0) return undefined; // no managed tariff: the config's prices
      const siteId = indexOf(inventory()).siteOf.get(chargerId);
      const tariff = active((t) => t.chargerId === chargerId) ??
        (siteId === undefined ? undefined : active((t) => t.siteId === siteId && !t.chargerId));
      return tariff && priced(tariff, tariff.version, chargerId, atMs);
    },
    pinned(ref, chargerId, atMs) {
      const tariff = tariffs.get(ref.tariffId);
      return tariff && priced(tariff, ref.version, chargerId, atMs);
    },
  };
  return {
    tariffs,
    versions,
    lookup,
    active,
    withPrices,
    existing(tariffId: string): Tariff {
      const tariff = tariffs.get(tariffId);
      if (!tariff) throw unknown(`tariff ${tariffId}`);
      return tariff;
    },
    /** Keeps a tariff (and a new version of it). */
    keep(tariff: Tariff, version?: TariffVersion): void {
      tariffs.set(tariff.tariffId, tariff);
      if (version) versions.set(key(tariff.tariffId, version.version), version);
    },
    list: (includeRetired: boolean) =>
      [...tariffs.values()].filter((t) => includeRetired || t.retiredAt === undefined)
        .sort((a, b) => a.tariffId.localeCompare(b.tariffId)).map(withPrices),
    versionsOf: (tariffId: string) =>
      [...versions.values()].filter((v) => v.tariffId === tariffId)
        .sort((a, b) => a.version - b.version),
  };
}

/** Builds the service over `store`; `inventory` tells which site each charger is on. */
export function createTariffs(deps: {
  store: TariffStore;
  inventory(): Inventory;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
}): Tariffs {
  const book = createTariffBook(deps.inventory);
  const write = createWriteQueue();
  const at = () => isoNow(deps.clock);
  const keep = (saved: { tariff: Tariff; version?: TariffVersion }, change: TariffChange) => {
    book.keep(saved.tariff, saved.version);
    const { tariffId, version, siteId, chargerId } = saved.tariff;
    deps.emit({
      type: "tariff.changed",
      payload: { tariffId, version, siteId, chargerId, change, at: at() },
    });
    return book.withPrices(saved.tariff);
  };
  return {
    ...book.lookup,
    async load() {
      const loaded = await deps.store.load();
      book.tariffs.clear();
      book.versions.clear();
      for (const tariff of loaded.tariffs) book.keep(tariff);
      for (const v of loaded.versions) book.versions.set(key(v.tariffId, v.version), v);
    },
    list: (options = {}) => book.list(options.includeRetired ?? false),
    get: (tariffId) => ({
      ...book.withPrices(book.existing(tariffId)),
      versions: book.versionsOf(tariffId),
    }),
    create: (input) => write(async () => keep(await createTariff(deps, book, input), "created")),
    update: (tariffId, changes) =>
      write(async () => keep(await addVersion(deps.store, book, { tariffId, changes }), "updated")),
    retire: (tariffId) =>
      write(async () => {
        const tariff = book.existing(tariffId);
        if (tariff.retiredAt !== undefined) return book.withPrices(tariff);
        return keep({ tariff: await deps.store.retire(tariffId, at()) }, "retired");
      }),
    sessions(tariffId, options = {}) {
      book.existing(tariffId);
      return deps.store.sessions(tariffId, {
        version: options.version,
        limit: options.limit ?? 100,
      });
    },
  };
}

type TariffChange = "created" | "updated" | "retired";

/** Stores the next version: the current prices with `changes` over them. */
async function addVersion(
  store: TariffStore,
  book: ReturnType<typeof createTariffBook>,
  change: { tariffId: string; changes: Partial<TariffPrices> & { name?: string } },
): Promise<{ tariff: Tariff; version: TariffVersion }> {
  const tariff = book.existing(change.tariffId);
  if (tariff.retiredAt !== undefined) throw conflict(`Tariff ${tariff.tariffId} is retired`);
  const { name, ...priceChanges } = change.changes;
  const prices = TariffPrices.parse({ ...book.withPrices(tariff).prices, ...priceChanges });
  return await store.addVersion(tariff.tariffId, {
    version: tariff.version + 1,
    name: name ?? tariff.name,
    prices,
  });
}

/** Checks where a new tariff applies and stores it with its first version. */
async function createTariff(
  deps: { store: TariffStore; inventory(): Inventory },
  book: ReturnType<typeof createTariffBook>,
  input: TariffInput,
): Promise<{ tariff: Tariff; version: TariffVersion }> {
  const { tariffId: givenId, siteId, chargerId, name, ...priceInput } = input;
  if ((siteId === undefined) === (chargerId === undefined)) {
    throw badField(
      siteId === undefined ? "siteId" : "chargerId",
      "give station_id or charger_id, not both",
    );
  }
  const inv = deps.inventory();
  if (siteId !== undefined && !inv.sites.some((s) => s.siteId === siteId)) {
    throw badField("siteId", `no site ${siteId} in service`);
  }
  if (chargerId !== undefined && !inv.chargers.some((c) => c.chargerId === chargerId)) {
    throw badField("chargerId", `no charger ${chargerId} in service`);
  }
  const taken = book.active((t) =>
    chargerId !== undefined ? t.chargerId === chargerId : t.siteId === siteId && !t.chargerId
  );
  if (taken) {
    throw conflict(
      `${taken.tariffId} already prices ${chargerId ?? siteId}: change it (PATCH) or retire it`,
    );
  }
  const tariffId = givenId ?? freeId(book.tariffs, `${chargerId ?? siteId}-tariff`);
  const created = await deps.store.create(
    { tariffId, siteId, chargerId, ...(name !== undefined && { name }) },
    TariffPrices.parse(priceInput),
  );
  if (created === "exists") throw conflict(`Tariff ${tariffId} already exists`);
  return created;
}

function freeId(tariffs: ReadonlyMap<string, Tariff>, base: string): string {
  if (!tariffs.has(base)) return base;
  for (let n = 2;; n++) if (!tariffs.has(`${base}-${n}`)) return `${base}-${n}`;
}
