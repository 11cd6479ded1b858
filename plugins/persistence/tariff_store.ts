/** Tariffs in SQL: `tariffs`, their immutable `tariff_versions`, and the sessions each priced. */
import type {
  PricedSession,
  Tariff,
  TariffPrices,
  TariffStore,
  TariffVersion,
} from "../../actors/csms/tariffs.ts";
import { defined } from "./inventory.ts";
import type { Db } from "./sql.ts";

const TARIFF = `id AS "tariffId", station_id AS "siteId", charger_id AS "chargerId", name,
  version, retired_at AS "retiredAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

const VERSION = `tariff_id AS "tariffId", version, price_krw_per_kwh AS "priceKrwPerKwh",
  session_fee_krw AS "sessionFeeKrw", idle_fee_krw_per_minute AS "idleFeeKrwPerMinute",
  idle_grace_minutes AS "idleGraceMinutes", time_of_use AS "timeOfUse",
  created_at AS "createdAt"`;

const INSERT_VERSION = `
INSERT INTO tariff_versions (tariff_id, version, price_krw_per_kwh, session_fee_krw,
  idle_fee_krw_per_minute, idle_grace_minutes, time_of_use)
VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)
RETURNING ${VERSION}`;

function versionParams(tariffId: string, version: number, prices: TariffPrices): unknown[] {
  return [
    tariffId,
    version,
    prices.priceKrwPerKwh,
    prices.sessionFeeKrw,
    prices.idleFeeKrwPerMinute,
    prices.idleGraceMinutes,
    prices.timeOfUse === undefined ? null : JSON.stringify(prices.timeOfUse),
  ];
}

/** Postgres' unique_violation: a tariff id, or the one active tariff of a site or charger. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "23505" || /duplicate key|unique constraint/i.test(String(error));
}

/** Inserts a tariff and its version 1 together; "exists" when its id or its scope is taken. */
async function createTariff(
  db: Db,
  tariff: Parameters<TariffStore["create"]>[0],
  prices: TariffPrices,
): ReturnType<TariffStore["create"]> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.query<Tariff>(
        `INSERT INTO tariffs (id, station_id, charger_id, name, version)
         VALUES ($1, $2, $3, $4, 1) RETURNING ${TARIFF}`,
        [tariff.tariffId, tariff.siteId ?? null, tariff.chargerId ?? null, tariff.name ?? null],
      );
      const [version] = await tx.query<TariffVersion>(
        INSERT_VERSION,
        versionParams(tariff.tariffId, 1, prices),
      );
      return { tariff: defined(row), version: defined(version) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return "exists";
    throw error;
  }
}

/** The tariff store over `db`. */
export function sqlTariffStore(db: Db): TariffStore {
  return {
    async load() {
      const [tariffs, versions] = await Promise.all([
        db.query<Tariff>(`SELECT ${TARIFF} FROM tariffs ORDER BY id`),
        db.query<TariffVersion>(
          `SELECT ${VERSION} FROM tariff_versions ORDER BY tariff_id, version`,
        ),
      ]);
      return { tariffs: tariffs.map(defined), versions: versions.map(defined) };
    },
    create: (tariff, prices) => createTariff(db, tariff, prices),
    addVersion(tariffId, change) {
      return db.transaction(async (tx) => {
        const [version] = await tx.query<TariffVersion>(
          INSERT_VERSION,
          versionParams(tariffId, change.version, change.prices),
        );
        const [row] = await tx.query<Tariff>(
          `UPDATE tariffs SET version = $2, name = $3, updated_at = now() WHERE id = $1
           RETURNING ${TARIFF}`,
          [tariffId, change.version, change.name ?? null],
        );
        return { tariff: defined(row), version: defined(version) };
      });
    },
    async retire(tariffId, atIso) {
      const [row] = await db.query<Tariff>(
        `UPDATE tariffs SET retired_at = $2, updated_at = now() WHERE id = $1 RETURNING ${TARIFF}`,
        [tariffId, atIso],
      );
      return defined(row);
    },
    async sessions(tariffId, options) {
      const rows = await db.query<PricedSession>(
        `SELECT t.transaction_id AS "transactionId", t.charger_id AS "chargerId",
           COALESCE(t.station_id, c.station_id) AS "siteId", t.tariff_version AS "tariffVersion",
           t.started_at AS "startedAt", t.ended_at AS "endedAt", t.energy_wh AS "energyWh",
           t.cost_krw AS "costKrw"
         FROM transactions t LEFT JOIN chargers c ON c.charger_id = t.charger_id
         WHERE t.tariff_id = $1 AND ($2::int IS NULL OR t.tariff_version = $2::int)
         ORDER BY t.started_at DESC NULLS LAST, t.id DESC LIMIT $3`,
        [tariffId, options.version ?? null, options.limit],
      );
      return rows.map(defined);
    },
  };
}
