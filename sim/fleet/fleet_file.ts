/**
 * Fleet files: sites with addresses, coordinates and a charger template, expanded to chargers.
 */
import { z } from "zod";

/** The charger template of one site: ids are `idPrefix` + a two-digit number from 01. */
export interface ChargerTemplate {
  /** The start of each charger id, e.g. `emart_jeju_`. */
  idPrefix: string;
  /** How many chargers the site has. */
  count: number;
  /** The chargers' rated power, kW. */
  maxPowerKw: number;
  /** The BootNotification's vendorName (at most 50 characters). */
  vendor: string;
  /** The BootNotification's model (at most 20 characters). */
  model: string;
  /** The BootNotification's firmwareVersion; default `1.0.0` in a file. */
  firmwareVersion: string;
}

/** A site as a fleet file holds it ("station" in the REST API and the database). */
export interface Site {
  /** The site id (`station_id` in the REST API). */
  id: string;
  /** Its name. */
  name: string;
  /** Its Korean name, when it has one. */
  nameKo?: string;
  /** Its street address. */
  address: string;
  /** Latitude, degrees. */
  lat: number;
  /** Longitude, degrees. */
  lng: number;
  /** The grid connection's capacity, kW, for smart charging. */
  gridCapacityKw?: number;
  /** Its chargers. */
  chargers: ChargerTemplate;
}

/** A fleet file: named sites with addresses, coordinates and a charger template each. */
export interface Fleet {
  /** The fleet's name, shown by the simulator. */
  name: string;
  /** What the fleet is. */
  description?: string;
  /** Its sites, at least one. */
  sites: Site[];
}

const ChargerTemplateSchema = z.object({
  idPrefix: z.string().min(1),
  count: z.number().int().min(0),
  maxPowerKw: z.number().positive(),
  vendor: z.string().min(1).max(50),
  model: z.string().min(1).max(20),
  firmwareVersion: z.string().max(50).default("1.0.0"),
});

const SiteSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  nameKo: z.string().optional(),
  address: z.string(),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  gridCapacityKw: z.number().positive().optional(),
  chargers: ChargerTemplateSchema,
});

/** A fleet file's schema; it parses to a {@link Fleet}. */
const FleetSchema: z.ZodType<Fleet> = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  sites: z.array(SiteSchema).min(1),
});

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
  const parsed = FleetSchema.safeParse(JSON.parse(text));
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
