/**
 * The hostile-input fuzzer shared by the bounded CI test (fuzz_frames_test.ts) and the long
 * run on demand (fuzz_long.ts): seeded generators of broken frames and schema-aware mutations
 * of all 64 request types, an oracle saying which answer id each frame must get, and a driver
 * that sends them to a real CSMS over loopback while a bystander station keeps heartbeating.
 */
import { ACTIONS } from "../actors/ocpp/actions.ts";
import { type JsonSchema, loadOfficialSchemas, schemaName } from "../actors/ocpp/gen_schemas.ts";
import {
  brokenSamples,
  type Json,
  maximalSample,
  minimalSample,
} from "../actors/ocpp/schema_samples.ts";
import { seededRandom } from "../sim/fleet/random.ts";

/** A seeded PRNG: the same seed gives the same frames (the simulator's mulberry32). */
export const createRandom = seededRandom;

/** One frame to send: text, or bytes sent as a binary message. */
export type FuzzFrame = { text: string } | { binary: Uint8Array };

/** What the CSMS must answer: exactly one frame with this id, or nothing (`null`). */
export type Expected = string | null;

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The oracle, written from the OCPP-J contract rather than from the parser: unreadable frames
 * and frames over `maxFrameChars` are answered with id "-1"; a well-formed CALLRESULT or
 * CALLERROR is routed and never answered (our ids are never pending calls); anything else
 * with a readable id gets exactly one answer.
 */
export function expectedAnswer(frame: FuzzFrame, maxFrameChars = Infinity): Expected {
  if (!("text" in frame) || frame.text.length > maxFrameChars) return "-1";
  let raw: unknown;
  try {
    raw = JSON.parse(frame.text);
  } catch {
    return "-1";
  }
  if (!Array.isArray(raw) || raw.length === 0) return "-1";
  const [type, id] = raw;
  if (typeof id !== "string" || id.length === 0 || id.length > 36) return "-1";
  if (type === 3 && raw.length === 3 && isObject(raw[2])) return null;
  if (type === 4 && raw.length === 5 && typeof raw[2] === "string" && typeof raw[3] === "string") {
    return null;
  }
  return id;
}

/** Valid samples of every request payload, by action (from the official schemas). */
export interface Samples {
  actions: string[];
  valid: Map<string, Json[]>;
  broken: Map<string, Json[]>;
}

/** Builds minimal, maximal and single-defect samples of all 64 request types. */
export async function loadSamples(): Promise<Samples> {
  const valid = new Map<string, Json[]>();
  const broken = new Map<string, Json[]>();
  for (const schema of await loadOfficialSchemas() as (JsonSchema & { $id: string })[]) {
    const { action, isRequest } = schemaName(schema.$id);
    if (!isRequest) continue;
    const max = maximalSample(schema);
    valid.set(action, [minimalSample(schema), max]);
    broken.set(action, brokenSamples(schema, max).map((b) => b.payload));
  }
  return { actions: [...ACTIONS], valid, broken };
}

