/**
 * The REST API's history over the database (the one home of the API's SQL reads): plain SQL on
 * the persistence tables, one WHERE builder shared by the list and the totals so
 * `/statistics/*` always adds up to `/transactions`.
 */
import type { Db } from "./sql.ts";
import { hourlyStats } from "./hourly.ts";
import {
  type ChargerTotals,
  type History,
  pageSize,
  type TransactionQuery,
  type TransactionRow,
  type TransactionTotals,
} from "../../actors/csms/history.ts";

const FROM_TRANSACTIONS = `FROM transactions t LEFT JOIN chargers c ON c.charger_id = t.charger_id`;

function transactionWhere(query: TransactionQuery): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    clauses.push(clause.replace("?", `$${params.length}`));
  };
  if (query.chargerId !== undefined) add("t.charger_id = ?", query.chargerId);
  if (query.siteId !== undefined) {
    add("COALESCE(t.station_id, c.station_id) = ?", query.siteId);
  }
  if (query.from !== undefined) add("t.started_at >= ?::timestamptz", query.from);
  if (query.to !== undefined) add("t.started_at < ?::timestamptz", query.to);
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

async function listTransactions(db: Db, query: TransactionQuery): Promise<TransactionRow[]> {
  const where = transactionWhere(query);
  return await db.query<TransactionRow>(
    `SELECT t.transaction_id, t.charger_id, COALESCE(t.station_id, c.station_id) AS station_id,
       t.evse_id, t.connector_id, t.started_at AS start_time, t.ended_at AS end_time,
       t.energy_wh, t.cost_krw AS cost, t.id_token, t.stopped_reason, t.charging_state
     ${FROM_TRANSACTIONS} ${where.sql}
     ORDER BY t.started_at DESC NULLS LAST, t.id DESC
     LIMIT ${pageSize(query.limit)}`,
    where.params,
  );
}

async function transactionTotals(db: Db, query: TransactionQuery): Promise<TransactionTotals> {
  const where = transactionWhere(query);
  const [row] = await db.query<TransactionTotals>(
    `SELECT count(*) AS transactions,
       count(*) FILTER (WHERE t.ended_at IS NULL) AS active_transactions,
       COALESCE(sum(t.energy_wh), 0) AS energy_wh,
       COALESCE(sum(t.energy_wh) FILTER (WHERE t.ended_at IS NULL), 0) AS active_energy_wh,
       COALESCE(sum(t.cost_krw), 0) AS revenue_krw
     ${FROM_TRANSACTIONS} ${where.sql}`,
    where.params,
  );
  return row;
}

async function chargerTotals(db: Db, query: TransactionQuery): Promise<ChargerTotals[]> {
  const where = transactionWhere(query);
  return await db.query<ChargerTotals>(
    `SELECT t.charger_id, count(*) AS transactions, COALESCE(sum(t.energy_wh), 0) AS energy_wh
     ${FROM_TRANSACTIONS} ${where.sql}
     GROUP BY t.charger_id ORDER BY t.charger_id`,
    where.params,
  );
}

/** The REST API's history read from the persistence tables. */
export function createSqlHistory(db: Db): History {
  return {
    engine: db.engine,
    listTransactions: (query) => listTransactions(db, query),
    transactionTotals: (query) => transactionTotals(db, query),
    chargerTotals: (query) => chargerTotals(db, query),
    hourly: (query) => hourlyStats(db, query),
  };
}
