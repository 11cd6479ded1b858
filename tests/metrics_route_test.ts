/** `GET /metrics` on a real server: what a charger did shows up, and only a caller with a role reads it. */
import assert from "node:assert/strict";
import { startTestServer } from "./helpers.ts";

Deno.test("GET /metrics reports connections, calls by action and outcome, latency and SSE clients", async () => {
  const server = await startTestServer();
  const events = new AbortController();
  try {
    const client = await server.booted("cs_metrics_1");
    await client.call("Heartbeat", {});
    await client.call("Heartbeat", { unexpected: true }); // strict schema: a CALLERROR
    const feed = await server.api(`/events`, { signal: events.signal });
    const response = await server.api(`/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const lines = (await response.text()).split("\n");
    const value = (prefix: string) =>
      Number(lines.find((l) => l.startsWith(prefix + " "))?.split(" ").at(-1));
    assert.equal(value("tamna_ocpp_connections"), 1);
    assert.ok(value('tamna_ocpp_calls_received_total{action="Heartbeat",outcome="result"}') >= 1);
    assert.ok(value('tamna_ocpp_calls_received_total{action="Heartbeat",outcome="error"}') >= 1);
    assert.ok(value('tamna_ocpp_reply_seconds_count{action="BootNotification"}') >= 1);
    assert.equal(value("tamna_sse_clients"), 1);
    assert.ok(lines.some((l) => l.startsWith('tamna_plugin_queue_depth{queue="pricing"')));
    const json = await (await server.api(`/metrics?format=json`)).json();
    assert.equal(json.connected, 1);
    assert.ok(json.histograms["ocpp.reply_ms"].count >= 3);
    const bad = await server.api(`/metrics?format=xml`);
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /format/);
    events.abort();
    await feed.body?.cancel().catch(() => {});
    client.close();
  } finally {
    events.abort();
    await server.close();
  }
});

Deno.test("GET /metrics needs a signed-in caller or an API token, like every non-public GET", async () => {
  const token = "metrics-token-0001";
  const server = await startTestServer({ apiToken: token });
  try {
    const get = (authorization?: string) =>
      fetch(`${server.httpUrl}/metrics`, { headers: authorization ? { authorization } : {} });
    const missing = await get();
    assert.equal(missing.status, 401);
    assert.equal((await missing.json()).status, "error");
    const wrong = await get("Bearer not-the-token");
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    const right = await get(`Bearer ${token}`);
    assert.equal(right.status, 200);
    assert.match(await right.text(), /tamna_ocpp_connections 0/);
  } finally {
    await server.close();
  }
});
