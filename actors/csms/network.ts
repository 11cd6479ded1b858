/**
 * The managed inventory: sites and chargers created, changed and decommissioned while the CSMS
 * runs. Every change is stored first, then the live view gets a new inventory object (the map,
 * smart charging and pricing follow it at once) and `inventory.changed` goes on the bus.
 */
import type { Clock } from "../runtime/clock.ts";
import type { AnyEvent, TamnaEvents } from "./events.ts";
import type { InventoryCharger, Site } from "./inventory.ts";
import type { LiveView } from "./live_view.ts";
import {
  applyChanges,
  badField,
  type Changes,
  conflict,
  createWriteQueue,
  NetworkError,
  unknown,
} from "./network_common.ts";
import type { ChargerRecord, ChargerWrite, NetworkStore, SiteRecord } from "./network_store.ts";
import { isoNow } from "../runtime/clock.ts";

export type { ChargerRecord, SiteRecord };

/** What may change on a site. */
export type SiteChanges = Changes<Omit<Site, "siteId">>;

/** A charger to add; it goes on a site. */
export interface ChargerInput extends InventoryCharger {
  siteId: string;
  securityProfile?: number;
}

/** What may change on a charger (a site: placing an unassigned charger). */
export type ChargerChanges = Changes<Omit<ChargerWrite, "chargerId">>;

/** A charger the CSMS has seen that belongs to no site. */
export interface UnassignedCharger {
  chargerId: string;
  isConnected: boolean;
  model?: string;
  vendor?: string;
  lastSeen?: string;
  lat?: number;
  lng?: number;
}

/** The inventory service. Refusals reject with {@link NetworkError}. */
export interface Network {
  sites(): Promise<SiteRecord[]>;
  site(siteId: string): Promise<SiteRecord>;
  createSite(site: Site): Promise<SiteRecord>;
  updateSite(siteId: string, changes: SiteChanges): Promise<SiteRecord>;
  /** Takes a site out of service; refused while chargers are in service on it. */
  decommissionSite(siteId: string): Promise<SiteRecord>;
  chargers(): Promise<ChargerRecord[]>;
  charger(chargerId: string): Promise<ChargerRecord>;
  createCharger(charger: ChargerInput): Promise<ChargerRecord>;
  updateCharger(chargerId: string, changes: ChargerChanges): Promise<ChargerRecord>;
  decommissionCharger(chargerId: string): Promise<ChargerRecord>;
  /** Chargers that connected (or were stored) without a site, for the operator to place. */
  unassigned(): UnassignedCharger[];
  /** Reads the inventory again and hands it to the live view. */
  refresh(): Promise<void>;
}

/** Dependencies of {@link createNetwork}. */
export interface NetworkDeps {
  store: NetworkStore;
  view: LiveView;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
}

function siteOf(record: SiteRecord): Site {
  const { decommissionedAt: _d, createdAt: _c, updatedAt: _u, ...site } = record;
  return site;
}

function chargerOf(record: ChargerRecord): ChargerWrite {
  const {
    hasPassword: _p,
    registrationStatus: _r,
    firstSeen: _f,
    lastSeenAt: _l,
    decommissionedAt: _d,
    createdAt: _c,
    updatedAt: _u,
    ...charger
  } = record;
  return charger;
}

/** Both coordinates or neither: a charger or site with half a position cannot be drawn. */
function checkPosition(place: { lat?: number; lng?: number }): void {
  if ((place.lat === undefined) !== (place.lng === undefined)) {
    const missing = place.lat === undefined ? "lat" : "lng";
    throw badField(missing, "lat and lng go together");
  }
}

/** What the site and charger operations share. */
interface Ops {
  store: NetworkStore;
  view: LiveView;
  /** Runs a write after the ones before it; then the view gets the new inventory. */
  write<T>(change: () => Promise<T>): Promise<T>;
  announce(change: Omit<TamnaEvents["inventory.changed"], "at">): void;
  nowIso(): string;
  siteInService(siteId: string): Promise<SiteRecord>;
}

function siteOps(ops: Ops): Pick<Network, "sites" | "site" | "createSite" | "updateSite"> {
  const { store, write, announce } = ops;
  return {
    sites: () => store.listSites(),
    async site(siteId) {
      const site = await store.getSite(siteId);
      if (!site) throw unknown(`site ${siteId}`);
      return site;
    },
    createSite: (site) =>
      write(async () => {
        checkPosition(site);
        const created = await store.createSite(site);
        if (created === "exists") throw conflict(`Site ${site.siteId} already exists`);
        announce({ kind: "site", siteId: site.siteId, change: "created" });
        return created;
      }),
    updateSite: (siteId, changes) =>
      write(async () => {
        const old = await store.getSite(siteId);
        if (!old) throw unknown(`site ${siteId}`);
        const next = applyChanges(siteOf(old), changes);
        checkPosition(next);
        const saved = old.decommissionedAt === undefined ? await store.saveSite(next) : undefined;
        if (!saved) throw conflict(`Site ${siteId} is decommissioned`);
        announce({ kind: "site", siteId, change: "updated" });
        return saved;
      }),
  };
}

