// Sites and chargers as managed data over REST, on every engine: a new site and charger appear in
// the live reads and on the map at once, a charger that connected unassigned is placed, bad input
// gets a 400 naming the field and changes nothing, conflicts get 409, decommissioning keeps the
// history, and a new grid capacity reaches smart charging without a restart.
import assert from "node:assert/strict";
import type { TamnaEvents } from "../actors/csms/events.ts";
import { dbTest } from "./persistence_helpers.ts";
import { eventually, startNetworkServer } from "./network_helpers.ts";

const AEWOL = {
  station_id: "emart_aewol_main",
  name: "Emart Aewol",
  name_ko: "이마트 애월점",
  address: "제주시 애월읍 애월해안로 1",
  lat: 33.4633,
  lng: 126.3094,
  grid_capacity_kw: 200,
};

dbTest(
  "REST: a new site and charger are live at once: /stations, /chargers, /geo/chargers",
  async (t) => {
    const { server, rest, close } = await startNetworkServer(t);
    try {
      const site = await rest.post("/stations", AEWOL);
      assert.equal(site.status, 201, site.text);
      assert.equal(site.body.timezone, "Asia/Seoul");
      const charger = await rest.post("/chargers", {
        charger_id: "emart_aewol_01",
        station_id: "emart_aewol_main",
        max_power_kw: 100,
        evses: [{
          evse_id: 1,
          connectors: [{ connector_id: 1, type: "cCCS2", max_power_kw: 100 }],
        }],
      });
      assert.equal(charger.status, 201, charger.text);
      assert.deepEqual([charger.body.lat, charger.body.lng], [AEWOL.lat, AEWOL.lng], "at its site");
      assert.equal(charger.body.evses[0].connectors[0].type, "cCCS2");

      const stations = await rest.get("/stations/emart_aewol_main");
      assert.equal(stations.body.charger_count, 1);
      assert.equal(stations.body.capacity_kw, 100);
      const geo = await rest.get("/geo/chargers");
      const feature = geo.body.features.find((f: { properties: { charger_id: string } }) =>
        f.properties.charger_id === "emart_aewol_01"
      );
      assert.deepEqual(feature.geometry.coordinates, [AEWOL.lng, AEWOL.lat]);
      assert.equal(feature.properties.status, "offline");
      const changed = server.events.filter((e) => e.type === "inventory.changed")
        .map((e) => (e.payload as TamnaEvents["inventory.changed"]).change);
      assert.deepEqual(changed, ["created", "created"]);

      const moved = await rest.patch("/chargers/emart_aewol_01", { lat: 33.4640, lng: 126.3100 });
      assert.equal(moved.status, 200, moved.text);
      assert.equal((await rest.get("/chargers/emart_aewol_01")).body.lat, 33.4640);
    } finally {
      await close();
    }
  },
);

dbTest(
  "REST: bad input gets a 400 naming the field and changes nothing; conflicts get 409",
  async (t) => {
    const { rest, close } = await startNetworkServer(t);
    try {
      const before = (await rest.get("/inventory")).body;
      const bad: [string, string, unknown, string][] = [
        ["post", "/stations", { ...AEWOL, lat: 91 }, "body field lat"],
        ["post", "/stations", { ...AEWOL, station_id: "has space" }, "body field station_id"],
        ["post", "/stations", { ...AEWOL, timezone: "Mars/Olympus" }, "body field timezone"],
        ["post", "/stations", { ...AEWOL, capacity: 1 }, "body field capacity"],
        ["post", "/stations", { ...AEWOL, lng: undefined }, "body field lng"],
        ["post", "/chargers", { charger_id: "x1", station_id: "nope" }, "body field station_id"],
        ["post", "/chargers", { charger_id: "x1" }, "body field station_id"],
        ["post", "/chargers", {
          charger_id: "x1",
          station_id: "emart_jeju_main",
          evses: [{ evse_id: 1, connectors: [{ connector_id: 1, type: "Plug" }] }],
        }, "body field evses.0.connectors.0.type"],
        [
          "patch",
          "/stations/emart_jeju_main",
          { grid_capacity_kw: -5 },
          "body field grid_capacity_kw",
        ],
        [
          "patch",
          "/chargers/emart_jeju_01",
          { security_profile: 7 },
          "body field security_profile",
        ],
        ["patch", "/chargers/emart_jeju_01", { station_id: "nope" }, "body field station_id"],
      ];
      for (const [method, path, body, field] of bad) {
        const answer = await (method === "post" ? rest.post(path, body) : rest.patch(path, body));
        assert.equal(answer.status, 400, `${method} ${path} ${answer.text}`);
        assert.equal(answer.body.status, "error");
        assert.match(answer.body.error, new RegExp(field.replace(/\./g, "\\.")), answer.body.error);
      }
      assert.equal(
        (await rest.post("/stations", { ...AEWOL, station_id: "emart_jeju_main" })).status,
        409,
      );
      assert.equal(
        (await rest.post("/chargers", {
          charger_id: "emart_jeju_01",
          station_id: "emart_jeju_main",
        }))
          .status,
        409,
      );
      const busy = await rest.delete("/stations/emart_jeju_main");
      assert.equal(busy.status, 409);
      assert.match(busy.body.error, /12 charger/);
      assert.equal((await rest.patch("/stations/nope", { name: "x" })).status, 404);
      assert.equal((await rest.delete("/chargers/nope")).status, 404);
      assert.deepEqual((await rest.get("/inventory")).body, before, "nothing changed");
    } finally {
      await close();
    }
  },
);

