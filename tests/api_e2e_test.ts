// End to end over real sockets: a Tamna server (database on every engine available) and one
// simulated charger. The seed's curl commands start and stop a session over REST; the
// transaction then shows in /transactions with the energy of its meter registers and its cost.
// The charger runs on a clock 50 times faster, so its 5 s TransactionEvent interval takes
// 100 ms; the real waits below (a second or two) are those compressed simulated seconds.
import assert from "node:assert/strict";
import type { TamnaEvents } from "../actors/csms/events.ts";
import { costKrw, PricingConfig } from "../plugins/pricing/tariff.ts";
import { seedIfEmpty } from "../plugins/persistence/seed.ts";
import { createStore } from "../plugins/persistence/store.ts";
import { startCharger } from "../sim/station/charger.ts";
import { scaledClock } from "../sim/fleet/scaled_clock.ts";
import { TEST_CONFIG } from "./support/test_station.ts";
import { startTestServer, until } from "./helpers.ts";
import { dbTest } from "./persistence_helpers.ts";

const CHARGER = "emart_jeju_01";

async function poll<T>(read: () => Promise<T>, isDone: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`condition not met in time: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

dbTest(
  "E2E: the seed's curl start and stop drive a simulated charger; /transactions shows its energy and cost",
  async (t) => {
    await seedIfEmpty(t.db); // the Emart Jeju fleet, as on a first start
    const store = createStore(t.db);
    const server = await startTestServer({}, {
      persistence: { db: t.db, store, close: () => store.close() },
    });
    const charger = await startCharger({
      url: server.ocppUrl,
      config: { ...TEST_CONFIG, chargerId: CHARGER, txIdPrefix: crypto.randomUUID().slice(0, 8) },
      clock: scaledClock(50),
      stateDir: null,
    });
    const http = (path: string, init?: RequestInit) =>
      server.api(path, init).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    const curlPost = (path: string, data: string) =>
      http(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: data });
    try {
      await until(() => charger.registration === "Accepted", 5_000);
      const start = await curlPost(
        `/chargers/${CHARGER}/start`,
        '{"evse_id": 1, "connector_id": 1}',
      );
      assert.equal(start.status, 200, JSON.stringify(start.body));
      assert.equal(start.body.status, "success");
      assert.equal(start.body.ocpp_status, "Accepted");

      const charging = await poll(
        () => http(`/chargers/${CHARGER}`),
        (r) => r.body.status === "charging" && r.body.current_transaction?.energy_kwh > 1,
      );
      const transactionId = charging.body.current_transaction.transaction_id as string;
      assert.equal(charging.body.station_id, "emart_jeju_main");
      assert.ok(charging.body.power_kw > 0);

      const stop = await curlPost(
        `/chargers/${CHARGER}/stop`,
        `{"transaction_id": "${transactionId}"}`,
      );
      assert.equal(stop.status, 200, JSON.stringify(stop.body));
      assert.equal(stop.body.ocpp_status, "Accepted");

      const listed = await poll(
        () => http(`/transactions?charger_id=${CHARGER}`),
        (r) => r.body.transactions[0]?.end_time !== null && r.body.transactions[0]?.cost !== null,
      );
      const ended = server.events.find((e) => e.type === "transaction.ended")!
        .payload as TamnaEvents["transaction.ended"];
      const energyWh = ended.meterStopWh! - ended.meterStartWh!;
      const row = listed.body.transactions[0];
      assert.equal(row.transaction_id, transactionId);
      assert.equal(row.station_id, "emart_jeju_main");
      assert.equal(row.stopped_reason, "Remote");
      assert.equal(row.energy_consumed, energyWh / 1000);
      assert.equal(row.cost, costKrw(PricingConfig.parse({}), { flat: energyWh }));
      assert.ok(energyWh > 1000, `energy ${energyWh} Wh`);

      // The charger runs ×50 but reports wall-clock times, so the default window (the last
      // 24 h up to now) holds the session.
      const stats = await http(`/statistics/dashboard`);
      assert.equal(stats.body.energy_kwh, row.energy_consumed);
      assert.equal(stats.body.revenue_krw, row.cost);
      assert.equal(stats.body.history, t.engine);
      const idle = await poll(
        () => http(`/chargers/${CHARGER}`),
        (r) => r.body.current_transaction === null,
      );
      assert.equal(idle.body.connected, true);
    } finally {
      await charger.stop();
      await server.close();
      await store.close();
    }
  },
);

Deno.test("serve --cors-origin answers preflights for the configured origin only", async () => {
  const server = await startTestServer({ corsOrigin: "https://a.example,https://b.example" });
  try {
    const ask = async (origin: string) => {
      const response = await fetch(`${server.httpUrl}/chargers`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });
      await response.body?.cancel();
      return response.headers.get("access-control-allow-origin");
    };
    assert.equal(await ask("https://b.example"), "https://b.example");
    assert.equal(await ask("https://evil.example"), null);
  } finally {
    await server.close();
  }
});
