/**
 * Fleet files: sites with addresses, coordinates and a charger template, expanded to chargers.
 */
import { z } from "zod";

/** The charger template of one site: ids are `idPrefix` + a two-digit number from 01. */
export const ChargerTemplate = z.object({
  idPrefix: z.string().min(1),
  count: z.number().int().min(0),
  maxPowerKw: z.number().positive(),
  vendor: z.string().min(1).max(50),
  model: z.string().min(1).max(20),
  firmwareVersion: z.string().max(50).default("1.0.0"),
});
export type ChargerTemplate = z.infer<typeof ChargerTemplate>;

/** One site (a "station" in the REST API and the database). */
export const Site = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  nameKo: z.string().optional(),
  address: z.string(),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  gridCapacityKw: z.number().positive().optional(),
  chargers: ChargerTemplate,
});
export type Site = z.infer<typeof Site>;

/** A fleet file. */
export const Fleet = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  sites: z.array(Site).min(1),
});
/** A fleet file's contents, as {@link Fleet} parses them. */
export type Fleet = z.infer<typeof Fleet>;

/** One charger of a fleet, with its site and position. */
export interface FleetCharger {
  /** The OCPP charging station identity, e.g. `emart_jeju_01`. */
  chargerId: string;
  siteId: string;
  maxPowerKw: number;
  vendor: string;
  model: string;
  serialNumber: string;
  firmwareVersion: string;
  lat: number;
  lng: number;
}

/** Reads and validates a fleet file. Throws a readable error naming the bad field. */
export async function loadFleet(path: string | URL): Promise<Fleet> {
  const text = await Deno.readTextFile(path);
  const parsed = Fleet.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(
      `Fleet file ${path} is invalid at ${issue.path.join(".")}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** The Emart Jeju fleet shipped with Tamna. */
export function emartJejuFleet(): Promise<Fleet> {
  return loadFleet(new URL("./fleets/emart_jeju.json", import.meta.url));
}

/**
 * Expands a fleet to its chargers. Chargers sit in a small ring around their site so the
 * map shows them apart (about 15 m apart, deterministic).
 */
export function fleetChargers(fleet: Fleet): FleetCharger[] {
  return fleet.sites.flatMap((site) =>
    Array.from({ length: site.chargers.count }, (_, i) => {
      const chargerId = `${site.chargers.idPrefix}${String(i + 1).padStart(2, "0")}`;
      const angle = (2 * Math.PI * i) / Math.max(1, site.chargers.count);
      return {
        chargerId,
        siteId: site.id,
        maxPowerKw: site.chargers.maxPowerKw,
        vendor: site.chargers.vendor,
        model: site.chargers.model,
        serialNumber: `SN-${chargerId}-001`,
        firmwareVersion: site.chargers.firmwareVersion,
        lat: round6(site.lat + 0.00015 * Math.sin(angle)),
        lng: round6(site.lng + 0.00018 * Math.cos(angle)),
      };
    })
  );
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
