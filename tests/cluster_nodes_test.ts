/**
 * Cluster mode with two nodes in this process on one PostgreSQL database and the NATS server at
 * 127.0.0.1:4222: presence, commands routed to the owning node, events relayed to the other,
 * and a charger moving between nodes. The real-process version with HAProxy is
 * tests/cluster_haproxy_test.ts.
 */
import assert from "node:assert/strict";
import { startTestServer, type TestServer, transactionEvent, until } from "./helpers.ts";
import { isPostgresReachable, openTestDb, type TestDb } from "./persistence_helpers.ts";
import { isNatsReachable, NATS_URL } from "./cluster_helpers.ts";
import type { ServerConfig } from "../config.ts";
import { connect } from "@nats-io/transport-node";
import { Kvm } from "@nats-io/kv";
import { basicAuthHeader } from "../actors/ocpp/basic_auth.ts";
import { rawUpgrade } from "./security_helpers.ts";

const ignore = !isPostgresReachable || !isNatsReachable;
const JSON_BODY = { "content-type": "application/json" };

/** Removes a test cluster's KV buckets from the shared NATS server. */
async function dropBuckets(clusterName: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const kvm = new Kvm(nc);
    for (const bucket of ["nodes", "chargers", "leaders"]) {
      await kvm.open(`${clusterName}_${bucket}`).then((kv) => kv.destroy()).catch(() => {});
    }
  } finally {
    await nc.close();
  }
}

/** Two nodes of a fresh cluster on a fresh database; `close()` in finally. */
async function twoNodes(
  extra: Partial<ServerConfig> = {},
): Promise<{ a: TestServer; b: TestServer; clusterName: string; close(): Promise<void> }> {
  const t: TestDb = await openTestDb("postgres");
  const clusterName = `t${crypto.randomUUID().slice(0, 8)}`;
  const node = (nodeId: string) =>
    startTestServer({
      databaseUrl: t.url,
      natsUrl: NATS_URL,
      clusterName,
      nodeId,
      callTimeoutMs: 1_000,
      ...extra,
    }, { persistence: undefined });
  const a = await node("a");
  const b = await node("b").catch(async (error) => {
    await a.close();
    throw error;
  });
  return {
    a,
    b,
    clusterName,
    async close() {
      await a.close();
      await b.close();
      await t.dispose();
      await dropBuckets(clusterName);
    },
  };
}

Deno.test({
  name: "cluster: a command through node b reaches a charger held by node a",
  ignore,
  async fn() {
    const { a, b, close } = await twoNodes();
    const charger = await a.booted("emart_jeju_01");
    try {
      await until(() => b.csms.isConnected("emart_jeju_01"));
      assert.equal(b.cluster?.presence.ownerOf("emart_jeju_01"), "a");
      const answered = b.api("/chargers/emart_jeju_01/start", {
        method: "POST",
        headers: JSON_BODY,
        body: "{}",
      });
      const call = await charger.next((f) => f[0] === 2 && f[2] === "RequestStartTransaction");
      charger.socket.send(JSON.stringify([3, call[1], { status: "Accepted" }]));
      const response = await answered;
      const body = await response.json();
      assert.equal(response.status, 200);
      assert.equal(body.ocpp_status, "Accepted");
      assert.equal(body.charger_id, "emart_jeju_01");
    } finally {
      await charger.close();
      await close();
    }
  },
});

Deno.test({
  name: "cluster: commands through another node answer 404 unknown, 409 offline, 504 no answer",
  ignore,
  async fn() {
    const { a, b, close } = await twoNodes();
    const charger = await a.booted("emart_jeju_02");
    try {
      await until(() => b.csms.isConnected("emart_jeju_02"));
      const post = (id: string) =>
        b.api(`/chargers/${id}/start`, { method: "POST", headers: JSON_BODY, body: "{}" });
      const unknown = await post("nobody_here");
      assert.equal(unknown.status, 404);
      await unknown.body?.cancel();
      const offline = await post("emart_jeju_03");
      assert.equal(offline.status, 409);
      assert.match((await offline.json()).error, /offline/);
      // The charger on node a never answers: node a's call timeout comes back as 504.
      const silent = await post("emart_jeju_02");
      assert.equal(silent.status, 504);
      assert.match((await silent.json()).error, /did not answer RequestStartTransaction/);
    } finally {
      await charger.close();
      await close();
    }
  },
});

