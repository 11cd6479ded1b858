// Protocol capture end to end: a session on one server is captured to a JSONL file, then
// replayed over a real WebSocket into a second server, which must see the same session.
import assert from "node:assert/strict";
import { join } from "node:path";
import { FakeClock } from "../actors/runtime/clock.ts";
import type { TamnaEvents } from "../actors/csms/events.ts";
import { readCapture, replayCapture } from "../plugins/capture/replay.ts";
import { startTestServer, TEST_TIMESTAMP, transactionEvent, until } from "./helpers.ts";

const CAPTURED = { transactionId: "tx-cap-1", idToken: "user-1" };

const TS = TEST_TIMESTAMP;

/** Runs a session on a server that captures to `path`, 10 s (fake clock) between calls. */
async function captureSession(path: string): Promise<TamnaEvents["transaction.ended"]> {
  const clock = new FakeClock();
  const server = await startTestServer(
    { pluginConfig: { capture: { path, stations: ["charger_cap"] } } },
    { clock }, // the capture plugin is built in, loaded when its config section is there
  );
  try {
    const other = await server.booted("not_captured");
    const c = await server.booted("charger_cap");
    try {
      for (
        const [action, payload] of [
          ["StatusNotification", {
            timestamp: TS,
            connectorStatus: "Occupied",
            evseId: 1,
            connectorId: 1,
          }],
          ["TransactionEvent", transactionEvent(0, "Started", 1000, CAPTURED)],
          ["TransactionEvent", transactionEvent(1, "Updated", 9500, CAPTURED)],
          ["Heartbeat", {}],
          ["TransactionEvent", transactionEvent(2, "Ended", 21150, CAPTURED)],
        ] as const
      ) {
        await clock.advance(10_000);
        assert.equal((await c.call(action, payload))[0], 3, action);
      }
    } finally {
      await c.close();
      await other.close();
    }
    const ended = server.events.find((e) => e.type === "transaction.ended");
    assert.ok(ended?.type === "transaction.ended");
    return ended.payload;
  } finally {
    await server.close();
  }
}

Deno.test("capturePlugin() writes one {at, chargerId, direction, text} line per frame of the chosen stations", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "frames.jsonl");
    await captureSession(path);
    const frames = await readCapture(path);
    assert.equal(frames.length, 12); // 6 calls and 6 answers
    assert.ok(frames.every((f) => f.chargerId === "charger_cap"));
    assert.deepEqual(frames.slice(0, 2).map((f) => [f.direction, JSON.parse(f.text)[0]]), [
      ["in", 2],
      ["out", 3],
    ]);
    assert.equal(JSON.parse(frames[0].text)[2], "BootNotification");
    // The fake clock moved 10 s between calls, and `at` is the CSMS's time.
    assert.equal(Date.parse(frames[4].at) - Date.parse(frames[2].at), 10_000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replayCapture() replays a captured session into another CSMS and answers its calls", async () => {
  const dir = await Deno.makeTempDir();
  const server = await startTestServer();
  try {
    const path = join(dir, "frames.jsonl");
    const original = await captureSession(path);
    const frames = await readCapture(path, { withRotated: true });
    // While the replay runs (10 s gaps at ×50: 200 ms), the CSMS asks the station something.
    const asked = (async () => {
      await until(() => server.events.some((e) => e.type === "station.booted"), 3_000);
      return await server.csms.send("charger_cap", "ClearCache", {});
    })();
    const report = await replayCapture({
      url: server.ocppUrl,
      chargerId: "charger_cap",
      frames,
      timing: "original",
      speed: 50,
    });
    assert.deepEqual(await asked, { status: "Accepted" });
    assert.deepEqual(report.csmsCalls.map((c) => c.action), ["ClearCache"]);
    assert.deepEqual(report.calls.map((c) => c.action), [
      "BootNotification",
      "StatusNotification",
      "TransactionEvent",
      "TransactionEvent",
      "Heartbeat",
      "TransactionEvent",
    ]);
    for (const call of report.calls) {
      assert.equal(call.answer[0], 3, `${call.action} answered with a CALLRESULT`);
      if (call.action === "TransactionEvent") assert.deepEqual(call.answer, call.captured);
    }
    const replayed = server.events.find((e) => e.type === "transaction.ended");
    assert.ok(replayed?.type === "transaction.ended");
    assert.equal(replayed.payload.energyWh, original.energyWh);
    assert.equal(replayed.payload.energyWh, 20150);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readCapture() names the file and line of a bad capture line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "bad.jsonl");
    await Deno.writeTextFile(
      path,
      `{"at":"x","chargerId":"a","direction":"in","text":"[]"}\n{"at":1}\n`,
    );
    await assert.rejects(() => readCapture(path), /bad\.jsonl:2 is not a captured frame/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
