/** The site and charger inventory as the database holds it. */
import type { Inventory } from "../../actors/csms/inventory.ts";
import type { Db } from "./sql.ts";

/** Every stored site and charger, without the fields the database does not know. */
export async function loadInventory(db: Db): Promise<Inventory> {
  const [sites, chargers] = await Promise.all([
    db.query<Inventory["sites"][number]>(
      `SELECT id AS "siteId", name, name_ko AS "nameKo", address, lat, lng,
         grid_capacity_kw AS "gridCapacityKw" FROM stations ORDER BY id`,
    ),
    db.query<Inventory["chargers"][number]>(
      `SELECT charger_id AS "chargerId", station_id AS "siteId", model, vendor,
         max_power_kw AS "maxPowerKw", lat, lng FROM chargers ORDER BY charger_id`,
    ),
  ]);
  const defined = <T extends object>(row: T): T =>
    Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as T;
  return { sites: sites.map(defined), chargers: chargers.map(defined) };
}
