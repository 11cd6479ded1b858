/** The site and charger inventory in service, as the database holds it. */
import type { Inventory } from "../../actors/csms/inventory.ts";
import type { Db } from "./sql.ts";

/** Drops the columns that are null, so optional fields stay absent. */
export function defined<T extends object>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as T;
}

/** Every site and charger in service (not decommissioned), by id. */
export async function loadInventory(db: Db): Promise<Inventory> {
  const [sites, chargers] = await Promise.all([
    db.query<Inventory["sites"][number]>(
      `SELECT id AS "siteId", name, name_ko AS "nameKo", address, lat, lng,
         grid_capacity_kw AS "gridCapacityKw", timezone
       FROM stations WHERE decommissioned_at IS NULL ORDER BY id`,
    ),
    db.query<Inventory["chargers"][number]>(
      `SELECT charger_id AS "chargerId", station_id AS "siteId", model, vendor,
         max_power_kw AS "maxPowerKw", lat, lng, evses
       FROM chargers WHERE decommissioned_at IS NULL ORDER BY charger_id`,
    ),
  ]);
  return { sites: sites.map(defined), chargers: chargers.map(defined) };
}
