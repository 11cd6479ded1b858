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
import { isoOfMs } from "../runtime/clock.ts";

interface StoredAccount extends Account {
  passwordHash: string;
}

/** The store's state, shared by its parts. */
interface State {
  accounts: Map<string, StoredAccount>;
  sessions: Map<string, { username: string; expiresAt: string }>;
  tokens: Map<string, ApiTokenInfo & { digest: string }>;
  now(): number;
}

type Part<K extends keyof AccountStore> = Pick<AccountStore, K>;

/** Builds an empty store; `now` stamps account changes. */
export function createMemoryAccountStore(now: () => number = Date.now): AccountStore {
  const state: State = { accounts: new Map(), sessions: new Map(), tokens: new Map(), now };
  return {
    ...accountPart(state),
    ...sessionPart(state),
    ...tokenPart(state),
    hasCredentials: () =>
      Promise.resolve(
        [...state.accounts.values()].some((a) => !a.isDisabled) ||
          [...state.tokens.values()].some((t) => !t.revokedAt),
      ),
  };
}

function publicPart({ passwordHash: _, ...account }: StoredAccount): Account {
  return { ...account };
}

function accountPart(
  state: State,
): Part<
  | "countAccounts"
  | "getAccount"
  | "listAccounts"
  | "createAccount"
  | "createFirstAccount"
  | "updateAccount"
  | "deleteAccount"
> {
  const { accounts } = state;
  const stamp = () => isoOfMs(state.now());
  const createAccount: AccountStore["createAccount"] = (account) => {
    if (accounts.has(account.username)) {
      return Promise.reject(new AccountExistsError(account.username));
    }
    const stored = { ...account, isDisabled: false, createdAt: stamp(), updatedAt: stamp() };
    accounts.set(account.username, stored);
    return Promise.resolve(publicPart(stored));
  };
  return {
    countAccounts: () => Promise.resolve(accounts.size),
    getAccount: (username) =>
      Promise.resolve(accounts.has(username) ? { ...accounts.get(username)! } : undefined),
    listAccounts: () =>
      Promise.resolve(
        [...accounts.values()].sort((a, b) => a.username.localeCompare(b.username)).map(publicPart),
      ),
    createAccount,
    async createFirstAccount(account) {
      if (accounts.size > 0) return false;
      await createAccount(account);
      return true;
    },
    updateAccount(username, changes) {
      const account = accounts.get(username);
      if (!account) return Promise.resolve(undefined);
      const defined = Object.entries(changes).filter(([, value]) => value !== undefined);
      const updated = { ...account, ...Object.fromEntries(defined), updatedAt: stamp() };
      accounts.set(username, updated);
      return Promise.resolve(publicPart(updated));
    },
    deleteAccount(username) {
      for (const [digest, session] of state.sessions) {
        if (session.username === username) state.sessions.delete(digest);
      }
      return Promise.resolve(accounts.delete(username));
    },
  };
}

function sessionPart(
  state: State,
): Part<
  "createSession" | "findSession" | "deleteSession" | "deleteSessionsOf" | "deleteExpiredSessions"
> {
  const { sessions } = state;
  const deleteWhere = (isGone: (s: { username: string; expiresAt: string }) => boolean) => {
    let count = 0;
    for (const [digest, session] of sessions) {
      if (isGone(session) && sessions.delete(digest)) count++;
    }
    return count;
  };
  return {
    createSession(session) {
      sessions.set(session.digest, session);
      return Promise.resolve();
    },
    findSession(digest, nowIso) {
      const session = sessions.get(digest);
      const account = session && state.accounts.get(session.username);
      if (!session || !account || account.isDisabled || session.expiresAt <= nowIso) {
        return Promise.resolve(undefined);
      }
      const { username, role } = account;
      return Promise.resolve({ username, role, expiresAt: session.expiresAt });
    },
    deleteSession(digest) {
      sessions.delete(digest);
      return Promise.resolve();
    },
    deleteSessionsOf(username) {
      deleteWhere((s) => s.username === username);
      return Promise.resolve();
    },
    deleteExpiredSessions: (nowIso) => Promise.resolve(deleteWhere((s) => s.expiresAt <= nowIso)),
  };
}

function tokenPart(
  state: State,
): Part<"createApiToken" | "useApiToken" | "listApiTokens" | "revokeApiToken"> {
  const { tokens } = state;
  return {
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
        [...tokens.values()].map(({ digest: _, ...info }) => ({ ...info }))
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
      ),
    revokeApiToken(id, nowIso) {
      const token = tokens.get(id);
      if (!token || token.revokedAt) return Promise.resolve(false);
      token.revokedAt = nowIso;
      return Promise.resolve(true);
    },
  };
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
