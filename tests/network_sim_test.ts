// The managed network end to end, on every engine, with a simulated charger over a real
// WebSocket: Local Authorization Lists (D01–D04) sent after boot, a blocked token answered Blocked
// and removed from the list that held it, offline authorization from the list, a resync after
// reconnecting; and a site's new price used by the next sessions while past (and running) ones
// keep the tariff version that priced them, with the running cost sent to the charger.
// The charger runs ×50, so its 5 s TransactionEvent interval takes 100 ms of the real waits.
import assert from "node:assert/strict";
import type { SimEvent } from "../sim/station/station_state.ts";
import { type SimCharger, startCharger } from "../sim/station/charger.ts";
import { scaledClock } from "../sim/fleet/scaled_clock.ts";
import { costKrw, PricingConfig } from "../plugins/pricing/tariff.ts";
import type { TamnaEvents } from "../actors/csms/events.ts";
import { TEST_CONFIG } from "./support/test_station.ts";
import { dbTest } from "./persistence_helpers.ts";
import { eventually, type Rest, startNetworkServer } from "./network_helpers.ts";

const CHARGER = "emart_jeju_01";

async function simCharger(url: string, events: SimEvent[]): Promise<SimCharger> {
  return await startCharger({
    url,
    config: { ...TEST_CONFIG, chargerId: CHARGER, txIdPrefix: crypto.randomUUID().slice(0, 8) },
    clock: scaledClock(50),
    stateDir: null,
    rebootDelayMs: 50,
    onEvent: (_id, event) => void events.push(event),
  });
}

const listed = (sim: SimCharger) => Object.keys(sim.snapshot().localList.entries).sort();

/** Presents a card and waits for the station's verdict: a start pending, or a refusal. */
async function present(sim: SimCharger, events: SimEvent[], idToken: string): Promise<string> {
  const seen = events.length;
  await sim.authorize(idToken);
  return await eventually(() => {
    const refused = events.slice(seen).find((e) => e.type === "rejected");
    if (refused?.type === "rejected") return refused.reason;
    assert.ok(sim.snapshot().pending !== null, "no verdict yet");
    return "authorized";
  });
}

dbTest(
  "D01–D04: lists after boot, a blocked token leaves them, offline authorization, resync",
  async (t) => {
    const { server, rest, close } = await startNetworkServer(t);
    const events: SimEvent[] = [];
    let sim: SimCharger | undefined;
    try {
      for (const idToken of ["card-kim", "card-lee", "card-park"]) {
        assert.equal((await rest.post("/id-tokens", { id_token: idToken })).status, 201);
      }
      const members = await rest.put("/stations/emart_jeju_main/local-list/members", {
        id_tokens: ["card-kim", "card-lee"],
      });
      assert.equal(members.status, 200, members.text);
      assert.ok(members.body.chargers.includes(CHARGER));
      await rest.put(`/chargers/${CHARGER}/local-list/members`, { id_tokens: ["card-park"] });

      sim = await simCharger(server.ocppUrl, events);
      // D04 after boot: GetLocalListVersion (0), then the whole list (Full, version 1).
      await eventually(() => assert.deepEqual(listed(sim!), ["card-kim", "card-lee", "card-park"]));
      assert.equal(sim.snapshot().localList.version, 1);
      await eventually(async () => {
        const state = (await rest.get(`/chargers/${CHARGER}/local-list`)).body;
        assert.deepEqual([state.in_sync, state.version, state.held.length], [true, 1, 3]);
      });

      assert.equal(await present(sim, events, "card-kim"), "authorized");
      await sim.stopLocal();
      const blocked = await rest.patch("/id-tokens/card-kim", { status: "Blocked" });
      assert.equal(blocked.status, 200);
      // D02: a Differential update takes it out of the list that held it.
      await eventually(() => assert.deepEqual(listed(sim!), ["card-lee", "card-park"]));
      assert.equal(sim.snapshot().localList.version, 2);
      const sent = await eventually(() => {
        const last = server.events.filter((e) => e.type === "local-list.sent")
          .map((e) => e.payload as TamnaEvents["local-list.sent"]).at(-1)!;
        assert.equal(last.version, 2);
        return last;
      });
      assert.equal(sent.chargerId, CHARGER, "chargers that are not connected are told after boot");
      assert.deepEqual([sent.updateType, sent.status, sent.entries], [
        "Differential",
        "Accepted",
        1,
      ]);
      assert.match(await present(sim, events, "card-kim"), /card-kim is Blocked/, "next Authorize");

      // Offline (C13): the list decides; unknown tokens are refused once the CSMS says so.
      const setting = await rest.post(`/chargers/${CHARGER}/ocpp/SetVariables`, {
        setVariableData: [{
          component: { name: "AuthCtrlr" },
          variable: { name: "OfflineTxForUnknownIdEnabled" },
          attributeValue: "false",
        }],
      });
      assert.equal(setting.status, 200, setting.text);
      await sim.goOffline();
      assert.match(await present(sim, events, "card-kim"), /not in its local list/);
      assert.equal(await present(sim, events, "card-lee"), "authorized");
      await sim.stopLocal();

      // Blocked while the charger is away: it is told when it reconnects (B04, no new boot):
      // GetLocalListVersion agrees with what it accepted, so the difference goes as Differential.
      await rest.patch("/id-tokens/card-lee", { status: "Blocked" });
      await sim.goOnline();
      await eventually(() => assert.deepEqual(listed(sim!), ["card-park"]));
      assert.equal(sim.snapshot().localList.version, 3);
    } finally {
      await sim?.stop();
      await close();
    }
  },
);

