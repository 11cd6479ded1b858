/**
 * The HTTP API's access control through `app.request`: the policy by method and path (routes
 * added later included), roles of API tokens, first-run setup, sessions with expiry and CSRF,
 * logout, password change, the sign-in limit, `--insecure-http`, and the audit trail.
 */
import assert from "node:assert/strict";
import { createPasswordVerifier, MIN_ITERATIONS } from "../actors/csms/password.ts";
import type { PasswordVerifier } from "../actors/csms/password.ts";
import { requirementOf } from "../routes/access.ts";
import { createLoginGuard } from "../routes/login_guard.ts";
import { json, NOW, testApi } from "./api_helpers.ts";
import { countingVerifier } from "./helpers.ts";
import { createMemoryAccountStore } from "../actors/csms/memory_accounts.ts";

const SETUP = "first-run-setup-token";
const ADMIN_PASSWORD = "admin-password-0001";

interface Call {
  cookie?: string;
  token?: string;
  origin?: string;
  csrf?: string;
  body?: unknown;
}

function harness(options: { isInsecure?: boolean; verifier?: PasswordVerifier } = {}) {
  let nowMs = NOW;
  const api = testApi({
    deps: {
      apiToken: undefined,
      now: () => nowMs,
      access: {
        setupToken: SETUP,
        passwordIterations: MIN_ITERATIONS,
        sessionTtlS: 3600,
        isInsecure: options.isInsecure,
        guard: createLoginGuard({
          clock: { now: () => nowMs },
          verifier: options.verifier ?? createPasswordVerifier(MIN_ITERATIONS),
        }),
      },
    },
  });
  const call = (method: string, path: string, c: Call = {}) => {
    const headers: Record<string, string> = {};
    if (c.body !== undefined) headers["Content-Type"] = "application/json";
    if (c.cookie) headers.Cookie = c.cookie;
    if (c.token) headers.Authorization = `Bearer ${c.token}`;
    if (c.origin) headers.Origin = c.origin;
    if (c.csrf) headers["X-CSRF-Token"] = c.csrf;
    return Promise.resolve(api.app.request(path, {
      method,
      headers,
      body: c.body === undefined ? undefined : JSON.stringify(c.body),
    }));
  };
  /** Signs in; the cookie and CSRF token of the new session. */
  const signIn = async (username: string, password: string, path = "/auth/login") => {
    const body = path === "/auth/setup" ? { token: SETUP, username, password } : {
      username,
      password,
    };
    const response = await call("POST", path, { body });
    assert.equal(response.status, 200, JSON.stringify(await response.clone().json()));
    const setCookie = response.headers.get("set-cookie") ?? "";
    const answer = await json(response);
    return { cookie: setCookie.split(";")[0], csrf: answer.csrf_token as string, setCookie };
  };
  return { api, call, signIn, advance: (ms: number) => void (nowMs += ms) };
}

Deno.test("requirementOf() is the whole policy: public files and login, viewer reads, operator changes, admin under /admin", () => {
  const table: [string, string, string][] = [
    ["GET", "/health", "public"],
    ["GET", "/", "public"],
    ["GET", "/static/app.js", "public"],
    ["GET", "/vendor/preact/dist/preact.mjs", "public"],
    ["POST", "/auth/login", "public"],
    ["POST", "/auth/setup", "public"],
    ["GET", "/auth/me", "public"],
    ["OPTIONS", "/chargers/x/start", "public"],
    ["POST", "/auth/logout", "signed-in"],
    ["POST", "/auth/password", "signed-in"],
    ["GET", "/chargers", "viewer"],
    ["GET", "/events", "viewer"],
    ["GET", "/docs", "viewer"],
    ["GET", "/openapi.json", "viewer"],
    ["GET", "/dashboard/config", "viewer"],
    ["GET", "/static", "viewer"],
    ["POST", "/health", "operator"],
    ["POST", "/chargers/x/start", "operator"],
    // Routes other issues add: covered by method alone.
    ["PUT", "/tariffs/standard", "operator"],
    ["PATCH", "/sites/emart_jeju_main", "operator"],
    ["DELETE", "/reservations/7", "operator"],
    ["POST", "/firmware/updates", "operator"],
    // Chargers' transfers: public only with a token-shaped last segment (L01, N01).
    ["GET", "/transfers/firmware/AAAAAAAAAAAAAAAAAAAAAA/fw.bin", "public"],
    ["POST", "/transfers/logs/AAAAAAAAAAAAAAAAAAAAAA", "public"],
    ["POST", "/transfers/logs/short", "operator"],
    ["GET", "/transfers/logs", "viewer"],
    ["POST", "/firmware/files", "operator"],
    ["POST", "/tokens", "operator"],
    ["GET", "/admin/audit", "admin"],
    ["POST", "/admin/api-tokens", "admin"],
    ["DELETE", "/Admin/accounts/kim", "admin"],
    ["GET", "//admin//accounts", "admin"],
  ];
  for (const [method, path, expected] of table) {
    assert.equal(requirementOf(method, path), expected, `${method} ${path}`);
  }
});

