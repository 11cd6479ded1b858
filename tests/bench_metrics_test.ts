/** The CSMS records frame counts and frame-in to reply-out latency into the process registry. */
import assert from "node:assert/strict";
import { processMetrics } from "../actors/runtime/metrics.ts";
import { startTestServer } from "./helpers.ts";

Deno.test("createCsms() times each answered CALL into processMetrics by action", async () => {
  const before = processMetrics.snapshot();
  const count = (name: string) => before.histograms[name]?.count ?? 0;
  const server = await startTestServer();
  const c = await server.booted("metrics_001");
  try {
    await c.call("Heartbeat", {});
    await c.call("Heartbeat", { unexpected: true }); // answered with a CALLERROR, still timed
    const after = processMetrics.snapshot();
    assert.equal(
      after.histograms["ocpp.reply_ms.BootNotification"].count,
      count("ocpp.reply_ms.BootNotification") + 1,
    );
    assert.equal(
      after.histograms["ocpp.reply_ms.Heartbeat"].count,
      count("ocpp.reply_ms.Heartbeat") + 2,
    );
    assert.ok(
      after.counters["ocpp.callerrors_out"] >= (before.counters["ocpp.callerrors_out"] ?? 0) + 1,
    );
    assert.ok(
      after.counters["ocpp.connections_accepted"] >
        (before.counters["ocpp.connections_accepted"] ?? 0),
    );
  } finally {
    await c.close();
    await server.close();
  }
});
