/**
 * The storage contract of the managed inventory (sites and chargers): the network service in
 * network.ts calls it, plugins/persistence/network_store.ts implements it in SQL.
 */
import type { Inventory, InventoryCharger, Site } from "./inventory.ts";

/** A site as the operator manages it. */
export interface SiteRecord extends Site {
  timezone: string;
  /** When it was taken out of service; its row and history stay. */
  decommissionedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** A charger as the operator manages it. */
export interface ChargerRecord extends InventoryCharger {
  /** OCPP security profile it must connect with (0 none, 1 Basic auth, 2 TLS, 3 mutual TLS). */
  securityProfile: number;
  /** Whether a Basic-auth password hash is stored for it. */
  hasPassword: boolean;
  /** Its last BootNotification answer; absent when it never booted. */
  registrationStatus?: string;
  firstSeen?: string;
  lastSeenAt?: string;
  decommissionedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** A charger to create or the whole new state of one to update. */
export interface ChargerWrite extends InventoryCharger {
  securityProfile: number;
}

/** Where the inventory lives. Writes resolve with the stored record. */
export interface NetworkStore {
  /** Every site, decommissioned ones too, by id. */
  listSites(): Promise<SiteRecord[]>;
  getSite(siteId: string): Promise<SiteRecord | undefined>;
  /** Inserts a site, or brings a decommissioned one back; "exists" when one is in service. */
  createSite(site: Site): Promise<SiteRecord | "exists">;
  /** Replaces a site in service; undefined when there is none. */
  saveSite(site: Site): Promise<SiteRecord | undefined>;
  decommissionSite(siteId: string, atIso: string): Promise<SiteRecord | undefined>;
  /** Every charger, decommissioned ones too, by id. */
  listChargers(): Promise<ChargerRecord[]>;
  getCharger(chargerId: string): Promise<ChargerRecord | undefined>;
  /**
   * Inserts a charger, or takes over a row without a site that a connecting charger left
   * (unassigned), or brings a decommissioned one back; "exists" when one is in service on a site.
   */
  createCharger(charger: ChargerWrite): Promise<ChargerRecord | "exists">;
  /** Replaces a charger in service (inserting the row when it only connected); undefined when decommissioned. */
  saveCharger(charger: ChargerWrite): Promise<ChargerRecord | undefined>;
  decommissionCharger(chargerId: string, atIso: string): Promise<ChargerRecord | undefined>;
  /** The inventory in service: what the live view, the map, pricing and smart charging use. */
  loadInventory(): Promise<Inventory>;
}