Deno.test("API tokens carry their role to every route, also to routes mounted after createApp(); a revoked one stops at once", async () => {
  const { api, call } = harness();
  api.app.put("/tariffs/:id", (c) => c.json({ status: "success", id: c.req.param("id") }));
  api.app.delete("/reservations/:id", (c) => c.json({ status: "success" }));
  const tokens: Record<string, string> = {};
  const admin = await call("POST", "/auth/setup", {
    body: { token: SETUP, username: "root", password: ADMIN_PASSWORD },
  });
  const cookie = (admin.headers.get("set-cookie") ?? "").split(";")[0];
  for (const role of ["viewer", "operator", "admin"]) {
    const created = await call("POST", "/admin/api-tokens", {
      cookie,
      origin: "http://localhost",
      body: { name: `${role} script`, role },
    });
    assert.equal(created.status, 201);
    const body = await json(created);
    assert.match(body.token as string, /^tamna_[\w-]{43}$/);
    tokens[role] = body.token as string;
  }
  const expect = async (method: string, path: string, statuses: Record<string, number>) => {
    for (const [who, status] of Object.entries(statuses)) {
      const response = await call(method, path, {
        token: who === "nobody" ? undefined : tokens[who],
        body: method === "GET" ? undefined : {},
      });
      assert.equal(response.status, status, `${who}: ${method} ${path}`);
    }
  };
  api.connect("charger_001");
  await expect("GET", "/chargers", { nobody: 401, viewer: 200, operator: 200, admin: 200 });
  await expect("POST", "/chargers/charger_001/start", { nobody: 401, viewer: 403, operator: 200 });
  await expect("PUT", "/tariffs/standard", { nobody: 401, viewer: 403, operator: 200 });
  await expect("DELETE", "/reservations/7", { viewer: 403, operator: 200 });
  await expect("GET", "/admin/audit", { viewer: 403, operator: 403, admin: 200 });
  await expect("GET", "/health", { nobody: 200 });
  await expect("GET", "/no/such/route", { nobody: 401, viewer: 404 });
  const denied = await call("POST", "/chargers/charger_001/start", { token: tokens.viewer });
  assert.match(
    (await json(denied)).error as string,
    /needs the operator role; viewer script is viewer/,
  );

  const listed = await json(await call("GET", "/admin/api-tokens", { token: tokens.admin }));
  const viewer = (listed.tokens as { id: string; name: string }[]).find((t) =>
    t.name === "viewer script"
  )!;
  assert.ok(!JSON.stringify(listed).includes(tokens.viewer), "secrets are never listed");
  assert.equal(
    (await call("DELETE", `/admin/api-tokens/${viewer.id}`, { token: tokens.admin })).status,
    200,
  );
  await expect("GET", "/chargers", { viewer: 401 });
  assert.equal(
    (await call("DELETE", `/admin/api-tokens/${viewer.id}`, { token: tokens.admin })).status,
    404,
  );
});

