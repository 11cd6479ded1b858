/**
 * Accounts, sessions, API tokens and the audit log in memory, for a server without a database
 * (tests, benchmarks, the library's default): the same contract as the SQL store, lost at exit.
 */
import {
  type Account,
  AccountExistsError,
  type AccountStore,
  type ApiTokenInfo,
  type AuditLog,
  type AuditRecord,
} from "./accounts.ts";

interface StoredAccount extends Account {
  passwordHash: string;
}

/** Builds an empty store; `now` stamps account changes. */
export function createMemoryAccountStore(now: () => number = Date.now): AccountStore {
  const accounts = new Map<string, StoredAccount>();
  const sessions = new Map<string, { username: string; expiresAt: string }>();
  const tokens = new Map<string, ApiTokenInfo & { digest: string }>();
  const publicPart = ({ passwordHash: _, ...account }: StoredAccount): Account => ({ ...account });
  const stamp = () => new Date(now()).toISOString();
  const store: AccountStore = {
    countAccounts: () => Promise.resolve(accounts.size),
    getAccount: (username) => {
      const account = accounts.get(username);
      return Promise.resolve(account && { ...account });
    },
    listAccounts: () =>
      Promise.resolve(
        [...accounts.values()].sort((a, b) => a.username.localeCompare(b.username)).map(
          publicPart,
        ),
      ),
    createAccount(account) {
      if (accounts.has(account.username)) {
        return Promise.reject(new AccountExistsError(account.username));
      }
      const at = stamp();
      const stored = { ...account, isDisabled: false, createdAt: at, updatedAt: at };
      accounts.set(account.username, stored);
      return Promise.resolve(publicPart(stored));
    },
    async createFirstAccount(account) {
      if (accounts.size > 0) return false;
      await store.createAccount(account);
      return true;
    },
    updateAccount(username, changes) {
      const account = accounts.get(username);
      if (!account) return Promise.resolve(undefined);
      const defined = Object.fromEntries(
        Object.entries(changes).filter(([, value]) => value !== undefined),
      );
      const updated = { ...account, ...defined, updatedAt: stamp() };
      accounts.set(username, updated);
      return Promise.resolve(publicPart(updated));
    },
    deleteAccount(username) {
      store.deleteSessionsOf(username);
      return Promise.resolve(accounts.delete(username));
    },
    createSession(session) {
      sessions.set(session.digest, session);
      return Promise.resolve();
    },
    findSession(digest, nowIso) {
      const session = sessions.get(digest);
      const account = session && accounts.get(session.username);
      if (!session || !account || account.isDisabled || session.expiresAt <= nowIso) {
        return Promise.resolve(undefined);
      }
      return Promise.resolve({
        username: account.username,
        role: account.role,
        expiresAt: session.expiresAt,
      });
    },
    deleteSession(digest) {
      sessions.delete(digest);
      return Promise.resolve();
    },
    deleteSessionsOf(username) {
      for (const [digest, session] of sessions) {
        if (session.username === username) sessions.delete(digest);
      }
      return Promise.resolve();
    },
    deleteExpiredSessions(nowIso) {
      let count = 0;
      for (const [digest, session] of sessions) {
        if (session.expiresAt <= nowIso && sessions.delete(digest)) count++;
      }
      return Promise.resolve(count);
    },
    createApiToken(token) {
      tokens.set(token.id, { ...token, lastUsedAt: null, revokedAt: null });
      return Promise.resolve();
    },
    useApiToken(digest, nowIso) {
      const token = [...tokens.values()].find((t) => t.digest === digest && !t.revokedAt);
      if (!token) return Promise.resolve(undefined);
      token.lastUsedAt = nowIso;
      return Promise.resolve({ id: token.id, name: token.name, role: token.role });
    },
    listApiTokens: () =>
      Promise.resolve(
        [...tokens.values()].map(({ digest: _, ...info }) => ({ ...info })).sort((a, b) =>
          b.createdAt.localeCompare(a.createdAt)
        ),
      ),
    revokeApiToken(id, nowIso) {
      const token = tokens.get(id);
      if (!token || token.revokedAt) return Promise.resolve(false);
      token.revokedAt = nowIso;
      return Promise.resolve(true);
    },
    hasCredentials: () =>
      Promise.resolve(
        [...accounts.values()].some((a) => !a.isDisabled) ||
          [...tokens.values()].some((t) => !t.revokedAt),
      ),
  };
  return store;
}

/** Builds an empty audit log holding at most `maxEntries` (oldest dropped first). */
export function createMemoryAuditLog(maxEntries = 10_000): AuditLog {
  const entries: AuditRecord[] = [];
  let nextId = 1;
  return {
    record(entry) {
      entries.push({ ...entry, id: nextId++ });
      if (entries.length > maxEntries) entries.shift();
      return Promise.resolve();
    },
    list(query) {
      const rows = entries.filter((e) =>
        (query.beforeId === undefined || e.id < query.beforeId) &&
        (query.actor === undefined || e.actor === query.actor) &&
        (query.chargerId === undefined || e.chargerId === query.chargerId) &&
        (query.from === undefined || e.at >= query.from) &&
        (query.to === undefined || e.at < query.to)
      );
      return Promise.resolve(rows.reverse().slice(0, query.limit).map((e) => ({ ...e })));
    },
  };
}
