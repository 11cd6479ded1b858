/**
 * Who is calling the HTTP API, and may they: one middleware, in front of every route, that
 * authenticates (a session cookie, an API token, the `--api-token`, or nobody) and then applies
 * the role the method and path need (docs/security.md, roles). The rule is general, so routes
 * added anywhere are covered without work of their own: reads need viewer, every other method
 * operator, anything under `/admin/` admin; public are only `/health`, the dashboard's page and
 * files, the login itself, and chargers' file transfers by token (`/transfers/…`). Cookie-authenticated changes must also come from the dashboard's
 * own origin (CSRF): a same-origin `Origin` header or the session's `X-CSRF-Token`.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getLogger } from "@logtape/logtape";
import { deleteCookie, getCookie } from "hono/cookie";
import {
  type AccountStore,
  type ActorKind,
  digestOf,
  isApiTokenShape,
  type Role,
  roleCovers,
} from "../actors/csms/accounts.ts";
import { isSameSecret } from "./auth.ts";
import { apiError } from "./errors.ts";
import { isoOfMs } from "../actors/runtime/clock.ts";

/** The caller, as the middleware resolved it; routes read it with `c.get("principal")`. */
export interface Principal {
  /** Account name, API token name, `api-token` or `anonymous`. */
  name: string;
  role: Role;
  kind: ActorKind;
  /** Sessions: the stored digest, the CSRF token and the end of the session. */
  session?: { digest: string; csrfToken: string; expiresAt: string };
  /** API tokens: the token's id. */
  tokenId?: string;
}

declare module "hono" {
  interface ContextVariableMap {
    /** Set by the access middleware when the caller is known. */
    principal: Principal;
    /** Set by a route to name what it acted on, for the audit log. */
    auditTarget: string;
  }
}

const log = getLogger(["tamna", "access"]);

/** The session cookie's name. */
export const SESSION_COOKIE = "tamna_session";

/** What a request needs: nothing, any signed-in caller, or at least a role. */
export type Requirement = "public" | "signed-in" | Role;

const READS = new Set(["GET", "HEAD"]);
const PUBLIC_READS = /^\/(?:|health|favicon\.ico|static\/.*|vendor\/.*)$/;
const AUTH_PUBLIC = new Set(["/auth/login", "/auth/setup", "/auth/me"]);
/**
 * Chargers' file transfers (L01 firmware download, N01 log upload): a charger has no account, so
 * each URL carries a random 128-bit token naming one file or one expected upload instead.
 */
const TRANSFERS = /^\/transfers\/(?:firmware|logs)\/[A-Za-z0-9_-]{20,}(?:\/[^/]*)?$/;

/** The requirement of `method` on `path`: the whole access policy in one place. */
export function requirementOf(method: string, path: string): Requirement {
  if (method === "OPTIONS") return "public"; // CORS preflight; answered before this
  const normalized = path.toLowerCase().replace(/\/{2,}/g, "/");
  if (AUTH_PUBLIC.has(normalized)) return "public";
  if (TRANSFERS.test(path)) return "public";
  if (normalized.startsWith("/auth/")) return "signed-in";
  if (normalized === "/admin" || normalized.startsWith("/admin/")) return "admin";
  if (READS.has(method)) return PUBLIC_READS.test(path) ? "public" : "viewer";
  return "operator";
}

/** Whether the request changes something (anything but a read or a preflight). */
export function isChange(method: string): boolean {
  return !READS.has(method) && method !== "OPTIONS";
}

/** What the middleware needs. */
export interface AccessOptions {
  accounts: AccountStore;
  /** The `--api-token`: an admin credential named `api-token`. */
  apiToken?: string;
  /** `--insecure-http`: callers without credentials act as the admin `anonymous`. */
  isInsecure?: boolean;
  now(): number;
  /** How long a looked-up session or token is trusted before the next look-up; default 10 s. */
  cacheMs?: number;
}

/** The middleware and its cache. */
export interface Access {
  middleware: MiddlewareHandler;
  /** Forgets looked-up sessions and tokens: call after an account, session or token changed. */
  forget(): void;
}

/** The CSRF token of a session: derived from its secret, so it needs no storage. */
export function csrfTokenOf(sessionSecret: string): Promise<string> {
  return digestOf(sessionSecret, "csrf\0");
}

/** The caller's address as `Deno.serve` saw it, or undefined (in `app.request` tests). */
export function remoteAddressOf(c: Context): string | undefined {
  return (c.env as { remoteAddr?: { hostname?: string } } | undefined)?.remoteAddr?.hostname;
}

/** A failed authentication: 401 with the reason. */
class Unauthenticated {
  constructor(readonly reason: string, readonly isStaleCookie = false) {}
}

type Resolved = Principal | Unauthenticated | undefined;

