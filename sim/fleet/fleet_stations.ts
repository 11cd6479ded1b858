/**
 * The stations of a run: the first N of a fleet, and beyond its size more sites generated
 * deterministically around Jeju island (10 chargers each, alternately 100 kW and 50 kW).
 */
import { type Fleet, type FleetCharger, fleetChargers, type Site } from "./fleet_file.ts";

/** Chargers per generated site. */
export const GENERATED_SITE_SIZE = 10;
const JEJU = { lat: 33.38, lng: 126.55 };
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** Generated site number `n` (from 1): a spiral around the middle of the island, ~25 km across. */
export function generatedSite(n: number): Site {
  const radius = 0.02 + 0.2 * Math.sqrt(n / 1_000);
  const angle = n * GOLDEN_ANGLE;
  const id = `jeju_site_${String(n).padStart(3, "0")}`;
  const isFast = n % 2 === 1;
  return {
    id,
    name: `Jeju site ${n}`,
    address: `Jeju generated site ${n}`,
    lat: Math.round((JEJU.lat + radius * 0.45 * Math.sin(angle)) * 1e6) / 1e6,
    lng: Math.round((JEJU.lng + radius * Math.cos(angle)) * 1e6) / 1e6,
    chargers: {
      idPrefix: `${id}_`,
      count: GENERATED_SITE_SIZE,
      maxPowerKw: isFast ? 100 : 50,
      vendor: "ABB",
      model: isFast ? "ABB Terra 124" : "ABB Terra 53",
      firmwareVersion: "1.0.0",
    },
  };
}

/** The fleet grown with generated sites until it has at least `count` chargers. */
export function grownFleet(fleet: Fleet, count: number): Fleet {
  const have = fleet.sites.reduce((n, s) => n + s.chargers.count, 0);
  const extra = Math.max(0, Math.ceil((count - have) / GENERATED_SITE_SIZE));
  return {
    ...fleet,
    sites: [...fleet.sites, ...Array.from({ length: extra }, (_, i) => generatedSite(i + 1))],
  };
}

/** The first `count` chargers of `fleet`, generating more when it is too small. */
export function fleetStations(fleet: Fleet, count: number): FleetCharger[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`Charger count must be a whole number, got ${count}`);
  }
  return fleetChargers(grownFleet(fleet, count)).slice(0, count);
}
