/** The read queries behind the REST API: plain SQL returning snake_case rows (DESIGN.md, REST). */
import type { Db } from "./sql.ts";

/** A transaction as `GET /transactions` lists it. Times are ISO 8601, energy kWh, cost KRW. */
export interface TransactionRow {
  transaction_id: string;
  charger_id: string;
  station_id: string | null;
  evse_id: number | null;
  connector_id: number | null;
  start_time: string;
  end_time: string | null;
  /** kWh, three decimals (whole Wh); null until both meter registers are known. */
  energy_consumed: number | null;
  /** Whole KRW; null until priced. */
  cost: number | null;
  id_token: string | null;
  stopped_reason: string | null;
  charging_state: string | null;
}

export interface TransactionFilter {
  chargerId?: string;
  siteId?: string;
  /** Inclusive lower bound on the start time (ISO 8601). */
  from?: string;
  /** Exclusive upper bound on the start time (ISO 8601). */
  to?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** The WHERE clause shared by the transaction list and the dashboard totals, so they agree. */
function transactionWhere(filter: TransactionFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    clauses.push(clause.replace("?", `$${params.length}`));
  };
  if (filter.chargerId !== undefined) add("t.charger_id = ?", filter.chargerId);
  if (filter.siteId !== undefined) {
    add("COALESCE(t.station_id, c.station_id) = ?", filter.siteId);
  }
  if (filter.from !== undefined) add("t.started_at >= ?::timestamptz", filter.from);
  if (filter.to !== undefined) add("t.started_at < ?::timestamptz", filter.to);
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

/** Transactions, newest first. */
export function listTransactions(
  db: Db,
  filter: TransactionFilter = {},
): Promise<TransactionRow[]> {
  const wanted = Math.trunc(filter.limit ?? 100);
  const limit = Number.isFinite(wanted) ? Math.min(Math.max(wanted, 1), 1000) : 100;
  const where = transactionWhere(filter);
  return db.query<TransactionRow>(
    `SELECT t.transaction_id, t.charger_id, COALESCE(t.station_id, c.station_id) AS station_id,
       t.evse_id, t.connector_id, t.started_at AS start_time, t.ended_at AS end_time,
       round(t.energy_wh::numeric / 1000, 3) AS energy_consumed, t.cost_krw AS cost, t.id_token,
       t.stopped_reason, t.charging_state
     FROM transactions t LEFT JOIN chargers c ON c.charger_id = t.charger_id
     ${where.sql}
     ORDER BY t.started_at DESC, t.id DESC
     LIMIT ${limit}`,
    where.params,
  );
}

/** KPIs over the transactions started since `since`: the sums of what /transactions lists. */
export interface DashboardTotals {
  transactions: number;
  active_transactions: number;
  /** kWh, including the energy so far of transactions still running. */
  energy_kwh: number;
  /** Whole KRW of priced (ended) transactions. */
  revenue_krw: number;
}

export async function dashboardTotals(db: Db, range: { since: string }): Promise<DashboardTotals> {
  const where = transactionWhere({ from: range.since });
  const [row] = await db.query<DashboardTotals>(
    `SELECT count(*) AS transactions,
       count(*) FILTER (WHERE t.ended_at IS NULL) AS active_transactions,
       COALESCE(round(sum(t.energy_wh)::numeric / 1000, 3), 0) AS energy_kwh,
       COALESCE(sum(t.cost_krw), 0) AS revenue_krw
     FROM transactions t LEFT JOIN chargers c ON c.charger_id = t.charger_id
     ${where.sql}`,
    where.params,
  );
  return row;
}

/** A site as `GET /stations` lists it. */
export interface StationRow {
  station_id: string;
  name: string;
  name_ko: string | null;
  address: string;
  lat: number | null;
  lng: number | null;
  grid_capacity_kw: number | null;
  charger_count: number;
  /** Sum of the chargers' rated power, kW. */
  capacity_kw: number;
  /** Chargers per last reported status (no report yet counts as unknown). */
  available_count: number;
  occupied_count: number;
  faulted_count: number;
  unavailable_count: number;
  unknown_count: number;
}

export function listStations(db: Db): Promise<StationRow[]> {
  return db.query<StationRow>(
    `SELECT s.id AS station_id, s.name, s.name_ko, s.address, s.lat, s.lng, s.grid_capacity_kw,
       count(i.charger_id) AS charger_count,
       COALESCE(sum(i.max_power_kw), 0) AS capacity_kw,
       count(*) FILTER (WHERE k.status = 'Available') AS available_count,
       count(*) FILTER (WHERE k.status IN ('Occupied', 'Reserved')) AS occupied_count,
       count(*) FILTER (WHERE k.status = 'Faulted') AS faulted_count,
       count(*) FILTER (WHERE k.status = 'Unavailable') AS unavailable_count,
       count(i.charger_id) FILTER (WHERE k.status IS NULL) AS unknown_count
     FROM stations s
     LEFT JOIN (chargers i LEFT JOIN charger_status k ON k.charger_id = i.charger_id)
       ON i.station_id = s.id
     GROUP BY s.id ORDER BY s.id`,
  );
}

/** A charger as the database knows it; the runtime adds connected, power_kw and so on. */
export interface ChargerListRow {
  charger_id: string;
  station_id: string | null;
  station_name: string | null;
  model: string | null;
  vendor: string | null;
  max_power_kw: number | null;
  serial_number: string | null;
  firmware_version: string | null;
  registration_status: string | null;
  /** The most telling connector status last reported (Faulted > Occupied > … ), or null. */
  status: string | null;
  lat: number | null;
  lng: number | null;
  last_boot_at: string | null;
  last_seen: string | null;
  current_transaction_id: string | null;
  /** The lowest limit among the active charging profiles, kW. */
  power_limit_kw: number | null;
}

export function listChargers(
  db: Db,
  filter: { chargerId?: string } = {},
): Promise<ChargerListRow[]> {
  const byId = filter.chargerId !== undefined;
  return db.query<ChargerListRow>(
    `SELECT i.charger_id, i.station_id, s.name AS station_name, i.model, i.vendor,
       i.max_power_kw, i.serial_number, i.firmware_version, i.registration_status, k.status,
       i.lat, i.lng, i.last_boot_at, i.last_seen_at AS last_seen,
       (SELECT t.transaction_id FROM transactions t
         WHERE t.charger_id = i.charger_id AND t.ended_at IS NULL
         ORDER BY t.started_at DESC LIMIT 1) AS current_transaction_id,
       (SELECT min(p.limit_w) / 1000 FROM charging_profiles p
         WHERE p.charger_id = i.charger_id AND p.cleared_at IS NULL) AS power_limit_kw
     FROM chargers i
     LEFT JOIN stations s ON s.id = i.station_id
     LEFT JOIN charger_status k ON k.charger_id = i.charger_id
     ${byId ? "WHERE i.charger_id = $1" : ""}
     ORDER BY i.charger_id`,
    byId ? [filter.chargerId] : [],
  );
}
