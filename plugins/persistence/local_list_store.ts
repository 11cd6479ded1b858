/** Local Authorization Lists in SQL: who each list names, and what each charger last accepted. */
import type { ListScope, ListState, LocalListStore } from "../../actors/csms/local_lists.ts";
import { defined } from "./inventory.ts";
import { type Db, pgArray } from "./sql.ts";

const STATE = `charger_id AS "chargerId", version, entries, charger_version AS "chargerVersion",
  last_status AS "lastStatus", synced_at AS "syncedAt"`;

async function members(db: Db, scope: ListScope, scopeId: string): Promise<string[]> {
  const rows = await db.query<{ id_token: string }>(
    `SELECT id_token FROM local_list_members WHERE scope = $1 AND scope_id = $2
     ORDER BY id_token`,
    [scope, scopeId],
  );
  return rows.map((r) => r.id_token);
}

function setMembers(
  db: Db,
  list: { scope: ListScope; scopeId: string; idTokens: readonly string[] },
): Promise<void> {
  return db.transaction(async (tx) => {
    await tx.query("DELETE FROM local_list_members WHERE scope = $1 AND scope_id = $2", [
      list.scope,
      list.scopeId,
    ]);
    if (list.idTokens.length === 0) return;
    await tx.query(
      `INSERT INTO local_list_members (scope, scope_id, id_token)
       SELECT $1, $2, t FROM unnest($3::text[]) AS t`,
      [list.scope, list.scopeId, pgArray(list.idTokens)],
    );
  });
}

/** The list store over `db`. */
export function sqlLocalListStore(db: Db): LocalListStore {
  return {
    members: (scope, scopeId) => members(db, scope, scopeId),
    setMembers: (scope, scopeId, idTokens) => setMembers(db, { scope, scopeId, idTokens }),
    async chargersHolding(idToken) {
      const rows = await db.query<{ charger_id: string }>(
        "SELECT charger_id FROM local_list_state WHERE entries ? $1 ORDER BY charger_id",
        [idToken],
      );
      return rows.map((r) => r.charger_id);
    },
    async scopesNaming(idToken) {
      return await db.query<{ scope: ListScope; scopeId: string }>(
        `SELECT scope, scope_id AS "scopeId" FROM local_list_members WHERE id_token = $1
         ORDER BY scope, scope_id`,
        [idToken],
      );
    },
    async state(chargerId) {
      const [row] = await db.query<ListState>(
        `SELECT ${STATE} FROM local_list_state WHERE charger_id = $1`,
        [chargerId],
      );
      return row === undefined ? undefined : defined(row);
    },
    async saveState(state) {
      await db.query(
        `INSERT INTO local_list_state (charger_id, version, entries, charger_version, last_status,
           synced_at, updated_at)
         VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, now())
         ON CONFLICT (charger_id) DO UPDATE SET version = EXCLUDED.version,
           entries = EXCLUDED.entries, charger_version = EXCLUDED.charger_version,
           last_status = EXCLUDED.last_status, synced_at = EXCLUDED.synced_at,
           updated_at = now()`,
        [
          state.chargerId,
          state.version,
          JSON.stringify(state.entries),
          state.chargerVersion ?? null,
          state.lastStatus ?? null,
          state.syncedAt ?? null,
        ],
      );
    },
  };
}