Deno.test("first-run setup creates one admin with the one-time token; /auth/me tells the dashboard what to show", async () => {
  const { call, signIn } = harness();
  assert.deepEqual(await json(await call("GET", "/auth/me")), {
    status: "success",
    signed_in: false,
    setup_required: true,
  });
  const wrong = await call("POST", "/auth/setup", {
    body: { token: "guess", username: "root", password: ADMIN_PASSWORD },
  });
  assert.equal(wrong.status, 401);
  const short = await call("POST", "/auth/setup", {
    body: { token: SETUP, username: "root", password: "short" },
  });
  assert.equal(short.status, 400);
  assert.match((await json(short)).error as string, /password.*12 to 128 characters/);
  const { cookie, setCookie } = await signIn("Root", ADMIN_PASSWORD, "/auth/setup");
  assert.match(
    setCookie,
    /^tamna_session=[\w-]{43}; Max-Age=3600; Path=\/; HttpOnly; SameSite=Strict$/,
  );
  const me = await json(await call("GET", "/auth/me", { cookie }));
  assert.equal(me.username, "root", "names are lower-cased");
  assert.equal(me.role, "admin");
  const again = await call("POST", "/auth/setup", {
    body: { token: SETUP, username: "other", password: ADMIN_PASSWORD },
  });
  assert.equal(again.status, 409, "once only");
  assert.equal((await json(await call("GET", "/auth/me"))).setup_required, false);
});

Deno.test("a session cookie works until it expires or signs out; cookie changes need this origin or the CSRF token", async () => {
  const { api, call, signIn, advance } = harness();
  api.connect("charger_001");
  const admin = await signIn("root", ADMIN_PASSWORD, "/auth/setup");
  const start = (extra: Call) =>
    call("POST", "/chargers/charger_001/start", { cookie: admin.cookie, body: {}, ...extra });
  assert.equal((await call("GET", "/chargers", { cookie: admin.cookie })).status, 200);
  assert.equal((await start({})).status, 403, "no Origin, no token: refused (CSRF)");
  assert.equal((await start({ origin: "http://evil.example" })).status, 403);
  assert.equal((await start({ origin: "http://localhost", csrf: "wrong" })).status, 403);
  assert.equal((await start({ origin: "http://localhost" })).status, 200);
  assert.equal((await start({ csrf: admin.csrf })).status, 200);
  const foreignLogin = await call("POST", "/auth/login", {
    origin: "http://evil.example",
    body: { username: "root", password: ADMIN_PASSWORD },
  });
  assert.equal(foreignLogin.status, 403, "login CSRF");

  advance(3_600_000); // the session's 1 h lifetime
  const expired = await call("GET", "/chargers", { cookie: admin.cookie });
  assert.equal(expired.status, 401);
  assert.match(expired.headers.get("set-cookie") ?? "", /tamna_session=;.*Max-Age=0/);

  const second = await signIn("root", ADMIN_PASSWORD);
  const out = await call("POST", "/auth/logout", { cookie: second.cookie, csrf: second.csrf });
  assert.equal(out.status, 200);
  assert.equal((await call("GET", "/chargers", { cookie: second.cookie })).status, 401);
});

