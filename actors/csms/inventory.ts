/**
 * The network the CSMS manages: sites and the chargers placed on them. The database holds it;
 * a seed file (the Emart Jeju installation by default) fills an empty database at first start
 * and serves runs without a database. The simulator's fleet files are not read here.
 */
import { z } from "zod";
import { ConnectorEnumType } from "../ocpp/schemas.ts";
import emartJeju from "./seed/emart_jeju.json" with { type: "json" };

/** A site: one grid connection with chargers (a "station" in the REST API and the database). */
export const Site = z.strictObject({
  siteId: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  nameKo: z.string().max(200).optional(),
  address: z.string().max(500),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  /** The grid connection's capacity, kW; a site without one is not load-managed. */
  gridCapacityKw: z.number().positive().optional(),
  /** IANA time zone of the site (time-of-use prices use its local time); Asia/Seoul if absent. */
  timezone: z.string().refine(isTimeZone, "must be an IANA time zone such as Asia/Seoul")
    .optional(),
});
export type Site = z.infer<typeof Site>;

/** Whether `name` is a time zone this runtime knows (an IANA name such as `Asia/Seoul`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return name.length > 0;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** One connector of an EVSE: its plug type and the most it can deliver. */
export const ConnectorSpec = z.strictObject({
  connectorId: z.number().int().min(1).max(100),
  type: ConnectorEnumType,
  maxPowerKw: z.number().positive().max(2_000).optional(),
});
export type ConnectorSpec = z.infer<typeof ConnectorSpec>;

/** One EVSE of a charger (OCPP 2.0.1: evseId from 1) and its connectors. */
export const EvseSpec = z.strictObject({
  evseId: z.number().int().min(1).max(100),
  connectors: z.array(ConnectorSpec).min(1).max(10),
});
export type EvseSpec = z.infer<typeof EvseSpec>;

/** A charger of the inventory, known before it ever connects. */
export const InventoryCharger = z.strictObject({
  /** The charger's OCPP identity. */
  chargerId: z.string().min(1).max(48),
  siteId: z.string().min(1).max(64).optional(),
  model: z.string().max(20).optional(),
  vendor: z.string().max(50).optional(),
  serialNumber: z.string().max(25).optional(),
  firmwareVersion: z.string().max(50).optional(),
  /** The charger's rated output, kW. */
  maxPowerKw: z.number().positive().optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  /** Its EVSEs and connectors, when the operator described them. */
  evses: z.array(EvseSpec).max(20).optional(),
});
export type InventoryCharger = z.infer<typeof InventoryCharger>;

/** Sites and chargers known up front. */
export interface Inventory {
  sites: Site[];
  chargers: InventoryCharger[];
}

/** A seed file: a named inventory. */
export const Seed = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  sites: z.array(Site),
  chargers: z.array(InventoryCharger),
}).superRefine((seed, ctx) => {
  const siteIds = new Set(seed.sites.map((s) => s.siteId));
  seed.chargers.forEach((charger, i) => {
    if (charger.siteId !== undefined && !siteIds.has(charger.siteId)) {
      ctx.addIssue({
        code: "custom",
        path: ["chargers", i, "siteId"],
        message: `no site ${charger.siteId} in the seed`,
      });
    }
  });
});
export type Seed = z.infer<typeof Seed>;

/** Checks a seed; the error names the bad field. */
export function parseSeed(value: unknown, source = "seed"): Inventory {
  const parsed = Seed.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`${source} is invalid at ${issue.path.join(".")}: ${issue.message}`);
  }
  return { sites: parsed.data.sites, chargers: parsed.data.chargers };
}

/** The Emart Jeju installation, 2026-01-20: 3 sites, 34 chargers, 2,900 kW. */
export function emartJejuSeed(): Inventory {
  return parseSeed(emartJeju, "actors/csms/seed/emart_jeju.json");
}
