/**
 * `/admin`: accounts, API tokens and the audit log, for admins only (the access middleware
 * requires the admin role for everything under `/admin/`). API token secrets are shown once,
 * at creation; only their digests are stored. The last enabled admin account cannot be
 * removed, demoted or disabled, so the dashboard is never locked.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  type Account,
  AccountExistsError,
  type AccountStore,
  API_TOKEN_PREFIX,
  type ApiTokenInfo,
  type AuditLog,
  digestOf,
  newSecret,
  normalizeUsername,
  ROLES,
} from "../actors/csms/accounts.ts";
import { hashPassword } from "../actors/csms/password.ts";
import type { Access } from "./access.ts";
import { errors, json as body, NewPassword, Username } from "./auth_routes.ts";
import { newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import { jsonResponse } from "./schemas.ts";
import { isoOfMs } from "../actors/runtime/clock.ts";

/** What the sub-app needs. */
export interface AdminRoutesDeps {
  accounts: AccountStore;
  audit: AuditLog;
  access: Access;
  passwordIterations?: number;
  now(): number;
}

const Role = z.enum(ROLES).openapi({
  description: "viewer: reads; operator: also controls chargers and changes data; admin: also " +
    "accounts, API tokens and the audit log",
});

const AccountJson = z.object({
  username: z.string(),
  role: Role,
  disabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("Account");

const TokenJson = z.object({
  id: z.string(),
  name: z.string(),
  role: Role,
  created_by: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
}).openapi("ApiToken");

const AuditJson = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  actor_kind: z.enum(["session", "token", "api-token", "anonymous"]),
  role: Role.nullable(),
  method: z.string(),
  path: z.string(),
  action: z.string().nullable(),
  charger_id: z.string().nullable(),
  target: z.string().nullable(),
  status: z.number().int(),
  result: z.enum(["ok", "denied", "failed"]),
  remote_address: z.string().nullable(),
  request_id: z.string().nullable(),
}).openapi("AuditEntry");

const NewAccount = z.strictObject({ username: Username, role: Role, password: NewPassword });
const AccountChange = z.strictObject({
  role: Role.optional(),
  password: NewPassword.optional(),
  disabled: z.boolean().optional(),
});
const NewToken = z.strictObject({
  name: z.string().trim().min(1).max(64).openapi({ example: "billing export" }),
  role: Role,
});
const UsernameParam = z.object({
  username: z.string().min(1).max(64).openapi({ param: { name: "username", in: "path" } }),
});
const TokenParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});
const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(1).optional().openapi({
    description: "Only entries older than this id (the `next_before` of the previous page)",
  }),
  actor: z.string().max(64).optional(),
  charger_id: z.string().max(48).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

function accountJson(account: Account) {
  return {
    username: account.username,
    role: account.role,
    disabled: account.isDisabled,
    created_at: account.createdAt,
    updated_at: account.updatedAt,
  };
}

function tokenJson(token: ApiTokenInfo) {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    created_by: token.createdBy,
    created_at: token.createdAt,
    last_used_at: token.lastUsedAt,
    revoked_at: token.revokedAt,
  };
}

/** Refuses a change that would leave no enabled admin account. */
async function keepAnAdmin(
  accounts: AccountStore,
  username: string,
  after: { role: string; isDisabled: boolean } | null,
): Promise<void> {
  if (after && after.role === "admin" && !after.isDisabled) return;
  const admins = (await accounts.listAccounts()).filter((a) => a.role === "admin" && !a.isDisabled);
  if (admins.length === 1 && admins[0].username === username) {
    throw apiError(409, `${username} is the last enabled admin: make another admin first`);
  }
}

function addAccountReads(app: OpenAPIHono, deps: AdminRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/accounts",
      tags: ["accounts"],
      summary: "Operator accounts",
      responses: {
        200: jsonResponse(z.object({ accounts: z.array(AccountJson) }), "Accounts by name"),
        ...errors(401, 403),
      },
    }),
    async (c) => c.json({ accounts: (await deps.accounts.listAccounts()).map(accountJson) }, 200),
  );
}

function addAccountCreate(app: OpenAPIHono, deps: AdminRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/admin/accounts",
      tags: ["accounts"],
      summary: "Create an account",
      request: body(NewAccount),
      responses: {
        201: jsonResponse(AccountJson, "Created"),
        ...errors(400, 401, 403, 409),
      },
    }),
    async (c) => {
      const { username, role, password } = c.req.valid("json");
      const name = normalizeUsername(username);
      c.set("auditTarget", name);
      const passwordHash = await hashPassword(password, { iterations: deps.passwordIterations });
      try {
        const account = await deps.accounts.createAccount({ username: name, role, passwordHash });
        return c.json(accountJson(account), 201);
      } catch (error) {
        if (error instanceof AccountExistsError) throw apiError(409, error.message);
        throw error;
      }
    },
  );
}

