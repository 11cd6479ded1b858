/** Reservations in SQL (OCPP 2.0.1 H01–H04). */
import type { Reservation, ReservationStore } from "../../actors/csms/reservations.ts";
import { defined } from "./inventory.ts";
import type { Db } from "./sql.ts";

const COLUMNS = `charger_id AS "chargerId", reservation_id AS "reservationId",
  id_token AS "idToken", id_token_type AS "idTokenType", group_id_token AS "groupIdToken",
  evse_id AS "evseId", connector_type AS "connectorType", expires_at AS "expiresAt", status,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The reservation store over `db`. */
export function sqlReservationStore(db: Db): ReservationStore {
  return {
    async save(r) {
      await db.query(
        `INSERT INTO reservations (charger_id, reservation_id, id_token, id_token_type,
           group_id_token, evse_id, connector_type, expires_at, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (charger_id, reservation_id) DO UPDATE SET status = EXCLUDED.status,
           updated_at = EXCLUDED.updated_at`,
        [
          r.chargerId,
          r.reservationId,
          r.idToken,
          r.idTokenType,
          r.groupIdToken ?? null,
          r.evseId ?? null,
          r.connectorType ?? null,
          r.expiresAt,
          r.status,
          r.createdAt,
          r.updatedAt,
        ],
      );
    },
    async get(chargerId, reservationId) {
      const [row] = await db.query<Reservation>(
        `SELECT ${COLUMNS} FROM reservations WHERE charger_id = $1 AND reservation_id = $2`,
        [chargerId, reservationId],
      );
      return row && defined(row);
    },
    async list(filter) {
      const params: unknown[] = [];
      const where: string[] = [];
      if (filter.chargerId !== undefined) {
        params.push(filter.chargerId);
        where.push(`charger_id = $${params.length}`);
      }
      if (filter.isActive) where.push("status = 'Active'");
      params.push(filter.limit ?? 500);
      const rows = await db.query<Reservation>(
        `SELECT ${COLUMNS} FROM reservations
         ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY created_at DESC, reservation_id LIMIT $${params.length}`,
        params,
      );
      return rows.map(defined);
    },
  };
}
