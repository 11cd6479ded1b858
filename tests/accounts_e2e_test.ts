/**
 * Operator accounts on a real server over real sockets, on PGlite and PostgreSQL: the first-run
 * setup link, an operator starting a simulated charger from a session, a viewer token refused,
 * the audit log read over REST and stored in `audit_log`, sessions that survive a restart, and
 * the refusal to serve the HTTP API off loopback without a credential.
 */
import assert from "node:assert/strict";
import { ConfigError } from "../config.ts";
import { hashPassword, MIN_ITERATIONS } from "../actors/csms/password.ts";
import { sqlAccountStore } from "../plugins/persistence/accounts.ts";
import type { Persistence } from "../plugins/persistence/mod.ts";
import { createStore } from "../plugins/persistence/store.ts";
import { startCharger } from "../sim/station/charger.ts";
import { TEST_CONFIG } from "./support/test_station.ts";
import { startTestServer, type TestServer, until } from "./helpers.ts";
import { dbTest, type TestDb } from "./persistence_helpers.ts";

const ADMIN_PASSWORD = "admin-password-0001";
const OPS_PASSWORD = "ops-password-000001";

function persistenceOf(t: TestDb): Persistence {
  return { db: t.db, store: createStore(t.db), close: async () => {} };
}

/** A browser-like client: the session cookie and this server's Origin on changes. */
function client(server: TestServer, cookie = "") {
  const origin = server.httpUrl;
  const request = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = {};
    if (cookie) headers.Cookie = cookie;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (method !== "GET") headers.Origin = origin;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`${server.httpUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie?.startsWith("tamna_session=")) cookie = setCookie.split(";")[0];
    return { status: response.status, body: await response.json() };
  };
  return { request, cookie: () => cookie };
}

dbTest(
  "accounts over real sockets: setup link, an operator's remote start, a viewer token refused, the audit by REST, sessions kept across a restart",
  async (t) => {
    const persistence = persistenceOf(t);
    let server = await startTestServer({ apiToken: undefined }, { persistence });
    const charger = await startCharger({
      url: server.ocppUrl,
      config: { ...TEST_CONFIG, txIdPrefix: crypto.randomUUID().slice(0, 6) },
      stateDir: null,
    });
    try {
      const setupToken = new URL(server.setupUrl!).hash.replace("#setup=", "");
      assert.match(setupToken, /^[\w-]{43}$/);
      const admin = client(server);
      assert.equal((await admin.request("GET", "/chargers")).status, 401);
      const setup = await admin.request("POST", "/auth/setup", {
        token: setupToken,
        username: "root",
        password: ADMIN_PASSWORD,
      });
      assert.equal(setup.status, 200, JSON.stringify(setup.body));
      assert.equal(
        (await admin.request("POST", "/admin/accounts", {
          username: "ops",
          role: "operator",
          password: OPS_PASSWORD,
        })).status,
        201,
      );
      const viewerToken = await admin.request("POST", "/admin/api-tokens", {
        name: "wallboard",
        role: "viewer",
      });
      assert.equal(viewerToken.status, 201);

      const ops = client(server);
      assert.equal(
        (await ops.request("POST", "/auth/login", { username: "ops", password: OPS_PASSWORD }))
          .status,
        200,
      );
      await until(() => charger.registration === "Accepted", 5_000);
      const started = await ops.request("POST", "/chargers/emart_jeju_01/start", { evse_id: 1 });
      assert.equal(started.status, 200, JSON.stringify(started.body));
      assert.equal(started.body.ocpp_status, "Accepted");
      const script = client(server);
      const refused = await script.request(
        "POST",
        "/chargers/emart_jeju_01/stop",
        {},
        viewerToken.body.token,
      );
      assert.equal(refused.status, 403);
      assert.equal(
        (await script.request("GET", "/chargers", undefined, viewerToken.body.token)).status,
        200,
      );

      const audit = await admin.request("GET", "/admin/audit?charger_id=emart_jeju_01");
      assert.deepEqual(
        audit.body.entries.map((e: Record<string, unknown>) => [e.actor, e.path, e.status]),
        [
          ["wallboard", "/chargers/emart_jeju_01/stop", 403],
          ["ops", "/chargers/emart_jeju_01/start", 200],
        ],
      );
      const stored = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log");
      assert.equal(stored[0].n, 6, "setup, account, token, login, start, refused stop");
      const digests = await t.db.query<{ token_digest: string }>(
        "SELECT token_digest FROM operator_sessions",
      );
      assert.equal(digests.length, 2);
      assert.ok(digests.every((d) => !ops.cookie().includes(d.token_digest)), "digests only");

      await server.close();
      server = await startTestServer({ apiToken: undefined }, { persistence });
      assert.equal(server.setupUrl, undefined, "an account exists: no setup link");
      const again = client(server, ops.cookie());
      const me = await again.request("GET", "/auth/me");
      assert.equal(me.body.username, "ops", "the session is in the database");
      assert.equal(me.body.role, "operator");
    } finally {
      await charger.stop({ drainMs: 500 });
      await server.close();
    }
  },
);

dbTest(
  "startServer() refuses an HTTP API off loopback without a credential, unless --insecure-http; an account is one",
  async (t) => {
    const persistence = persistenceOf(t);
    const open = { apiToken: undefined, host: undefined, httpHost: "0.0.0.0" };
    await assert.rejects(
      () => startTestServer(open, { persistence }),
      (error: Error) =>
        error instanceof ConfigError &&
        /HTTP API on 0\.0\.0\.0 would be open to the network.*--insecure-http/.test(error.message),
    );
    const insecure = await startTestServer({ ...open, insecureHttp: true }, { persistence });
    await insecure.close();
    const tokenOnly = await startTestServer({ ...open, apiToken: "an-api-token-0001" }, {
      persistence,
    });
    await tokenOnly.close();
    await sqlAccountStore(t.db).createAccount({
      username: "root",
      role: "admin",
      passwordHash: await hashPassword(ADMIN_PASSWORD, { iterations: MIN_ITERATIONS }),
    });
    const server = await startTestServer(open, { persistence });
    try {
      assert.equal(server.setupUrl, undefined);
      const anonymous = await fetch(`${server.httpUrl}/chargers`);
      assert.equal(anonymous.status, 401);
      await anonymous.body?.cancel();
    } finally {
      await server.close();
    }
  },
);

Deno.test("startServer() keeps the OCPP port on every interface and the HTTP API on loopback by default", async () => {
  const server = await startTestServer({ host: undefined, apiToken: undefined });
  try {
    const ocppPort = Number(new URL(server.ocppUrl.replace(/^ws/, "http")).port);
    const httpPort = Number(new URL(server.httpUrl).port);
    const listening = await new Deno.Command("ss", { args: ["-ltnH"], stdout: "piped" }).output()
      .then((out) => new TextDecoder().decode(out.stdout))
      .catch(() => undefined);
    if (listening !== undefined) {
      assert.match(listening, new RegExp(`(0\\.0\\.0\\.0|\\*):${ocppPort}\\b`));
      assert.match(listening, new RegExp(`127\\.0\\.0\\.1:${httpPort}\\b`));
    }
    assert.match(server.setupUrl ?? "", /^http:\/\/127\.0\.0\.1:\d+\/#setup=[\w-]{43}$/);
  } finally {
    await server.close();
  }
});
