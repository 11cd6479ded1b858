import assert from "node:assert/strict";
import { createBus } from "../../actors/csms/events.ts";
import { FakeClock, systemClock } from "../../actors/runtime/clock.ts";
import type { TamnaEvents } from "../../actors/csms/events.ts";
import { dbTest } from "../../tests/persistence_helpers.ts";
import { startPlugins } from "../host.ts";
import type { Db } from "./sql.ts";
import { openPersistence, persistencePlugin, persistenceSubscriptions } from "./mod.ts";
import { createStore } from "./store.ts";

const AT = "2026-01-21T05:30:00.000Z";

function emitAll(bus: ReturnType<typeof createBus>): void {
  const booted: TamnaEvents["station.booted"] = {
    chargerId: "emart_jeju_01",
    model: "ABB Terra 124",
    vendorName: "ABB",
    reason: "PowerUp",
    status: "Accepted",
    intervalS: 30,
    at: AT,
  };
  bus.emit("station.booted", booted);
  bus.emit("station.heartbeat", { chargerId: "emart_jeju_01", at: AT });
  bus.emit("status.changed", {
    chargerId: "emart_jeju_01",
    evseId: 1,
    connectorId: 1,
    status: "Available",
    timestamp: AT,
    at: AT,
  });
  bus.emit("meter.sampled", {
    chargerId: "emart_jeju_01",
    evseId: 1,
    reading: { at: AT, energyWh: 10, powerW: 7000 },
    at: AT,
  });
  bus.emit("security.event", {
    chargerId: "emart_jeju_01",
    type: "SettingSystemTime",
    timestamp: AT,
    at: AT,
  });
  bus.emit("frame.in", { chargerId: "emart_jeju_01", text: '[2,"1","Heartbeat",{}]', at: AT });
  bus.emit("frame.out", { chargerId: "emart_jeju_01", text: '[3,"1",{}]', at: AT });
}

async function counts(db: Db) {
  const [row] = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM boots) AS boots, (SELECT count(*) FROM status_history) AS statuses,
       (SELECT count(*) FROM meter_samples) AS samples, (SELECT count(*) FROM security_events) AS security,
       (SELECT count(*) FROM ocpp_frames) AS frames,
       (SELECT count(*) FROM chargers WHERE last_seen_at IS NOT NULL) AS seen`,
  );
  return row;
}

dbTest(
  "persistenceSubscriptions() records every bus event it subscribes to, until unsubscribed",
  async ({ db }) => {
    const bus = createBus({ clock: new FakeClock() });
    const store = createStore(db, { clock: new FakeClock() });
    const off = persistenceSubscriptions(store, bus, { isCapturingFrames: true });
    emitAll(bus);
    off();
    emitAll(bus);
    await store.close();
    assert.deepEqual(await counts(db), {
      boots: 1,
      statuses: 1,
      samples: 1,
      security: 1,
      frames: 2,
      seen: 1,
    });
  },
  { alsoInWorker: true },
);

dbTest(
  "persistencePlugin() runs on the plugin host, honours captureFrames and flushes at stop",
  async ({ db }) => {
    const bus = createBus({ clock: systemClock });
    const store = createStore(db);
    const host = await startPlugins([persistencePlugin(store)], {
      bus,
      clock: systemClock,
      send: () => Promise.reject(new Error("not used")),
      config: { persistence: { captureFrames: false } },
    });
    emitAll(bus);
    await host.stop();
    assert.deepEqual(await counts(db), {
      boots: 1,
      statuses: 1,
      samples: 1,
      security: 1,
      frames: 0,
      seen: 1,
    });
    await store.close();
  },
);

dbTest(
  "openPersistence() migrates and seeds on first start, and only migrates after",
  async (t) => {
    await t.db.close();
    const where = t.engine === "pglite" ? { dataDir: t.dataDir } : { url: t.url };
    let p = await openPersistence(where);
    assert.equal((await p.store.loadChargers()).length, 34);
    await p.db.query("DELETE FROM chargers WHERE charger_id = 'emart_jeju_01'");
    await p.close();
    p = await openPersistence(where);
    assert.equal((await p.store.loadChargers()).length, 33, "not seeded again");
    t.db = p.db;
    await p.store.close();
  },
  { migrated: false, persistent: true },
);
