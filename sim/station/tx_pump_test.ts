// The pump against a real call queue whose frames the test answers by hand, on a fake clock.
import assert from "node:assert/strict";
import { FakeClock } from "../../actors/runtime/clock.ts";
import { buildCallError, buildCallResult, parseFrame } from "../../actors/ocpp/frames.ts";
import { type CallQueue, createCallQueue } from "../../actors/ocpp/rpc.ts";
import { newSimStats } from "./charger_options.ts";
import type { ShellMsg, ShellState } from "./shell_state.ts";
import { initialState, type SimEvent } from "./station_state.ts";
import { T0, TEST_CONFIG } from "../../tests/support/test_station.ts";
import { type PumpHost, TxPump } from "./tx_pump.ts";
import { openTxQueue } from "./tx_queue.ts";

function event(seqNo: number): Record<string, unknown> {
  return {
    eventType: seqNo === 0 ? "Started" : "Updated",
    timestamp: new Date(T0 + seqNo * 5_000).toISOString(),
    triggerReason: seqNo === 0 ? "Authorized" : "MeterValuePeriodic",
    seqNo,
    transactionInfo: { transactionId: "t-1" },
  };
}

/** A host with `count` queued events, and the frames the pump sends. */
async function pumpWith(count: number) {
  const clock = new FakeClock(T0);
  const queue = await openTxQueue(null);
  for (let i = 0; i < count; i++) queue.push(event(i));
  const sent: string[] = [];
  const calls: CallQueue = createCallQueue({ clock, send: (t) => sent.push(t), validate: false });
  const state = { ...initialState(TEST_CONFIG, { nowMs: T0 }), registration: "Accepted" as const };
  const drained: (() => void)[] = [];
  const shell = { clock, queue, state, stats: newSimStats(), drained } as unknown as ShellState;
  const msgs: ShellMsg[] = [];
  const events: SimEvent[] = [];
  const host: PumpHost = {
    shell,
    calls,
    isOver: false,
    send: (msg) => void msgs.push(msg),
    emit: (e) => void events.push(e),
    crash: (error) => assert.fail(`crashed: ${error}`),
  };
  /** Answers the last frame sent, with a result payload or a CALLERROR code. */
  const answer = async (
    reply: Record<string, unknown> | "GenericError" | "SecurityError" | "RetryLater",
  ) => {
    await clock.advance(0);
    const parsed = parseFrame(sent.at(-1)!);
    assert.ok(parsed.ok);
    const id = parsed.frame.id;
    const text = reply === "RetryLater"
      ? buildCallError(id, "InternalError", "CSMS overloaded: retry in 1 s", {
        retryAfterMs: 1_000,
      })
      : typeof reply === "string"
      ? buildCallError(id, reply, "overloaded")
      : buildCallResult(id, reply);
    const frame = parseFrame(text);
    assert.ok(frame.ok && frame.frame.type !== 2);
    calls.handleFrame(frame.frame);
    await clock.advance(0);
  };
  return { pump: new TxPump(host), clock, queue, sent, msgs, events, drained, answer, shell };
}

Deno.test("TxPump delivers queued events in order, one at a time, and releases waiters when empty", async () => {
  const { pump, queue, sent, msgs, drained, answer } = await pumpWith(2);
  let isDrained = false;
  drained.push(() => void (isDrained = true));
  pump.start();
  pump.start(); // a second start while pumping does nothing
  await answer({});
  await answer({ idTokenInfo: { status: "Accepted" } });
  assert.deepEqual(sent.map((t) => JSON.parse(t)[3].seqNo), [0, 1]);
  assert.deepEqual(msgs.map((m) => m.type), ["txEventDone", "txEventDone"]);
  assert.equal(queue.size, 0);
  assert.ok(isDrained && !pump.isPumping);
});

Deno.test("E04 TxPump retries a refused event MessageAttempts times, MessageAttemptInterval apart, then gives it up and goes on", async () => {
  const { pump, clock, queue, sent, msgs, events, answer, shell } = await pumpWith(2);
  pump.start();
  await answer("GenericError");
  await clock.advance(9_999);
  assert.equal(sent.length, 1, "waits MessageAttemptInterval (10 s)");
  await clock.advance(1);
  await answer("GenericError");
  await clock.advance(10_000);
  await answer("GenericError");
  assert.equal(queue.size, 1, "given up after 3 attempts");
  assert.deepEqual(events, [{
    type: "rejected",
    command: "TransactionEvent",
    reason: "CSMS refused it: overloaded",
    transactionId: "t-1",
    seqNo: 0,
  }]);
  assert.deepEqual(msgs.map((m) => m.type), ["txEventDone"]);
  assert.equal(shell.stats.errors, 3);
  await answer({});
  assert.deepEqual(sent.map((t) => JSON.parse(t)[3].seqNo), [0, 0, 0, 1]);
  assert.equal(queue.size, 0);
});

Deno.test("TxPump counts an invalid answer as a refusal, and stops at SecurityError for the state machine to boot again", async () => {
  const { pump, clock, queue, msgs, answer, shell } = await pumpWith(1);
  pump.start();
  await answer({ idTokenInfo: { status: "Perhaps" } });
  assert.equal(shell.stats.errors, 1);
  await clock.advance(10_000);
  await answer("SecurityError");
  assert.equal(queue.size, 1, "kept for after the new boot");
  assert.ok(!pump.isPumping);
  assert.deepEqual(msgs.map((m) => m.type === "callError" && m.code), ["SecurityError"]);
});

Deno.test("TxPump counts a refusal that asks to retry later as overloaded, others by their code", async () => {
  const { pump, clock, answer, shell } = await pumpWith(1);
  pump.start();
  await answer("GenericError");
  await clock.advance(10_000);
  await answer("RetryLater");
  assert.equal(shell.stats.errors, 2);
  assert.deepEqual(shell.stats.errorsByKind, {
    "TransactionEvent: GenericError": 1,
    "TransactionEvent: overloaded": 1,
  });
});
