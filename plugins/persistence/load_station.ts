/** What the station actor reads back at start: a charger's registration and open transactions. */
import type { StoredStation } from "../../actors/station/durable.ts";
import { setImmediate } from "node:timers";
import { type Db, pgArray } from "./sql.ts";

const REGISTRATIONS = new Set(["Accepted", "Pending", "Rejected"]);

interface StationRow {
  charger_id: string;
  registration_status: string | null;
  transaction_id: string | null;
  evse_id: number | null;
  connector_id: number | null;
  id_token: string | null;
  has_started_event: boolean | null;
  meter_start_wh: string | number | null;
  meter_start_seq_no: number | null;
  first_wh: string | number | null;
  first_wh_seq_no: number | null;
  meter_stop_wh: string | number | null;
  meter_stop_seq_no: number | null;
  last_seq_no: number | null;
  tariff_id: string | null;
  tariff_version: number | null;
}

const num = (v: string | number | null) => v === null ? undefined : Number(v);

/** The most chargers one query reads; a larger turn's requests take several. */
const MAX_CHARGERS_PER_QUERY = 500;

const LOAD_STATIONS = `
SELECT c.charger_id, c.registration_status, t.transaction_id, t.evse_id, t.connector_id,
  t.id_token, t.has_started_event, t.meter_start_wh, t.meter_start_seq_no,
  t.first_wh, t.first_wh_seq_no, t.meter_stop_wh, t.meter_stop_seq_no, t.last_seq_no, t.tariff_id,
  t.tariff_version
FROM chargers c
LEFT JOIN transactions t ON t.charger_id = c.charger_id AND t.ended_at IS NULL
WHERE c.charger_id = ANY($1::text[])`;

/**
 * Whether each charger is known (seeded or booted before), its last registration and its open
 * transactions, so a restarted CSMS carries on without a new boot; chargers it does not know
 * are absent from the map. One statement for all of them.
 */
export async function loadStations(
  db: Db,
  chargerIds: readonly string[],
): Promise<Map<string, StoredStation>> {
  const stations = new Map<string, StoredStation>();
  for (let at = 0; at < chargerIds.length; at += MAX_CHARGERS_PER_QUERY) {
    const ids = chargerIds.slice(at, at + MAX_CHARGERS_PER_QUERY);
    for (const row of await db.query<StationRow>(LOAD_STATIONS, [pgArray(ids)])) {
      let station = stations.get(row.charger_id);
      if (station === undefined) {
        const status = row.registration_status;
        station = {
          registration: status && REGISTRATIONS.has(status)
            ? status as StoredStation["registration"]
            : undefined,
          openTransactions: [],
        };
        stations.set(row.charger_id, station);
      }
      if (row.transaction_id !== null) station.openTransactions.push(openTransaction(row));
    }
  }
  return stations;
}

function openTransaction(row: StationRow): StoredStation["openTransactions"][number] {
  return {
    transactionId: row.transaction_id!,
    evseId: row.evse_id ?? undefined,
    connectorId: row.connector_id ?? undefined,
    idToken: row.id_token ?? undefined,
    hasStartedEvent: row.has_started_event === true,
    meterStartWh: num(row.meter_start_wh),
    meterStartSeqNo: row.meter_start_seq_no ?? undefined,
    firstWh: num(row.first_wh),
    firstWhSeqNo: row.first_wh_seq_no ?? undefined,
    lastEnergyWh: num(row.meter_stop_wh),
    lastEnergySeqNo: row.meter_stop_seq_no ?? undefined,
    lastSeqNo: row.last_seq_no!,
    ...(row.tariff_id !== null && row.tariff_version !== null &&
      { tariff: { tariffId: row.tariff_id, version: row.tariff_version } }),
  };
}

/**
 * The store's `loadStation`: the calls of one event-loop turn share one query
 * ({@link loadStations}). A reconnect storm of 10,000 chargers used to ask two statements
 * each, one at a time (on PGlite each a message to its worker), while the chargers waited for
 * their actors to start.
 */
export function createStationLoader(
  db: Db,
): (chargerId: string) => Promise<StoredStation | undefined> {
  let waiting: Map<string, PromiseWithResolvers<StoredStation | undefined>[]> | null = null;
  return (chargerId) => {
    if (waiting === null) {
      const batch = waiting = new Map();
      setImmediate(() => {
        waiting = null;
        void answer(db, batch);
      });
    }
    const waiter = Promise.withResolvers<StoredStation | undefined>();
    const mine = waiting.get(chargerId);
    if (mine) mine.push(waiter);
    else waiting.set(chargerId, [waiter]);
    return waiter.promise;
  };
}

async function answer(
  db: Db,
  batch: Map<string, PromiseWithResolvers<StoredStation | undefined>[]>,
): Promise<void> {
  try {
    const stations = await loadStations(db, [...batch.keys()]);
    for (const [chargerId, waiters] of batch) {
      for (const waiter of waiters) waiter.resolve(stations.get(chargerId));
    }
  } catch (error) {
    for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
  }
}
