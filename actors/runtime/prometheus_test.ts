import assert from "node:assert/strict";
import { createMetrics } from "./metrics.ts";
import { formatPrometheus } from "./prometheus.ts";

Deno.test("formatPrometheus() turns dotted names into labelled families and cumulative buckets", () => {
  const m = createMetrics();
  m.count("ocpp.frames_in", 3);
  m.count("ocpp.calls_in.Heartbeat.result", 2);
  m.count("ocpp.calls_in.Authorize.error");
  m.count("something.unlisted"); // not in the table: left out
  const reply = m.histogram("ocpp.reply_ms.Heartbeat");
  reply.observe(0.3); // ≤ 0.5 ms
  reply.observe(3); // ≤ 5 ms
  reply.observe(20_000); // above every bound: only +Inf
  const text = formatPrometheus(m.snapshot(), [
    { name: "tamna_plugin_queue_depth", help: "depth", labels: { queue: 'a"b' }, value: 4 },
    { name: "tamna_ocpp_connections", help: "now", value: 2 },
    { name: "tamna_plugin_queue_depth", help: "depth", labels: { queue: "c" }, value: 0 },
  ]);
  const lines = text.split("\n");
  assert.ok(lines.includes("# TYPE tamna_ocpp_frames_received_total counter"));
  assert.ok(lines.includes("tamna_ocpp_frames_received_total 3"));
  assert.ok(lines.includes("tamna_ocpp_shed_calls_total 0"), "unlabelled families start at 0");
  assert.ok(
    lines.includes('tamna_ocpp_calls_received_total{action="Heartbeat",outcome="result"} 2'),
  );
  assert.ok(
    lines.includes('tamna_ocpp_calls_received_total{action="Authorize",outcome="error"} 1'),
  );
  assert.ok(!text.includes("unlisted"));
  const bucket = (le: string) =>
    lines.find((l) =>
      l.startsWith(`tamna_ocpp_reply_seconds_bucket{action="Heartbeat",le="${le}"}`)
    )
      ?.split(" ")[1];
  assert.equal(bucket("0.00025"), "0");
  assert.equal(bucket("0.0005"), "1");
  assert.equal(bucket("0.005"), "2");
  assert.equal(bucket("10"), "2");
  assert.equal(bucket("+Inf"), "3");
  assert.ok(lines.includes('tamna_ocpp_reply_seconds_count{action="Heartbeat"} 3'));
  assert.ok(lines.includes('tamna_ocpp_reply_seconds_sum{action="Heartbeat"} 20.0033'));
  // One header per gauge family, its samples together, label values escaped.
  assert.equal(lines.filter((l) => l === "# TYPE tamna_plugin_queue_depth gauge").length, 1);
  const at = lines.indexOf('tamna_plugin_queue_depth{queue="a\\"b"} 4');
  assert.equal(lines[at + 1], 'tamna_plugin_queue_depth{queue="c"} 0');
  assert.ok(text.endsWith("\n"));
});
