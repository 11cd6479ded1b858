// Tariffs, local list members and charger passwords over REST, on every engine: a charger's own
// tariff wins over its site's, a retired tariff leaves the default price, every bad input gets a
// 400 naming the field (or 404/409) and changes nothing.
import assert from "node:assert/strict";
import { dbTest } from "./persistence_helpers.ts";
import { startNetworkServer } from "./network_helpers.ts";
import { transactionEvent } from "./helpers.ts";
import type { RawClient } from "./ocpp_client.ts";

/** One 10 kWh session; resolves with the Ended answer's totalCost. */
async function session(client: RawClient, transactionId: string): Promise<number> {
  await client.call("TransactionEvent", transactionEvent(0, "Started", 1_000, { transactionId }));
  const [, , answer] = await client.call(
    "TransactionEvent",
    transactionEvent(1, "Ended", 11_000, { transactionId }),
  );
  return (answer as { totalCost: number }).totalCost;
}

dbTest(
  "tariffs: a charger's own wins over its site's; retired, the default price applies",
  async (t) => {
    const { server, rest, close } = await startNetworkServer(t);
    const one = await server.booted("emart_jeju_01");
    const two = await server.booted("emart_jeju_02");
    try {
      const site = await rest.post("/tariffs", {
        station_id: "emart_jeju_main",
        name: "Jeju",
        price_krw_per_kwh: 200,
        session_fee_krw: 500,
        time_of_use: {
          periods: { night: 90 },
          rules: [{ period: "night", from_hour: 23, to_hour: 7 }],
        },
      });
      assert.equal(site.status, 201, site.text);
      assert.deepEqual(site.body.time_of_use.rules, [{
        period: "night",
        from_hour: 23,
        to_hour: 7,
      }]);
      const own = await rest.post("/tariffs", {
        tariff_id: "jeju01-vip",
        charger_id: "emart_jeju_01",
        price_krw_per_kwh: 100,
      });
      assert.equal(own.status, 201, own.text);
      // TEST_TIMESTAMP is 14:30 KST: day price.
      assert.equal(await session(one, "a"), 1000, "its own tariff");
      assert.equal(await session(two, "b"), 2500, "the site's: 10 kWh × 200 + 500");
      assert.equal((await rest.delete("/tariffs/jeju01-vip")).status, 200);
      assert.equal(await session(one, "c"), 2500, "retired: the site's again");
      assert.equal((await rest.delete("/tariffs/emart_jeju_main-tariff")).status, 200);
      assert.equal(await session(two, "d"), 1500, "no tariff: the config's 150 KRW/kWh");
      assert.equal((await rest.get("/tariffs")).body.count, 0);
      assert.equal((await rest.get("/tariffs?include_retired=1")).body.count, 2);
      const priced = (await rest.get("/tariffs/jeju01-vip/sessions")).body.sessions;
      assert.deepEqual(priced.map((s: { transaction_id: string }) => s.transaction_id), ["a"]);
      const changed = server.events.filter((e) => e.type === "tariff.changed").length;
      assert.equal(changed, 4);
    } finally {
      await one.close();
      await two.close();
      await close();
    }
  },
);

