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
  assert.deepEqual(s.counters, {
    "ocpp.frames_in": 2,
    "ocpp.frames_out": 2,
    "ocpp.calls_in.TransactionEvent.result": 1,
    "ocpp.calls_in.Heartbeat.result": 1,
  });
});

Deno.test("createReplyTimer() counts the CSMS's CALLs by action and outcome and times their round trip", () => {
  const metrics = createMetrics();
  const clock = fakeNow();
  const timer = createReplyTimer(metrics, clock.now);
  timer.sent('[2,"c1","Reset",{"type":"Immediate"}]');
  timer.sent('[2,"c2","UnlockConnector",{"evseId":1,"connectorId":1}]');
  clock.advance(7);
  timer.received('[ 3 , "c1" , {"status":"Accepted"}]');
  timer.received('[4,"c2","NotImplemented","",{}]');
  timer.received('[3,"c9",{}]'); // nothing asked: not counted
  const s = metrics.snapshot();
  assert.equal(s.counters["ocpp.calls_out.Reset.result"], 1);
  assert.equal(s.counters["ocpp.calls_out.UnlockConnector.error"], 1);
  assert.equal(s.histograms["ocpp.call_out_ms.Reset"].maxMs, 7);
  assert.equal(s.histograms["ocpp.reply_ms"].count, 0); // answers to us are not our replies
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
  assert.equal(s.counters["ocpp.calls_in.Authorize.error"], 1);
});

Deno.test("createReplyTimer() forgets unanswered CALLs beyond 64 instead of growing", () => {
  const metrics = createMetrics();
  const timer = createReplyTimer(metrics, () => 0);
  for (let i = 0; i < 200; i++) timer.received(`[2,"m${i}","Heartbeat",{}]`);
  timer.sent(buildCallResult("m0", {}));
  timer.sent(buildCallResult("m199", {}));
  assert.equal(metrics.snapshot().histograms["ocpp.reply_ms"].count, 1);
});
