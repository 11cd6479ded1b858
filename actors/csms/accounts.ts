/**
 * Who may use the HTTP API: operator accounts with a role, their login sessions, API tokens
 * for scripts, and the audit log of what they did. This file is the contract (the database
 * implements it in plugins/persistence/accounts.ts, memory in memory_accounts.ts) and the
 * rules both share: roles, names, password length, token formats.
 */

/** Roles, weakest first: each may do what the ones before it may. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = typeof ROLES[number];

/** Whether `granted` covers `needed` (an admin may do what an operator may, and so on). */
export function roleCovers(granted: Role, needed: Role): boolean {
  return ROLES.indexOf(granted) >= ROLES.indexOf(needed);
}

/** An operator account, without its password hash. */
export interface Account {
  username: string;
  role: Role;
  isDisabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a session or token resolves to. */
export interface SessionRecord {
  username: string;
  role: Role;
  expiresAt: string;
}

/** An API token as listed (never its secret, which is shown once at creation). */
export interface ApiTokenInfo {
  id: string;
  name: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Accounts, sessions and API tokens. Digests are SHA-256 of the secret (see {@link digestOf}). */
export interface AccountStore {
  /** Accounts, enabled or not (for first-run setup and the start-up check). */
  countAccounts(): Promise<number>;
  getAccount(username: string): Promise<(Account & { passwordHash: string }) | undefined>;
  listAccounts(): Promise<Account[]>;
  /** Throws {@link AccountExistsError} when the name is taken. */
  createAccount(account: { username: string; role: Role; passwordHash: string }): Promise<Account>;
  /** Creates the account only while there is none at all; false when there is one already. */
  createFirstAccount(
    account: { username: string; role: Role; passwordHash: string },
  ): Promise<boolean>;
  updateAccount(
    username: string,
    changes: { role?: Role; passwordHash?: string; isDisabled?: boolean },
  ): Promise<Account | undefined>;
  deleteAccount(username: string): Promise<boolean>;
  createSession(
    session: { digest: string; username: string; createdAt: string; expiresAt: string },
  ): Promise<void>;
  /** The session's account if the session has not expired at `nowIso` and the account is enabled. */
  findSession(digest: string, nowIso: string): Promise<SessionRecord | undefined>;
  deleteSession(digest: string): Promise<void>;
  /** Ends every session of `username` (password change, role change, disabling). */
  deleteSessionsOf(username: string): Promise<void>;
  /** Deletes sessions that expired before `nowIso`; returns how many. */
  deleteExpiredSessions(nowIso: string): Promise<number>;
  createApiToken(
    token: Omit<ApiTokenInfo, "lastUsedAt" | "revokedAt"> & { digest: string },
  ): Promise<void>;
  /** The token if it exists and is not revoked; records `nowIso` as its last use. */
  useApiToken(
    digest: string,
    nowIso: string,
  ): Promise<Pick<ApiTokenInfo, "id" | "name" | "role"> | undefined>;
  listApiTokens(): Promise<ApiTokenInfo[]>;
  /** False when there is no such token or it was revoked already. */
  revokeApiToken(id: string, nowIso: string): Promise<boolean>;
  /** Whether any enabled account or unrevoked token exists (a credential to get in with). */
  hasCredentials(): Promise<boolean>;
}

/** How a request was authenticated. */
export type ActorKind = "session" | "token" | "api-token" | "anonymous";

/** One control or management call (docs/security.md, audit log). */
export interface AuditEntry {
  at: string;
  /** Account name, API token name, `api-token` (the --api-token) or `anonymous`. */
  actor: string;
  actorKind: ActorKind;
  role: Role | null;
  method: string;
  path: string;
  /** The body's `action` (the control route's), when there is one. */
  action: string | null;
  chargerId: string | null;
  /** What was acted on: a charger, an account, a token id, a site… */
  target: string | null;
  status: number;
  result: "ok" | "denied" | "failed";
  remoteAddress: string | null;
  requestId: string | null;
}

/** A stored entry. */
export interface AuditRecord extends AuditEntry {
  id: number;
}

/** Which entries to list, newest first. */
export interface AuditQuery {
  limit: number;
  /** Only entries with a smaller id (the next page). */
  beforeId?: number;
  actor?: string;
  chargerId?: string;
  from?: string;
  to?: string;
}

/** The audit log. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(query: AuditQuery): Promise<AuditRecord[]>;
}

/** A user name is taken. */
export class AccountExistsError extends Error {
  constructor(username: string) {
    super(`Account ${username} exists already`);
    this.name = "AccountExistsError";
  }
}

/** Letters, digits and `._@-`, 1–64 characters; compared lower-cased. */
const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** The stored form of a user name: trimmed and lower-cased. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Why a user name is not acceptable, or undefined. */
export function usernameProblem(username: string): string | undefined {
  return USERNAME.test(normalizeUsername(username))
    ? undefined
    : "must be 1–64 letters, digits or . _ @ - (starting with a letter or digit)";
}

/** Operator passwords: 12 to 128 characters (NIST SP 800-63B's advice for a password alone). */
export const MIN_ACCOUNT_PASSWORD = 12;
export const MAX_ACCOUNT_PASSWORD = 128;

/** Why an operator password is not acceptable, or undefined. */
export function accountPasswordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_ACCOUNT_PASSWORD || length > MAX_ACCOUNT_PASSWORD) {
    return `must be ${MIN_ACCOUNT_PASSWORD} to ${MAX_ACCOUNT_PASSWORD} characters, got ${length}`;
  }
  return undefined;
}

/** The prefix of API tokens, so they are recognisable in a leaked file or a secret scanner. */
export const API_TOKEN_PREFIX = "tamna_";

/** A fresh random secret: 32 bytes, base64url (43 characters), after `prefix`. */
export function newSecret(prefix = ""): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `${prefix}${bytes.toBase64({ alphabet: "base64url", omitPadding: true })}`;
}

/** Whether `token` has the shape of an API token (checked before any database look-up). */
export function isApiTokenShape(token: string): boolean {
  return /^tamna_[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * What is stored of a session or API token: SHA-256, base64url. The secrets are 256 random
 * bits, so a fast hash is enough (no dictionary to try), and a leaked table opens nothing.
 */
export async function digestOf(secret: string, purpose = ""): Promise<string> {
  const bytes = new TextEncoder().encode(`${purpose}${secret}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return digest.toBase64({ alphabet: "base64url", omitPadding: true });
}
