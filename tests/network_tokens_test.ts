// ID tokens as managed data over REST, on every engine: Authorize and TransactionEvent answers
// follow a change at once (blocked, expired, a blocked group), tokens the database does not hold
// fall back to tamna.json's lists, CSV export and import round-trip, and bad input changes nothing.
import assert from "node:assert/strict";
import { dbTest } from "./persistence_helpers.ts";
import { startNetworkServer } from "./network_helpers.ts";
import { transactionEvent } from "./helpers.ts";

const authorize = async (
  client: { call: (a: string, p: unknown) => Promise<unknown[]> },
  idToken: string,
) =>
  ((await client.call("Authorize", { idToken: { idToken, type: "ISO14443" } }))[2] as {
    idTokenInfo: Record<string, unknown>;
  }).idTokenInfo;

dbTest(
  "Authorize answers from the managed tokens at once; unknown ones from tamna.json",
  async (t) => {
    const { server, rest, close } = await startNetworkServer(t, {
      authorization: { default: "Invalid", allow: ["config-card"], deny: ["stolen-card"] },
    });
    const client = await server.booted("emart_jeju_01");
    try {
      assert.equal(
        (await rest.post("/id-tokens", { id_token: "card-kim", group_id_token: "fleet-a" })).status,
        201,
      );
      assert.equal(
        (await rest.post("/id-tokens", { id_token: "fleet-a", type: "Central" })).status,
        201,
      );
      assert.equal(
        (await rest.post("/id-tokens", {
          id_token: "card-old",
          expires_at: "2020-01-01T00:00:00Z",
        })).status,
        201,
      );
      const expiry = "2099-12-31T15:00:00.000Z";
      await rest.post("/id-tokens", {
        id_token: "card-lee",
        expires_at: "2100-01-01T00:00:00+09:00",
      });

      assert.deepEqual(await authorize(client, "card-kim"), {
        status: "Accepted",
        groupIdToken: { idToken: "fleet-a", type: "Central" },
      });
      assert.deepEqual(await authorize(client, "card-lee"), {
        status: "Accepted",
        cacheExpiryDateTime: expiry,
      });
      assert.equal((await authorize(client, "card-old")).status, "Expired");
      assert.equal((await authorize(client, "config-card")).status, "Accepted", "allow list");
      assert.equal((await authorize(client, "stolen-card")).status, "Blocked", "deny list");
      assert.equal((await authorize(client, "nobody")).status, "Invalid", "default");

      const blocked = await rest.patch("/id-tokens/card-kim", { status: "Blocked" });
      assert.equal(blocked.status, 200, blocked.text);
      assert.equal((await authorize(client, "card-kim")).status, "Blocked", "the next Authorize");
      await rest.patch("/id-tokens/card-kim", { status: "Accepted" });
      await rest.patch("/id-tokens/fleet-a", { status: "Blocked" });
      assert.equal((await authorize(client, "card-kim")).status, "Blocked", "its group is blocked");

      const [, , answer] = await client.call(
        "TransactionEvent",
        transactionEvent(0, "Started", 1_000, { idToken: "card-kim" }),
      );
      assert.equal((answer as { idTokenInfo: { status: string } }).idTokenInfo.status, "Blocked");
      assert.equal((await rest.delete("/id-tokens/card-lee")).status, 200);
      assert.equal((await authorize(client, "card-lee")).status, "Invalid", "deleted: the default");
      const changes = server.events.filter((e) => e.type === "id-token.changed").length;
      assert.equal(changes, 8);
    } finally {
      await client.close();
      await close();
    }
  },
);

