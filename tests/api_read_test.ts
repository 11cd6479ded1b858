// The read routes through `app.request` over the in-memory history: live chargers and sites,
// GeoJSON, heatmap, statistics that add up to the transactions, docs, and their error paths.
import assert from "node:assert/strict";
import { type Bus } from "../actors/csms/events.ts";
import { CSMS_ACTIONS } from "../actors/ocpp/actions.ts";
import { initialStationState } from "../actors/station/state.ts";
import {
  AT,
  endTransaction,
  json,
  NOW,
  sample,
  startTransaction,
  type TestApi,
  testApi,
} from "./api_helpers.ts";

const at = (hhmm: string) => `2026-01-20T${hhmm}:00.000Z`;

/** Two ended transactions and one running, across 08:00–10:00 UTC on two sites. */
function history(api: TestApi): void {
  const bus: Bus = api.bus;
  api.connect("charger_001");
  api.connect("emart_shinjeju_01");
  startTransaction(bus, "charger_001", {
    transactionId: "tx_a",
    meterStartWh: 10_000,
    timestamp: at("08:10"),
  });
  sample(bus, "charger_001", {
    transactionId: "tx_a",
    energyWh: 25_000,
    powerW: 30_000,
    timestamp: at("08:40"),
  });
  endTransaction(bus, "charger_001", {
    transactionId: "tx_a",
    meterStartWh: 10_000,
    meterStopWh: 32_345,
    timestamp: at("09:05"),
  });
  startTransaction(bus, "emart_shinjeju_01", {
    transactionId: "tx_b",
    meterStartWh: 5_000,
    timestamp: at("08:30"),
  });
  sample(bus, "emart_shinjeju_01", {
    transactionId: "tx_b",
    energyWh: 9_000,
    powerW: 16_000,
    timestamp: at("08:45"),
  });
  endTransaction(bus, "emart_shinjeju_01", {
    transactionId: "tx_b",
    meterStartWh: 5_000,
    meterStopWh: 12_501,
    timestamp: at("09:20"),
  });
  startTransaction(bus, "charger_001", {
    transactionId: "tx_c",
    meterStartWh: 32_345,
    timestamp: at("09:30"),
  });
  sample(bus, "charger_001", {
    transactionId: "tx_c",
    energyWh: 33_345,
    powerW: 20_000,
    timestamp: at("09:50"),
  });
}

Deno.test("GET /health reports connected chargers and the database, 503 when it is down", async () => {
  const api = testApi();
  api.connect("charger_001");
  const body = await json(await api.get("/health"));
  assert.deepEqual(body, {
    status: "ok",
    connected_chargers: 1,
    uptime_s: 60,
    database: { ok: true, engine: "none" },
  });
  const down = testApi({
    deps: {
      databaseHealth: () => Promise.resolve({ ok: false, engine: "pglite", error: "closed" }),
    },
  });
  const response = await down.get("/health");
  assert.equal(response.status, 503);
  assert.equal((await json(response)).status, "degraded");
});

Deno.test("GET /chargers lists live status, power and the running transaction with energy and cost so far", async () => {
  const api = testApi();
  history(api);
  const body = await json(await api.get("/chargers"));
  assert.equal(body.count, 3);
  const chargers = body.chargers as Record<string, unknown>[];
  assert.deepEqual(chargers.map((c) => [c.charger_id, c.status]), [
    ["charger_001", "charging"],
    ["emart_jeju_02", "offline"],
    ["emart_shinjeju_01", "available"],
  ]);
  const first = chargers[0];
  assert.equal(first.power_kw, 20);
  assert.equal(first.connected, true);
  assert.equal(first.station_id, "emart_jeju_main");
  assert.deepEqual(first.current_transaction, {
    transaction_id: "tx_c",
    evse_id: 1,
    connector_id: 1,
    id_token: "token_user_003",
    start_time: at("09:30"),
    energy_kwh: 1,
    cost_krw: 150,
    charging_state: "Charging",
  });
  const site = await json(
    await api.get("/chargers?station_id=emart_shinjeju_main&status=available"),
  );
  assert.equal(site.count, 1);
  const bad = await api.get("/chargers?status=purple");
  assert.equal(bad.status, 400);
  assert.match((await json(bad)).error as string, /query parameter status/);
});

Deno.test("GET /chargers/{id} shows one charger and answers 404 for an unknown one", async () => {
  const api = testApi();
  api.connect("charger_001");
  api.bus.emit("status.changed", {
    chargerId: "charger_001",
    evseId: 1,
    connectorId: 1,
    status: "Faulted",
    timestamp: AT,
    at: AT,
  });
  const body = await json(await api.get("/chargers/charger_001"));
  assert.equal(body.status, "faulted");
  assert.deepEqual(body.connectors, [{ evse_id: 1, connector_id: 1, status: "Faulted" }]);
  assert.equal(body.last_seen, AT);
  const missing = await api.get("/chargers/nope");
  assert.equal(missing.status, 404);
  assert.deepEqual(await json(missing), { status: "error", error: "Unknown charger nope" });
});

