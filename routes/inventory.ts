/** The charger inventory the live view starts from: a fleet file's sites and chargers. */
import type { Inventory } from "../actors/csms/live_view.ts";
import { Fleet, fleetChargers } from "../sim/fleet.ts";
import emartJeju from "../sim/fleets/emart_jeju.json" with { type: "json" };

/** A fleet's sites and chargers, with their positions. */
export function fleetInventory(fleet: Fleet): Inventory {
  return {
    sites: fleet.sites.map((site) => ({
      siteId: site.id,
      name: site.name,
      nameKo: site.nameKo,
      address: site.address,
      lat: site.lat,
      lng: site.lng,
      gridCapacityKw: site.gridCapacityKw,
    })),
    chargers: fleetChargers(fleet).map((c) => ({
      chargerId: c.chargerId,
      siteId: c.siteId,
      model: c.model,
      vendor: c.vendor,
      maxPowerKw: c.maxPowerKw,
      lat: c.lat,
      lng: c.lng,
    })),
  };
}

/** The Emart Jeju installation (3 sites, 34 chargers), read when this module loads. */
export function emartJejuInventory(): Inventory {
  return fleetInventory(Fleet.parse(emartJeju));
}
