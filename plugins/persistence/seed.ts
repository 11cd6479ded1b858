/** Seeds the site and charger inventory (the Emart Jeju seed by default) into the database. */
import { emartJejuSeed, type Inventory } from "../../actors/csms/inventory.ts";
import { chargerInventoryParams } from "./network_store.ts";
import { type Db, pgArray, valuesList } from "./sql.ts";

/** What a seed wrote. */
export interface SeedResult {
  stations: number;
  chargers: number;
  /** Rows deleted because `replace` was set and they were not in the inventory. */
  removed: number;
}

/**
 * Upserts an inventory's sites and chargers; running it again changes nothing. The seed
 * decides a charger's site, rated power and position; model, vendor, serial and firmware are
 * filled only where the charger has not reported its own at boot. With `replace`, the seed
 * becomes the whole inventory: its values overwrite everything, and sites and chargers not in
 * it are deleted (their transactions, samples and history stay).
 */
export function seedInventory(
  db: Db,
  inventory: Inventory,
  options: { replace?: boolean } = {},
): Promise<SeedResult> {
  const isReplace = options.replace ?? false;
  return db.transaction(async (tx) => {
    const sites = valuesList(inventory.sites.map((s) => [
      s.siteId,
      s.name,
      s.nameKo ?? null,
      s.address,
      s.lat ?? null,
      s.lng ?? null,
      s.gridCapacityKw ?? null,
    ]));
    await tx.query(
      `INSERT INTO stations (id, name, name_ko, address, lat, lng, grid_capacity_kw)
       VALUES ${sites.sql}
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_ko = EXCLUDED.name_ko,
         address = EXCLUDED.address, lat = EXCLUDED.lat, lng = EXCLUDED.lng,
         grid_capacity_kw = EXCLUDED.grid_capacity_kw, updated_at = now()`,
      sites.params,
    );
    const chargers = inventory.chargers;
    if (chargers.length > 0) await upsertChargers(tx, chargers, isReplace);
    const removed = isReplace ? await removeOthers(tx, inventory) : 0;
    return { stations: inventory.sites.length, chargers: chargers.length, removed };
  });
}

async function upsertChargers(
  tx: Db,
  chargers: Inventory["chargers"],
  isReplace: boolean,
): Promise<void> {
  const rows = valuesList(chargers.map(chargerInventoryParams));
  const keep = (col: string) =>
    isReplace ? `${col} = EXCLUDED.${col}` : `${col} = COALESCE(chargers.${col}, EXCLUDED.${col})`;
  await tx.query(
    `INSERT INTO chargers (charger_id, station_id, max_power_kw, model, vendor, serial_number,
       firmware_version, lat, lng)
     VALUES ${rows.sql}
     ON CONFLICT (charger_id) DO UPDATE SET station_id = EXCLUDED.station_id,
       max_power_kw = EXCLUDED.max_power_kw, lat = EXCLUDED.lat, lng = EXCLUDED.lng,
       ${["model", "vendor", "serial_number", "firmware_version"].map(keep).join(", ")}`,
    rows.params,
  );
}

async function removeOthers(tx: Db, inventory: Inventory): Promise<number> {
  const chargerIds = pgArray(inventory.chargers.map((c) => c.chargerId));
  const chargers = await tx.query(
    "DELETE FROM chargers WHERE NOT (charger_id = ANY($1::text[])) RETURNING charger_id",
    [chargerIds],
  );
  const stations = await tx.query(
    "DELETE FROM stations WHERE NOT (id = ANY($1::text[])) RETURNING id",
    [pgArray(inventory.sites.map((s) => s.siteId))],
  );
  return chargers.length + stations.length;
}

/**
 * Seeds `inventory` (the Emart Jeju seed by default) when the database has no station yet, as
 * on the first start. Returns what was seeded, or null when stations already existed.
 */
export async function seedIfEmpty(db: Db, inventory?: Inventory): Promise<SeedResult | null> {
  const [{ n }] = await db.query<{ n: number }>("SELECT count(*) AS n FROM stations");
  if (n > 0) return null;
  return seedInventory(db, inventory ?? emartJejuSeed());
}
