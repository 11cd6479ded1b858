import assert from "node:assert/strict";
import type { TamnaEvents } from "../csms/events.ts";
import { decideFrame, type StationEffect } from "./transition.ts";
import {
  initialStationState,
  RECENT_SEQ_NOS,
  type StationConfig,
  type StationState,
} from "./state.ts";

const CONFIG: StationConfig = {
  validation: "strict",
  heartbeatIntervalS: 30,
  unknownStationRegistration: "Accepted",
  isKnown: false,
  authorize: () => "Accepted",
  maxBadFrames: 3,
};
const NOW = Date.UTC(2026, 0, 21, 5, 30);
const TS = "2026-01-21T05:30:00Z";
const accepted = initialStationState("cs1", "Accepted");

function sent(effects: StationEffect[]): unknown[][] {
  return effects.filter((e) => e.type === "send").map((e) =>
    JSON.parse((e as { text: string }).text)
  );
}
function emitted(effects: StationEffect[]): string[] {
  return effects.flatMap((e) => e.type === "emit" ? [e.event.type] : []);
}
function tx(seqNo: number, eventType: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify([2, `m${seqNo}`, "TransactionEvent", {
    eventType,
    timestamp: TS,
    triggerReason: eventType === "Started" ? "Authorized" : "MeterValuePeriodic",
    seqNo,
    transactionInfo: { transactionId: "tx1" },
    ...extra,
  }]);
}
/** The transaction.ended payload the effects emit; fails when there is none. */
function endedPayload(effects: StationEffect[]): TamnaEvents["transaction.ended"] {
  const ended = effects.find((e) => e.type === "emit" && e.event.type === "transaction.ended");
  assert.ok(ended?.type === "emit" && ended.event.type === "transaction.ended");
  return ended.event.payload;
}
function energy(wh: number) {
  return { meterValue: [{ timestamp: TS, sampledValue: [{ value: wh }] }] };
}

const TABLE: {
  name: string;
  state: StationState;
  text: string;
  reply: unknown[];
  events: string[];
  close?: boolean;
}[] = [
  {
    name: "B02 refuses a Heartbeat before the station booted with SecurityError",
    state: initialStationState("cs1"),
    text: '[2,"h1","Heartbeat",{}]',
    reply: [4, "h1", "SecurityError"],
    events: [],
  },
  {
    name: "answers a Heartbeat of an accepted station with the time",
    state: accepted,
    text: '[2,"h2","Heartbeat",{}]',
    reply: [3, "h2", { currentTime: new Date(NOW).toISOString() }],
    events: ["station.heartbeat"],
  },
  {
    name: "answers an unknown action with NotImplemented",
    state: accepted,
    text: '[2,"u1","FlyToTheMoon",{}]',
    reply: [4, "u1", "NotImplemented"],
    events: [],
  },
  {
    name: "answers a CSMS-only action with NotSupported",
    state: accepted,
    text: '[2,"u2","Reset",{"type":"Immediate"}]',
    reply: [4, "u2", "NotSupported"],
    events: [],
  },
  {
    name: "answers a missing required field with OccurrenceConstraintViolation",
    state: accepted,
    text:
      '[2,"v1","StatusNotification",{"timestamp":"2026-01-21T05:30:00Z","evseId":1,"connectorId":1}]',
    reply: [4, "v1", "OccurrenceConstraintViolation"],
    events: [],
  },
  {
    name: "answers a string where an integer belongs with TypeConstraintViolation",
    state: accepted,
    text:
      '[2,"v2","StatusNotification",{"timestamp":"2026-01-21T05:30:00Z","connectorStatus":"Available","evseId":"1","connectorId":1}]',
    reply: [4, "v2", "TypeConstraintViolation"],
    events: [],
  },
  {
    name: "answers a bad enum value with PropertyConstraintViolation",
    state: accepted,
    text:
      '[2,"v3","StatusNotification",{"timestamp":"2026-01-21T05:30:00Z","connectorStatus":"Charging","evseId":1,"connectorId":1}]',
    reply: [4, "v3", "PropertyConstraintViolation"],
    events: [],
  },
  {
    name: "answers a non-object payload with FormatViolation",
    state: accepted,
    text: '[2,"v4","Heartbeat",[]]',
    reply: [4, "v4", "FormatViolation"],
    events: [],
  },
  {
    name: "E01 starts a transaction and publishes started, updated and a meter sample",
    state: accepted,
    text: tx(0, "Started", energy(1000)),
    reply: [3, "m0", {}],
    events: ["transaction.started", "transaction.updated", "meter.sampled"],
  },
  {
    name: "keeps an Updated for an unknown transaction (never an error)",
    state: accepted,
    text: tx(5, "Updated", energy(5000)),
    reply: [3, "m5", {}],
    events: ["transaction.started", "transaction.updated", "meter.sampled"],
  },
  {
    name: "closes after maxBadFrames bad frames in a row",
    state: { ...accepted, badFrameRun: 2 },
    text: "garbage",
    reply: [4, "-1", "RpcFrameworkError"],
    events: [],
    close: true,
  },
];

