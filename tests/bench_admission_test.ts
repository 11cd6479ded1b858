/** The CSMS's overload gate on a real socket: a shed call gets a CALLERROR at once. */
import assert from "node:assert/strict";
import { createMetrics } from "../actors/runtime/metrics.ts";
import { createCsms, DEFAULT_CSMS_CONFIG } from "../actors/csms/csms.ts";
import { createAdmission } from "../actors/station/admission.ts";
import { createSupervisor } from "../actors/runtime/supervisor.ts";
import { systemClock } from "../actors/runtime/clock.ts";
import { createOcppHandler } from "../routes/ocpp/endpoint.ts";
import { connectRaw } from "./ocpp_client.ts";

Deno.test("Csms sheds a station's second Heartbeat within the gap and keeps answering the rest", async () => {
  const metrics = createMetrics();
  const supervisor = createSupervisor();
  const csms = createCsms({
    clock: systemClock,
    supervisor,
    emit: () => {},
    config: DEFAULT_CSMS_CONFIG,
    metrics,
    admission: createAdmission({ metrics, initialGapMs: 60_000 }),
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    createOcppHandler({ csms }),
  );
  const c = await connectRaw(`ws://127.0.0.1:${server.addr.port}/admission_001`);
  try {
    const boot = { chargingStation: { model: "M", vendorName: "V" }, reason: "PowerUp" };
    assert.equal((await c.call("BootNotification", boot))[0], 3);
    assert.equal((await c.call("Heartbeat", {}, "h1"))[0], 3, "the first one is taken");
    assert.deepEqual(await c.call("Heartbeat", {}, "h2"), [
      4,
      "h2",
      "InternalError",
      "CSMS overloaded: retry in 60 s",
      { retryAfterMs: 60_000 },
    ]);
    const status = {
      timestamp: "2026-01-21T05:30:00Z",
      connectorStatus: "Available",
      evseId: 1,
      connectorId: 1,
    };
    assert.deepEqual(await c.call("StatusNotification", status, "s1"), [3, "s1", {}]);
    assert.equal(metrics.snapshot().counters["ocpp.shed"], 1);
  } finally {
    await c.close();
    await csms.close();
    await supervisor.stopAll();
    await server.shutdown();
  }
});
