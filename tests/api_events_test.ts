// GET /events through `app.request`: server-sent events in snake_case, filtered by site or
// charger, heartbeat comments, and the subscription released when the client goes away.
import assert from "node:assert/strict";
import { AT, startTransaction, testApi } from "./api_helpers.ts";

/** Reads the stream until `predicate` holds on everything read so far. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  predicate: (text: string) => boolean,
  seen = { text: "" },
): Promise<string> {
  const decoder = new TextDecoder();
  while (!predicate(seen.text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before the expected text; got: ${seen.text}`);
    seen.text += decoder.decode(value, { stream: true });
  }
  return seen.text;
}

/** The `data:` payloads of the complete events in `text`. */
function dataOf(text: string): Record<string, unknown>[] {
  return text.split("\n\n").flatMap((block) => {
    const line = block.split("\n").find((l) => l.startsWith("data: "));
    return line ? [JSON.parse(line.slice(6))] : [];
  });
}

Deno.test("GET /events streams a charger's station, status, transaction and meter events as snake_case JSON", async () => {
  const api = testApi();
  const response = await api.get("/events?charger_id=charger_001");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("Content-Type") ?? "", /text\/event-stream/);
  const reader = response.body!.getReader();
  const seen = { text: "" };
  try {
    await readUntil(reader, (t) => t.includes(": connected"), seen);
    api.connect("emart_jeju_02"); // filtered out
    api.connect("charger_001");
    api.bus.emit("frame.in", { chargerId: "charger_001", text: "[]", at: AT }); // not a feed event
    api.bus.emit("status.changed", {
      chargerId: "charger_001",
      evseId: 1,
      connectorId: 1,
      status: "Occupied",
      timestamp: AT,
      at: AT,
    });
    startTransaction(api.bus, "charger_001", { transactionId: "tx_1", meterStartWh: 500 });
    const text = await readUntil(reader, (t) => t.includes("id: 4\n\n"), seen);
    const events = dataOf(text);
    assert.deepEqual(events.map((e) => e.type), [
      "station.connected",
      "status.changed",
      "transaction.started",
      "meter.sampled",
    ]);
    assert.deepEqual(events[1], {
      type: "status.changed",
      charger_id: "charger_001",
      station_id: "emart_jeju_main",
      evse_id: 1,
      connector_id: 1,
      status: "Occupied",
      timestamp: AT,
      at: AT,
    });
    assert.equal(events[2].meter_start_wh, 500);
    assert.deepEqual(events[3].reading, { at: AT, energy_wh: 500, power_w: 0 });
    assert.match(text, /event: transaction\.started\ndata: .*\nid: 3\n/);
  } finally {
    await reader.cancel();
  }
});

Deno.test("GET /events filters by site, sends heartbeat comments and unsubscribes when the client leaves", async () => {
  const api = testApi({ deps: { sseHeartbeatMs: 10 } });
  const response = await api.get("/events?station_id=emart_shinjeju_main");
  const reader = response.body!.getReader();
  const seen = { text: "" };
  await readUntil(reader, (t) => t.includes(": connected"), seen);
  assert.equal(api.bus.queues().length, 1);
  api.connect("charger_001");
  api.connect("emart_shinjeju_01");
  const text = await readUntil(
    reader,
    (t) => t.includes(": heartbeat") && t.includes("data: "),
    seen,
  );
  assert.deepEqual(dataOf(text).map((e) => e.charger_id), ["emart_shinjeju_01"]);
  await reader.cancel();
  // The stream's abort runs on a later turn; the queue closes with it.
  for (let i = 0; i < 50 && api.bus.queues().length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  assert.equal(api.bus.queues().length, 0);
  api.connect("emart_shinjeju_01"); // nobody listens: must not throw
});

Deno.test("GET /events answers 400 for a repeated filter", async () => {
  const api = testApi();
  const response = await api.get("/events?charger_id=");
  // An empty filter is allowed by the schema and simply matches nothing but itself.
  assert.equal(response.status, 200);
  await response.body?.cancel();
  const bad = await api.get("/events?charger_id=a&charger_id=b");
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /query parameter charger_id/);
});

Deno.test("GET /events streams end when the app's signal aborts, so the server can shut down", async () => {
  const shutdown = new AbortController();
  const api = testApi({ deps: { signal: shutdown.signal } });
  const response = await api.get("/events");
  const reader = response.body!.getReader();
  await readUntil(reader, (t) => t.includes(": connected"));
  shutdown.abort();
  for (;;) {
    const { done } = await reader.read();
    if (done) break;
  }
  assert.equal(api.bus.queues().length, 0);
  const late = await api.get("/events");
  const lateReader = late.body!.getReader();
  let text = "";
  for (;;) {
    const { value, done } = await lateReader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  assert.equal(text, ": connected\n\n");
});

Deno.test("GET /events?frames=1 adds the charger's raw OCPP-J frames for its protocol log", async () => {
  const api = testApi();
  const response = await api.get("/events?charger_id=charger_001&frames=1");
  const reader = response.body!.getReader();
  const seen = { text: "" };
  try {
    await readUntil(reader, (t) => t.includes(": connected"), seen);
    api.bus.emit("frame.in", {
      chargerId: "emart_jeju_02",
      text: '[2,"x","Heartbeat",{}]',
      at: AT,
    });
    api.bus.emit("frame.in", { chargerId: "charger_001", text: '[2,"1","Heartbeat",{}]', at: AT });
    api.bus.emit("frame.out", { chargerId: "charger_001", text: '[3,"1",{}]', at: AT });
    const text = await readUntil(reader, (t) => t.includes("id: 2\n\n"), seen);
    assert.deepEqual(dataOf(text), [
      {
        type: "frame.in",
        charger_id: "charger_001",
        station_id: "emart_jeju_main",
        text: '[2,"1","Heartbeat",{}]',
        at: AT,
      },
      {
        type: "frame.out",
        charger_id: "charger_001",
        station_id: "emart_jeju_main",
        text: '[3,"1",{}]',
        at: AT,
      },
    ]);
  } finally {
    await reader.cancel();
  }
});

Deno.test("GET /events?types= streams only those event types; an unknown type is 400", async () => {
  const api = testApi();
  const response = await api.get("/events?types=status.changed,transaction.started");
  const reader = response.body!.getReader();
  const seen = { text: "" };
  try {
    await readUntil(reader, (t) => t.includes(": connected"), seen);
    api.connect("charger_001"); // station.connected: left out
    startTransaction(api.bus, "charger_001", { transactionId: "tx_t", meterStartWh: 0 });
    api.bus.emit("status.changed", {
      chargerId: "charger_001",
      evseId: 1,
      connectorId: 1,
      status: "Occupied",
      timestamp: AT,
      at: AT,
    });
    const text = await readUntil(reader, (t) => t.includes("id: 2\n\n"), seen);
    assert.deepEqual(dataOf(text).map((e) => e.type), ["transaction.started", "status.changed"]);
  } finally {
    await reader.cancel();
  }
  const bad = await api.get("/events?types=status.changed,meter.exploded");
  assert.equal(bad.status, 400);
  assert.match(String((await bad.json()).error), /types/);
});
