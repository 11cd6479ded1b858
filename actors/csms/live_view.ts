/**
 * The live per-charger view behind the map and the REST API: the charger inventory (fleet
 * file or database) folded with bus events into status, power, limit and running transaction.
 * `applyEvent` decides (pure); `createLiveView` keeps the map and subscribes to the bus.
 */
import type { Unsubscribe } from "../runtime/bus.ts";
import type { Bus } from "./events.ts";
import type { AnyEvent, ConnectorStatus, EventType, TamnaEvents } from "./events.ts";
import {
  isClearedBy,
  limitOfProfile,
  lowestLimit,
  type PowerLimit,
} from "../ocpp/profile_limit.ts";
import type { RequestOf } from "../ocpp/schemas.ts";
import type { Inventory, InventoryCharger, Site } from "./inventory.ts";

export type { PowerLimit };
export type { Inventory, InventoryCharger, Site };

/** A charger's status as the map colours it. */
export type MapStatus =
  | "available"
  | "charging"
  | "occupied"
  | "reserved"
  | "faulted"
  | "offline"
  | "unavailable";

/** The reservation holding a charger (H01), while it is Active. */
export interface LiveReservation {
  reservationId: number;
  idToken: string;
  evseId?: number;
  expiresAt: string;
}

/** A transaction while it runs. Energy comes from the meter registers, never from summed power. */
export interface LiveTransaction {
  transactionId: string;
  evseId?: number;
  connectorId?: number;
  idToken?: string;
  /** The charger's timestamp of the Started event; undefined when it was not seen. */
  startedAt?: string;
  meterStartWh?: number;
  lastEnergyWh?: number;
  chargingState?: string;
  /** The running cost the pricing hooks decided, whole KRW (none without pricing). */
  costKrw?: number;
}

/** What the CSMS knows of one charger right now. */
export interface ChargerView {
  chargerId: string;
  siteId?: string;
  model?: string;
  vendor?: string;
  maxPowerKw?: number;
  lat?: number;
  lng?: number;
  /** EVSEs and connectors as the inventory describes them. */
  evses?: InventoryCharger["evses"];
  isConnected: boolean;
  registration?: "Accepted" | "Pending" | "Rejected";
  /** Last reported status per `evseId/connectorId`. */
  connectors: Readonly<Record<string, ConnectorStatus>>;
  /** Latest active power per EVSE, W. */
  powerWByEvse: Readonly<Record<string, number>>;
  /** Tx and TxDefault profile limits the charger accepted and that are still in force. */
  powerLimits: readonly PowerLimit[];
  /** The lowest of `powerLimits`: what the charger may draw now. */
  powerLimit?: PowerLimit;
  /** Running transactions, oldest first. */
  transactions: readonly LiveTransaction[];
  /** The Active reservation, if one holds the charger. */
  reservation?: LiveReservation;
  lastSeen?: string;
}

/** The events the view folds. */
export const VIEW_EVENTS = [
  "station.connected",
  "station.disconnected",
  "station.booted",
  "station.heartbeat",
  "status.changed",
  "transaction.started",
  "transaction.updated",
  "transaction.ended",
  "transaction.costed",
  "meter.sampled",
  "command.answered",
  "reservation.changed",
] as const satisfies readonly EventType[];

/** A charger as the inventory describes it, not connected yet. */
export function chargerFromInventory(charger: InventoryCharger): ChargerView {
  return {
    ...charger,
    isConnected: false,
    connectors: {},
    powerWByEvse: {},
    powerLimits: [],
    transactions: [],
  };
}

function withTx(
  view: ChargerView,
  transactionId: string,
  update: (tx: LiveTransaction | undefined) => LiveTransaction,
): ChargerView {
  const old = view.transactions.find((t) => t.transactionId === transactionId);
  const next = update(old);
  return {
    ...view,
    transactions: old
      ? view.transactions.map((t) => t === old ? next : t)
      : [...view.transactions, next],
  };
}

function endTx(view: ChargerView, transactionId: string): ChargerView {
  const tx = view.transactions.find((t) => t.transactionId === transactionId);
  // A TxProfile ends with its transaction (OCPP 2.0.1 K01: TxProfile is valid for one transaction).
  const limits = view.powerLimits.filter((l) =>
    !(l.purpose === "TxProfile" && l.transactionId === transactionId)
  );
  return {
    ...withLimits(view, limits),
    transactions: view.transactions.filter((t) => t !== tx),
    powerWByEvse: tx?.evseId === undefined
      ? view.powerWByEvse
      : { ...view.powerWByEvse, [tx.evseId]: 0 },
  };
}

