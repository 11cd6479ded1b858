import assert from "node:assert/strict";
import { parseFrame } from "../actors/ocpp/frames.ts";
import { validateRequest } from "../actors/ocpp/validate.ts";
import type { Action } from "../actors/ocpp/actions.ts";
import {
  answerIdOf,
  bootFrame,
  errorCodeOf,
  heartbeatFrame,
  statusFrame,
  txEndedFrame,
  txStartedFrame,
  txUpdatedFrame,
} from "./frames.ts";
import { fairnessOf, mergeReports } from "./measure.ts";
import { createHistogram } from "../actors/runtime/metrics.ts";

const AT = "2026-01-21T05:30:00.000Z";
const METER = { energyWh: 12_345, powerW: 50_000, socPercent: 42 };

Deno.test("the load generator's frames are schema-valid OCPP 2.0.1 requests", () => {
  const frames = [
    bootFrame("b1", "SN1"),
    statusFrame("s1", "Occupied", AT),
    heartbeatFrame("h1"),
    txStartedFrame("t0", { transactionId: "run-1", atIso: AT, meter: METER }),
    txUpdatedFrame("t1", { transactionId: "run-1", seqNo: 7, atIso: AT, meter: METER }),
    txEndedFrame("t2", { transactionId: "run-1", seqNo: 8, atIso: AT, meter: METER }),
  ];
  for (const text of frames) {
    const parsed = parseFrame(text);
    assert.ok(parsed.ok && parsed.frame.type === 2, text);
    const checked = validateRequest(parsed.frame.action as Action, parsed.frame.payload);
    assert.ok(checked.ok, `${text}: ${!checked.ok && checked.error.message}`);
  }
});

Deno.test("answerIdOf() and errorCodeOf() read answers without parsing JSON", () => {
  assert.equal(answerIdOf('[3,"a.1",{}]'), "a.1");
  assert.equal(answerIdOf('[4,"x","InternalError","d",{}]'), "x");
  assert.equal(answerIdOf("nonsense"), undefined);
  assert.equal(errorCodeOf('[4,"x","SecurityError","d",{}]'), "SecurityError");
  assert.equal(errorCodeOf("[3]"), "unreadable");
});

Deno.test("fairnessOf() counts chargers without progress and the spread of the rest", () => {
  assert.deepEqual(fairnessOf([0, 0, 3, 5, 10]), {
    noProgress: 2,
    min: 0,
    p1: 0,
    p50: 3,
    max: 10,
    mean: 3.6,
  });
  assert.equal(fairnessOf([]).noProgress, 0);
});

Deno.test("mergeReports() sums the load generators and keeps charger order", () => {
  const rtt = createHistogram();
  rtt.observe(2);
  const report = (done: number[], errors: Record<string, number>) => ({
    durationMs: 1_000,
    sent: done.length,
    completed: done.reduce((a, b) => a + b, 0),
    missed: 0,
    shed: 1,
    csmsCalls: { CostUpdated: 1 },
    errors,
    rtt: rtt.snapshot(),
    done,
    drops: 0,
    reconnects: 0,
  });
  const merged = mergeReports([report([1, 2], { a: 1 }), report([3], { a: 2, b: 1 })]);
  assert.deepEqual(merged.done, [1, 2, 3]);
  assert.deepEqual(merged.errors, { a: 3, b: 1 });
  assert.deepEqual(merged.csmsCalls, { CostUpdated: 2 });
  assert.equal(merged.completed, 6);
  assert.equal(merged.shed, 2);
  assert.equal(merged.rtt.count, 2);
});
