// The simulator against the project's own CSMS on loopback: a session, REST remote control, a
// charging limit, and an outage with queued events. The stations run on a ×50 clock, so the
// real waits of a few hundred ms below are simulated seconds of charging.
import assert from "node:assert/strict";
import type { AnyEvent } from "../actors/csms/events.ts";
import { startTestServer, type TestServer } from "./helpers.ts";
import { type SimCharger, startCharger } from "../sim/station/charger.ts";
import { waitUntil } from "./support/loopback_csms.ts";
import { scaledClock } from "../sim/fleet/scaled_clock.ts";
import { TEST_CONFIG } from "./support/test_station.ts";

const clock = scaledClock(50);

function station(server: TestServer, chargerId: string): Promise<SimCharger> {
  return startCharger({
    url: server.ocppUrl,
    config: { ...TEST_CONFIG, chargerId, txIdPrefix: crypto.randomUUID().slice(0, 8) },
    clock,
    stateDir: null,
  });
}

function eventsOf(server: TestServer, type: string, chargerId: string): AnyEvent[] {
  return server.events.filter((e) =>
    e.type === type && (e.payload as { chargerId?: string }).chargerId === chargerId
  );
}

async function post(
  server: TestServer,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await server.api(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return await response.json();
}

Deno.test("a simulated station runs a local session that the CSMS records with its energy", async () => {
  const server = await startTestServer();
  const charger = await station(server, "emart_jeju_01");
  try {
    await waitUntil(() => charger.registration === "Accepted", 3_000, "boot");
    await charger.startLocal("04A1B2C3");
    await waitUntil(() => eventsOf(server, "transaction.updated", "emart_jeju_01").length >= 3);
    await charger.stopLocal();
    await waitUntil(() => eventsOf(server, "transaction.ended", "emart_jeju_01").length === 1);
    const [ended] = eventsOf(server, "transaction.ended", "emart_jeju_01");
    const payload = ended.payload as { stoppedReason: string; energyWh: number };
    assert.equal(payload.stoppedReason, "Local");
    assert.ok(payload.energyWh > 0);
    assert.equal(payload.energyWh, charger.meter().energyWh);
  } finally {
    await charger.stop();
    await server.close();
  }
});

Deno.test("scenario 3: REST start and stop reach the simulated station, which answers Accepted", async () => {
  const server = await startTestServer();
  const charger = await station(server, "emart_jeju_02");
  try {
    await waitUntil(() => charger.registration === "Accepted", 3_000, "boot");
    const started = await post(server, "/chargers/emart_jeju_02/start", {
      evse_id: 1,
      connector_id: 1,
      id_token: "token_user_003",
    });
    assert.equal(started.ocpp_status, "Accepted", JSON.stringify(started));
    await waitUntil(() => charger.status === "Charging");
    await waitUntil(() => eventsOf(server, "transaction.started", "emart_jeju_02").length === 1);
    const stopped = await post(server, "/chargers/emart_jeju_02/stop", {});
    assert.equal(stopped.ocpp_status, "Accepted", JSON.stringify(stopped));
    await waitUntil(() => eventsOf(server, "transaction.ended", "emart_jeju_02").length === 1);
    assert.equal(
      (eventsOf(server, "transaction.ended", "emart_jeju_02")[0].payload as {
        stoppedReason: string;
      }).stoppedReason,
      "Remote",
    );
  } finally {
    await charger.stop();
    await server.close();
  }
});

Deno.test("K01 a simulated station keeps under the power limit set through the REST API", async () => {
  const server = await startTestServer();
  const charger = await station(server, "emart_jeju_03");
  try {
    await waitUntil(() => charger.registration === "Accepted", 3_000, "boot");
    await charger.startLocal("04A1B2C3");
    await waitUntil(() => charger.meter().powerW === 100_000, 3_000, "full power");
    const answer = await post(server, "/chargers/emart_jeju_03/control", {
      action: "set_power_limit",
      power_kw: 30,
    });
    assert.equal(answer.ocpp_status, "Accepted", JSON.stringify(answer));
    const before = eventsOf(server, "meter.sampled", "emart_jeju_03").length;
    await waitUntil(() => eventsOf(server, "meter.sampled", "emart_jeju_03").length >= before + 3);
    const after = eventsOf(server, "meter.sampled", "emart_jeju_03").slice(before);
    for (const e of after) {
      const { powerW } = (e.payload as { reading: { powerW?: number } }).reading;
      assert.ok(powerW === undefined || powerW <= 30_000, `power ${powerW} W over the 30 kW limit`);
    }
  } finally {
    await charger.stop();
    await server.close();
  }
});

Deno.test("scenario 5: the CSMS restarts; the station reconnects and delivers its queued events in order", async () => {
  let server = await startTestServer();
  const port = Number(new URL(server.ocppUrl).port);
  const charger = await station(server, "emart_jeju_04");
  try {
    await waitUntil(() => charger.registration === "Accepted", 3_000, "boot");
    await charger.startLocal("04A1B2C3");
    await waitUntil(() => eventsOf(server, "transaction.updated", "emart_jeju_04").length >= 2);
    await server.close();
    await waitUntil(
      () => !charger.isConnected && charger.queuedTxEvents >= 2,
      3_000,
      "offline events",
    );
    server = await startTestServer({ ocppPort: port });
    await waitUntil(() => charger.isConnected && charger.queuedTxEvents === 0, 5_000, "delivery");
    const replayed = eventsOf(server, "transaction.updated", "emart_jeju_04")
      .map((e) => e.payload as { seqNo: number; offline: boolean });
    assert.ok(replayed.length >= 2);
    assert.deepEqual(replayed.map((e) => e.seqNo), replayed.map((_, i) => replayed[0].seqNo + i));
    assert.ok(replayed.slice(0, 2).every((e) => e.offline));
  } finally {
    await charger.stop();
    await server.close();
  }
});
