/**
 * `/auth`: signing in and out of the HTTP API (docs/security.md). `POST /auth/login` checks a
 * user name and password and sets the session cookie (HttpOnly, SameSite=Strict, expiring);
 * `POST /auth/setup` creates the first admin with the one-time token `serve` prints while no
 * account exists; `GET /auth/me` says who is signed in (public: the login screen asks it first);
 * `POST /auth/logout` ends the session; `POST /auth/password` changes one's own password.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import {
  accountPasswordProblem,
  type AccountStore,
  digestOf,
  newSecret,
  normalizeUsername,
  usernameProblem,
} from "../actors/csms/accounts.ts";
import { hashPassword } from "../actors/csms/password.ts";
import {
  type Access,
  csrfTokenOf,
  isOriginOfHost,
  remoteAddressOf,
  SESSION_COOKIE,
} from "./access.ts";
import { isSameSecret } from "./auth.ts";
import { newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import type { AttemptResult, LoginGuard } from "./login_guard.ts";
import { ErrorBody, jsonResponse } from "./schemas.ts";

/** What the sub-app needs. */
export interface AuthRoutesDeps {
  accounts: AccountStore;
  access: Access;
  guard: LoginGuard;
  sessionTtlMs: number;
  /** PBKDF2 iterations of new password hashes. */
  passwordIterations?: number;
  /** The first-run setup token while no account exists; cleared once used. */
  setupToken?: string;
  now(): number;
}

/** A user name as the API takes it (compared lower-cased). */
export const Username = z.string().min(1).max(64).refine(
  (name) => usernameProblem(name) === undefined,
  { error: (issue) => usernameProblem(String(issue.input)) },
).openapi({ example: "kim.operator" });

const Password = z.string().min(1).max(1024).openapi({ example: "correct-horse-battery" });

/** A new operator password: 12 to 128 characters. */
export const NewPassword = z.string().refine((pw) => accountPasswordProblem(pw) === undefined, {
  error: (issue) => accountPasswordProblem(String(issue.input)) ?? "invalid",
}).openapi({ example: "correct-horse-battery" });

const LoginBody = z.strictObject({ username: Username, password: Password });
const SetupBody = z.strictObject({
  token: z.string().min(1).max(256).openapi({ description: "The token `serve` printed" }),
  username: Username,
  password: NewPassword,
});
const PasswordBody = z.strictObject({ current_password: Password, new_password: NewPassword });

const Session = z.object({
  status: z.literal("success"),
  signed_in: z.literal(true),
  username: z.string(),
  role: z.enum(["viewer", "operator", "admin"]),
  kind: z.enum(["session", "token", "api-token", "anonymous"]),
  csrf_token: z.string().nullable().openapi({
    description: "Send as X-CSRF-Token with cookie-authenticated changes (or rely on Origin)",
  }),
  expires_at: z.string().nullable(),
}).openapi("Session");

const SignedOut = z.object({
  status: z.literal("success"),
  signed_in: z.literal(false),
  setup_required: z.boolean().openapi({
    description: "No account exists yet: open the setup link `serve` printed",
  }),
}).openapi("SignedOut");

const Done = z.object({ status: z.literal("success") }).openapi("Done");

/** OpenAPI error responses of the account routes (the error contract's body). */
export function errors(...codes: number[]) {
  return Object.fromEntries(codes.map((code) => [code, jsonResponse(ErrorBody, `Error ${code}`)]));
}

/** An OpenAPI request with a required JSON body. */
export function json<T extends z.ZodType>(schema: T) {
  return { body: { content: { "application/json": { schema } }, required: true } };
}

/** Throws the answer to a refused or throttled attempt; returns when it was checked and right. */
function refusal(c: Context, result: AttemptResult, wrong: string): void {
  if (result.outcome === "ok") return;
  if (result.outcome === "wrong") throw apiError(401, wrong);
  c.header("Retry-After", String(result.retryAfterS));
  if (result.outcome === "busy") throw apiError(503, "Too many sign-ins in progress; retry later");
  throw apiError(429, "Too many sign-in attempts from this address; retry later");
}

/** Login and setup forms must come from this server's pages when a browser sends them. */
function refuseForeignOrigin(c: Context): void {
  if (c.req.header("Origin") !== undefined && !isOriginOfHost(c)) {
    throw apiError(403, "Cross-site sign-in refused (Origin is not this server)");
  }
}

/** Starts a session for `username`: stores its digest, sets the cookie, answers who it is. */
async function startSession(c: Context, deps: AuthRoutesDeps, username: string) {
  const account = await deps.accounts.getAccount(username);
  if (!account) throw apiError(401, "Wrong user name or password");
  const secret = newSecret();
  const nowMs = deps.now();
  // Expired sessions are deleted here, a few at a time, instead of on a timer.
  await deps.accounts.deleteExpiredSessions(new Date(nowMs).toISOString());
  const expiresAt = new Date(nowMs + deps.sessionTtlMs).toISOString();
  await deps.accounts.createSession({
    digest: await digestOf(secret),
    username,
    createdAt: new Date(nowMs).toISOString(),
    expiresAt,
  });
  const isHttps = new URL(c.req.url).protocol === "https:" ||
    c.req.header("X-Forwarded-Proto") === "https";
  setCookie(c, SESSION_COOKIE, secret, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps,
    maxAge: Math.floor(deps.sessionTtlMs / 1000),
  });
  c.set("principal", { name: username, role: account.role, kind: "session" });
  return {
    status: "success" as const,
    signed_in: true as const,
    username,
    role: account.role,
    kind: "session" as const,
    csrf_token: await csrfTokenOf(secret),
    expires_at: expiresAt,
  };
}