Deno.test("GET /chargers/{id} knows a connected charger outside the inventory", async () => {
  const api = testApi();
  api.connect("visitor_9");
  const body = await json(await api.get("/chargers/visitor_9"));
  assert.equal(body.status, "available");
  assert.equal(body.station_id, null);
});

Deno.test("GET /stations counts chargers by status and sums capacity and power; /stations/{id} lists its chargers", async () => {
  const api = testApi();
  history(api);
  const body = await json(await api.get("/stations"));
  const [jeju, shinjeju] = body.stations as Record<string, unknown>[];
  assert.equal(jeju.station_id, "emart_jeju_main");
  assert.equal(jeju.charger_count, 2);
  assert.equal(jeju.capacity_kw, 200);
  assert.equal(jeju.power_kw, 20);
  assert.deepEqual(jeju.status_counts, {
    available: 0,
    charging: 1,
    occupied: 0,
    reserved: 0,
    faulted: 0,
    offline: 1,
    unavailable: 0,
  });
  assert.equal(shinjeju.connected_count, 1);
  const detail = await json(await api.get("/stations/emart_jeju_main"));
  assert.deepEqual((detail.chargers as { charger_id: string }[]).map((c) => c.charger_id), [
    "charger_001",
    "emart_jeju_02",
  ]);
  const missing = await api.get("/stations/nowhere");
  assert.equal(missing.status, 404);
  assert.equal((await json(missing)).error, "Unknown station nowhere");
});

Deno.test("GET /geo/chargers is a GeoJSON FeatureCollection with [lng, lat] points and status properties", async () => {
  const api = testApi();
  history(api);
  const body = await json(await api.get("/geo/chargers"));
  assert.equal(body.type, "FeatureCollection");
  const features = body.features as {
    geometry: { coordinates: number[] };
    properties: Record<string, unknown>;
  }[];
  assert.equal(features.length, 3);
  assert.deepEqual(features[0].geometry, { type: "Point", coordinates: [126.53, 33.5] });
  assert.equal(features[0].properties.status, "charging");
  assert.equal(features[0].properties.transaction_id, "tx_c");
  const site = await json(await api.get("/geo/chargers?station_id=emart_shinjeju_main"));
  assert.equal((site.features as unknown[]).length, 1);
});

Deno.test("GET /geo/heatmap weighs chargers by energy, utilisation or power now", async () => {
  const api = testApi();
  history(api);
  const energy = await json(await api.get("/geo/heatmap"));
  const points = energy.points as { charger_id: string; value: number; weight: number }[];
  assert.equal(energy.max, 23.345);
  assert.deepEqual(points.map((p) => [p.charger_id, p.value, p.weight]), [
    ["charger_001", 23.345, 1],
    ["emart_jeju_02", 0, 0],
    ["emart_shinjeju_01", 7.501, 7.501 / 23.345],
  ]);
  const utilisation = await json(await api.get("/geo/heatmap?metric=utilisation"));
  const shares = utilisation.points as { value: number }[];
  assert.equal(shares[0].value, 23.345 / (100 * 24));
  assert.equal(shares[2].value, 7.501 / (50 * 24));
  const power = await json(await api.get("/geo/heatmap?metric=power"));
  assert.deepEqual((power.points as { value: number }[]).map((p) => p.value), [20, 0, 0]);
  assert.equal((await api.get("/geo/heatmap?metric=noise")).status, 400);
  const backwards = await api.get(`/geo/heatmap?from=${at("09:00")}&to=${at("08:00")}`);
  assert.equal(backwards.status, 400);
  assert.match((await json(backwards)).error as string, /query parameter to/);
});