function withLimits(view: ChargerView, powerLimits: readonly PowerLimit[]): ChargerView {
  return { ...view, powerLimits, powerLimit: lowestLimit(powerLimits) };
}

/** K01/K10: an accepted SetChargingProfile adds (or replaces) a limit; a clear removes them. */
function applyAnswer(view: ChargerView, answer: TamnaEvents["command.answered"]): ChargerView {
  const status = answer.response?.status;
  if (answer.action === "SetChargingProfile" && status === "Accepted") {
    const limit = limitOfProfile(answer.request as RequestOf<"SetChargingProfile">);
    if (!limit) return view;
    return withLimits(view, [
      ...view.powerLimits.filter((l) => l.profileId !== limit.profileId),
      limit,
    ]);
  }
  if (answer.action === "ClearChargingProfile" && status !== undefined) {
    const request = answer.request as RequestOf<"ClearChargingProfile">;
    return withLimits(view, view.powerLimits.filter((l) => !isClearedBy(l, request)));
  }
  return view;
}

/**
 * Folds one bus event into a charger's view. `view` is undefined for a charger not in the
 * inventory; events about other chargers or of other types leave the view as it is.
 */
export function applyEvent(
  view: ChargerView | undefined,
  event: AnyEvent,
): ChargerView | undefined {
  if (!(VIEW_EVENTS as readonly string[]).includes(event.type)) return view;
  const payload = event.payload as { chargerId: string; at: string };
  const base = view ?? chargerFromInventory({ chargerId: payload.chargerId });
  const seen: ChargerView = { ...base, lastSeen: payload.at };
  switch (event.type) {
    case "station.connected":
      return { ...seen, isConnected: true };
    case "station.disconnected":
      return { ...seen, isConnected: false, powerWByEvse: {} };
    case "station.booted": {
      const { model, vendorName, status } = event.payload;
      return { ...seen, model, vendor: vendorName, registration: status };
    }
    case "status.changed": {
      const { evseId, connectorId, status } = event.payload;
      return { ...seen, connectors: { ...seen.connectors, [`${evseId}/${connectorId}`]: status } };
    }
    case "transaction.started": {
      const p = event.payload;
      return withTx(seen, p.transactionId, (old) => ({
        ...old,
        transactionId: p.transactionId,
        evseId: p.evseId ?? old?.evseId,
        connectorId: p.connectorId ?? old?.connectorId,
        idToken: p.idToken ?? old?.idToken,
        startedAt: p.timestamp,
        meterStartWh: p.meterStartWh ?? old?.meterStartWh,
        lastEnergyWh: old?.lastEnergyWh ?? p.meterStartWh,
      }));
    }
    case "transaction.updated": {
      // Power is taken from the meter.sampled events the same TransactionEvent produces.
      const p = event.payload;
      // An Ended is followed by transaction.ended; an event after it must not bring it back.
      if (p.isEnded) return seen;
      return withTx(seen, p.transactionId, (old) => ({
        ...old,
        transactionId: p.transactionId,
        meterStartWh: p.meterStartWh ?? old?.meterStartWh,
        lastEnergyWh: p.energyWh ?? old?.lastEnergyWh,
        chargingState: p.chargingState ?? old?.chargingState,
      }));
    }
    case "transaction.ended":
      return endTx(seen, event.payload.transactionId);
    case "transaction.costed": {
      const p = event.payload;
      const isRunning = seen.transactions.some((t) => t.transactionId === p.transactionId);
      if (p.isFinal || !isRunning) return seen;
      return withTx(seen, p.transactionId, (old) => ({ ...old!, costKrw: p.costKrw }));
    }
    case "meter.sampled": {
      const { evseId, transactionId, reading } = event.payload;
      const isRunning = seen.transactions.some((t) => t.transactionId === transactionId);
      const next = transactionId !== undefined && isRunning && reading.energyWh !== undefined
        ? withTx(seen, transactionId, (old) => ({ ...old!, lastEnergyWh: reading.energyWh }))
        : seen;
      return reading.powerW === undefined
        ? next
        : { ...next, powerWByEvse: { ...next.powerWByEvse, [evseId]: reading.powerW } };
    }
    case "command.answered":
      return applyAnswer(base, event.payload);
    case "reservation.changed": {
      // The CSMS's own record, not news from the charger: lastSeen stays.
      const { reservationId, idToken, evseId, expiresAt, status } = event.payload;
      if (status === "Active") {
        return { ...base, reservation: { reservationId, idToken, evseId, expiresAt } };
      }
      if (base.reservation?.reservationId !== reservationId) return base;
      const { reservation: _, ...rest } = base;
      return rest;
    }
    default:
      return seen; // station.heartbeat
  }
}