for (const row of TABLE) {
  Deno.test(`decideFrame() ${row.name}`, () => {
    const { effects } = decideFrame(row.state, CONFIG, row.text, NOW);
    const [reply] = sent(effects);
    assert.deepEqual(reply.slice(0, row.reply.length), row.reply);
    assert.deepEqual(emitted(effects), row.events);
    assert.equal(effects.some((e) => e.type === "close"), row.close ?? false);
  });
}

Deno.test("decideFrame() acknowledges a retransmitted TransactionEvent without counting it", () => {
  const first = decideFrame(accepted, CONFIG, tx(0, "Started", energy(1000)), NOW);
  const again = decideFrame(first.state, CONFIG, tx(0, "Started", energy(1000)), NOW);
  assert.deepEqual(sent(again.effects), [[3, "m0", {}]]);
  assert.deepEqual(emitted(again.effects), []);
  assert.ok(!again.effects.some((e) => e.type === "persist"));
});

Deno.test("decideFrame() remembers the last RECENT_SEQ_NOS seqNos of a transaction as retransmissions", () => {
  let state = decideFrame(accepted, CONFIG, tx(0, "Started", energy(1000)), NOW).state;
  for (let seqNo = 1; seqNo < RECENT_SEQ_NOS + 6; seqNo++) {
    state = decideFrame(state, CONFIG, tx(seqNo, "Updated", energy(1000 + seqNo)), NOW).state;
  }
  const recent = state.transactions.get("tx1")!.recentSeqNos;
  assert.equal(recent.length, RECENT_SEQ_NOS);
  assert.deepEqual([recent[0], recent.at(-1)], [6, RECENT_SEQ_NOS + 5], "the newest, in order");
  const isPersisted = (seqNo: number) =>
    decideFrame(state, CONFIG, tx(seqNo, "Updated", energy(1)), NOW).effects.some((e) =>
      e.type === "persist"
    );
  assert.ok(!isPersisted(6), "the oldest remembered is answered as a retransmission");
  assert.ok(isPersisted(5), "older ones go to the store, which knows them all");
});

Deno.test("decideFrame() computes session energy from the registers at start and end", () => {
  let state = decideFrame(accepted, CONFIG, tx(0, "Started", energy(1000)), NOW).state;
  state = decideFrame(state, CONFIG, tx(1, "Updated", energy(9000)), NOW).state;
  const end = decideFrame(state, CONFIG, tx(2, "Ended", energy(21150)), NOW);
  const ended = endedPayload(end.effects);
  assert.equal(ended.energyWh, 20150);
  assert.equal(ended.meterStartWh, 1000);
  assert.equal(end.state.transactions.get("tx1")?.isEnded, true);
});

