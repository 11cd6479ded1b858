// Reservations end to end on every engine, with a simulated charger over a real WebSocket
// (H01–H04): a reservation blocks other tokens, locally and remotely, until it is cancelled or
// expires (the charger's ReservationStatusUpdate), the reserved token's start uses it up, the
// charger shows as reserved in /chargers and on the map, and bad bodies name the field.
import assert from "node:assert/strict";
import type { SimCharger } from "../sim/station/charger.ts";
import type { SimEvent } from "../sim/station/station_state.ts";
import { dbTest } from "./persistence_helpers.ts";
import { type Rest, startNetworkServer } from "./network_helpers.ts";
import { simCharger, soon } from "./device_helpers.ts";
import { sqlReservationStore } from "../plugins/persistence/reservation_store.ts";

const CHARGER = "emart_jeju_03";

/** Presents a card; resolves with the station's verdict (a start pending or its refusal). */
async function present(sim: SimCharger, events: SimEvent[], idToken: string): Promise<string> {
  const seen = events.length;
  await sim.authorize(idToken);
  const verdict = await soon(() => {
    const refused = events.slice(seen).find((e) => e.type === "rejected");
    if (refused?.type === "rejected") return refused.reason;
    assert.ok(sim.snapshot().pending !== null, "no verdict yet");
    return "authorized";
  });
  if (verdict === "authorized") await sim.stopLocal();
  return verdict;
}

async function reserve(rest: Rest, body: Record<string, unknown>) {
  const answer = await rest.post(`/chargers/${CHARGER}/reservations`, body);
  assert.equal(answer.status, 200, answer.text);
  return answer.body;
}

const charger = async (rest: Rest) => (await rest.get(`/chargers/${CHARGER}`)).body;

dbTest("H01–H04: a reservation blocks other tokens until cancelled or expired", async (t) => {
  const { server, rest, close } = await startNetworkServer(t);
  const events: SimEvent[] = [];
  let sim: SimCharger | undefined;
  try {
    sim = await simCharger(server.ocppUrl, CHARGER, { events });
    await soon(async () => assert.equal((await charger(rest)).status, "available"));

    const made = await reserve(rest, { id_token: "card-kim", expires_in_s: 3600 });
    assert.deepEqual([made.status, made.ocpp_status, made.reservation.status], [
      "success",
      "Accepted",
      "Active",
    ]);
    const id = made.reservation.reservation_id;
    await soon(async () => {
      const view = await charger(rest);
      assert.equal(view.status, "reserved");
      assert.equal(view.connectors[0].status, "Reserved");
      assert.deepEqual([view.reservation.reservation_id, view.reservation.id_token], [
        id,
        "card-kim",
      ]);
      const map = (await rest.get("/geo/chargers")).body.features
        .find((f: { properties: { charger_id: string } }) => f.properties.charger_id === CHARGER);
      assert.equal(map.properties.status, "reserved");
    });
    assert.match(await present(sim, events, "card-lee"), /reserved \(reservation \d+\)/);
    const remote = await rest.post(`/chargers/${CHARGER}/start`, { id_token: "card-lee" });
    assert.equal(remote.body.ocpp_status, "Rejected", remote.text);
    const second = await reserve(rest, { id_token: "card-lee", expires_in_s: 60 });
    assert.deepEqual([second.ocpp_status, second.reservation.status], ["Occupied", "Occupied"]);

    const cancelled = await rest.delete(`/chargers/${CHARGER}/reservations/${id}`);
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.deepEqual([cancelled.body.ocpp_status, cancelled.body.reservation.status], [
      "Accepted",
      "Cancelled",
    ]);
    await soon(async () => assert.equal((await charger(rest)).status, "available"));
    assert.equal((await charger(rest)).reservation, null);
    assert.equal(await present(sim, events, "card-lee"), "authorized");

    // Expiry: the charger lets it go at its time and says so (ReservationStatusUpdate Expired).
    const short = await reserve(rest, { id_token: "card-kim", expires_in_s: 2 });
    assert.match(await present(sim, events, "card-lee"), /reserved/);
    await soon(async () => {
      const list = (await rest.get(`/reservations?charger_id=${CHARGER}`)).body.reservations;
      const r = list.find((x: { reservation_id: number }) =>
        x.reservation_id === short.reservation.reservation_id
      );
      assert.equal(r.status, "Expired");
    });
    // The CSMS's own expiry timer may mark it Expired before the charger's update arrives.
    await soon(() =>
      assert.ok(
        server.events.some((e) =>
          e.type === "reservation.updated" &&
          e.payload.reservationId === short.reservation.reservation_id
        ),
        "the charger reported the expiry",
      )
    );
    assert.equal(await present(sim, events, "card-lee"), "authorized");

    // The reserved token's own start uses the reservation up.
    const own = await reserve(rest, { id_token: "card-kim", expires_in_s: 3600 });
    await sim.startLocal("card-kim");
    await soon(async () => {
      const r = (await rest.get(`/reservations?charger_id=${CHARGER}`)).body.reservations[0];
      assert.deepEqual([r.reservation_id, r.status], [own.reservation.reservation_id, "Used"]);
    });
    assert.equal((await rest.get("/reservations?active=true")).body.reservations.length, 0);
    await sim.stopLocal();
  } finally {
    await sim?.stop();
    await close();
  }
});

dbTest("reservation REST: bad bodies name the field, unknown ones 404", async (t) => {
  const { rest, close } = await startNetworkServer(t);
  try {
    const path = `/chargers/${CHARGER}/reservations`;
    const noToken = await rest.post(path, { expires_in_s: 60 });
    assert.equal(noToken.status, 400);
    assert.match(noToken.body.error, /body field id_token/);
    const past = await rest.post(path, { id_token: "a", expires_at: "2020-01-01T00:00:00Z" });
    assert.equal(past.status, 400);
    assert.match(past.body.error, /body field expires_at: .* not in the future/);
    const both = await rest.post(path, {
      id_token: "a",
      expires_at: "2099-01-01T00:00:00Z",
      expires_in_s: 5,
    });
    assert.match(both.body.error, /expires_in_s/);
    const badType = await rest.post(path, { id_token: "a", connector_type: "Schuko" });
    assert.match(badType.body.error, /body field connector_type/);
    assert.equal((await rest.post(path, { id_token: "a" })).status, 409, "offline");
    assert.equal((await rest.delete(`${path}/12`)).status, 404);
    assert.equal((await rest.post("/chargers/nobody/reservations", { id_token: "a" })).status, 404);
  } finally {
    await close();
  }
});

dbTest(
  "after a restart Active reservations show again and those past their expiry end",
  async (t) => {
    const store = sqlReservationStore(t.db);
    const at = new Date().toISOString();
    const base = {
      chargerId: CHARGER,
      idTokenType: "Central" as const,
      createdAt: at,
      updatedAt: at,
    };
    await store.save({
      ...base,
      reservationId: 1,
      idToken: "card-kim",
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      status: "Active",
    });
    await store.save({
      ...base,
      chargerId: "emart_jeju_04",
      reservationId: 2,
      idToken: "card-lee",
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      status: "Active",
    });
    const { rest, close } = await startNetworkServer(t);
    try {
      const view = await charger(rest);
      assert.deepEqual([view.reservation?.reservation_id, view.status], [1, "offline"]);
      assert.equal((await store.get("emart_jeju_04", 2))?.status, "Expired");
      const active = (await rest.get("/reservations?active=true")).body.reservations;
      assert.deepEqual(active.map((r: { reservation_id: number }) => r.reservation_id), [1]);
    } finally {
      await close();
    }
  },
);