/** Builds the middleware. */
export function createAccess(options: AccessOptions): Access {
  const cacheMs = options.cacheMs ?? 10_000;
  const cache = new Map<string, { principal: Principal; untilMs: number }>();
  const cached = async (key: string, load: () => Promise<Principal | undefined>) => {
    const nowMs = options.now();
    const hit = cache.get(key);
    if (hit && hit.untilMs > nowMs) return hit.principal;
    let principal: Principal | undefined;
    try {
      principal = await load();
    } catch (error) {
      log.error("Cannot check a session or token: {error}", { error });
      throw apiError(503, "Cannot check the session or token now (database unavailable); retry");
    }
    if (!principal) return undefined;
    if (cache.size > 10_000) cache.clear();
    const expiresMs = principal.session ? Date.parse(principal.session.expiresAt) : Infinity;
    cache.set(key, { principal, untilMs: Math.min(nowMs + cacheMs, expiresMs) });
    return principal;
  };
  const resolve = (c: Context) => authenticate(c, options, cached);
  const middleware: MiddlewareHandler = async (c, next) => {
    const requirement = requirementOf(c.req.method, c.req.path);
    // A public route (the page, /health) answers even when the caller cannot be checked.
    const resolved = requirement === "public"
      ? await resolve(c).catch(() => undefined)
      : await resolve(c);
    if (resolved instanceof Unauthenticated) {
      if (resolved.isStaleCookie) deleteCookie(c, SESSION_COOKIE, { path: "/" });
      if (requirement !== "public") throw apiError(401, resolved.reason);
    } else if (resolved) {
      c.set("principal", resolved);
    }
    const principal = resolved instanceof Unauthenticated ? undefined : resolved;
    if (requirement !== "public") await authorize(c, principal, requirement);
    await next();
  };
  return { middleware, forget: () => cache.clear() };
}

type Cached = (
  key: string,
  load: () => Promise<Principal | undefined>,
) => Promise<Principal | undefined>;

/** Resolves the caller from the Authorization header, else the session cookie, else the mode. */
async function authenticate(c: Context, options: AccessOptions, cached: Cached): Promise<Resolved> {
  const header = c.req.header("Authorization");
  if (header !== undefined) return await bearerPrincipal(header, options, cached);
  const secret = getCookie(c, SESSION_COOKIE);
  if (secret !== undefined) {
    const principal = await sessionPrincipal(secret, options, cached);
    return principal ?? new Unauthenticated("Session expired or ended: sign in again", true);
  }
  if (options.isInsecure) return { name: "anonymous", role: "admin", kind: "anonymous" };
  return new Unauthenticated(
    "Sign in first: a session from POST /auth/login, or Authorization: Bearer <API token>",
  );
}

async function bearerPrincipal(
  header: string,
  options: AccessOptions,
  cached: Cached,
): Promise<Principal | Unauthenticated> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!match) return new Unauthenticated("Malformed Authorization header: send Bearer <token>");
  const token = match[1];
  if (options.apiToken !== undefined && await isSameSecret(token, options.apiToken)) {
    return { name: "api-token", role: "admin", kind: "api-token" };
  }
  if (!isApiTokenShape(token)) return new Unauthenticated("Invalid bearer token");
  const digest = await digestOf(token);
  const principal = await cached(`token:${digest}`, async () => {
    const nowIso = isoOfMs(options.now());
    const found = await options.accounts.useApiToken(digest, nowIso);
    return found && { name: found.name, role: found.role, kind: "token", tokenId: found.id };
  });
  return principal ?? new Unauthenticated("Invalid or revoked bearer token");
}

async function sessionPrincipal(
  secret: string,
  options: AccessOptions,
  cached: Cached,
): Promise<Principal | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  const digest = await digestOf(secret);
  return await cached(`session:${digest}`, async () => {
    const nowIso = isoOfMs(options.now());
    const found = await options.accounts.findSession(digest, nowIso);
    if (!found) return undefined;
    return {
      name: found.username,
      role: found.role,
      kind: "session",
      session: { digest, csrfToken: await csrfTokenOf(secret), expiresAt: found.expiresAt },
    };
  });
}

/** 401 without a caller, 403 without the role, 403 for a cross-site change with a cookie. */
async function authorize(
  c: Context,
  principal: Principal | undefined,
  requirement: Exclude<Requirement, "public">,
): Promise<void> {
  if (!principal) throw apiError(401, "Sign in first");
  if (requirement !== "signed-in" && !roleCovers(principal.role, requirement)) {
    throw apiError(
      403,
      `${c.req.method} ${c.req.path} needs the ${requirement} role; ${principal.name} is ${principal.role}`,
    );
  }
  if (principal.session && isChange(c.req.method) && !(await isSameOrigin(c, principal))) {
    throw apiError(
      403,
      "Cross-site request refused: send X-CSRF-Token, or Origin of this server (CSRF)",
    );
  }
}

/**
 * Whether a cookie-authenticated change comes from this server's own pages: the session's
 * CSRF token when the header is sent (it must then be right), else an `Origin` naming this
 * host (browsers send it on every cross-origin and every non-GET same-origin fetch).
 */
export async function isSameOrigin(c: Context, principal: Principal): Promise<boolean> {
  const token = c.req.header("X-CSRF-Token");
  const expected = principal.session?.csrfToken;
  if (token !== undefined) return expected !== undefined && await isSameSecret(token, expected);
  return isOriginOfHost(c);
}

/** Whether the request's `Origin` header names the host it was sent to. */
export function isOriginOfHost(c: Context): boolean {
  const origin = c.req.header("Origin");
  const host = c.req.header("Host") ?? new URL(c.req.url).host;
  if (!origin || origin === "null") return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
