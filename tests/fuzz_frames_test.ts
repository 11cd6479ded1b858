/**
 * The bounded hostile-input run for CI (a few thousand seeded frames, a few seconds): every
 * CALL gets exactly one answer with its id, unreadable frames get "-1", nothing crashes,
 * memory stays flat and a bystander station keeps working. `tests/fuzz_long.ts` runs longer.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./helpers.ts";
import { runFuzz } from "./fuzz_driver.ts";
import { expectedAnswer } from "./fuzz_frames.ts";
import { maskedFrame, rawWebSocket } from "./security_helpers.ts";

Deno.test("expectedAnswer() follows the OCPP-J contract: '-1' when no id is readable, none for routed answers", () => {
  const cases: [string, string | null][] = [
    ["not json", "-1"],
    ["{}", "-1"],
    ["[]", "-1"],
    ['[2,42,"Heartbeat",{}]', "-1"],
    [`[2,"${"x".repeat(37)}","Heartbeat",{}]`, "-1"],
    ['[2,"a","Heartbeat",{}]', "a"],
    ['[2,"a"]', "a"],
    ['[5,"a"]', "a"],
    ['[3,"a",{}]', null],
    ['[3,"a","x"]', "a"],
    ['[4,"a","GenericError","d",{}]', null],
    ['[4,"a","GenericError"]', "a"],
  ];
  for (const [text, answer] of cases) assert.equal(expectedAnswer({ text }), answer, text);
  assert.equal(expectedAnswer({ binary: new Uint8Array([1]) }), "-1");
});

Deno.test("fuzz: 3,000 seeded hostile frames each get exactly one answer; memory flat; bystander unaffected", async () => {
  const report = await runFuzz({ seed: 20261121, frames: 3000, warmupFrames: 1000 });
  const summary = JSON.stringify({ ...report, answers: undefined }, null, 1);
  assert.equal(report.frames, 3000);
  assert.deepEqual([report.duplicates, report.missing, report.unexpected], [[], [], []], summary);
  assert.equal(report.minusOneAnswers, report.expectedMinusOne, summary);
  assert.ok(report.expectedOwnId > 1500 && report.expectedMinusOne > 200, summary);
  assert.ok((report.answers.CALLRESULT ?? 0) > 100, "valid samples are accepted, not only refused");
  // Every bystander heartbeat is answered: a result, or (on a loaded machine, whose lag the
  // admission gate sees) a shed with its retry time; none is lost behind the fuzzed station.
  assert.equal(report.bystanderHeartbeats + report.bystanderRefusals, 60);
  assert.equal(report.internalErrors, 0, "no InternalError a charger would retry");
  assert.equal(report.actorRestarts, 0, "no station actor crashed");
  // Without --expose-gc the heap is read whenever V8 last collected, which swings by tens of
  // MiB on its own; 2,000 frames after the warm-up leaking even 32 KiB each would add 64 MiB.
  const heapGrowthMb = report.heapUsedMb.atEnd - report.heapUsedMb.afterWarmup;
  assert.ok(heapGrowthMb < 64, `heap grew ${heapGrowthMb.toFixed(1)} MiB: ${summary}`);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, "no prototype pollution");
});

Deno.test("fuzz: a text frame that is not UTF-8 ends only that connection", async () => {
  const server = await startTestServer();
  const conn = await rawWebSocket(`${server.ocppUrl}/cs_utf8`);
  try {
    const live = await server.booted("cs_live");
    await conn.write(maskedFrame(1, new Uint8Array([0x5b, 0x32, 0xc3, 0x28, 0xff, 0x5d])));
    const buffer = new Uint8Array(1024);
    let bytes = 0;
    for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) bytes += n;
    assert.ok(bytes < 1024, "closed, not answered with a stream of frames");
    const [type] = await live.call("Heartbeat", {});
    assert.equal(type, 3);
    assert.deepEqual(server.csms.connectedIds(), ["cs_live"]);
    await live.close();
  } finally {
    conn.close();
    await server.close();
  }
});

Deno.test("fuzz with storage: poison, repeated and out-of-order TransactionEvents are stored or refused for good, never InternalError", async () => {
  const report = await runFuzz({
    seed: 20261206,
    frames: 1000,
    warmupFrames: 200,
    isStoring: true,
  });
  const summary = JSON.stringify({ ...report, answers: undefined }, null, 1);
  assert.deepEqual([report.duplicates, report.missing, report.unexpected], [[], [], []], summary);
  assert.equal(report.minusOneAnswers, report.expectedMinusOne, summary);
  assert.equal(report.internalErrors, 0, `a charger would retry these forever: ${summary}`);
  assert.equal(report.actorRestarts, 0, "no station actor crashed");
});