/** Takes a site out of service; refused while chargers are in service on it. */
function decommissionSite(ops: Ops, siteId: string): Promise<SiteRecord> {
  return ops.write(async () => {
    const old = await ops.store.getSite(siteId);
    if (!old) throw unknown(`site ${siteId}`);
    if (old.decommissionedAt !== undefined) return old;
    const onIt = (await ops.store.listChargers())
      .filter((c) => c.siteId === siteId && c.decommissionedAt === undefined)
      .map((c) => c.chargerId);
    if (onIt.length > 0) {
      throw conflict(
        `Site ${siteId} still has ${onIt.length} charger(s) in service ` +
          `(${onIt.slice(0, 3).join(", ")}…): move or decommission them first`,
      );
    }
    const done = (await ops.store.decommissionSite(siteId, ops.nowIso()))!;
    ops.announce({ kind: "site", siteId, change: "decommissioned" });
    return done;
  });
}

/** A charger on a site without its own position stands at the site's. */
async function placed(ops: Ops, charger: ChargerWrite): Promise<ChargerWrite> {
  checkPosition(charger);
  if (charger.siteId === undefined || charger.lat !== undefined) return charger;
  const site = await ops.siteInService(charger.siteId);
  return site.lat === undefined ? charger : { ...charger, lat: site.lat, lng: site.lng };
}

/** The charger, unless decommissioned (409); undefined when only the live view knows it. */
async function chargerInService(ops: Ops, chargerId: string) {
  const charger = await ops.store.getCharger(chargerId);
  if (charger?.decommissionedAt !== undefined) {
    throw conflict(`Charger ${chargerId} is decommissioned: add it again with POST /chargers`);
  }
  if (!charger && ops.view.get(chargerId)?.lastSeen === undefined) {
    throw unknown(`charger ${chargerId}`);
  }
  return charger;
}

function chargerOps(ops: Ops): Pick<Network, "createCharger" | "updateCharger"> {
  const { store, write, announce } = ops;
  return {
    createCharger: (input) =>
      write(async () => {
        await ops.siteInService(input.siteId);
        const charger = await placed(ops, {
          ...input,
          securityProfile: input.securityProfile ?? 0,
        });
        const created = await store.createCharger(charger);
        if (created === "exists") throw conflict(`Charger ${input.chargerId} already exists`);
        const { chargerId, siteId } = input;
        announce({ kind: "charger", chargerId, siteId, change: "created" });
        return created;
      }),
    updateCharger: (chargerId, changes) =>
      write(async () => {
        const old = await chargerInService(ops, chargerId);
        const base: ChargerWrite = old ? chargerOf(old) : { chargerId, securityProfile: 0 };
        if (changes.siteId) await ops.siteInService(changes.siteId);
        const saved = await store.saveCharger(await placed(ops, applyChanges(base, changes)));
        if (!saved) throw conflict(`Charger ${chargerId} is decommissioned`);
        announce({ kind: "charger", chargerId, siteId: saved.siteId, change: "updated" });
        return saved;
      }),
  };
}

function decommissionCharger(ops: Ops, chargerId: string): Promise<ChargerRecord> {
  return ops.write(async () => {
    const old = await ops.store.getCharger(chargerId);
    if (!old) throw unknown(`charger ${chargerId}`);
    if (old.decommissionedAt !== undefined) return old;
    const done = (await ops.store.decommissionCharger(chargerId, ops.nowIso()))!;
    ops.announce({ kind: "charger", chargerId, siteId: old.siteId, change: "decommissioned" });
    return done;
  });
}

function unassigned(view: LiveView): UnassignedCharger[] {
  return view.list().filter((v) => v.siteId === undefined).map((v) => ({
    chargerId: v.chargerId,
    isConnected: v.isConnected,
    ...(v.model !== undefined && { model: v.model }),
    ...(v.vendor !== undefined && { vendor: v.vendor }),
    ...(v.lastSeen !== undefined && { lastSeen: v.lastSeen }),
    ...(v.lat !== undefined && { lat: v.lat, lng: v.lng }),
  }));
}

/** Builds the service over `store`, feeding `view`. */
export function createNetwork(deps: NetworkDeps): Network {
  const { store, view } = deps;
  const queue = createWriteQueue();
  const nowIso = () => isoNow(deps.clock);
  const refresh = async () => view.setInventory(await store.loadInventory());
  // Announced once stored and handed to the view, so a listener reads the new inventory.
  let announced: TamnaEvents["inventory.changed"][] = [];
  const ops: Ops = {
    store,
    view,
    nowIso,
    write: (change) =>
      queue(async () => {
        try {
          const result = await change();
          await refresh();
          for (const payload of announced) deps.emit({ type: "inventory.changed", payload });
          return result;
        } finally {
          announced = [];
        }
      }),
    announce: (change) => void announced.push({ ...change, at: nowIso() }),
    async siteInService(siteId) {
      const site = await store.getSite(siteId);
      if (!site || site.decommissionedAt !== undefined) {
        throw badField("siteId", `no site ${siteId} in service`);
      }
      return site;
    },
  };
  return {
    ...siteOps(ops),
    decommissionSite: (siteId) => decommissionSite(ops, siteId),
    ...chargerOps(ops),
    chargers: () => store.listChargers(),
    async charger(chargerId) {
      const charger = await store.getCharger(chargerId);
      if (!charger) throw unknown(`charger ${chargerId}`);
      return charger;
    },
    decommissionCharger: (chargerId) => decommissionCharger(ops, chargerId),
    unassigned: () => unassigned(view),
    refresh,
  };
}

export { NetworkError };
