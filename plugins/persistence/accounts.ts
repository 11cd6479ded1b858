/**
 * The account store and the audit log on the database (migration 40, schema_accounts.ts):
 * the same SQL on PGlite and PostgreSQL.
 */
import {
  type Account,
  AccountExistsError,
  type AccountStore,
  type AuditLog,
  type AuditRecord,
  type Role,
} from "../../actors/csms/accounts.ts";
import type { Db } from "./sql.ts";

interface AccountRow {
  username: string;
  role: Role;
  password_hash: string;
  is_disabled: boolean;
  created_at: string;
  updated_at: string;
}

const ACCOUNT_COLUMNS = "username, role, password_hash, is_disabled, created_at, updated_at";

function accountOf(row: AccountRow): Account {
  return {
    username: row.username,
    role: row.role,
    isDisabled: row.is_disabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === "23505" || /duplicate key|unique constraint/i.test(String(error));
}

/** Accounts, sessions and API tokens in `db`. */
export function sqlAccountStore(db: Db): AccountStore {
  return {
    ...accountQueries(db),
    ...accountChanges(db),
    ...sessionQueries(db),
    ...tokenQueries(db),
    async hasCredentials() {
      const [row] = await db.query<{ has: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM operator_accounts WHERE NOT is_disabled)
             OR EXISTS (SELECT 1 FROM api_tokens WHERE revoked_at IS NULL) AS has`,
      );
      return row.has;
    },
  };
}

type AccountQueries = Pick<
  AccountStore,
  "countAccounts" | "getAccount" | "listAccounts" | "createAccount" | "deleteAccount"
>;

function accountQueries(db: Db): AccountQueries {
  return {
    async countAccounts() {
      const [row] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM operator_accounts",
      );
      return row.n;
    },
    async getAccount(username) {
      const [row] = await db.query<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM operator_accounts WHERE username = $1`,
        [username],
      );
      return row && { ...accountOf(row), passwordHash: row.password_hash };
    },
    async listAccounts() {
      const rows = await db.query<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM operator_accounts ORDER BY username`,
      );
      return rows.map(accountOf);
    },
    async createAccount({ username, role, passwordHash }) {
      try {
        const [row] = await db.query<AccountRow>(
          `INSERT INTO operator_accounts (username, role, password_hash) VALUES ($1, $2, $3)
           RETURNING ${ACCOUNT_COLUMNS}`,
          [username, role, passwordHash],
        );
        return accountOf(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new AccountExistsError(username);
        throw error;
      }
    },
    async deleteAccount(username) {
      const rows = await db.query<{ username: string }>(
        "DELETE FROM operator_accounts WHERE username = $1 RETURNING username",
        [username],
      );
      return rows.length === 1;
    },
  };
}

function accountChanges(db: Db): Pick<AccountStore, "createFirstAccount" | "updateAccount"> {
  return {
    createFirstAccount({ username, role, passwordHash }) {
      // The lock makes two first-run setups at once (two nodes, two tabs) create one account.
      return db.transaction(async (tx) => {
        await tx.exec("LOCK TABLE operator_accounts IN EXCLUSIVE MODE");
        const rows = await tx.query<{ username: string }>(
          `INSERT INTO operator_accounts (username, role, password_hash)
           SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM operator_accounts)
           RETURNING username`,
          [username, role, passwordHash],
        );
        return rows.length === 1;
      });
    },
    async updateAccount(username, changes) {
      const [row] = await db.query<AccountRow>(
        `UPDATE operator_accounts SET
           role = coalesce($2, role),
           password_hash = coalesce($3, password_hash),
           is_disabled = coalesce($4, is_disabled),
           updated_at = now()
         WHERE username = $1 RETURNING ${ACCOUNT_COLUMNS}`,
        [username, changes.role ?? null, changes.passwordHash ?? null, changes.isDisabled ?? null],
      );
      return row && accountOf(row);
    },
  };
}

type SessionQueries = Pick<
  AccountStore,
  "createSession" | "findSession" | "deleteSession" | "deleteSessionsOf" | "deleteExpiredSessions"
>;

function sessionQueries(db: Db): SessionQueries {
  return {
    async createSession({ digest, username, createdAt, expiresAt }) {
      await db.query(
        `INSERT INTO operator_sessions (token_digest, username, created_at, expires_at)
         VALUES ($1, $2, $3, $4)`,
        [digest, username, createdAt, expiresAt],
      );
    },
    async findSession(digest, nowIso) {
      const [row] = await db.query<{ username: string; role: Role; expires_at: string }>(
        `SELECT a.username, a.role, s.expires_at
         FROM operator_sessions s JOIN operator_accounts a USING (username)
         WHERE s.token_digest = $1 AND s.expires_at > $2 AND NOT a.is_disabled`,
        [digest, nowIso],
      );
      return row && { username: row.username, role: row.role, expiresAt: row.expires_at };
    },
    async deleteSession(digest) {
      await db.query("DELETE FROM operator_sessions WHERE token_digest = $1", [digest]);
    },
    async deleteSessionsOf(username) {
      await db.query("DELETE FROM operator_sessions WHERE username = $1", [username]);
    },
    async deleteExpiredSessions(nowIso) {
      const rows = await db.query<{ token_digest: string }>(
        "DELETE FROM operator_sessions WHERE expires_at <= $1 RETURNING token_digest",
        [nowIso],
      );
      return rows.length;
    },
  };
}

interface TokenRow {
  id: string;
  name: string;
  role: Role;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

type TokenQueries = Pick<
  AccountStore,
  "createApiToken" | "useApiToken" | "listApiTokens" | "revokeApiToken"
>;

function tokenQueries(db: Db): TokenQueries {
  return {
    async createApiToken(token) {
      await db.query(
        `INSERT INTO api_tokens (id, name, role, token_digest, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [token.id, token.name, token.role, token.digest, token.createdBy, token.createdAt],
      );
    },
    async useApiToken(digest, nowIso) {
      const [row] = await db.query<Pick<TokenRow, "id" | "name" | "role">>(
        `UPDATE api_tokens SET last_used_at = $2
         WHERE token_digest = $1 AND revoked_at IS NULL RETURNING id, name, role`,
        [digest, nowIso],
      );
      return row;
    },
    async listApiTokens() {
      const rows = await db.query<TokenRow>(
        `SELECT id, name, role, created_by, created_at, last_used_at, revoked_at
         FROM api_tokens ORDER BY created_at DESC, id`,
      );
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        role: row.role,
        createdBy: row.created_by,
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at,
        revokedAt: row.revoked_at,
      }));
    },
    async revokeApiToken(id, nowIso) {
      const rows = await db.query<{ id: string }>(
        "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id",
        [id, nowIso],
      );
      return rows.length === 1;
    },
  };
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  actor_kind: AuditRecord["actorKind"];
  role: Role | null;
  method: string;
  path: string;
  action: string | null;
  charger_id: string | null;
  target: string | null;
  status: number;
  result: AuditRecord["result"];
  remote_address: string | null;
  request_id: string | null;
}

