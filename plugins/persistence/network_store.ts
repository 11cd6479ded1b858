/** The managed inventory in SQL: `stations` (sites) and `chargers`, decommissioned rows kept. */
import type { InventoryCharger, Site } from "../../actors/csms/inventory.ts";
import type {
  ChargerRecord,
  ChargerWrite,
  NetworkStore,
  SiteRecord,
} from "../../actors/csms/network_store.ts";
import { defined, loadInventory } from "./inventory.ts";
import type { Db } from "./sql.ts";

const SITE_COLUMNS = `id AS "siteId", name, name_ko AS "nameKo", address, lat, lng,
  grid_capacity_kw AS "gridCapacityKw", timezone, decommissioned_at AS "decommissionedAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

const CHARGER_COLUMNS = `charger_id AS "chargerId", station_id AS "siteId", model, vendor,
  serial_number AS "serialNumber", firmware_version AS "firmwareVersion",
  max_power_kw AS "maxPowerKw", lat, lng, evses, security_profile AS "securityProfile",
  password_hash IS NOT NULL AS "hasPassword", registration_status AS "registrationStatus",
  first_seen AS "firstSeen", last_seen_at AS "lastSeenAt",
  decommissioned_at AS "decommissionedAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

const DEFAULT_TIMEZONE = "Asia/Seoul";

function siteParams(site: Site): unknown[] {
  return [
    site.siteId,
    site.name,
    site.nameKo ?? null,
    site.address,
    site.lat ?? null,
    site.lng ?? null,
    site.gridCapacityKw ?? null,
    site.timezone ?? DEFAULT_TIMEZONE,
  ];
}

/**
 * A charger's inventory columns, in the order charger_id, station_id, max_power_kw, model, vendor,
 * serial_number, firmware_version, lat, lng (the seed writes these; REST writes add two more).
 */
export function chargerInventoryParams(c: InventoryCharger): unknown[] {
  return [
    c.chargerId,
    c.siteId ?? null,
    c.maxPowerKw ?? null,
    c.model ?? null,
    c.vendor ?? null,
    c.serialNumber ?? null,
    c.firmwareVersion ?? null,
    c.lat ?? null,
    c.lng ?? null,
  ];
}

function chargerParams(c: ChargerWrite): unknown[] {
  return [
    ...chargerInventoryParams(c),
    c.evses === undefined ? null : JSON.stringify(c.evses),
    c.securityProfile,
  ];
}

const INSERT_SITE = `
INSERT INTO stations AS s (id, name, name_ko, address, lat, lng, grid_capacity_kw, timezone)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_ko = EXCLUDED.name_ko,
  address = EXCLUDED.address, lat = EXCLUDED.lat, lng = EXCLUDED.lng,
  grid_capacity_kw = EXCLUDED.grid_capacity_kw, timezone = EXCLUDED.timezone,
  decommissioned_at = NULL, updated_at = now()
WHERE s.decommissioned_at IS NOT NULL
RETURNING ${SITE_COLUMNS}`;

const SAVE_SITE = `
UPDATE stations SET name = $2, name_ko = $3, address = $4, lat = $5, lng = $6,
  grid_capacity_kw = $7, timezone = $8, updated_at = now()
WHERE id = $1 AND decommissioned_at IS NULL
RETURNING ${SITE_COLUMNS}`;

/** Writes a charger row; `keep` lists the columns a NULL must not overwrite (reported at boot). */
function upsertCharger(options: { keep: string[]; extra: string; where: string }): string {
  const set = (col: string) =>
    options.keep.includes(col)
      ? `${col} = COALESCE(EXCLUDED.${col}, c.${col})`
      : `${col} = EXCLUDED.${col}`;
  const columns = [
    "station_id",
    "max_power_kw",
    "model",
    "vendor",
    "serial_number",
    "firmware_version",
    "lat",
    "lng",
    "evses",
    "security_profile",
  ];
  return `
INSERT INTO chargers AS c (charger_id, ${columns.join(", ")})
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11)
ON CONFLICT (charger_id) DO UPDATE SET ${columns.map(set).join(", ")}, ${options.extra}
  updated_at = now()
WHERE ${options.where}
RETURNING ${CHARGER_COLUMNS}`;
}

// A row without a site that nobody decommissioned is a charger that connected before the
// operator placed it: creating it takes that row over, keeping what it reported at boot.
const INSERT_CHARGER = upsertCharger({
  keep: ["model", "vendor", "serial_number", "firmware_version"],
  extra: "decommissioned_at = NULL,",
  where: "c.decommissioned_at IS NOT NULL OR c.station_id IS NULL",
});

const SAVE_CHARGER = upsertCharger({ keep: [], extra: "", where: "c.decommissioned_at IS NULL" });

async function one<T extends object>(
  db: Db,
  sql: string,
  params: unknown[],
): Promise<T | undefined> {
  const [row] = await db.query<T>(sql, params);
  return row === undefined ? undefined : defined(row);
}

/** The inventory store over `db`. */
export function sqlNetworkStore(db: Db): NetworkStore {
  return {
    listSites: async () =>
      (await db.query<SiteRecord>(`SELECT ${SITE_COLUMNS} FROM stations ORDER BY id`)).map(
        defined,
      ),
    getSite: (siteId) =>
      one<SiteRecord>(db, `SELECT ${SITE_COLUMNS} FROM stations WHERE id = $1`, [siteId]),
    createSite: async (site) =>
      (await one<SiteRecord>(db, INSERT_SITE, siteParams(site))) ?? "exists",
    saveSite: (site) => one<SiteRecord>(db, SAVE_SITE, siteParams(site)),
    decommissionSite: (siteId, atIso) =>
      one<SiteRecord>(
        db,
        `UPDATE stations SET decommissioned_at = $2, updated_at = now() WHERE id = $1
         RETURNING ${SITE_COLUMNS}`,
        [siteId, atIso],
      ),
    listChargers: async () =>
      (await db.query<ChargerRecord>(
        `SELECT ${CHARGER_COLUMNS} FROM chargers ORDER BY charger_id`,
      )).map(defined),
    getCharger: (chargerId) =>
      one<ChargerRecord>(
        db,
        `SELECT ${CHARGER_COLUMNS} FROM chargers WHERE charger_id = $1`,
        [chargerId],
      ),
    createCharger: async (charger) =>
      (await one<ChargerRecord>(db, INSERT_CHARGER, chargerParams(charger))) ?? "exists",
    saveCharger: (charger) => one<ChargerRecord>(db, SAVE_CHARGER, chargerParams(charger)),
    decommissionCharger: (chargerId, atIso) =>
      one<ChargerRecord>(
        db,
        `UPDATE chargers SET decommissioned_at = $2, updated_at = now() WHERE charger_id = $1
         RETURNING ${CHARGER_COLUMNS}`,
        [chargerId, atIso],
      ),
    loadInventory: () => loadInventory(db),
  };
}
