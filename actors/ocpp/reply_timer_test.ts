import assert from "node:assert/strict";
import { createMetrics } from "../runtime/metrics.ts";
import { buildCallError, buildCallResult } from "./frames.ts";
import { createReplyTimer } from "./reply_timer.ts";

function fakeNow() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

Deno.test("createReplyTimer() times a CALL from its frame in to its CALLRESULT out, by action", () => {
  const metrics = createMetrics();
  const clock = fakeNow();
  const timer = createReplyTimer(metrics, clock.now);
  timer.received('[2,"m1","Heartbeat",{}]');
  timer.received('[ 2 , "m2" , "TransactionEvent" , {"seqNo":1}]');
  clock.advance(4);
  timer.sent(buildCallResult("m2", {}));
  clock.advance(2);
  timer.sent(buildCallResult("m1", { currentTime: "2026-01-01T00:00:00Z" }));
  const s = metrics.snapshot();
  assert.equal(s.histograms["ocpp.reply_ms"].count, 2);
  assert.equal(s.histograms["ocpp.reply_ms.TransactionEvent"].maxMs, 4);
  assert.equal(s.histograms["ocpp.reply_ms.Heartbeat"].maxMs, 6);
  assert.deepEqual(s.counters, { "ocpp.frames_in": 2, "ocpp.frames_out": 2 });
});

Deno.test("createReplyTimer() counts CALLERRORs and ignores frames it cannot match", () => {
  const metrics = createMetrics();
  const timer = createReplyTimer(metrics, () => 0);
  timer.received("not json");
  timer.received('[3,"x",{}]'); // an answer from the station: nothing to time
  timer.sent(buildCallError("-1", "RpcFrameworkError", "Frame is not valid JSON"));
  timer.received('[2,"m3","Authorize",{}]');
  timer.sent(buildCallError("m3", "OccurrenceConstraintViolation", "missing"));
  timer.sent('[2,"c1","Reset",{"type":"Immediate"}]'); // a CSMS call: not an answer
  const s = metrics.snapshot();
  assert.equal(s.histograms["ocpp.reply_ms"].count, 1);
  assert.equal(s.counters["ocpp.callerrors_out"], 2);
  assert.equal(s.counters["ocpp.frames_out"], 3);
});

Deno.test("createReplyTimer() forgets unanswered CALLs beyond 64 instead of growing", () => {
  const metrics = createMetrics();
  const timer = createReplyTimer(metrics, () => 0);
  for (let i = 0; i < 200; i++) timer.received(`[2,"m${i}","Heartbeat",{}]`);
  timer.sent(buildCallResult("m0", {}));
  timer.sent(buildCallResult("m199", {}));
  assert.equal(metrics.snapshot().histograms["ocpp.reply_ms"].count, 1);
});