dbTest(
  "tariffs: bad input gets a 400 naming the field, conflicts 409, unknown 404; nothing changes",
  async (t) => {
    const { rest, close } = await startNetworkServer(t);
    try {
      assert.equal((await rest.post("/tariffs", { station_id: "emart_jeju_main" })).status, 201);
      const before = (await rest.get("/tariffs/emart_jeju_main-tariff")).body;
      const bad: [string, string, unknown, string][] = [
        [
          "post",
          "/tariffs",
          { station_id: "emart_seogwipo_main", price_krw_per_kwh: 1.234 },
          "price_krw_per_kwh",
        ],
        [
          "post",
          "/tariffs",
          { station_id: "emart_seogwipo_main", session_fee_krw: -1 },
          "session_fee_krw",
        ],
        ["post", "/tariffs", { station_id: "nope" }, "station_id"],
        ["post", "/tariffs", { charger_id: "nope" }, "charger_id"],
        ["post", "/tariffs", { price_krw_per_kwh: 100 }, "station_id"],
        [
          "post",
          "/tariffs",
          { station_id: "emart_seogwipo_main", charger_id: "emart_jeju_01" },
          "charger_id",
        ],
        ["post", "/tariffs", {
          station_id: "emart_seogwipo_main",
          time_of_use: { periods: { peak: 200 }, rules: [{ period: "night" }] },
        }, "time_of_use.rules"],
        ["post", "/tariffs", { station_id: "emart_seogwipo_main", colour: "red" }, "colour"],
        [
          "patch",
          "/tariffs/emart_jeju_main-tariff",
          { idle_grace_minutes: 2000 },
          "idle_grace_minutes",
        ],
        ["patch", "/tariffs/emart_jeju_main-tariff", { station_id: "x" }, "station_id"],
      ];
      for (const [method, path, body, field] of bad) {
        const answer = await (method === "post" ? rest.post(path, body) : rest.patch(path, body));
        assert.equal(answer.status, 400, `${method} ${path} ${answer.text}`);
        assert.match(answer.body.error, new RegExp(`body field ${field.replace(".", "\\.")}`));
      }
      assert.equal((await rest.post("/tariffs", { station_id: "emart_jeju_main" })).status, 409);
      assert.equal((await rest.patch("/tariffs/nope", { price_krw_per_kwh: 1 })).status, 404);
      assert.equal((await rest.get("/tariffs/nope/sessions")).status, 404);
      assert.equal(
        (await rest.get("/tariffs/emart_jeju_main-tariff/sessions?version=0")).status,
        400,
      );
      assert.deepEqual((await rest.get("/tariffs/emart_jeju_main-tariff")).body, before);
      assert.equal((await rest.get("/tariffs")).body.count, 1, "nothing else was created");
    } finally {
      await close();
    }
  },
);

dbTest(
  "local list members and charger passwords: 400 naming the field, 404, 409; a good one is stored",
  async (t) => {
    const { rest, close } = await startNetworkServer(t);
    try {
      await rest.post("/id-tokens", { id_token: "card-1" });
      const unknownToken = await rest.put("/stations/emart_jeju_main/local-list/members", {
        id_tokens: ["card-1", "nobody"],
      });
      assert.equal(unknownToken.status, 400);
      assert.match(unknownToken.body.error, /body field id_tokens: no ID token nobody/);
      const badShape = await rest.put("/chargers/emart_jeju_01/local-list/members", {
        id_tokens: "card-1",
      });
      assert.equal(badShape.status, 400);
      assert.match(badShape.body.error, /body field id_tokens/);
      assert.equal(
        (await rest.put("/stations/nope/local-list/members", { id_tokens: [] })).status,
        404,
      );
      assert.equal((await rest.get("/chargers/nope/local-list")).status, 404);
      assert.deepEqual(
        (await rest.get("/stations/emart_jeju_main/local-list/members")).body.id_tokens,
        [],
        "nothing stored",
      );
      const good = await rest.put("/stations/emart_jeju_main/local-list/members", {
        id_tokens: ["card-1"],
      });
      assert.equal(good.status, 200);
      assert.equal(good.body.chargers.length, 12);
      const offline = await rest.post("/chargers/emart_jeju_01/local-list/sync", { full: true });
      assert.deepEqual([offline.status, offline.body.status], [200, "Offline"]);
      const list = (await rest.get("/chargers/emart_jeju_01/local-list")).body;
      assert.deepEqual([list.in_sync, list.wanted.length, list.held.length], [false, 1, 0]);

      const short = await rest.put("/chargers/emart_jeju_01/password", { password: "short" });
      assert.equal(short.status, 400);
      assert.match(short.body.error, /body field password/);
      assert.equal(
        (await rest.put("/chargers/nope/password", { password: "a".repeat(20) })).status,
        404,
      );
      assert.equal(
        (await rest.post("/chargers/emart_jeju_01/password/rotate")).status,
        409,
        "offline",
      );
      const charger = () =>
        rest.get("/inventory").then((r) =>
          r.body.chargers.find((c: { charger_id: string }) => c.charger_id === "emart_jeju_01")
        );
      assert.equal((await charger()).has_password, false);
      const set = await rest.put("/chargers/emart_jeju_01/password", {
        password: "a-good-password-2026",
      });
      assert.equal(set.status, 200, set.text);
      assert.equal((await charger()).has_password, true);
    } finally {
      await close();
    }
  },
);
