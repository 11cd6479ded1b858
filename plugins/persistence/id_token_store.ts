/** ID tokens in SQL (`id_tokens`, one row per token value). */
import type { IdTokenRecord, IdTokenStore, IdTokenWrite } from "../../actors/csms/id_tokens.ts";
import { defined } from "./inventory.ts";
import { type Db, pgArray } from "./sql.ts";

const COLUMNS = `id_token AS "idToken", type, status, expires_at AS "expiresAt",
  group_id AS "groupIdToken", note, created_at AS "createdAt", updated_at AS "updatedAt"`;

const params = (t: IdTokenWrite) => [
  t.idToken,
  t.type,
  t.status,
  t.expiresAt ?? null,
  t.groupIdToken ?? null,
  t.note ?? null,
];

const UPSERT_ALL = `
INSERT INTO id_tokens AS k (id_token, type, status, expires_at, group_id, note)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[],
  $6::text[])
ON CONFLICT (id_token) DO UPDATE SET type = EXCLUDED.type, status = EXCLUDED.status,
  expires_at = EXCLUDED.expires_at, group_id = EXCLUDED.group_id, note = EXCLUDED.note,
  updated_at = now()
RETURNING ${COLUMNS}`;

/** The token store over `db`. */
export function sqlIdTokenStore(db: Db): IdTokenStore {
  const rows = async (sql: string, values: unknown[] = []) =>
    (await db.query<IdTokenRecord>(sql, values)).map(defined);
  return {
    list: () => rows(`SELECT ${COLUMNS} FROM id_tokens ORDER BY id_token`),
    async create(token) {
      const [row] = await rows(
        `INSERT INTO id_tokens (id_token, type, status, expires_at, group_id, note)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id_token) DO NOTHING
         RETURNING ${COLUMNS}`,
        params(token),
      );
      return row ?? "exists";
    },
    async save(token) {
      const [row] = await rows(
        `UPDATE id_tokens SET type = $2, status = $3, expires_at = $4, group_id = $5, note = $6,
           updated_at = now()
         WHERE id_token = $1 RETURNING ${COLUMNS}`,
        params(token),
      );
      return row;
    },
    async delete(idToken) {
      const gone = await db.query("DELETE FROM id_tokens WHERE id_token = $1 RETURNING id_token", [
        idToken,
      ]);
      return gone.length > 0;
    },
    upsertAll: (tokens) =>
      tokens.length === 0 ? Promise.resolve([]) : rows(UPSERT_ALL, [
        pgArray(tokens.map((t) => t.idToken)),
        pgArray(tokens.map((t) => t.type)),
        pgArray(tokens.map((t) => t.status)),
        pgArray(tokens.map((t) => t.expiresAt)),
        pgArray(tokens.map((t) => t.groupIdToken)),
        pgArray(tokens.map((t) => t.note)),
      ]),
  };
}