/** The audit log in `db`'s `audit_log`. */
export function sqlAuditLog(db: Db): AuditLog {
  return {
    async record(e) {
      await db.query(
        `INSERT INTO audit_log (at, actor, actor_kind, role, method, path, action, charger_id,
           target, status, result, remote_address, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          e.at,
          e.actor,
          e.actorKind,
          e.role,
          e.method,
          e.path,
          e.action,
          e.chargerId,
          e.target,
          e.status,
          e.result,
          e.remoteAddress,
          e.requestId,
        ],
      );
    },
    async list(query) {
      const rows = await db.query<AuditRow>(
        `SELECT * FROM audit_log
         WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR actor = $2)
           AND ($3::text IS NULL OR charger_id = $3)
           AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5)
         ORDER BY id DESC LIMIT $6`,
        [
          query.beforeId ?? null,
          query.actor ?? null,
          query.chargerId ?? null,
          query.from ?? null,
          query.to ?? null,
          query.limit,
        ],
      );
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        actorKind: r.actor_kind,
        role: r.role,
        method: r.method,
        path: r.path,
        action: r.action,
        chargerId: r.charger_id,
        target: r.target,
        status: r.status,
        result: r.result,
        remoteAddress: r.remote_address,
        requestId: r.request_id,
      }));
    },
  };
}
