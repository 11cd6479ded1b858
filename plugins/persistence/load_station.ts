/** What the station actor reads back at start: a charger's registration and open transactions. */
import type { StoredStation } from "../../actors/station/durable.ts";
import type { Db } from "./sql.ts";

const REGISTRATIONS = new Set(["Accepted", "Pending", "Rejected"]);

interface OpenTransactionRow {
  transaction_id: string;
  evse_id: number | null;
  connector_id: number | null;
  id_token: string | null;
  meter_start_wh: string | number | null;
  meter_stop_wh: string | number | null;
  last_seq_no: number;
  tariff_id: string | null;
  tariff_version: number | null;
}

const num = (v: string | number | null) => v === null ? undefined : Number(v);

/**
 * Whether the charger is known (seeded or booted before), its last registration and its open
 * transactions, so a restarted CSMS carries on without a new boot; undefined when unknown.
 */
export async function loadStation(db: Db, chargerId: string): Promise<StoredStation | undefined> {
  const [charger] = await db.query<{ registration_status: string | null }>(
    "SELECT registration_status FROM chargers WHERE charger_id = $1",
    [chargerId],
  );
  if (!charger) return undefined;
  const open = await db.query<OpenTransactionRow>(
    `SELECT transaction_id, evse_id, connector_id, id_token, meter_start_wh, meter_stop_wh,
       last_seq_no, tariff_id, tariff_version
     FROM transactions WHERE charger_id = $1 AND ended_at IS NULL`,
    [chargerId],
  );
  const status = charger.registration_status;
  return {
    registration: status && REGISTRATIONS.has(status)
      ? status as StoredStation["registration"]
      : undefined,
    openTransactions: open.map((row) => ({
      transactionId: row.transaction_id,
      evseId: row.evse_id ?? undefined,
      connectorId: row.connector_id ?? undefined,
      idToken: row.id_token ?? undefined,
      meterStartWh: num(row.meter_start_wh),
      lastEnergyWh: num(row.meter_stop_wh),
      lastSeqNo: row.last_seq_no,
      ...(row.tariff_id !== null && row.tariff_version !== null &&
        { tariff: { tariffId: row.tariff_id, version: row.tariff_version } }),
    })),
  };
}