const HOSTILE_VALUES: Json[] = [
  null,
  true,
  -0,
  1e308,
  -1e308,
  9007199254740993,
  0.1 + 0.2,
  -1,
  2147483648,
  "",
  "x".repeat(5000),
  "\u0000\u0007\u001b[31m",
  "\ud800", // a lone surrogate: sent as U+FFFD by the WebSocket client
  "💥".repeat(100),
  "2026-02-30T25:61:61Z",
  "<script>alert(1)</script>",
  "'; DROP TABLE chargers; --",
  [],
  {},
  { __proto__: { polluted: true } } as unknown as Json,
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function nested(depth: number, open: string, close: string, core = "0"): string {
  return open.repeat(depth) + core + close.repeat(depth);
}

/** Replaces one randomly chosen value (or adds a key) somewhere inside `value`. */
function mutate(random: () => number, value: Json, depth = 0): Json {
  const replacement = () => pick(random, HOSTILE_VALUES);
  if (depth > 6 || value === null || typeof value !== "object" || random() < 0.25) {
    return replacement();
  }
  if (Array.isArray(value)) {
    if (value.length === 0 || random() < 0.2) return [...value, replacement()];
    const i = Math.floor(random() * value.length);
    return value.map((item, j) => (j === i ? mutate(random, item, depth + 1) : item));
  }
  const keys = Object.keys(value);
  if (keys.length === 0 || random() < 0.15) return { ...value, [`extra${depth}`]: replacement() };
  const key = pick(random, keys);
  if (random() < 0.15) {
    const { [key]: _removed, ...rest } = value;
    return rest;
  }
  return { ...value, [key]: mutate(random, value[key], depth + 1) };
}

const POISON = ["\u0000", "a\u0000b", "\ud800", "x\udc00y", "\u0000\ud83d"];

/** `value` with some of its strings (keys too) replaced by NUL and lone surrogates. */
function poisoned(random: () => number, value: Json): Json {
  if (typeof value === "string") return random() < 0.5 ? value + pick(random, POISON) : value;
  if (Array.isArray(value)) return value.map((v) => poisoned(random, v));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) out[k] = poisoned(random, v);
  if (random() < 0.3) {
    out.customData = { vendorId: pick(random, POISON), [pick(random, POISON)]: 1 };
  }
  return out;
}

/**
 * A TransactionEvent of one of a few transactions with a random seqNo (so repeats and
 * out-of-order ones) whose readings repeat older ones, as TxEnded sampling may.
 */
function replayedEvent(random: () => number): Json {
  const seqNo = Math.floor(random() * 8);
  const at = (n: number) => new Date(Date.UTC(2026, 0, 21, 5, 30 + n)).toISOString();
  const reading = (n: number) => ({ timestamp: at(n), sampledValue: [{ value: 1000 + n * 500 }] });
  const eventType = seqNo === 0 ? "Started" : seqNo === 7 ? "Ended" : "Updated";
  return {
    eventType,
    timestamp: at(seqNo),
    triggerReason: "MeterValuePeriodic",
    seqNo,
    transactionInfo: { transactionId: `fuzz-tx-${Math.floor(random() * 3)}` },
    meterValue: [reading(0), reading(seqNo), reading(Math.floor(random() * 8))],
  };
}

