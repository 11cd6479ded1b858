import assert from "node:assert/strict";
import type { AnyEvent } from "../actors/csms/events.ts";
import type { RequestOf } from "../actors/ocpp/schemas.ts";
import { handleCall } from "../actors/station/handlers.ts";
import {
  initialStationState,
  type StationConfig,
  type StationState,
} from "../actors/station/state.ts";
import { createTransactionEventHooks } from "./transaction_hooks.ts";

const TS = "2026-01-21T05:30:00Z";

function txEvent(
  seqNo: number,
  eventType: "Started" | "Updated" | "Ended",
  energyWh: number,
  idToken?: string,
): RequestOf<"TransactionEvent"> {
  return {
    eventType,
    timestamp: TS,
    triggerReason: eventType === "Ended" ? "StopAuthorized" : "Authorized",
    seqNo,
    transactionInfo: { transactionId: "tx-1" },
    evse: { id: 1, connectorId: 1 },
    ...(idToken ? { idToken: { idToken, type: "ISO14443" as const } } : {}),
    meterValue: [{ timestamp: TS, sampledValue: [{ value: energyWh }] }],
  };
}

function config(hooks = createTransactionEventHooks()): StationConfig {
  return {
    validation: "strict",
    heartbeatIntervalS: 30,
    unknownStationRegistration: "Accepted",
    isKnown: true,
    authorize: () => "Accepted",
    maxBadFrames: 20,
    transactionEventHook: hooks.run,
  };
}

/** Runs events through the pure handler, returning each answer and the events published. */
function run(cfg: StationConfig, requests: RequestOf<"TransactionEvent">[]) {
  let state: StationState = initialStationState("cs1", "Accepted");
  const answers: Record<string, unknown>[] = [];
  const events: AnyEvent[] = [];
  for (const request of requests) {
    const outcome = handleCall({ state, config: cfg, nowMs: 0 }, "TransactionEvent", request);
    state = outcome.state;
    answers.push(outcome.response);
    events.push(...outcome.events);
  }
  return { state, answers, events };
}

const perWh = (priceKrwPerKwh: number) => {
  const hooks = createTransactionEventHooks();
  hooks.add("pricing", ({ tx }) => ({
    costKrw: Math.floor(
      (((tx.lastEnergyWh ?? 0) - (tx.meterStartWh ?? 0)) * priceKrwPerKwh + 500) / 1000,
    ),
  }));
  return hooks;
};

Deno.test("I03 createTransactionEventHooks() puts the cost in the Ended answer only", () => {
  const { answers, events } = run(config(perWh(150)), [
    txEvent(0, "Started", 1000, "user-1"),
    txEvent(1, "Updated", 9500),
    txEvent(2, "Ended", 21150),
  ]);
  assert.deepEqual(answers, [
    { idTokenInfo: { status: "Accepted" } },
    {},
    { totalCost: 3023 },
  ]);
  const costed = events.filter((e) => e.type === "transaction.costed").map((e) => e.payload);
  assert.deepEqual(costed.map((c) => [c.seqNo, c.costKrw, c.energyWh, c.isFinal]), [
    [0, 0, 0, false],
    [1, 1275, 8500, false],
    [2, 3023, 20150, true],
  ]);
});

Deno.test("createTransactionEventHooks() answers no final cost without a start", () => {
  // The Started never arrived and no reading is marked Transaction.Begin: the session's start
  // is unknown, so a cost would price part of it (and storage keeps none).
  const lost = run(config(perWh(150)), [txEvent(5, "Updated", 9500), txEvent(6, "Ended", 21150)]);
  assert.deepEqual(lost.answers, [{}, {}]);
  assert.ok(!lost.events.some((e) => e.type === "transaction.costed" && e.payload.isFinal));
  // With the start marked in the Ended, the cost is known.
  const ended = txEvent(6, "Ended", 21150);
  ended.meterValue!.unshift({
    timestamp: "2026-01-21T05:00:00Z",
    sampledValue: [{ value: 1000, context: "Transaction.Begin" }],
  });
  assert.deepEqual(run(config(perWh(150)), [ended]).answers, [{ totalCost: 3023 }]);
});

