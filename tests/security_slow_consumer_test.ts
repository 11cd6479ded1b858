/**
 * A station that stops reading: the CSMS keeps sending it calls until its unsent data passes
 * `maxSendBufferBytes`, then lets go of it (station.disconnected, 1008) while another
 * station's heartbeats are answered throughout.
 */
import assert from "node:assert/strict";
import { ChargerOfflineError } from "../actors/csms/csms.ts";
import { startTestServer } from "./helpers.ts";
import { rawWebSocket } from "./security_helpers.ts";

Deno.test("a slow consumer is cut off at maxSendBufferBytes without hurting other stations", async () => {
  const server = await startTestServer({
    maxSendBufferBytes: 64 * 1024,
    // The CSMS sends the next call only after the previous one timed out (one outstanding
    // CALL per OCPP-J); 100 ms, the smallest allowed, keeps the test to about a second.
    callTimeoutMs: 100,
  });
  const slow = await rawWebSocket(`${server.ocppUrl}/cs_slow`); // never reads again
  try {
    const live = await server.booted("cs_live");
    const data = "x".repeat(512 * 1024);
    let calls = 0;
    const flood = (async () => {
      while (server.csms.isConnected("cs_slow")) {
        calls++;
        await server.csms.send("cs_slow", "DataTransfer", { vendorId: "tamna", data })
          .catch((error) => error);
      }
    })();
    let heartbeats = 0;
    while (server.csms.isConnected("cs_slow")) {
      const [type] = await live.call("Heartbeat", {});
      assert.equal(type, 3);
      heartbeats++;
    }
    await flood;
    assert.ok(calls > 1 && heartbeats > 0, `${calls} calls, ${heartbeats} heartbeats`);
    const gone = server.events.find((e) =>
      e.type === "station.disconnected" &&
      (e.payload as { chargerId: string }).chargerId === "cs_slow"
    )?.payload as { code: number; reason: string };
    assert.equal(gone.code, 1008);
    assert.match(gone.reason, /stopped reading: over 65536 bytes unsent/);
    await assert.rejects(
      () => server.csms.send("cs_slow", "DataTransfer", { vendorId: "tamna" }),
      ChargerOfflineError,
    );
    assert.deepEqual(server.csms.connectedIds(), ["cs_live"]);
    const [type] = await live.call("Heartbeat", {});
    assert.equal(type, 3);
    await live.close();
  } finally {
    slow.close();
    await server.close();
  }
});