/**
 * The map colour: offline, faulted, charging (a transaction runs), occupied (plugged in, no
 * transaction), reserved (a connector Reserved, or an Active reservation), available, unavailable.
 */
export function mapStatus(view: ChargerView): MapStatus {
  if (!view.isConnected) return "offline";
  const statuses = Object.values(view.connectors);
  if (statuses.includes("Faulted")) return "faulted";
  if (view.transactions.length > 0) return "charging";
  // Plugged in without a running transaction: waiting to start, or done and not unplugged yet.
  if (statuses.includes("Occupied")) return "occupied";
  if (statuses.includes("Reserved") || view.reservation !== undefined) return "reserved";
  if (statuses.length === 0 || statuses.includes("Available")) return "available";
  return "unavailable"; // every connector Unavailable
}

/** Active power now, kW (sum over EVSEs; 0 when offline). */
export function powerKw(view: ChargerView): number {
  if (!view.isConnected) return 0;
  const totalW = Object.values(view.powerWByEvse).reduce((sum, w) => sum + w, 0);
  return Math.round(totalW) / 1000;
}

/** Energy so far of a running transaction, whole Wh (register now minus register at start). */
export function energySoFarWh(tx: LiveTransaction): number {
  if (tx.meterStartWh === undefined || tx.lastEnergyWh === undefined) return 0;
  return Math.max(0, Math.round(tx.lastEnergyWh - tx.meterStartWh));
}

/** The live view of every charger. */
export interface LiveView {
  list(): ChargerView[];
  get(chargerId: string): ChargerView | undefined;
  sites(): Site[];
  /** The inventory last set, as it was given (the same object until the next set). */
  inventory(): Inventory;
  /**
   * Replaces the inventory (sites and chargers in service); live state of chargers is kept. A
   * charger that left it stays in the view without a site (unassigned) if it was ever seen,
   * and is dropped if not.
   */
  setInventory(inventory: Inventory): void;
  /** Folds an event by hand (the bus subscription does this for bus events). */
  apply(event: AnyEvent): void;
  /** Unsubscribes from the bus. */
  close(): void;
}

/** A charger's live view without what the inventory said of it (site, place, rating, EVSEs). */
function withoutInventory(view: ChargerView): ChargerView {
  const { siteId: _s, lat: _a, lng: _n, maxPowerKw: _m, evses: _e, ...live } = view;
  return live;
}

/** The inventory's facts over a charger's live state; what it reported at boot wins. */
function merged(old: ChargerView, charger: InventoryCharger): ChargerView {
  const known = Object.fromEntries(
    Object.entries(charger).filter(([, value]) => value !== undefined),
  );
  const reported = old.registration ? { model: old.model, vendor: old.vendor } : {};
  return { ...withoutInventory(old), ...known, ...reported };
}

/** Builds the view over `inventory`, fed by `bus` when given. */
export function createLiveView(
  options: { bus?: Pick<Bus, "on">; inventory?: Inventory } = {},
): LiveView {
  const chargers = new Map<string, ChargerView>();
  const sites = new Map<string, Site>();
  let inventory: Inventory = { sites: [], chargers: [] };
  const unsubscribes: Unsubscribe[] = [];
  const apply = (event: AnyEvent) => {
    const chargerId = (event.payload as { chargerId?: string }).chargerId;
    if (chargerId === undefined) return;
    const next = applyEvent(chargers.get(chargerId), event);
    if (next) chargers.set(chargerId, next);
  };
  const view: LiveView = {
    list: () => [...chargers.values()].sort((a, b) => a.chargerId.localeCompare(b.chargerId)),
    get: (chargerId) => chargers.get(chargerId),
    sites: () => [...sites.values()],
    inventory: () => inventory,
    setInventory(next) {
      const listed = new Set(next.chargers.map((c) => c.chargerId));
      for (const old of inventory.chargers) {
        const live = chargers.get(old.chargerId);
        if (!live || listed.has(old.chargerId)) continue;
        if (live.lastSeen === undefined) chargers.delete(old.chargerId);
        else chargers.set(old.chargerId, withoutInventory(live));
      }
      inventory = next;
      sites.clear();
      for (const site of next.sites) sites.set(site.siteId, site);
      for (const charger of next.chargers) {
        const old = chargers.get(charger.chargerId);
        chargers.set(charger.chargerId, old ? merged(old, charger) : chargerFromInventory(charger));
      }
    },
    apply,
    close: () => unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe()),
  };
  if (options.inventory) view.setInventory(options.inventory);
  for (const type of options.bus ? VIEW_EVENTS : []) {
    const handler = (payload: unknown) => apply({ type, payload } as AnyEvent);
    unsubscribes.push(options.bus!.on(type, handler, { name: "live-view" }));
  }
  return view;
}
