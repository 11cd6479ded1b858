/**
 * The network the CSMS manages: sites and the chargers placed on them. The database holds it;
 * a seed file (the Emart Jeju installation by default) fills an empty database at first start
 * and serves runs without a database. The simulator's fleet files are not read here.
 */
import { z } from "zod";
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
});
export type Site = z.infer<typeof Site>;

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