Deno.test("accounts: admins create them with a role; a password change ends other sessions; the last admin stays", async () => {
  const { call, signIn } = harness();
  const admin = await signIn("root", ADMIN_PASSWORD, "/auth/setup");
  const asAdmin = (method: string, path: string, body?: unknown) =>
    call(method, path, { cookie: admin.cookie, csrf: admin.csrf, body });
  const created = await asAdmin("POST", "/admin/accounts", {
    username: "kim",
    role: "viewer",
    password: "viewer-password-01",
  });
  assert.equal(created.status, 201);
  assert.equal((await json(created)).role, "viewer");
  assert.equal(
    (await asAdmin("POST", "/admin/accounts", {
      username: "KIM",
      role: "viewer",
      password: "viewer-password-01",
    })).status,
    409,
  );
  const kim = await signIn("kim", "viewer-password-01");
  const kimStart = () =>
    call("POST", "/chargers/charger_001/start", { cookie: kim.cookie, csrf: kim.csrf, body: {} });
  assert.equal((await kimStart()).status, 403);
  assert.equal((await call("GET", "/admin/accounts", { cookie: kim.cookie })).status, 403);
  // Promotion ends kim's sessions: the next request signs in again and gets the new role.
  assert.equal((await asAdmin("PATCH", "/admin/accounts/kim", { role: "operator" })).status, 200);
  assert.equal((await kimStart()).status, 401);
  const kim2 = await signIn("kim", "viewer-password-01");
  const laptop = await signIn("kim", "viewer-password-01");
  const changed = await call("POST", "/auth/password", {
    cookie: kim2.cookie,
    csrf: kim2.csrf,
    body: { current_password: "viewer-password-01", new_password: "operator-password-02" },
  });
  assert.equal(changed.status, 200);
  const kim3 = (changed.headers.get("set-cookie") ?? "").split(";")[0];
  assert.equal((await call("GET", "/chargers", { cookie: laptop.cookie })).status, 401);
  assert.equal((await call("GET", "/chargers", { cookie: kim3 })).status, 200);
  assert.equal(
    (await call("POST", "/auth/login", {
      body: { username: "kim", password: "viewer-password-01" },
    })).status,
    401,
  );

  assert.equal((await asAdmin("DELETE", "/admin/accounts/root")).status, 409, "last admin");
  assert.equal((await asAdmin("PATCH", "/admin/accounts/root", { role: "operator" })).status, 409);
  assert.equal((await asAdmin("PATCH", "/admin/accounts/root", { disabled: true })).status, 409);
  assert.equal((await asAdmin("PATCH", "/admin/accounts/kim", { disabled: true })).status, 200);
  assert.equal(
    (await call("POST", "/auth/login", {
      body: { username: "kim", password: "operator-password-02" },
    })).status,
    401,
    "disabled",
  );
  assert.equal((await asAdmin("DELETE", "/admin/accounts/kim")).status, 200);
  assert.equal((await asAdmin("DELETE", "/admin/accounts/kim")).status, 404);
});

Deno.test("sign-in attempts are counted when they start: the 11th parallel one gets 429 unchecked; unknown names cost one hash", async () => {
  const { verifier, counts } = countingVerifier();
  const { call, signIn } = harness({ verifier });
  await signIn("root", ADMIN_PASSWORD, "/auth/setup");
  const unknown = await call("POST", "/auth/login", {
    body: { username: "nobody", password: "whatever-password" },
  });
  assert.equal(unknown.status, 401);
  assert.deepEqual(counts, { withHash: 0, withoutHash: 1 });
  const answers = await Promise.all(
    Array.from(
      { length: 12 },
      (_, i) => call("POST", "/auth/login", { body: { username: "root", password: `wrong-${i}` } }),
    ),
  );
  const statuses = answers.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 401).length, 9, "10 per address, 1 used above");
  assert.equal(statuses.filter((s) => s === 429).length, 3);
  assert.equal(counts.withHash, 9);
  const blocked = await call("POST", "/auth/login", {
    body: { username: "root", password: ADMIN_PASSWORD },
  });
  assert.equal(blocked.status, 429);
  assert.ok(Number(blocked.headers.get("retry-after")) > 0);
});

Deno.test("--insecure-http: callers without credentials act as the admin 'anonymous', and are audited so", async () => {
  const { api, call } = harness({ isInsecure: true });
  api.connect("charger_001");
  assert.equal((await call("GET", "/chargers")).status, 200);
  assert.equal((await call("POST", "/chargers/charger_001/start", { body: {} })).status, 200);
  const audit = await json(await call("GET", "/admin/audit"));
  const [entry] = audit.entries as Record<string, unknown>[];
  assert.equal(entry.actor, "anonymous");
  assert.equal(entry.actor_kind, "anonymous");
  assert.equal(entry.path, "/chargers/charger_001/start");
});