Deno.test("createTransactionEventHooks() runs hooks in order, each seeing the cost so far", () => {
  const hooks = perWh(150);
  hooks.add(
    "discount",
    ({ costKrw, tx }) =>
      costKrw !== undefined && tx.idToken === "vip" ? { costKrw: Math.round(costKrw * 0.9) } : {},
  );
  const { answers } = run(config(hooks), [
    txEvent(0, "Started", 0, "vip"),
    txEvent(1, "Ended", 10_000),
  ]);
  assert.deepEqual(answers.at(-1), { totalCost: 1350 });
});

Deno.test("createTransactionEventHooks() hands each hook its own state per transaction", () => {
  const hooks = createTransactionEventHooks();
  const seen: unknown[] = [];
  hooks.add<number>("counter", ({ state }) => {
    seen.push(state);
    return { state: (state ?? 0) + 1 };
  });
  hooks.add<string>("counter", ({ state }) => ({ state: `${state ?? ""}x` }));
  const { state } = run(config(hooks), [
    txEvent(0, "Started", 0),
    txEvent(1, "Updated", 10),
    txEvent(2, "Updated", 20),
  ]);
  assert.deepEqual(seen, [undefined, 1, 2]);
  assert.deepEqual(state.transactions.get("tx-1")?.hookState, { counter: 3, "counter#2": "xxx" });
});

Deno.test("createTransactionEventHooks() answers a retransmission the same and keeps the state", () => {
  const hooks = perWh(150);
  let calls = 0;
  hooks.add<number>("calls", () => ({ state: ++calls }));
  const first = run(config(hooks), [txEvent(0, "Started", 0), txEvent(1, "Ended", 10_000)]);
  const outcome = handleCall(
    { state: first.state, config: config(hooks), nowMs: 0 },
    "TransactionEvent",
    txEvent(1, "Ended", 10_000),
  );
  assert.deepEqual(outcome.response, { totalCost: 1500 });
  assert.equal(outcome.state, first.state);
  assert.deepEqual(outcome.events, []);
});

Deno.test("createTransactionEventHooks() turns a throwing or invalid hook into plugin.failed", () => {
  const hooks = perWh(150);
  hooks.add("broken", () => {
    throw new Error("boom");
  });
  hooks.add("invalid", () => ({ response: { chargingPriority: 1.5 } }));
  hooks.add("nan", () => ({ costKrw: NaN }));
  const { answers, events } = run(config(hooks), [
    txEvent(0, "Started", 0),
    txEvent(1, "Ended", 10_000),
  ]);
  assert.deepEqual(answers.at(-1), { totalCost: 1500 });
  const failed = events.filter((e) => e.type === "plugin.failed").map((e) => e.payload);
  assert.deepEqual(failed.slice(0, 3).map((f) => [f.plugin, f.event]), [
    ["broken", "TransactionEvent"],
    ["invalid", "TransactionEvent"],
    ["nan", "TransactionEvent"],
  ]);
  assert.match(failed[0].error, /boom/);
  assert.match(failed[1].error, /answer it added is invalid.*chargingPriority/);
});

Deno.test("createTransactionEventHooks() stops calling a removed hook", () => {
  const hooks = createTransactionEventHooks();
  let calls = 0;
  const off = hooks.add("once", () => void calls++);
  run(config(hooks), [txEvent(0, "Started", 0)]);
  off();
  const { answers, events } = run(config(hooks), [txEvent(0, "Started", 0)]);
  assert.equal(calls, 1);
  assert.deepEqual(answers, [{}]);
  assert.ok(!events.some((e) => e.type === "transaction.costed"));
});