Deno.test("decideFrame() takes the start register from the first reading when the Started carried none", () => {
  let state = decideFrame(accepted, CONFIG, tx(0, "Started"), NOW).state;
  const next = decideFrame(state, CONFIG, tx(1, "Updated", energy(2000)), NOW);
  state = next.state;
  assert.equal(state.transactions.get("tx1")?.meterStartWh, 2000);
  const end = decideFrame(state, CONFIG, tx(2, "Ended", energy(5000)), NOW);
  const ended = endedPayload(end.effects);
  assert.equal(ended.energyWh, 3000);
});

Deno.test("decideFrame() takes the start from a Transaction.Begin reading when the Started is lost", () => {
  // TxEnded sampling: the Ended repeats the register at the start, marked Transaction.Begin.
  const sample = (at: string, value: number, context: string) => ({
    timestamp: at,
    sampledValue: [{ value, context }],
  });
  const end = decideFrame(
    accepted,
    CONFIG,
    tx(7, "Ended", {
      meterValue: [
        sample("2026-01-21T04:00:00Z", 1500, "Transaction.Begin"),
        sample("2026-01-21T04:30:00Z", 9000, "Sample.Periodic"),
        sample(TS, 12_500, "Transaction.End"),
      ],
    }),
    NOW,
  );
  const ended = endedPayload(end.effects);
  assert.deepEqual([ended.meterStartWh, ended.energyWh], [
    1500,
    11_000,
  ]);
  const persist = end.effects.find((e) => e.type === "persist");
  assert.ok(persist?.type === "persist");
  assert.equal(persist.record.beginEnergyWh, 1500);
});

Deno.test("decideFrame(): a Transaction.Begin reading replaces a first reading taken for the start", () => {
  let state = decideFrame(accepted, CONFIG, tx(0, "Started"), NOW).state;
  state = decideFrame(state, CONFIG, tx(1, "Updated", energy(2000)), NOW).state;
  assert.equal(state.transactions.get("tx1")?.meterStartWh, 2000, "the first reading, for now");
  const begin = {
    timestamp: "2026-01-21T05:00:00Z",
    sampledValue: [{ value: 1500, context: "Transaction.Begin" }],
  };
  const end = decideFrame(
    state,
    CONFIG,
    tx(2, "Ended", { meterValue: [begin, { timestamp: TS, sampledValue: [{ value: 5000 }] }] }),
    NOW,
  );
  const tx1 = end.state.transactions.get("tx1");
  assert.deepEqual([tx1?.meterStartWh, tx1?.meterStartSeqNo], [1500, 2], "as storage: sure");
  // A later event's Transaction.Begin does not replace a Started's register (lower seqNo).
  state = decideFrame(accepted, CONFIG, tx(0, "Started", energy(1000)), NOW).state;
  state = decideFrame(state, CONFIG, tx(1, "Ended", { meterValue: [begin] }), NOW).state;
  assert.equal(state.transactions.get("tx1")?.meterStartWh, 1000);
});

Deno.test("decideFrame() takes the first reading by seqNo, as storage, whatever order the events arrive in", () => {
  const startOf = (texts: string[]) => {
    let state = accepted;
    for (const text of texts) state = decideFrame(state, CONFIG, text, NOW).state;
    return state.transactions.get("tx1")?.meterStartWh;
  };
  // A late Started without a reading: the Updated before it gives the start.
  assert.equal(startOf([tx(1, "Updated", energy(1000)), tx(0, "Started")]), 1000);
  assert.equal(
    startOf([tx(1, "Updated", energy(1000)), tx(0, "Started"), tx(2, "Ended", energy(3000))]),
    1000,
  );
  // Its Updated events out of order: the lower seqNo's reading.
  assert.equal(
    startOf([tx(0, "Started"), tx(2, "Updated", energy(2600)), tx(1, "Updated", energy(2000))]),
    2000,
  );
});

