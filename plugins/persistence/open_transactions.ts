/**
 * The transactions the database holds as still running, as `transaction.started` events: a node
 * that joins a cluster folds them into its live view and smart charging, since the chargers that
 * run them may be connected to other nodes that started them before this one was up.
 */
import type { Db } from "./sql.ts";
import type { TamnaEvents } from "../../actors/csms/events.ts";

/** Every open transaction (no Ended event stored), oldest first; `at` is `nowIso`. */
export async function openTransactionEvents(
  db: Db,
  nowIso: string,
): Promise<TamnaEvents["transaction.started"][]> {
  const rows = await db.query<{
    charger_id: string;
    transaction_id: string;
    evse_id: number | null;
    connector_id: number | null;
    id_token: string | null;
    remote_start_id: number | null;
    meter_start_wh: string | number | null;
    started_at: Date | string | null;
  }>(
    `SELECT charger_id, transaction_id, evse_id, connector_id, id_token, remote_start_id,
       meter_start_wh, started_at
     FROM transactions WHERE ended_at IS NULL ORDER BY started_at NULLS LAST, id`,
  );
  return rows.map((row) => ({
    chargerId: row.charger_id,
    transactionId: row.transaction_id,
    ...(row.evse_id !== null && { evseId: row.evse_id }),
    ...(row.connector_id !== null && { connectorId: row.connector_id }),
    ...(row.id_token !== null && { idToken: row.id_token }),
    ...(row.remote_start_id !== null && { remoteStartId: row.remote_start_id }),
    ...(row.meter_start_wh !== null && { meterStartWh: Number(row.meter_start_wh) }),
    timestamp: row.started_at === null ? nowIso : new Date(row.started_at).toISOString(),
    at: nowIso,
  }));
}
