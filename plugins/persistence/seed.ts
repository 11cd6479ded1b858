/** Seeds the site and charger inventory from a fleet file (the Emart Jeju fleet by default). */
import { emartJejuFleet, type Fleet, fleetChargers } from "../../sim/fleet.ts";
import { type Db, pgArray, valuesList } from "./sql.ts";

/** What a seed wrote. */
export interface SeedResult {
  stations: number;
  chargers: number;
  /** Rows deleted because `replace` was set and they were not in the fleet. */
  removed: number;
}

/**
 * Upserts a fleet's sites and chargers; running it again changes nothing. The fleet decides a
 * charger's site, rated power and position; model, vendor, serial and firmware are filled
 * only where the charger has not reported its own at boot. With `replace`, the fleet becomes
 * the whole inventory: fleet values overwrite everything, and sites and chargers not in it are
 * deleted (their transactions, samples and history stay).
 */
export function seedFleet(
  db: Db,
  fleet: Fleet,
  options: { replace?: boolean } = {},
): Promise<SeedResult> {
  const isReplace = options.replace ?? false;
  return db.transaction(async (tx) => {
    const sites = valuesList(fleet.sites.map((s) => [
      s.id,
      s.name,
      s.nameKo ?? null,
      s.address,
      s.lat,
      s.lng,
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
    const chargers = fleetChargers(fleet);
    if (chargers.length > 0) await upsertChargers(tx, chargers, isReplace);
    const removed = isReplace ? await removeOthers(tx, fleet) : 0;
    return { stations: fleet.sites.length, chargers: chargers.length, removed };
  });
}

async function upsertChargers(
  tx: Db,
  chargers: ReturnType<typeof fleetChargers>,
  isReplace: boolean,
): Promise<void> {
  const rows = valuesList(chargers.map((c) => [
    c.chargerId,
    c.siteId,
    c.maxPowerKw,
    c.model,
    c.vendor,
    c.serialNumber,
    c.firmwareVersion,
    c.lat,
    c.lng,
  ]));
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

async function removeOthers(tx: Db, fleet: Fleet): Promise<number> {
  const chargerIds = pgArray(fleetChargers(fleet).map((c) => c.chargerId));
  const chargers = await tx.query(
    "DELETE FROM chargers WHERE NOT (charger_id = ANY($1::text[])) RETURNING charger_id",
    [chargerIds],
  );
  const stations = await tx.query(
    "DELETE FROM stations WHERE NOT (id = ANY($1::text[])) RETURNING id",
    [pgArray(fleet.sites.map((s) => s.id))],
  );
  return chargers.length + stations.length;
}

/**
 * Seeds `fleet` (the Emart Jeju fleet by default) when the database has no station yet, as on
 * the first start. Returns what was seeded, or null when stations already existed.
 */
export async function seedIfEmpty(db: Db, fleet?: Fleet): Promise<SeedResult | null> {
  const [{ n }] = await db.query<{ n: number }>("SELECT count(*) AS n FROM stations");
  if (n > 0) return null;
  return seedFleet(db, fleet ?? await emartJejuFleet());
}
