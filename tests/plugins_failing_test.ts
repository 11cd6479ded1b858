// A plugin that fails at everything must not disturb the chargers: a real server, raw
// WebSocket clients, and a plugin that throws on every event and in its TransactionEvent hook.
import assert from "node:assert/strict";
import { definePlugin } from "../plugins/mod.ts";
import { startTestServer, TEST_TIMESTAMP, transactionEvent, until } from "./helpers.ts";

const TS = TEST_TIMESTAMP;

const broken = definePlugin({
  name: "broken",
  setup(bus, ctx) {
    bus.onAny((event) => {
      throw new Error(`broken on ${event.type}`);
    });
    bus.on("transaction.updated", async () => {
      await Promise.resolve();
      throw new Error("broken asynchronously");
    });
    ctx.onTransactionEventResponse(() => {
      throw new Error("broken hook");
    });
  },
});

Deno.test("a plugin throwing on every event and in its hook leaves every charger answered normally", async () => {
  // The built-in pricing loads first, so its hook runs before the broken one, and totalCost
  // must survive it.
  const server = await startTestServer({}, { plugins: [broken] });
  const ids = ["emart_jeju_01", "emart_jeju_02", "emart_jeju_03"];
  const clients = await Promise.all(ids.map((id) => server.client(id)));
  try {
    await Promise.all(clients.map(async (c, i) => {
      const tx = `tx-${i}`;
      const boot = await c.call("BootNotification", {
        chargingStation: { model: "ABB Terra 124", vendorName: "ABB" },
        reason: "PowerUp",
      });
      assert.equal((boot[2] as { status: string }).status, "Accepted");
      assert.deepEqual((await c.call("Heartbeat", {}))[0], 3);
      assert.deepEqual(
        (await c.call("StatusNotification", {
          timestamp: TS,
          connectorStatus: "Occupied",
          evseId: 1,
          connectorId: 1,
        }))[2],
        {},
      );
      assert.deepEqual(
        (await c.call(
          "TransactionEvent",
          transactionEvent(0, "Started", 1000, {
            transactionId: tx,
            idToken: "user-1",
            powerW: 50_000,
          }),
        ))[2],
        {
          idTokenInfo: { status: "Accepted" },
        },
      );
      for (let seqNo = 1; seqNo <= 5; seqNo++) {
        const answer = await c.call(
          "TransactionEvent",
          transactionEvent(seqNo, "Updated", seqNo * 4000, {
            transactionId: tx,
            idToken: "user-1",
            powerW: 50_000,
          }),
        );
        assert.deepEqual(answer[2], {});
      }
      const ended = await c.call(
        "TransactionEvent",
        transactionEvent(6, "Ended", 21150, {
          transactionId: tx,
          idToken: "user-1",
          powerW: 50_000,
        }),
      );
      // 20,150 Wh × 150 KRW/kWh = 3,022.5 → 3,023 KRW, despite the hook that throws after it.
      assert.deepEqual(ended[2], { totalCost: 3023 });
    }));
    const failures = () =>
      server.events.flatMap((e) => e.type === "plugin.failed" ? [e.payload] : []);
    await until(() => failures().some((f) => f.error === "broken asynchronously"));
    const fromBroken = failures().filter((f) => f.plugin === "broken");
    assert.ok(fromBroken.some((f) => f.event === "station.booted"));
    assert.ok(fromBroken.some((f) => f.event === "TransactionEvent" && f.error === "broken hook"));
    assert.ok(fromBroken.every((f) => f.event !== "plugin.failed"), "no plugin.failed loops");
    assert.ok(failures().every((f) => f.plugin === "broken"), "the other plugins never failed");
    // No charger was disconnected or restarted.
    assert.equal(server.csms.connectedIds().length, 3);
    assert.ok(!server.events.some((e) => e.type === "actor.restarted"));
    assert.equal(server.events.filter((e) => e.type === "transaction.ended").length, 3);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  }
});
