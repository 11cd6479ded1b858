import assert from "node:assert/strict";
import { FakeClock } from "../runtime/clock.ts";
import { OcppError } from "./errors.ts";
import { parseFrame } from "./frames.ts";
import { CallAbortedError, CallTimeoutError, createCallQueue } from "./rpc.ts";

function setup(options: { timeoutMs?: number } = {}) {
  const clock = new FakeClock();
  const sent: unknown[][] = [];
  const queue = createCallQueue({
    clock,
    timeoutMs: options.timeoutMs ?? 30_000,
    send: (text) => void sent.push(JSON.parse(text)),
  });
  const answer = (text: string) => {
    const parsed = parseFrame(text);
    assert.ok(parsed.ok && parsed.frame.type !== 2);
    return queue.handleFrame(parsed.frame);
  };
  return { clock, sent, queue, answer };
}

const RESET = { type: "Immediate" } as const;

Deno.test("createCallQueue() keeps one CALL outstanding and queues the rest in order", async () => {
  const { sent, queue, answer } = setup();
  const first = queue.call("Reset", RESET);
  const second = queue.call("ClearCache", {});
  assert.equal(sent.length, 1);
  assert.equal(queue.queued, 1);
  assert.ok(answer(JSON.stringify([3, sent[0][1], { status: "Accepted" }])));
  assert.deepEqual(await first, { status: "Accepted" });
  assert.equal(sent.length, 2);
  assert.equal(sent[1][2], "ClearCache");
  answer(JSON.stringify([3, sent[1][1], { status: "Rejected" }]));
  assert.deepEqual(await second, { status: "Rejected" });
});

Deno.test("createCallQueue() times a CALL out after 30 s and moves on", async () => {
  const { clock, sent, queue } = setup();
  const first = queue.call("Reset", RESET);
  const second = queue.call("ClearCache", {});
  const failed = assert.rejects(first, CallTimeoutError);
  await clock.advance(29_999);
  assert.equal(sent.length, 1);
  await clock.advance(1);
  await failed;
  assert.equal(sent.length, 2, "the queued call is sent after the timeout");
  queue.failAll(new CallAbortedError("closed"));
  await assert.rejects(second, CallAbortedError);
});

Deno.test("createCallQueue() rejects with the peer's CALLERROR, 1.6 spellings normalised", async () => {
  const { sent, queue, answer } = setup();
  const call = queue.call("Reset", RESET);
  answer(JSON.stringify([4, sent[0][1], "OccurenceConstraintViolation", "missing", {}]));
  await assert.rejects(
    call,
    (error) => error instanceof OcppError && error.code === "OccurrenceConstraintViolation",
  );
});

Deno.test("createCallQueue() drops answers with unknown ids", async () => {
  const { sent, queue, answer } = setup();
  const call = queue.call("Reset", RESET);
  assert.equal(answer(JSON.stringify([3, "not-ours", { status: "Accepted" }])), false);
  assert.equal(queue.outstandingId, sent[0][1]);
  answer(JSON.stringify([3, sent[0][1], { status: "Accepted" }]));
  await call;
});

Deno.test("createCallQueue() rejects an invalid response and an invalid request", async () => {
  const { sent, queue, answer } = setup();
  const call = queue.call("Reset", RESET);
  answer(JSON.stringify([3, sent[0][1], { status: "Maybe" }]));
  await assert.rejects(
    call,
    (e) => e instanceof OcppError && e.code === "PropertyConstraintViolation",
  );
  await assert.rejects(
    queue.call("Reset", { type: "Sometime" }),
    (e) => e instanceof OcppError && e.message.includes("type"),
  );
  assert.equal(sent.length, 1, "an invalid request is never sent");
});