/** Generates frames from a seed; `next(id)` gives the frame to send with unique id `id`. */
export function createFuzzer(seed: number, samples: Samples, limits: { maxFrameChars: number }) {
  const random = createRandom(seed);
  const action = () => pick(random, samples.actions);
  const payload = (name: string): Json => pick(random, samples.valid.get(name) ?? [{}]);
  const call = (id: Json, name: Json, body: Json) => JSON.stringify([2, id, name, body]);
  const kinds: ((id: string) => FuzzFrame)[] = [
    // Schema-aware: valid samples of every action, single-defect samples, random mutations.
    (id) => {
      const name = action();
      return { text: call(id, name, payload(name)) };
    },
    (id) => {
      const name = action();
      const broken = samples.broken.get(name) ?? [];
      return { text: call(id, name, broken.length ? pick(random, broken) : payload(name)) };
    },
    (id) => {
      const name = action();
      return { text: call(id, name, mutate(random, payload(name))) };
    },
    (id) => {
      const name = action();
      return { text: call(id, name, mutate(random, mutate(random, payload(name)))) };
    },
    // Random bytes, as text and as a binary message.
    (id) => {
      const chars = Array.from(
        { length: 1 + Math.floor(random() * 200) },
        () => String.fromCharCode(Math.floor(random() * 0xffff)),
      );
      return { text: random() < 0.5 ? chars.join("") : `[2,"${id}",${chars.join("")}` };
    },
    () => ({ binary: crypto.getRandomValues(new Uint8Array(1 + Math.floor(random() * 300))) }),
    // Truncated JSON: every proper prefix of an array text is invalid JSON.
    (id) => {
      const name = action();
      const text = call(id, name, payload(name));
      return { text: text.slice(0, Math.floor(random() * (text.length - 1))) };
    },
    // Wrong arity, wrong types, unknown message types.
    (id) => ({
      text: JSON.stringify(pick(random, [
        [2, id],
        [2, id, "Heartbeat"],
        [2, id, "Heartbeat", {}, {}],
        [2, id, 42, {}],
        [2, id, "", {}],
        [2, id, "Heartbeat", []],
        [2, id, "Heartbeat", "payload"],
        [2, id, "Heartbeat", null],
        [3, id],
        [3, id, {}], // well-formed answers to nothing: logged and dropped, never answered
        [4, id, "GenericError", "x", {}],
        [3, id, "not-an-object"],
        [4, id, "GenericError"],
        [4, id, 7, "description", {}],
        [5, id, "Heartbeat", {}],
        ["2", id, "Heartbeat", {}],
        [2.5, id, "Heartbeat", {}],
        [-1, id],
        [2, id, "NoSuchAction", {}],
        [2, id, "x".repeat(1000), {}],
      ] as Json[])),
    }),
    // Unreadable ids.
    () => ({
      text: JSON.stringify([
        2,
        pick(random, [42, null, "", "x".repeat(37), {}, []]),
        "Heartbeat",
        {},
      ]),
    }),
    () => ({ text: pick(random, ["", " ", "null", "42", '"text"', "{}", "[]", "[[]]", "true"]) }),
    // Huge numbers as JSON text (1e400 parses to Infinity), and deep nesting.
    (id) => ({
      text: `[2,"${id}","MeterValues",{"evseId":${
        pick(random, ["1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-0"])
      },"meterValue":[{"timestamp":"2026-01-21T05:30:00Z","sampledValue":[{"value":1e400}]}]}]`,
    }),
    (id) => ({
      text: `[2,"${id}","DataTransfer",{"vendorId":"x","data":${
        nested(1 + Math.floor(random() * 20_000), "[", "]")
      }}]`,
    }),
    (id) => ({
      text: `[2,"${id}","DataTransfer",{"vendorId":"x","data":${
        nested(1 + Math.floor(random() * 10_000), '{"a":', "}")
      }}]`,
    }),
    () => ({ text: nested(50_000, "[", "]") }),
    // Schema-valid poison (issue 20): NUL and lone surrogates in strings, deep customData.
    (id) => {
      const name = pick(random, [
        "TransactionEvent",
        "BootNotification",
        "SecurityEventNotification",
      ]);
      return { text: call(id, name, poisoned(random, payload(name))) };
    },
    (id) => {
      const name = pick(random, ["TransactionEvent", "BootNotification", "StatusNotification"]);
      const body = JSON.stringify(payload(name)).slice(0, -1);
      // Past the 32 levels storage keeps; the oracle's own JSON.parse must manage it too.
      const deep = nested(33 + Math.floor(random() * 300), '{"vendorId":"v","d":', "}");
      return { text: `[2,"${id}","${name}",${body},"customData":${deep}}]` };
    },
    // Repeated readings and out-of-order seqNo within a few transactions.
    (id) => ({ text: call(id, "TransactionEvent", replayedEvent(random)) }),
    // Oversized (past maxFrameChars) and just under it.
    (id) => {
      const size = random() < 0.5 ? limits.maxFrameChars + 1 : limits.maxFrameChars - 100;
      const head = `[2,"${id}","DataTransfer",{"vendorId":"x","data":"`;
      return { text: `${head}${"y".repeat(size - head.length - 4)}"}]` };
    },
  ];
  // Weights: mostly schema-aware, big frames rarely (they cost megabytes each).
  const weights = [6, 6, 10, 6, 4, 2, 3, 4, 2, 2, 2, 1, 1, 0.3, 2, 0.3, 2, 0.3];
  const total = weights.reduce((a, b) => a + b, 0);
  return {
    next(id: string): FuzzFrame {
      let r = random() * total;
      for (let i = 0; i < kinds.length; i++) {
        r -= weights[i];
        if (r <= 0) return kinds[i](id);
      }
      return kinds[0](id);
    },
  };
}