Deno.test({
  name: "cluster: node b's bus, live view and REST see a session on node a, stored once",
  ignore,
  async fn() {
    const { a, b, close } = await twoNodes();
    const charger = await a.booted("emart_jeju_04");
    try {
      for (const [seqNo, type, energyWh] of [[0, "Started", 1000], [1, "Ended", 3500]] as const) {
        const [kind] = await charger.call(
          "TransactionEvent",
          transactionEvent(seqNo, type, energyWh, { transactionId: "cl-tx-1" }),
        );
        assert.equal(kind, 3);
      }
      await until(() =>
        b.events.some((e) =>
          e.type === "transaction.ended" && e.payload.chargerId === "emart_jeju_04"
        )
      );
      const started = b.events.find((e) => e.type === "transaction.started");
      assert.equal(started?.payload.chargerId, "emart_jeju_04");
      const view = await (await b.api("/chargers/emart_jeju_04")).json();
      assert.equal(view.connected, true);
      const stored = await a.persistence!.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM transaction_events WHERE transaction_id = 'cl-tx-1'",
      );
      assert.equal(stored[0].n, 2);
    } finally {
      await charger.close();
      await close();
    }
  },
});

Deno.test({
  name: "cluster: a charger that reconnects to another node takes over; the old socket is dropped",
  ignore,
  async fn() {
    const { a, b, close } = await twoNodes();
    const first = await a.booted("emart_jeju_05");
    let second;
    try {
      await until(() => b.cluster?.presence.ownerOf("emart_jeju_05") === "a");
      second = await b.booted("emart_jeju_05");
      const closed = await first.closed;
      assert.match(closed.reason, /Connected to another node \(b\)/);
      await until(() => !a.csms.snapshot("emart_jeju_05"));
      assert.equal(a.cluster?.presence.ownerOf("emart_jeju_05"), "b");
      // Commands from node a now go to node b's socket.
      const answered = a.api("/chargers/emart_jeju_05/control", {
        method: "POST",
        headers: JSON_BODY,
        body: JSON.stringify({ action: "reset" }),
      });
      const call = await second.next((f) => f[0] === 2 && f[2] === "Reset");
      second.socket.send(JSON.stringify([3, call[1], { status: "Accepted" }]));
      assert.equal((await answered).status, 200);
    } finally {
      await first.close();
      await second?.close();
      await close();
    }
  },
});

Deno.test({
  name: "cluster: an ID token blocked through node b is refused by node a at the next Authorize",
  ignore,
  async fn() {
    const { a, b, close } = await twoNodes();
    const charger = await a.booted("emart_jeju_06");
    try {
      const authorize = async () => {
        const [, , payload] = await charger.call("Authorize", {
          idToken: { idToken: "card-park", type: "ISO14443" },
        });
        return (payload as { idTokenInfo: { status: string } }).idTokenInfo.status;
      };
      const created = await b.api("/id-tokens", {
        method: "POST",
        headers: JSON_BODY,
        body: JSON.stringify({ id_token: "card-park", status: "Blocked" }),
      });
      assert.equal(created.status, 201, await created.text());
      await until(() => a.network?.tokens.get("card-park")?.status === "Blocked", 5_000);
      assert.equal(await authorize(), "Blocked");
    } finally {
      await charger.close();
      await close();
    }
  },
});

Deno.test({
  name: "cluster: failed logins on node a count on node b, per forwarded address",
  ignore,
  async fn() {
    const { a, b, clusterName, close } = await twoNodes({
      securityProfile: 1,
      authRateLimit: { maxFailures: 2, windowS: 600, blockS: 600 },
      trustedProxies: ["127.0.0.1"],
    });
    const nc = await connect({ servers: NATS_URL });
    try {
      const seen = nc.subscribe(`${clusterName}.auth-failed.*`, { max: 2 });
      const attempt = (server: TestServer, address: string) =>
        rawUpgrade(`${server.ocppUrl}/emart_jeju_07`, {
          Authorization: basicAuthHeader("emart_jeju_07", "not-the-password-at-all"),
          "X-Forwarded-For": `198.51.100.1, ${address}`,
        });
      assert.equal((await attempt(a, "203.0.113.7")).status, 401);
      assert.equal((await attempt(a, "203.0.113.7")).status, 401);
      for await (const msg of seen) assert.equal(msg.string(), "203.0.113.7");
      // Node b got both on its own connection; give its callback a moment to run.
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal((await attempt(b, "203.0.113.7")).status, 429, "blocked on node b too");
      assert.equal((await attempt(b, "203.0.113.8")).status, 401, "another address is not");
    } finally {
      await nc.close();
      await close();
    }
  },
});