Deno.test("GET /transactions lists newest first with kWh from the registers and cost at 150 KRW/kWh", async () => {
  const api = testApi();
  history(api);
  const body = await json(await api.get("/transactions"));
  assert.equal(body.count, 3);
  const rows = body.transactions as Record<string, unknown>[];
  assert.deepEqual(rows.map((r) => [r.transaction_id, r.energy_consumed, r.cost]), [
    ["tx_c", 1, null],
    ["tx_b", 7.501, 1125], // 1125.15
    ["tx_a", 22.345, 3352], // 3351.75, half-up
  ]);
  assert.deepEqual(Object.keys(rows[1]), [
    "transaction_id",
    "charger_id",
    "station_id",
    "evse_id",
    "connector_id",
    "start_time",
    "end_time",
    "energy_consumed",
    "cost",
    "id_token",
    "stopped_reason",
    "charging_state",
  ]);
  assert.equal(rows[1].station_id, "emart_shinjeju_main");
  assert.equal(rows[1].end_time, at("09:20"));
  assert.equal(rows[1].stopped_reason, "Remote");
  const filtered = async (query: string) =>
    ((await json(await api.get(`/transactions?${query}`))).transactions as {
      transaction_id: string;
    }[])
      .map((r) => r.transaction_id);
  assert.deepEqual(await filtered("charger_id=charger_001"), ["tx_c", "tx_a"]);
  assert.deepEqual(await filtered("station_id=emart_shinjeju_main"), ["tx_b"]);
  assert.deepEqual(await filtered(`from=${at("08:20")}&to=${at("09:30")}`), ["tx_b"]);
  assert.deepEqual(await filtered("limit=1"), ["tx_c"]);
  for (const query of ["limit=0", "limit=5000", "from=yesterday"]) {
    const response = await api.get(`/transactions?${query}`);
    assert.equal(response.status, 400, query);
    assert.match((await json(response)).error as string, /Invalid query parameter (limit|from)/);
  }
});

Deno.test("GET /statistics/dashboard adds up to the transactions it comes from, with defined utilisation", async () => {
  const api = testApi();
  history(api);
  const stats = await json(await api.get("/statistics/dashboard"));
  const rows = (await json(await api.get("/transactions?limit=1000"))).transactions as {
    energy_consumed: number | null;
    cost: number | null;
    end_time: string | null;
  }[];
  const energyKwh = rows.reduce((sum, r) => sum + (r.energy_consumed ?? 0) * 1000, 0) / 1000;
  assert.equal(stats.transactions, rows.length);
  assert.equal(stats.active_transactions, rows.filter((r) => r.end_time === null).length);
  assert.equal(stats.energy_kwh, energyKwh);
  assert.equal(stats.energy_kwh, 30.846);
  assert.equal(stats.revenue_krw, rows.reduce((sum, r) => sum + (r.cost ?? 0), 0));
  assert.equal(stats.revenue_krw, 4477);
  assert.deepEqual(
    [stats.total_chargers, stats.active_chargers, stats.charging_now, stats.offline_chargers],
    [3, 2, 1, 1],
  );
  assert.equal(stats.installed_kw, 250);
  assert.equal(stats.power_kw, 20);
  assert.deepEqual(stats.utilisation, {
    chargers_charging: 0.333,
    power: 0.08,
    energy_time: 0.005, // 30.846 kWh ÷ (250 kW × 24 h)
  });
  assert.equal(stats.history, "memory");
  const site = await json(await api.get("/statistics/dashboard?station_id=emart_shinjeju_main"));
  assert.deepEqual([site.transactions, site.energy_kwh, site.revenue_krw], [1, 7.501, 1125]);
  assert.equal((await api.get("/statistics/dashboard?to=soon")).status, 400);
});

Deno.test("GET /statistics/hourly gives energy per hour from the samples, summing to the transactions' energy", async () => {
  const api = testApi();
  history(api);
  const body = await json(await api.get("/statistics/hourly"));
  const hours = body.hours as {
    hour: string;
    energy_kwh: number;
    avg_power_kw: number;
    peak_power_kw: number;
    sample_count: number;
  }[];
  assert.equal(hours.length, 24);
  assert.equal(hours.at(-1)!.hour, new Date(NOW).toISOString());
  const eight = hours.find((h) => h.hour === at("08:00"))!;
  const nine = hours.find((h) => h.hour === at("09:00"))!;
  assert.deepEqual(eight, {
    hour: at("08:00"),
    energy_kwh: 19,
    avg_power_kw: 19,
    peak_power_kw: 30,
    sample_count: 4,
  });
  assert.equal(nine.energy_kwh, 11.846);
  assert.equal(body.energy_kwh, 30.846);
  const stats = await json(await api.get("/statistics/dashboard"));
  assert.equal(body.energy_kwh, stats.energy_kwh);
  const site = await json(
    await api.get(
      `/statistics/hourly?station_id=emart_shinjeju_main&from=${at("08:00")}&to=${at("10:00")}`,
    ),
  );
  assert.deepEqual((site.hours as { energy_kwh: number }[]).map((h) => h.energy_kwh), [4, 3.501]);
  const tooLong = await api.get(`/statistics/hourly?from=2025-01-01T00:00:00Z&to=${at("10:00")}`);
  assert.equal(tooLong.status, 400);
  assert.match((await json(tooLong)).error as string, /at most 744 hours/);
  assert.equal(
    (await api.get(`/statistics/hourly?from=${at("10:00")}&to=${at("09:00")}`)).status,
    400,
  );
});

