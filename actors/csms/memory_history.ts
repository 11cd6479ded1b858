/**
 * The REST API's history when no database is configured: recent transactions and meter
 * samples kept in memory from bus events (bounded, oldest dropped), computed the same way as
 * the SQL in plugins/persistence/history.ts so both answer alike. The cost is the pricing
 * plugin's final one (`transaction.costed`), as the database stores it.
 */
import type { Unsubscribe } from "../runtime/bus.ts";
import type { Bus } from "./events.ts";
import type { TamnaEvents } from "./events.ts";
import {
  type ChargerTotals,
  type History,
  type HourlyQuery,
  type HourlyRow,
  pageSize,
  type TransactionQuery,
  type TransactionRow,
  type TransactionTotals,
} from "./history.ts";

interface StoredTx {
  row: TransactionRow;
  startMs: number;
  meterStartWh?: number;
  lastEnergyWh?: number;
}

interface Sample {
  chargerId: string;
  evseId: number;
  siteId?: string;
  transactionId?: string;
  atMs: number;
  energyWh?: number;
  powerW?: number;
}

/** Options of {@link createMemoryHistory}. */
export interface MemoryHistoryOptions {
  bus: Pick<Bus, "on">;
  /** The site of a charger, for `station_id`. */
  siteOf(chargerId: string): string | undefined;
  /** Transactions kept; default 10 000. */
  maxTransactions?: number;
  /** Meter samples kept; default 100 000 (about 4 h of 34 chargers sampling every 5 s). */
  maxSamples?: number;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

function energyOf(tx: StoredTx): number | null {
  if (tx.meterStartWh === undefined || tx.lastEnergyWh === undefined) return null;
  return Math.round(tx.lastEnergyWh - tx.meterStartWh);
}

function matches(tx: StoredTx, query: TransactionQuery): boolean {
  return (query.chargerId === undefined || tx.row.charger_id === query.chargerId) &&
    (query.siteId === undefined || tx.row.station_id === query.siteId) &&
    (query.from === undefined || tx.startMs >= Date.parse(query.from)) &&
    (query.to === undefined || tx.startMs < Date.parse(query.to));
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Hourly energy and power from samples, as `plugins/persistence/hourly.ts` computes it in SQL:
 * positive register deltas per charger and EVSE (looking back an hour for the first one),
 * average power over the covered part of each hour, peak of the per-minute sums.
 */
export function hourlyFromSamples(samples: readonly Sample[], query: HourlyQuery): HourlyRow[] {
  const fromMs = Date.parse(query.from);
  const toMs = Date.parse(query.to);
  const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
  const scoped = samples.filter((s) =>
    s.atMs >= fromMs - HOUR_MS && s.atMs < toMs &&
    (query.siteId === undefined || s.siteId === query.siteId)
  ).sort((a, b) => a.atMs - b.atMs);
  const energyWh = new Map<number, number>();
  const counts = new Map<number, number>();
  const lastRegister = new Map<string, number>();
  const perMinute = new Map<string, { minuteMs: number; sumW: number; n: number }>();
  for (const s of scoped) {
    const meter = `${s.chargerId}\u0000${s.evseId}`;
    const isIn = s.atMs >= fromMs;
    if (s.energyWh !== undefined) {
      const previous = lastRegister.get(meter);
      lastRegister.set(meter, s.energyWh);
      const delta = previous === undefined ? 0 : s.energyWh - previous;
      if (isIn && delta > 0) {
        energyWh.set(hourOf(s.atMs), (energyWh.get(hourOf(s.atMs)) ?? 0) + delta);
      }
    }
    if (!isIn) continue;
    counts.set(hourOf(s.atMs), (counts.get(hourOf(s.atMs)) ?? 0) + 1);
    if (s.powerW === undefined) continue;
    const minuteMs = Math.floor(s.atMs / MINUTE_MS) * MINUTE_MS;
    const key = `${minuteMs}\u0000${meter}`;
    const cell = perMinute.get(key) ?? { minuteMs, sumW: 0, n: 0 };
    perMinute.set(key, { minuteMs, sumW: cell.sumW + s.powerW, n: cell.n + 1 });
  }
  const siteW = new Map<number, number>();
  for (const { minuteMs, sumW, n } of perMinute.values()) {
    siteW.set(minuteMs, (siteW.get(minuteMs) ?? 0) + sumW / n);
  }
  const peakW = new Map<number, number>();
  for (const [minuteMs, w] of siteW) {
    peakW.set(hourOf(minuteMs), Math.max(peakW.get(hourOf(minuteMs)) ?? 0, w));
  }
  const rows: HourlyRow[] = [];
  for (let h = hourOf(fromMs); h < toMs; h += HOUR_MS) {
    const coveredH = (Math.min(h + HOUR_MS, toMs) - Math.max(h, fromMs)) / HOUR_MS;
    const wh = energyWh.get(h) ?? 0;
    rows.push({
      hour: new Date(h).toISOString(),
      energy_kwh: round3(wh / 1000),
      avg_power_kw: round3(wh / 1000 / coveredH),
      peak_power_kw: round3((peakW.get(h) ?? 0) / 1000),
      sample_count: counts.get(h) ?? 0,
    });
  }
  return rows;
}

/** Keeps recent history from the bus; `close` unsubscribes. */
export function createMemoryHistory(options: MemoryHistoryOptions): History & { close(): void } {
  const transactions = createTransactionLog(options.maxTransactions ?? 10_000, options.siteOf);
  const samples = createSampleLog(options.maxSamples ?? 100_000, options.siteOf);
  const handlers: Handlers = {
    ...transactionHandlers(transactions),
    "meter.sampled": samples.add,
  };
  const unsubscribes: Unsubscribe[] = Object.entries(handlers).map(([type, handler]) =>
    options.bus.on(type as "meter.sampled", handler as (p: unknown) => void, {
      name: "memory-history",
    })
  );
  return {
    engine: "memory",
    listTransactions: (query) =>
      Promise.resolve(
        transactions.select(query).reverse().sort((a, b) => b.startMs - a.startMs)
          .slice(0, pageSize(query.limit)).map((tx) => ({ ...tx.row })),
      ),
    transactionTotals: (query) => Promise.resolve(totalsOf(transactions.select(query))),
    chargerTotals: (query) => Promise.resolve(totalsByCharger(transactions.select(query))),
    hourly: (query) => Promise.resolve(hourlyFromSamples(samples.all(), query)),
    close: () => unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe()),
  };
}

type Handlers = { [K in keyof TamnaEvents]?: (p: TamnaEvents[K]) => void };
type TransactionLog = ReturnType<typeof createTransactionLog>;

/**
 * Transactions by charger and transaction id, each created by its first event. Past
 * `maxTransactions` the oldest ended one is dropped, or the oldest if none has ended.
 */
function createTransactionLog(
  maxTransactions: number,
  siteOf: (chargerId: string) => string | undefined,
) {
  const transactions = new Map<string, StoredTx>();
  return {
    touch(p: { chargerId: string; transactionId: string; timestamp: string }): StoredTx {
      const k = `${p.chargerId}\u0000${p.transactionId}`;
      const found = transactions.get(k);
      if (found) return found;
      const tx = newStoredTx(p, siteOf(p.chargerId) ?? null);
      transactions.set(k, tx);
      if (transactions.size > maxTransactions) {
        const oldest = [...transactions].find(([, t]) => t.row.end_time !== null);
        transactions.delete(oldest?.[0] ?? transactions.keys().next().value!);
      }
      return tx;
    },
    select: (query: TransactionQuery) =>
      [...transactions.values()].filter((tx) => matches(tx, query)),
  };
}

function newStoredTx(
  p: { chargerId: string; transactionId: string; timestamp: string },
  siteId: string | null,
): StoredTx {
  return {
    startMs: Date.parse(p.timestamp),
    row: {
      transaction_id: p.transactionId,
      charger_id: p.chargerId,
      station_id: siteId,
      evse_id: null,
      connector_id: null,
      start_time: new Date(p.timestamp).toISOString(),
      end_time: null,
      energy_wh: null,
      cost: null,
      id_token: null,
      stopped_reason: null,
      charging_state: null,
    },
  };
}

/** How each transaction event updates its row (energy from the registers, final cost). */
function transactionHandlers(log: TransactionLog): Handlers {
  return {
    "transaction.started": (p) => {
      const tx = log.touch(p);
      tx.meterStartWh = p.meterStartWh;
      tx.lastEnergyWh ??= p.meterStartWh;
      Object.assign(tx.row, {
        evse_id: p.evseId ?? null,
        connector_id: p.connectorId ?? null,
        id_token: p.idToken ?? null,
      });
      tx.row.energy_wh = energyOf(tx);
    },
    "transaction.updated": (p) => {
      const tx = log.touch(p);
      tx.meterStartWh = p.meterStartWh ?? tx.meterStartWh;
      tx.lastEnergyWh = p.energyWh ?? tx.lastEnergyWh;
      tx.row.charging_state = p.chargingState ?? tx.row.charging_state;
      tx.row.energy_wh = energyOf(tx);
    },
    "transaction.ended": (p) => {
      const tx = log.touch(p);
      tx.meterStartWh = p.meterStartWh ?? tx.meterStartWh;
      tx.lastEnergyWh = p.meterStopWh ?? tx.lastEnergyWh;
      const energyWh = energyOf(tx);
      Object.assign(tx.row, {
        end_time: new Date(p.timestamp).toISOString(),
        stopped_reason: p.stoppedReason ?? null,
        energy_wh: energyWh,
      });
    },
    "transaction.costed": (p) => {
      if (p.isFinal) log.touch(p).row.cost = Math.round(p.costKrw);
    },
  };
}

/** Meter samples, the newest `maxSamples` (trimmed once 10% over, not on every sample). */
function createSampleLog(maxSamples: number, siteOf: (chargerId: string) => string | undefined) {
  let samples: Sample[] = [];
  return {
    all: (): readonly Sample[] => samples,
    add(p: TamnaEvents["meter.sampled"]): void {
      samples.push({
        chargerId: p.chargerId,
        evseId: p.evseId,
        siteId: siteOf(p.chargerId),
        transactionId: p.transactionId,
        atMs: Date.parse(p.reading.at),
        energyWh: p.reading.energyWh,
        powerW: p.reading.powerW,
      });
      if (samples.length > maxSamples * 1.1) samples = samples.slice(-maxSamples);
    },
  };
}

function totalsOf(picked: readonly StoredTx[]): TransactionTotals {
  return {
    transactions: picked.length,
    active_transactions: picked.filter((tx) => tx.row.end_time === null).length,
    energy_wh: picked.reduce((sum, tx) => sum + (tx.row.energy_wh ?? 0), 0),
    active_energy_wh: picked.filter((tx) => tx.row.end_time === null)
      .reduce((sum, tx) => sum + (tx.row.energy_wh ?? 0), 0),
    revenue_krw: picked.reduce((sum, tx) => sum + (tx.row.cost ?? 0), 0),
  };
}

function totalsByCharger(picked: readonly StoredTx[]): ChargerTotals[] {
  const byCharger = new Map<string, ChargerTotals>();
  for (const tx of picked) {
    const id = tx.row.charger_id;
    const totals = byCharger.get(id) ?? { charger_id: id, transactions: 0, energy_wh: 0 };
    totals.transactions += 1;
    totals.energy_wh += tx.row.energy_wh ?? 0;
    byCharger.set(id, totals);
  }
  return [...byCharger.values()];
}
