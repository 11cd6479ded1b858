/**
 * Times each inbound CALL from the moment its frame arrives to the moment its CALLRESULT or
 * CALLERROR leaves, matched by message id, and counts frames and answered CALLs by action and
 * outcome, both ways (a charger's CALLs and the CSMS's commands). One timer per connection; it
 * reads only the head of each frame (no JSON parse), so it costs well under a microsecond.
 */
import type { Histogram, Metrics } from "../runtime/metrics.ts";

/** Watches one connection's frames. */
export interface ReplyTimer {
  received(text: string): void;
  sent(text: string): void;
}

// `[2,"id","Action",` with the whitespace JSON allows; ids with escapes are not timed.
const CALL_HEAD = /^\s*\[\s*2\s*,\s*"([^"\\]{1,36})"\s*,\s*"([A-Za-z0-9]{1,64})"/;
// `[3,"id"` or `[4,"id"` from a charger, which may put whitespace anywhere JSON allows.
const ANSWER_HEAD = /^\s*\[\s*[34]\s*,\s*"([^"\\]{1,36})"/;
/** More unanswered CALLs than this means the peer ignores OCPP-J's one-at-a-time rule. */
const MAX_PENDING = 64;

/** The message id of a frame we built (`[3,"id",…` or `[4,"id",…`), or undefined. */
function answerId(text: string): string | undefined {
  const type = text.charCodeAt(1);
  if ((type !== 0x33 && type !== 0x34) || text.charCodeAt(0) !== 0x5b) return undefined;
  if (text.charCodeAt(2) !== 0x2c || text.charCodeAt(3) !== 0x22) return undefined;
  const end = text.indexOf('"', 4);
  return end > 4 ? text.slice(4, end) : undefined;
}

/** One unanswered CALL. */
interface Pending {
  atMs: number;
  action: string;
}

/**
 * The unanswered CALLs of one direction. OCPP-J allows one at a time, so one slot holds it; a
 * peer that breaks the rule gets a map. (Two empty Maps per connection were ~650 bytes of
 * every charger's memory.)
 */
class PendingCalls {
  #id: string | undefined;
  #call: Pending | undefined;
  #more: Map<string, Pending> | null = null;

  get isEmpty(): boolean {
    return this.#id === undefined && (this.#more === null || this.#more.size === 0);
  }

  /** Remembers a CALL by its message id, or returns false for a frame that is not one. */
  remember(text: string, atMs: number): boolean {
    const head = CALL_HEAD.exec(text);
    if (head === null) return false;
    const call = { atMs, action: head[2] };
    if (this.#id === undefined || this.#id === head[1]) {
      this.#id = head[1];
      this.#call = call;
      return true;
    }
    this.#more ??= new Map();
    if (this.#more.size + 1 >= MAX_PENDING) {
      // a peer that ignores one-at-a-time: forget them all rather than grow
      this.#more.clear();
      this.#id = head[1];
      this.#call = call;
      return true;
    }
    this.#more.set(head[1], call);
    return true;
  }

  /** The CALL an answer frame answers (forgotten here), or undefined. */
  take(id: string | undefined): Pending | undefined {
    if (id === undefined) return undefined;
    if (this.#id === id) {
      const call = this.#call;
      this.#id = this.#call = undefined;
      return call;
    }
    const call = this.#more?.get(id);
    if (call !== undefined) this.#more!.delete(id);
    return call;
  }
}

const outcomeOf = (text: string) => /^\s*\[\s*4/.test(text) ? "error" : "result";

/** An action's histograms and counter names, built once per action and metrics. */
interface ActionMetrics {
  replyMs: Histogram;
  callOutMs: Histogram;
  callsIn: { result: string; error: string };
  callsOut: { result: string; error: string };
}

const actionMetrics = new WeakMap<Metrics, Map<string, ActionMetrics>>();

function metricsOf(metrics: Metrics, action: string): ActionMetrics {
  let byAction = actionMetrics.get(metrics);
  if (byAction === undefined) actionMetrics.set(metrics, byAction = new Map());
  let entry = byAction.get(action);
  if (entry === undefined) {
    entry = {
      replyMs: metrics.histogram(`ocpp.reply_ms.${action}`),
      callOutMs: metrics.histogram(`ocpp.call_out_ms.${action}`),
      callsIn: {
        result: `ocpp.calls_in.${action}.result`,
        error: `ocpp.calls_in.${action}.error`,
      },
      callsOut: {
        result: `ocpp.calls_out.${action}.result`,
        error: `ocpp.calls_out.${action}.error`,
      },
    };
    byAction.set(action, entry);
  }
  return entry;
}

const answerHeadId = (text: string) => ANSWER_HEAD.exec(text)?.[1];

/**
 * Builds the timer of one connection. Histograms: `ocpp.reply_ms` (every answered CALL),
 * `ocpp.reply_ms.<Action>` and `ocpp.call_out_ms.<Action>` (a command's round trip);
 * counters: `ocpp.frames_in`, `ocpp.frames_out`, `ocpp.callerrors_out`,
 * `ocpp.calls_in.<Action>.<result|error>` and `ocpp.calls_out.<Action>.<result|error>`.
 */
export function createReplyTimer(
  metrics: Metrics,
  now: () => number = performanceNow,
): ReplyTimer {
  return new ConnectionTimer(metrics, now);
}

const performanceNow = () => performance.now();

/** One connection's timer: a class, since there is one per connected charger. */
class ConnectionTimer implements ReplyTimer {
  readonly #metrics: Metrics;
  readonly #now: () => number;
  readonly #all: Histogram;
  readonly #in = new PendingCalls();
  readonly #out = new PendingCalls();

  constructor(metrics: Metrics, now: () => number) {
    this.#metrics = metrics;
    this.#now = now;
    this.#all = metrics.histogram("ocpp.reply_ms");
  }

  received(text: string): void {
    this.#metrics.count("ocpp.frames_in");
    if (this.#in.remember(text, this.#now())) return;
    if (this.#out.isEmpty) return;
    const call = this.#out.take(answerHeadId(text));
    if (call === undefined) return;
    const m = metricsOf(this.#metrics, call.action);
    this.#metrics.count(m.callsOut[outcomeOf(text)]);
    m.callOutMs.observe(this.#now() - call.atMs);
  }

  sent(text: string): void {
    this.#metrics.count("ocpp.frames_out");
    if (text.charCodeAt(1) === 0x34) this.#metrics.count("ocpp.callerrors_out");
    if (this.#out.remember(text, this.#now())) return;
    if (this.#in.isEmpty) return;
    const call = this.#in.take(answerId(text));
    if (call === undefined) return;
    const ms = this.#now() - call.atMs;
    const m = metricsOf(this.#metrics, call.action);
    this.#all.observe(ms);
    m.replyMs.observe(ms);
    this.#metrics.count(m.callsIn[outcomeOf(text)]);
  }
}