Deno.test("GET /openapi.json documents every route, the bearer scheme and each CSMS action's schema", async () => {
  const api = testApi();
  const doc = await json(await api.get("/openapi.json"));
  const paths = doc.paths as Record<string, Record<string, { security?: unknown }>>;
  for (
    const path of [
      "/health",
      "/chargers",
      "/chargers/{id}",
      "/chargers/{id}/start",
      "/chargers/{id}/stop",
      "/chargers/{id}/control",
      "/stations",
      "/stations/{id}",
      "/geo/chargers",
      "/geo/heatmap",
      "/statistics/dashboard",
      "/statistics/hourly",
      "/transactions",
      "/events",
    ]
  ) {
    assert.ok(paths[path], path);
  }
  for (const action of CSMS_ACTIONS) {
    assert.ok(paths[`/chargers/{id}/ocpp/${action}`]?.post, action);
  }
  assert.deepEqual(paths["/chargers/{id}/start"].post.security, [{ bearerAuth: [] }]);
  const components = doc.components as {
    securitySchemes: Record<string, unknown>;
    schemas: Record<string, unknown>;
  };
  assert.ok(components.securitySchemes.bearerAuth);
  assert.ok(components.schemas.ControlBody);
  assert.match(JSON.stringify(paths["/statistics/dashboard"]), /energy_time/);
});

Deno.test("GET /docs is Swagger UI from local assets only; / shows a placeholder without a dashboard", async () => {
  const api = testApi();
  const docs = await (await api.get("/docs")).text();
  assert.match(docs, /\/docs\/assets\/swagger-ui-dist\/swagger-ui-bundle\.js/);
  assert.match(docs, /url: '\/openapi\.json'/);
  assert.doesNotMatch(docs, /https?:\/\//);
  const bundle = await api.get("/docs/assets/swagger-ui-dist/swagger-ui-bundle.js");
  assert.equal(bundle.status, 200);
  assert.match(bundle.headers.get("Content-Type") ?? "", /javascript/);
  await bundle.body?.cancel();
  const css = await api.get("/docs/assets/swagger-ui-dist/swagger-ui.css");
  assert.equal(css.status, 200);
  await css.body?.cancel();
  assert.equal((await api.get("/docs/assets/swagger-ui-dist/package.json")).status, 404);
  assert.equal((await api.get("/docs/assets/swagger-ui-dist/..%2Fpackage.json")).status, 404);
  const home = await api.get("/");
  assert.equal(home.status, 200);
  assert.match(await home.text(), /dashboard is not installed/);
});

Deno.test("an unknown route answers 404 in the error format", async () => {
  const api = testApi();
  const response = await api.get("/nothing/here");
  assert.equal(response.status, 404);
  assert.deepEqual(await json(response), {
    status: "error",
    error: "No route for GET /nothing/here",
  });
});

Deno.test("GET /chargers/{id} shows an open transaction the CSMS loaded from storage after a restart", async () => {
  const api = testApi();
  api.connect("charger_001");
  api.snapshots.set("charger_001", {
    ...initialStationState("charger_001", "Accepted"),
    transactions: new Map([["tx_old", {
      transactionId: "tx_old",
      evseId: 1,
      connectorId: 1,
      idToken: "token_user_003",
      meterStartWh: 1_000,
      lastEnergyWh: 3_000,
      lastSeqNo: 4,
      recentSeqNos: [],
      isEnded: false,
    }]]),
  });
  const before = await json(await api.get("/chargers/charger_001"));
  assert.equal(before.status, "charging");
  assert.deepEqual(before.current_transaction, {
    transaction_id: "tx_old",
    evse_id: 1,
    connector_id: 1,
    id_token: "token_user_003",
    start_time: null,
    energy_kwh: 2,
    // Priced again by the pricing plugin at the next event; nothing to show before it.
    cost_krw: null,
    charging_state: null,
  });
  // The next Updated reaches the view without a start register: the snapshot still supplies it.
  sample(api.bus, "charger_001", {
    transactionId: "tx_old",
    energyWh: 4_000,
    powerW: 7_000,
    timestamp: AT,
  });
  const after = await json(await api.get("/chargers/charger_001"));
  assert.equal((after.current_transaction as { energy_kwh: number }).energy_kwh, 3);
  assert.equal(after.power_kw, 7);
});

Deno.test("GET / serves the dashboard's static/index.html once it exists, and its files", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tamna_static_" });
  try {
    await Deno.writeTextFile(`${dir}/index.html`, "<!doctype html><title>Dashboard</title>");
    await Deno.writeTextFile(`${dir}/app.js`, "export const ok = true;");
    const api = testApi({ deps: { staticDir: new URL(`file://${dir}/`) } });
    const home = await api.get("/");
    assert.equal(home.status, 200);
    assert.equal(await home.text(), "<!doctype html><title>Dashboard</title>");
    const script = await api.get("/static/app.js");
    assert.equal(script.status, 200);
    assert.match(script.headers.get("Content-Type") ?? "", /javascript/);
    await script.body?.cancel();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