Deno.test("decideFrame() leaves the start unknown without a Started or a Transaction.Begin reading", () => {
  let state = decideFrame(accepted, CONFIG, tx(3, "Updated", energy(4000)), NOW).state;
  assert.equal(state.transactions.get("tx1")?.meterStartWh, undefined, "as in storage");
  const end = decideFrame(state, CONFIG, tx(4, "Ended", energy(6000)), NOW);
  const ended = endedPayload(end.effects);
  assert.equal(ended.energyWh, undefined);
  // The Started delivered late brings the start, and storage gets it as sure.
  state = decideFrame(end.state, CONFIG, tx(0, "Started", energy(1000)), NOW).state;
  assert.equal(state.transactions.get("tx1")?.meterStartWh, 1000);
  assert.equal(state.transactions.get("tx1")?.hasStartedEvent, true);
});

Deno.test("decideFrame(): an event after the Ended is the past (no newer register, not running)", () => {
  let state = decideFrame(accepted, CONFIG, tx(0, "Started", energy(1000)), NOW).state;
  state = decideFrame(state, CONFIG, tx(2, "Ended", energy(3000)), NOW).state;
  const late = decideFrame(state, CONFIG, tx(1, "Updated", energy(2000)), NOW);
  assert.equal(late.state.transactions.get("tx1")?.lastEnergyWh, 3000);
  const updated = late.effects.find((e) =>
    e.type === "emit" && e.event.type === "transaction.updated"
  );
  assert.ok(updated?.type === "emit" && updated.event.type === "transaction.updated");
  assert.equal(updated.event.payload.isEnded, true);
  assert.equal(updated.event.payload.energyWh, 3000);
});

Deno.test("decideFrame(): a late register counts when no later event carried one", () => {
  let state = decideFrame(accepted, CONFIG, tx(0, "Started", energy(1000)), NOW).state;
  state = decideFrame(state, CONFIG, tx(2, "Updated"), NOW).state; // no meter value
  state = decideFrame(state, CONFIG, tx(1, "Updated", energy(2000)), NOW).state;
  const end = decideFrame(state, CONFIG, tx(3, "Ended"), NOW);
  const ended = endedPayload(end.effects);
  assert.equal(ended.energyWh, 1000, "as storage: the highest seqNo with a register");
});

Deno.test("decideFrame() keeps the token a transaction started with when another card stops it", () => {
  const token = (idToken: string) => ({ idToken: { idToken, type: "ISO14443" } });
  let state = decideFrame(accepted, CONFIG, tx(0, "Started", token("DRIVER1")), NOW).state;
  state = decideFrame(state, CONFIG, tx(1, "Ended", token("FLEETADMIN")), NOW).state;
  assert.equal(state.transactions.get("tx1")?.idToken, "DRIVER1");
});

Deno.test("decideFrame() asks to persist a TransactionEvent before the reply is sent", () => {
  const { effects } = decideFrame(accepted, CONFIG, tx(0, "Started", energy(1000)), NOW);
  assert.deepEqual(effects.slice(0, 2).map((e) => e.type), ["persist", "send"]);
  const persist = effects[0];
  assert.ok(persist.type === "persist");
  assert.equal(persist.record.energyWh, 1000);
  assert.deepEqual(JSON.parse(persist.failureText).slice(0, 3), [4, "m0", "InternalError"]);
});

Deno.test("decideFrame() resets the bad-frame run after a good frame", () => {
  const bad = decideFrame(accepted, CONFIG, "garbage", NOW);
  assert.equal(bad.state.badFrameRun, 1);
  const good = decideFrame(bad.state, CONFIG, '[2,"h","Heartbeat",{}]', NOW);
  assert.equal(good.state.badFrameRun, 0);
});

Deno.test("decideFrame() routes CALLRESULT and CALLERROR frames to the call queue", () => {
  const { effects, state } = decideFrame(accepted, CONFIG, '[3,"r1",{"status":"Accepted"}]', NOW);
  assert.equal(effects[0].type, "route");
  assert.equal(state, accepted);
  assert.deepEqual(sent(effects), [], "a CALLRESULT is never answered");
});