function addAccountChange(app: OpenAPIHono, deps: AdminRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "patch",
      path: "/admin/accounts/{username}",
      tags: ["accounts"],
      summary: "Change an account's role, password or disabled flag; ends its sessions",
      request: { params: UsernameParam, ...body(AccountChange) },
      responses: { 200: jsonResponse(AccountJson, "Changed"), ...errors(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const username = normalizeUsername(c.req.valid("param").username);
      const change = c.req.valid("json");
      const account = await deps.accounts.getAccount(username);
      if (!account) throw apiError(404, `No account ${username}`);
      await keepAnAdmin(deps.accounts, username, {
        role: change.role ?? account.role,
        isDisabled: change.disabled ?? account.isDisabled,
      });
      const passwordHash = change.password === undefined
        ? undefined
        : await hashPassword(change.password, { iterations: deps.passwordIterations });
      const updated = await deps.accounts.updateAccount(username, {
        role: change.role,
        passwordHash,
        isDisabled: change.disabled,
      });
      if (!updated) throw apiError(404, `No account ${username}`);
      await deps.accounts.deleteSessionsOf(username);
      deps.access.forget();
      return c.json(accountJson(updated), 200);
    },
  );
}

function addAccountDelete(app: OpenAPIHono, deps: AdminRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "delete",
      path: "/admin/accounts/{username}",
      tags: ["accounts"],
      summary: "Delete an account and its sessions",
      request: { params: UsernameParam },
      responses: {
        200: jsonResponse(z.object({ status: z.literal("success") }), "Deleted"),
        ...errors(401, 403, 404, 409),
      },
    }),
    async (c) => {
      const username = normalizeUsername(c.req.valid("param").username);
      await keepAnAdmin(deps.accounts, username, null);
      if (!(await deps.accounts.deleteAccount(username))) {
        throw apiError(404, `No account ${username}`);
      }
      deps.access.forget();
      return c.json({ status: "success" as const }, 200);
    },
  );
}

function addTokens(app: OpenAPIHono, deps: AdminRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/api-tokens",
      tags: ["accounts"],
      summary: "API tokens (never their secrets)",
      responses: {
        200: jsonResponse(z.object({ tokens: z.array(TokenJson) }), "Newest first"),
        ...errors(401, 403),
      },
    }),
    async (c) => c.json({ tokens: (await deps.accounts.listApiTokens()).map(tokenJson) }, 200),
  );
}

function addTokenCreate(app: OpenAPIHono, deps: AdminRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/admin/api-tokens",
      tags: ["accounts"],
      summary: "Create an API token; its secret is in this answer only",
      request: body(NewToken),
      responses: {
        201: jsonResponse(
          TokenJson.extend({ token: z.string().openapi({ example: "tamna_…" }) }),
          "Created: keep `token`, it is not shown again",
        ),
        ...errors(400, 401, 403),
      },
    }),
    async (c) => {
      const { name, role } = c.req.valid("json");
      const token = newSecret(API_TOKEN_PREFIX);
      const info: ApiTokenInfo = {
        id: crypto.randomUUID().replaceAll("-", "").slice(0, 12),
        name,
        role,
        createdBy: c.get("principal").name,
        createdAt: isoOfMs(deps.now()),
        lastUsedAt: null,
        revokedAt: null,
      };
      await deps.accounts.createApiToken({ ...info, digest: await digestOf(token) });
      c.set("auditTarget", info.id);
      return c.json({ ...tokenJson(info), token }, 201);
    },
  );
}

function addTokenRevoke(app: OpenAPIHono, deps: AdminRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "delete",
      path: "/admin/api-tokens/{id}",
      tags: ["accounts"],
      summary: "Revoke an API token (at once)",
      request: { params: TokenParam },
      responses: {
        200: jsonResponse(z.object({ status: z.literal("success") }), "Revoked"),
        ...errors(401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const nowIso = isoOfMs(deps.now());
      if (!(await deps.accounts.revokeApiToken(id, nowIso))) {
        throw apiError(404, `No unrevoked API token ${id}`);
      }
      deps.access.forget();
      return c.json({ status: "success" as const }, 200);
    },
  );
}

function addAudit(app: OpenAPIHono, deps: AdminRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/admin/audit",
      tags: ["accounts"],
      summary: "The audit log: control and management calls, newest first",
      request: { query: AuditQuery },
      responses: {
        200: jsonResponse(
          z.object({ entries: z.array(AuditJson), next_before: z.number().int().nullable() }),
          "Entries; pass next_before as before for the next page",
        ),
        ...errors(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const entries = await deps.audit.list({
        limit: q.limit,
        beforeId: q.before,
        actor: q.actor,
        chargerId: q.charger_id,
        from: q.from && new Date(q.from).toISOString(),
        to: q.to && new Date(q.to).toISOString(),
      });
      return c.json({
        entries: entries.map((e) => ({
          id: e.id,
          at: e.at,
          actor: e.actor,
          actor_kind: e.actorKind,
          role: e.role,
          method: e.method,
          path: e.path,
          action: e.action,
          charger_id: e.chargerId,
          target: e.target,
          status: e.status,
          result: e.result,
          remote_address: e.remoteAddress,
          request_id: e.requestId,
        })),
        next_before: entries.length === q.limit ? entries[entries.length - 1].id : null,
      }, 200);
    },
  );
}

/** Builds the sub-app. */
export function adminRoutes(deps: AdminRoutesDeps): OpenAPIHono {
  const app = newApi();
  addAccountReads(app, deps);
  addAccountCreate(app, deps);
  addAccountChange(app, deps);
  addAccountDelete(app, deps);
  addTokens(app, deps);
  addTokenCreate(app, deps);
  addTokenRevoke(app, deps);
  addAudit(app, deps);
  return app;
}
