/**
 * What the REST API reads from history (transactions, their totals, hourly energy and power),
 * as one contract with two implementations: SQL over the database
 * (plugins/persistence/history.ts) and an in-memory history fed by the bus when no database
 * is configured (memory_history.ts).
 */

/** Filters of `GET /transactions`; times are ISO 8601, `from` inclusive and `to` exclusive on the start time. */
export interface TransactionQuery {
  chargerId?: string;
  /** The site (`emart_jeju_main`). */
  siteId?: string;
  from?: string;
  to?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** A transaction as `GET /transactions` lists it (snake_case, as the seed's charger_usage_log). */
export interface TransactionRow {
  transaction_id: string;
  charger_id: string;
  station_id: string | null;
  evse_id: number | null;
  connector_id: number | null;
  start_time: string;
  end_time: string | null;
  /** Whole Wh from the meter registers (stop − start; so far, while running); null until known. */
  energy_wh: number | null;
  /** Whole KRW; null until the transaction ended and was priced. */
  cost: number | null;
  id_token: string | null;
  stopped_reason: string | null;
  charging_state: string | null;
}

/** Sums over the transactions a {@link TransactionQuery} selects (without its limit). */
export interface TransactionTotals {
  transactions: number;
  active_transactions: number;
  energy_wh: number;
  /** The part of `energy_wh` delivered by transactions still running (not priced yet). */
  active_energy_wh: number;
  /** Whole KRW of the priced (ended) transactions. */
  revenue_krw: number;
}

/** Energy per charger over the transactions a query selects. */
export interface ChargerTotals {
  charger_id: string;
  transactions: number;
  energy_wh: number;
}

/**
 * One hour (UTC-aligned) of `GET /statistics/hourly`, for the selected chargers; one
 * definition for both histories.
 * - `energy_kwh`: the sum of positive Energy.Active.Import.Register deltas between each
 *   charger's (and EVSE's) consecutive samples, each delta counted in the hour of its later
 *   sample. A register that goes down (a new transaction-relative register) starts afresh.
 * - `avg_power_kw`: that energy divided by the part of the hour inside [from, to): the
 *   time-weighted average site power.
 * - `peak_power_kw`: the highest per-minute site power: each charger's mean sampled
 *   Power.Active.Import in a minute, summed over chargers, maximum over the hour's minutes.
 * - `sample_count`: meter samples in the hour.
 */
export interface HourlyRow {
  hour: string;
  energy_kwh: number;
  avg_power_kw: number;
  peak_power_kw: number;
  sample_count: number;
}

/** The range of an hourly query; every hour from `from` to `to` is listed. */
export interface HourlyQuery {
  from: string;
  to: string;
  siteId?: string;
}

/** The history the REST API reads. */
export interface History {
  /** Shown in `/health` and `/statistics/*` (`pglite`, `postgres`, `memory`). */
  readonly engine: string;
  listTransactions(query: TransactionQuery): Promise<TransactionRow[]>;
  transactionTotals(query: Omit<TransactionQuery, "limit">): Promise<TransactionTotals>;
  chargerTotals(query: Omit<TransactionQuery, "limit">): Promise<ChargerTotals[]>;
  /** Every hour of the range, in order. */
  hourly(query: HourlyQuery): Promise<HourlyRow[]>;
}

/** The default and the largest page of `GET /transactions`. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** Clamps a requested page size. */
export function pageSize(limit: number | undefined): number {
  const asked = limit !== undefined && Number.isFinite(limit) ? Math.trunc(limit) : DEFAULT_LIMIT;
  return Math.min(Math.max(asked, 1), MAX_LIMIT);
}
