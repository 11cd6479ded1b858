/**
 * Puts the HTTP API's security together for `createApp`: the audit trail and access
 * middlewares (mounted before every route) and the `/auth` and `/admin` sub-apps, over one
 * account store and audit log (the database's, or memory without one).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AccountStore, AuditLog } from "../actors/csms/accounts.ts";
import { createMemoryAccountStore, createMemoryAuditLog } from "../actors/csms/memory_accounts.ts";
import { DEFAULT_ITERATIONS } from "../actors/csms/password.ts";
import { createAccess } from "./access.ts";
import { adminRoutes } from "./admin.ts";
import { auditTrail } from "./audit.ts";
import { authRoutes } from "./auth_routes.ts";
import { newApi } from "./context.ts";
import { createLoginGuard, type LoginGuard } from "./login_guard.ts";

/** Default session lifetime: 12 hours (a working shift), then sign in again. */
export const DEFAULT_SESSION_TTL_S = 12 * 3600;

/** The security settings of the HTTP API, all optional. */
export interface AccessSettings {
  /** Accounts, sessions and API tokens; default: in memory. */
  accounts?: AccountStore;
  /** Default: in memory. */
  audit?: AuditLog;
  /** `--insecure-http`: callers without credentials act as the admin `anonymous`. */
  isInsecure?: boolean;
  /** The one-time first-run token, while no account exists (`serve` prints the link). */
  setupToken?: string;
  /** Default {@link DEFAULT_SESSION_TTL_S}. */
  sessionTtlS?: number;
  /** PBKDF2 iterations of new operator passwords; default 600,000 (tests use fewer). */
  passwordIterations?: number;
  /** Default: 10 failed sign-ins per minute per address, one check at a time. */
  guard?: LoginGuard;
}

/** The pieces `createApp` mounts. */
export interface AccountsApi {
  /** Mount first: records changes once answered, refusals included. */
  audit: MiddlewareHandler;
  /** Mount second: authenticates and applies the roles. */
  access: MiddlewareHandler;
  /** `/auth/*` and `/admin/*`. */
  routes: OpenAPIHono;
}

/** Builds them; `apiToken` is the `--api-token` (an admin credential). */
export function createAccountsApi(
  settings: AccessSettings,
  options: { apiToken?: string; now(): number },
): AccountsApi {
  const accounts = settings.accounts ?? createMemoryAccountStore(options.now);
  const audit = settings.audit ?? createMemoryAuditLog();
  const access = createAccess({
    accounts,
    apiToken: options.apiToken,
    isInsecure: settings.isInsecure,
    now: options.now,
  });
  const passwordIterations = settings.passwordIterations ?? DEFAULT_ITERATIONS;
  const routes = newApi();
  routes.route(
    "/",
    authRoutes({
      accounts,
      access,
      guard: settings.guard ?? createLoginGuard({ clock: { now: options.now } }),
      sessionTtlMs: (settings.sessionTtlS ?? DEFAULT_SESSION_TTL_S) * 1000,
      passwordIterations,
      setupToken: settings.setupToken,
      now: options.now,
    }),
  );
  routes.route("/", adminRoutes({ accounts, audit, access, passwordIterations, now: options.now }));
  return { audit: auditTrail(audit, options.now), access: access.middleware, routes };
}