async function session(rest: Rest, sim: SimCharger, untilWh: number): Promise<string> {
  const start = await rest.post(`/chargers/${CHARGER}/start`, { evse_id: 1 });
  assert.equal(start.status, 200, start.text);
  const tx = await eventually(async () => {
    const charger = (await rest.get(`/chargers/${CHARGER}`)).body;
    assert.ok(charger.current_transaction?.energy_kwh * 1000 >= untilWh, JSON.stringify(charger));
    return charger.current_transaction.transaction_id as string;
  }, 10_000);
  assert.ok(sim.snapshot().tx?.transactionId === tx);
  return tx;
}

async function stop(rest: Rest, transactionId: string) {
  assert.equal(
    (await rest.post(`/chargers/${CHARGER}/stop`, { transaction_id: transactionId })).status,
    200,
  );
  return await eventually(async () => {
    const row = (await rest.get(`/transactions?charger_id=${CHARGER}&limit=10`)).body.transactions
      .find((r: { transaction_id: string }) => r.transaction_id === transactionId);
    assert.ok(row?.cost !== null && row?.cost !== undefined, JSON.stringify(row));
    return row as { energy_consumed: number; cost: number };
  }, 10_000);
}

const priced = (priceKrwPerKwh: number, kwh: number) =>
  costKrw(PricingConfig.parse({ priceKrwPerKwh }), { flat: Math.round(kwh * 1000) });

dbTest(
  "a site's new price prices the next sessions; past and running ones keep their version",
  async (t) => {
    const { server, rest, close } = await startNetworkServer(t, {
      pluginConfig: { pricing: { costUpdatedIntervalS: 0, costUpdatedEveryWh: 200 } },
    });
    const events: SimEvent[] = [];
    let sim: SimCharger | undefined;
    try {
      const created = await rest.post("/tariffs", {
        station_id: "emart_jeju_main",
        price_krw_per_kwh: 200,
      });
      assert.equal(created.status, 201, created.text);
      const tariffId = created.body.tariff_id;
      assert.equal(tariffId, "emart_jeju_main-tariff");
      sim = await simCharger(server.ocppUrl, events);
      await eventually(() => assert.equal(sim!.registration, "Accepted"));

      const first = await session(rest, sim, 500);
      // Changed while the first session runs: it keeps version 1 to its end.
      const changed = await rest.patch(`/tariffs/${tariffId}`, { price_krw_per_kwh: 300 });
      assert.deepEqual([changed.status, changed.body.version], [200, 2]);
      const firstRow = await stop(rest, first);
      assert.equal(firstRow.cost, priced(200, firstRow.energy_consumed));
      // I02: the running cost reached the charger.
      assert.ok(events.some((e) => e.type === "cost" && e.transactionId === first), "CostUpdated");

      await eventually(() => assert.equal(sim!.snapshot().tx, null));
      const second = await session(rest, sim, 500);
      const secondRow = await stop(rest, second);
      assert.equal(secondRow.cost, priced(300, secondRow.energy_consumed));

      const rows = (await rest.get(`/transactions?charger_id=${CHARGER}`)).body.transactions;
      const again = rows.find((r: { transaction_id: string }) => r.transaction_id === first);
      assert.equal(again.cost, firstRow.cost, "the past session kept its cost");
      const sessions = (await rest.get(`/tariffs/${tariffId}/sessions`)).body.sessions;
      assert.deepEqual(
        sessions.map((
          s: { transaction_id: string; tariff_version: number },
        ) => [s.transaction_id, s.tariff_version]),
        [[second, 2], [first, 1]],
      );
      const v1 = (await rest.get(`/tariffs/${tariffId}/sessions?version=1`)).body.sessions;
      assert.deepEqual(v1.map((s: { transaction_id: string }) => s.transaction_id), [first]);
      const tariff = (await rest.get(`/tariffs/${tariffId}`)).body;
      assert.deepEqual(
        tariff.versions.map((v: { price_krw_per_kwh: number }) => v.price_krw_per_kwh),
        [200, 300],
      );
    } finally {
      await sim?.stop();
      await close();
    }
  },
);
