// Display messages and TriggerMessage end to end on every engine, with a simulated charger over
// a real WebSocket (O01–O06, F06): set messages (an unsupported format is refused and stored as
// such), read them, refresh from the charger's NotifyDisplayMessages parts (a message cleared
// behind Tamna's back drops out), clear one; trigger a StatusNotification through REST.
import assert from "node:assert/strict";
import type { SimCharger } from "../sim/station/charger.ts";
import { dbTest } from "./persistence_helpers.ts";
import { startNetworkServer } from "./network_helpers.ts";
import { simCharger, soon } from "./device_helpers.ts";

const CHARGER = "emart_jeju_07";
const PATH = `/chargers/${CHARGER}/display-messages`;

dbTest(
  "O01–O06, F06: display messages kept per charger; TriggerMessage through REST",
  async (t) => {
    const { server, rest, close } = await startNetworkServer(t);
    let sim: SimCharger | undefined;
    try {
      sim = await simCharger(server.ocppUrl, CHARGER);
      await soon(() => assert.equal(sim!.registration, "Accepted"));
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) {
        const set = await rest.post(PATH, { content: `안내 ${i}`, priority: "NormalCycle" });
        assert.equal(set.status, 200, set.text);
        assert.deepEqual([set.body.ocpp_status, set.body.message.is_active], ["Accepted", true]);
        ids.push(set.body.message.message_id);
      }
      const html = await rest.post(PATH, {
        content: "<b>hi</b>",
        format: "HTML",
        priority: "InFront",
      });
      assert.deepEqual([html.body.status, html.body.message.status], [
        "rejected",
        "NotSupportedMessageFormat",
      ]);
      assert.equal(sim.snapshot().displayMessages.length, 7);

      const cleared = await rest.delete(`${PATH}/${ids[0]}`);
      assert.deepEqual([cleared.status, cleared.body.ocpp_status], [200, "Accepted"]);
      assert.equal(sim.snapshot().displayMessages.length, 6);
      // Cleared on the charger without Tamna (a local operator, say): the refresh finds it gone.
      const behind = await rest.post(`/chargers/${CHARGER}/ocpp/ClearDisplayMessage`, {
        id: ids[1],
      });
      assert.equal(behind.body.ocpp_status, "Accepted");
      const refresh = await rest.post(`${PATH}/refresh`);
      assert.deepEqual([refresh.status, refresh.body.ocpp_status], [200, "Accepted"]);
      await soon(async () => {
        const list = (await rest.get(PATH)).body.messages;
        const active = list.filter((m: { is_active: boolean }) => m.is_active)
          .map((m: { message_id: number }) => m.message_id).sort();
        assert.deepEqual(active, ids.slice(2).sort());
      });
      const parts = server.events.filter((e) => e.type === "display-messages.reported");
      assert.equal(parts.length, 2, "five messages in parts of four");

      const seen = server.events.length;
      const trigger = await rest.post(`/chargers/${CHARGER}/trigger`, {
        requested_message: "StatusNotification",
        evse_id: 1,
      });
      assert.deepEqual([trigger.status, trigger.body.ocpp_status], [200, "Accepted"]);
      await soon(() =>
        assert.ok(server.events.slice(seen).some((e) => e.type === "status.changed"))
      );
    } finally {
      await sim?.stop();
      await close();
    }
  },
);

dbTest("display message and trigger REST: bad bodies name the field", async (t) => {
  const { rest, close } = await startNetworkServer(t);
  try {
    const noPriority = await rest.post(PATH, { content: "x" });
    assert.match(noPriority.body.error, /body field priority/);
    const long = await rest.post(PATH, { content: "x".repeat(513), priority: "InFront" });
    assert.match(long.body.error, /body field content/);
    const order = await rest.post(PATH, {
      content: "x",
      priority: "InFront",
      start_at: "2026-01-02T00:00:00Z",
      end_at: "2026-01-01T00:00:00Z",
    });
    assert.match(order.body.error, /body field end_at/);
    const what = await rest.post(`/chargers/${CHARGER}/trigger`, { requested_message: "Coffee" });
    assert.match(what.body.error, /body field requested_message/);
    const connector = await rest.post(`/chargers/${CHARGER}/trigger`, {
      requested_message: "StatusNotification",
      connector_id: 1,
    });
    assert.match(connector.body.error, /body field connector_id: it needs evse_id/);
    assert.equal((await rest.delete(`${PATH}/5`)).status, 404);
    assert.equal((await rest.post(PATH, { content: "x", priority: "InFront" })).status, 409);
  } finally {
    await close();
  }
});