Deno.test("the audit log records changes with who, what, target and result; not reads, not secrets", async () => {
  const { api, call, signIn } = harness();
  api.connect("charger_001");
  const admin = await signIn("root", ADMIN_PASSWORD, "/auth/setup");
  const as = (method: string, path: string, body?: unknown) =>
    call(method, path, { cookie: admin.cookie, csrf: admin.csrf, body });
  await as("POST", "/chargers/charger_001/control", { action: "reset" });
  await as("POST", "/chargers/charger_001/stop", {});
  await as("GET", "/chargers");
  await as("POST", "/admin/accounts", {
    username: "lee",
    role: "operator",
    password: "lee-password-0001",
  });
  await call("POST", "/auth/login", { body: { username: "lee", password: "not-lee-password" } });
  await call("POST", "/chargers/charger_001/start", { body: {} }); // nobody: not recorded
  const { entries } = await json(await as("GET", "/admin/audit?limit=10"));
  const rows = entries as Record<string, unknown>[];
  assert.deepEqual(
    rows.map((e) => [e.actor, e.method, e.path, e.action, e.target, e.status, e.result]),
    [
      ["anonymous", "POST", "/auth/login", null, "lee", 401, "denied"],
      ["root", "POST", "/admin/accounts", null, "lee", 201, "ok"],
      ["root", "POST", "/chargers/charger_001/stop", null, "charger_001", 409, "failed"],
      ["root", "POST", "/chargers/charger_001/control", "reset", "charger_001", 200, "ok"],
      ["root", "POST", "/auth/setup", null, "root", 200, "ok"],
    ],
  );
  assert.equal(rows[3].charger_id, "charger_001");
  assert.equal(rows[3].actor_kind, "session");
  assert.equal(rows[3].role, "admin");
  assert.ok(typeof rows[3].request_id === "string");
  const text = JSON.stringify(rows);
  assert.ok(!text.includes("lee-password") && !text.includes(ADMIN_PASSWORD), "no passwords");
  const page = await json(await as("GET", "/admin/audit?limit=2"));
  assert.equal((page.entries as unknown[]).length, 2);
  const next = await json(await as("GET", `/admin/audit?limit=10&before=${page.next_before}`));
  assert.equal((next.entries as unknown[]).length, 3);
  const bad = await as("GET", "/admin/audit?limit=0");
  assert.equal(bad.status, 400);
  assert.match((await json(bad)).error as string, /query parameter limit/);
});

Deno.test("GET /openapi.json documents the account routes and both schemes; /health and login need none", async () => {
  const api = testApi();
  const doc = await json(await api.get("/openapi.json"));
  const paths = doc.paths as Record<string, Record<string, { security?: unknown }>>;
  for (
    const [method, path] of [
      ["post", "/auth/login"],
      ["post", "/auth/setup"],
      ["get", "/auth/me"],
      ["post", "/auth/logout"],
      ["post", "/auth/password"],
      ["get", "/admin/accounts"],
      ["post", "/admin/accounts"],
      ["patch", "/admin/accounts/{username}"],
      ["delete", "/admin/accounts/{username}"],
      ["get", "/admin/api-tokens"],
      ["post", "/admin/api-tokens"],
      ["delete", "/admin/api-tokens/{id}"],
      ["get", "/admin/audit"],
    ]
  ) {
    assert.ok(paths[path]?.[method], `${method} ${path}`);
  }
  const schemes = (doc.components as { securitySchemes: Record<string, unknown> }).securitySchemes;
  assert.ok(schemes.bearerAuth && schemes.cookieAuth);
  assert.deepEqual(doc.security, [{ bearerAuth: [] }, { cookieAuth: [] }]);
  assert.deepEqual(paths["/health"].get.security, []);
  assert.deepEqual(paths["/auth/login"].post.security, []);
});

Deno.test("a session or token that cannot be looked up (database down) answers 503, not 500 or 401", async () => {
  const accounts = createMemoryAccountStore();
  const api = testApi({
    deps: {
      apiToken: undefined,
      access: {
        accounts: {
          ...accounts,
          findSession: () => Promise.reject(new Error("connection refused")),
          useApiToken: () => Promise.reject(new Error("connection refused")),
        },
      },
    },
  });
  const stale = { Cookie: `tamna_session=${"a".repeat(43)}` };
  const cookie = await api.app.request("/chargers", { headers: stale });
  assert.equal(cookie.status, 503);
  assert.match((await json(cookie)).error as string, /database unavailable/);
  const token = await api.app.request("/chargers", {
    headers: { Authorization: `Bearer tamna_${"b".repeat(43)}` },
  });
  assert.equal(token.status, 503);
  const health = await api.app.request("/health", { headers: stale });
  assert.equal(health.status, 200, "public routes still answer");
});
