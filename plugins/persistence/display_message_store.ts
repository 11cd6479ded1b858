/** Display messages in SQL (OCPP 2.0.1 O01–O06). */
import type { DisplayMessage, DisplayMessageStore } from "../../actors/csms/display_messages.ts";
import { defined } from "./inventory.ts";
import { type Db, pgArray } from "./sql.ts";

const COLUMNS = `charger_id AS "chargerId", message_id AS "messageId", priority, state,
  start_at AS "startAt", end_at AS "endAt", transaction_id AS "transactionId", content, format,
  language, status, is_cleared AS "isCleared", updated_at AS "updatedAt"`;

/** The display message store over `db`. */
export function sqlDisplayMessageStore(db: Db): DisplayMessageStore {
  return {
    async save(m: DisplayMessage) {
      await db.query(
        `INSERT INTO display_messages (charger_id, message_id, priority, state, start_at, end_at,
           transaction_id, content, format, language, status, is_cleared, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (charger_id, message_id) DO UPDATE SET priority = EXCLUDED.priority,
           state = EXCLUDED.state, start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at,
           transaction_id = EXCLUDED.transaction_id, content = EXCLUDED.content,
           format = EXCLUDED.format, language = EXCLUDED.language, status = EXCLUDED.status,
           is_cleared = EXCLUDED.is_cleared, updated_at = EXCLUDED.updated_at`,
        [
          m.chargerId,
          m.messageId,
          m.priority,
          m.state ?? null,
          m.startAt ?? null,
          m.endAt ?? null,
          m.transactionId ?? null,
          m.content,
          m.format,
          m.language ?? null,
          m.status,
          m.isCleared,
          m.updatedAt,
        ],
      );
    },
    async list(chargerId) {
      const rows = await db.query<DisplayMessage>(
        `SELECT ${COLUMNS} FROM display_messages WHERE charger_id = $1
         ORDER BY is_cleared, updated_at DESC LIMIT 500`,
        [chargerId],
      );
      return rows.map(defined);
    },
    async get(chargerId, messageId) {
      const [row] = await db.query<DisplayMessage>(
        `SELECT ${COLUMNS} FROM display_messages WHERE charger_id = $1 AND message_id = $2`,
        [chargerId, messageId],
      );
      return row && defined(row);
    },
    async clearOthers(chargerId, keep, at) {
      await db.query(
        `UPDATE display_messages SET is_cleared = true, updated_at = $3
         WHERE charger_id = $1 AND NOT is_cleared AND NOT (message_id = ANY($2::int[]))`,
        [chargerId, pgArray(keep), at],
      );
    },
  };
}