dbTest(
  "ID tokens: search, CSV export and import (all or nothing), bad input changes nothing",
  async (t) => {
    const { rest, close } = await startNetworkServer(t);
    try {
      const csv = "id_token,type,status,expires_at,group_id_token,note\r\n" +
        'card-1,ISO14443,Accepted,,fleet-a,"Kim, driver"\r\n' +
        "card-2,ISO14443,Blocked,2027-01-01T00:00:00Z,,lost\r\n" +
        "app-3,Central,Accepted,,,\r\n";
      const imported = await rest.send("POST", "/id-tokens/import", csv, "text/csv");
      assert.equal(imported.status, 200, imported.text);
      assert.deepEqual(imported.body, { status: "success", created: 3, updated: 0 });

      const found = await rest.get("/id-tokens?q=kim");
      assert.deepEqual(found.body.id_tokens.map((x: { id_token: string }) => x.id_token), [
        "card-1",
      ]);
      assert.equal(found.body.id_tokens[0].note, "Kim, driver");
      assert.equal((await rest.get("/id-tokens?status=Blocked")).body.total, 1);

      const exported = await rest.get("/id-tokens?format=csv");
      assert.equal(exported.status, 200);
      assert.match(exported.text, /^id_token,type,status,expires_at,group_id_token,note\r\n/);
      assert.match(exported.text, /card-1,ISO14443,Accepted,,fleet-a,"Kim, driver"/);
      assert.match(exported.text, /card-2,ISO14443,Blocked,2027-01-01T00:00:00\.000Z,,lost/);
      const again = await rest.send("POST", "/id-tokens/import", exported.text, "text/csv");
      assert.deepEqual(again.body, { status: "success", created: 0, updated: 3 }, "round trip");

      const before = (await rest.get("/id-tokens")).body.id_tokens;
      const badCsv: [string, RegExp][] = [
        ["id_token,status\ncard-9,Accepted\ncard-10,Lost\n", /line 3 column status/],
        ["id_token,colour\ncard-9,red\n", /unknown column colour/],
        ["id_token\ncard-9\ncard-9\n", /line 3 repeats id_token card-9/],
        ['id_token,note\ncard-9,"open\n', /never closed/],
        ["id_token\nhas space\n", /line 2 column id_token/],
      ];
      for (const [text, error] of badCsv) {
        const answer = await rest.send("POST", "/id-tokens/import", text, "text/csv");
        assert.equal(answer.status, 400, answer.text);
        assert.match(answer.body.error, /^Invalid CSV: /);
        assert.match(answer.body.error, error);
      }
      const bad: [() => Promise<{ status: number; body: { error: string } }>, string][] = [
        [() => rest.post("/id-tokens", { id_token: "x".repeat(37) }), "id_token"],
        [() => rest.post("/id-tokens", { id_token: "card-9", status: "Lost" }), "status"],
        [
          () => rest.post("/id-tokens", { id_token: "card-9", expires_at: "tomorrow" }),
          "expires_at",
        ],
        [() => rest.post("/id-tokens", { id_token: "card-9", type: "Plastic" }), "type"],
        [() => rest.patch("/id-tokens/card-1", { status: "Gone" }), "status"],
        [() => rest.patch("/id-tokens/card-1", { id_token: "card-x" }), "id_token"],
      ];
      for (const [send, field] of bad) {
        const answer = await send();
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.match(answer.body.error, new RegExp(`body field ${field}`));
      }
      assert.equal((await rest.post("/id-tokens", { id_token: "card-1" })).status, 409);
      assert.equal((await rest.patch("/id-tokens/nobody", { status: "Blocked" })).status, 404);
      assert.equal((await rest.get("/id-tokens/nobody")).status, 404);
      assert.deepEqual((await rest.get("/id-tokens")).body.id_tokens, before, "nothing changed");
    } finally {
      await close();
    }
  },
);

dbTest("with --api-token, PUT, PATCH and DELETE need the bearer token as POST does", async (t) => {
  const { server, close } = await startNetworkServer(t, { apiToken: "s3cret-token" });
  try {
    for (const method of ["POST", "PATCH", "PUT", "DELETE"]) {
      const path = method === "POST"
        ? "/id-tokens"
        : method === "PUT"
        ? "/chargers/emart_jeju_01/password"
        : "/id-tokens/x";
      const response = await fetch(`${server.httpUrl}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "DELETE" ? undefined : "{}",
      });
      await response.body?.cancel();
      assert.equal(response.status, 401, method);
    }
  } finally {
    await close();
  }
});