function addLogin(app: OpenAPIHono, deps: AuthRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      tags: ["accounts"],
      summary: "Sign in: sets the session cookie",
      security: [],
      request: json(LoginBody),
      responses: { 200: jsonResponse(Session, "Signed in"), ...errors(400, 401, 403, 429, 503) },
    }),
    async (c) => {
      refuseForeignOrigin(c);
      const body = c.req.valid("json");
      const username = normalizeUsername(body.username);
      c.set("auditTarget", username);
      const account = await deps.accounts.getAccount(username);
      const hash = account && !account.isDisabled ? account.passwordHash : undefined;
      const result = await deps.guard.attempt(
        remoteAddressOf(c) ?? "unknown",
        () => deps.guard.verify(body.password, hash),
      );
      refusal(c, result, "Wrong user name or password");
      return c.json(await startSession(c, deps, username), 200);
    },
  );
}

function addSetup(app: OpenAPIHono, deps: AuthRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/setup",
      tags: ["accounts"],
      summary: "Create the first admin with the one-time token `serve` printed",
      security: [],
      request: json(SetupBody),
      responses: {
        200: jsonResponse(Session, "The admin exists and is signed in"),
        ...errors(400, 401, 403, 409, 429),
      },
    }),
    async (c) => {
      refuseForeignOrigin(c);
      const body = c.req.valid("json");
      const username = normalizeUsername(body.username);
      c.set("auditTarget", username);
      const expected = deps.setupToken;
      if (expected === undefined || (await deps.accounts.countAccounts()) > 0) {
        throw apiError(409, "Setup is done: an account exists already; sign in");
      }
      const result = await deps.guard.attempt(
        remoteAddressOf(c) ?? "unknown",
        () => isSameSecret(body.token, expected),
      );
      refusal(c, result, "Wrong setup token: use the one `deno task serve` printed");
      const passwordHash = await hashPassword(body.password, {
        iterations: deps.passwordIterations,
      });
      const isCreated = await deps.accounts.createFirstAccount({
        username,
        role: "admin",
        passwordHash,
      });
      if (!isCreated) throw apiError(409, "Setup is done: an account exists already; sign in");
      deps.setupToken = undefined;
      return c.json(await startSession(c, deps, username), 200);
    },
  );
}

function addMe(app: OpenAPIHono, deps: AuthRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/auth/me",
      tags: ["accounts"],
      summary: "Who is signed in (public: answers signed_in false otherwise)",
      security: [],
      responses: {
        200: jsonResponse(z.union([Session, SignedOut]), "The caller"),
      },
    }),
    async (c) => {
      const principal = c.get("principal");
      if (!principal) {
        const isSetup = deps.setupToken !== undefined &&
          (await deps.accounts.countAccounts()) === 0;
        return c.json({
          status: "success" as const,
          signed_in: false as const,
          setup_required: isSetup,
        }, 200);
      }
      return c.json({
        status: "success" as const,
        signed_in: true as const,
        username: principal.name,
        role: principal.role,
        kind: principal.kind,
        csrf_token: principal.session?.csrfToken ?? null,
        expires_at: principal.session?.expiresAt ?? null,
      }, 200);
    },
  );
}

function addLogout(app: OpenAPIHono, deps: AuthRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/logout",
      tags: ["accounts"],
      summary: "End this session and clear its cookie",
      responses: { 200: jsonResponse(Done, "Signed out"), ...errors(401, 403) },
    }),
    async (c) => {
      const session = c.get("principal")?.session;
      if (session) {
        await deps.accounts.deleteSession(session.digest);
        deps.access.forget();
      }
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.json({ status: "success" as const }, 200);
    },
  );
}

function addPassword(app: OpenAPIHono, deps: AuthRoutesDeps): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/password",
      tags: ["accounts"],
      summary: "Change your own password; ends your other sessions",
      request: json(PasswordBody),
      responses: {
        200: jsonResponse(Session, "Changed; this browser gets a new session"),
        ...errors(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const principal = c.get("principal");
      if (principal.kind !== "session") {
        throw apiError(403, "Only a signed-in account changes its password here");
      }
      const body = c.req.valid("json");
      const account = await deps.accounts.getAccount(principal.name);
      const result = await deps.guard.attempt(
        remoteAddressOf(c) ?? "unknown",
        () => deps.guard.verify(body.current_password, account?.passwordHash),
      );
      refusal(c, result, "Wrong current password");
      const passwordHash = await hashPassword(body.new_password, {
        iterations: deps.passwordIterations,
      });
      await deps.accounts.updateAccount(principal.name, { passwordHash });
      await deps.accounts.deleteSessionsOf(principal.name);
      deps.access.forget();
      return c.json(await startSession(c, deps, principal.name), 200);
    },
  );
}

/** Builds the sub-app. */
export function authRoutes(deps: AuthRoutesDeps): OpenAPIHono {
  const app = newApi();
  addLogin(app, deps);
  addSetup(app, deps);
  addMe(app, deps);
  addLogout(app, deps);
  addPassword(app, deps);
  return app;
}