dbTest(
  "REST: decommissioning takes a charger and then its site off the map; the rows stay",
  async (t) => {
    const { rest, close } = await startNetworkServer(t);
    try {
      assert.equal((await rest.post("/stations", AEWOL)).status, 201);
      const add = await rest.post("/chargers", {
        charger_id: "aewol_1",
        station_id: AEWOL.station_id,
      });
      assert.equal(add.status, 201);
      const gone = await rest.delete("/chargers/aewol_1");
      assert.equal(gone.status, 200, gone.text);
      assert.ok(gone.body.decommissioned_at);
      assert.equal((await rest.get("/chargers/aewol_1")).status, 404);
      assert.equal(
        (await rest.patch("/chargers/aewol_1", { lat: 33.1, lng: 126.1 })).status,
        409,
        "a decommissioned charger is not changed",
      );
      assert.equal((await rest.delete(`/stations/${AEWOL.station_id}`)).status, 200);
      assert.equal((await rest.get(`/stations/${AEWOL.station_id}`)).status, 404);
      const all = (await rest.get("/inventory?include_decommissioned=1")).body;
      assert.ok(all.chargers.some((c: { charger_id: string }) => c.charger_id === "aewol_1"));
      assert.ok(
        all.stations.some((s: { station_id: string }) => s.station_id === AEWOL.station_id),
      );
      assert.equal((await rest.post("/stations", AEWOL)).status, 201, "brought back");
    } finally {
      await close();
    }
  },
);

dbTest("REST: a charger that connects unknown is unassigned until placed on a site", async (t) => {
  const { server, rest, close } = await startNetworkServer(t);
  const client = await server.booted("field_charger_9");
  try {
    const unassigned = await eventually(async () => {
      const answer = await rest.get("/inventory/unassigned");
      assert.equal(answer.body.count, 1, answer.text);
      return answer.body.chargers[0];
    });
    assert.equal(unassigned.charger_id, "field_charger_9");
    assert.equal(unassigned.connected, true);
    assert.equal((await rest.get("/chargers/field_charger_9")).body.station_id, null);

    const placed = await rest.patch("/chargers/field_charger_9", {
      station_id: "emart_shinjeju_main",
      lat: 33.4887,
      lng: 126.4890,
      max_power_kw: 50,
    });
    assert.equal(placed.status, 200, placed.text);
    const live = (await rest.get("/chargers/field_charger_9")).body;
    assert.deepEqual([live.station_id, live.lat, live.connected], [
      "emart_shinjeju_main",
      33.4887,
      true,
    ]);
    assert.equal((await rest.get("/inventory/unassigned")).body.count, 0);
    assert.equal((await rest.get("/stations/emart_shinjeju_main")).body.charger_count, 11);
  } finally {
    await client.close();
    await close();
  }
});

dbTest(
  "smart charging uses a site's new grid capacity from the next allocation, no restart",
  async (t) => {
    const { server, rest, close } = await startNetworkServer(t, {
      pluginConfig: { "smart-charging": { debounceMs: 10 } },
    });
    const client = await server.booted("emart_jeju_01");
    try {
      const capacities = () =>
        server.events.filter((e) => e.type === "smart-charging.allocated").map((e) =>
          (e.payload as { capacityKw: number | null }).capacityKw
        );
      const tx = (seqNo: number, eventType: "Started" | "Updated", wh: number) => ({
        eventType,
        timestamp: new Date().toISOString(),
        triggerReason: "Authorized",
        seqNo,
        transactionInfo: { transactionId: "tx-cap" },
        evse: { id: 1, connectorId: 1 },
        meterValue: [{
          timestamp: new Date().toISOString(),
          sampledValue: [{ value: wh }, { value: 90_000, measurand: "Power.Active.Import" }],
        }],
      });
      await client.call("TransactionEvent", tx(0, "Started", 1_000));
      await eventually(() => assert.ok(capacities().includes(800), String(capacities())));
      const patched = await rest.patch("/stations/emart_jeju_main", { grid_capacity_kw: 60 });
      assert.equal(patched.status, 200, patched.text);
      const allocated = await eventually(() => {
        const found = server.events.find((e) =>
          e.type === "smart-charging.allocated" &&
          (e.payload as { capacityKw: number }).capacityKw === 60
        );
        assert.ok(found, String(capacities()));
        return found.payload as TamnaEvents["smart-charging.allocated"];
      });
      assert.equal(allocated.isConstrained, true);
      assert.ok(allocated.limits["emart_jeju_01"] <= 60, JSON.stringify(allocated.limits));
    } finally {
      await client.close();
      await close();
    }
  },
);
