/**
 * Times each inbound CALL from the moment its frame arrives to the moment its CALLRESULT or
 * CALLERROR leaves, matched by message id, and counts frames and answered CALLs by action and
 * outcome, both ways (a charger's CALLs and the CSMS's commands). One timer per connection; it
 * reads only the head of each frame (no JSON parse), so it costs well under a microsecond.
 */
import type { Metrics } from "../runtime/metrics.ts";

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

type Pending = Map<string, { atMs: number; action: string }>;

/** Remembers a CALL by its message id, or returns false for a frame that is not one. */
function rememberCall(pending: Pending, text: string, atMs: number): boolean {
  const head = CALL_HEAD.exec(text);
  if (head === null) return false;
  if (pending.size >= MAX_PENDING) pending.clear();
  pending.set(head[1], { atMs, action: head[2] });
  return true;
}

/** The CALL an answer frame answers (removed from `pending`), or undefined. */
function answered(pending: Pending, text: string, idOf: (text: string) => string | undefined) {
  if (pending.size === 0) return undefined;
  const id = idOf(text);
  const call = id === undefined ? undefined : pending.get(id);
  if (call !== undefined) pending.delete(id!);
  return call;
}

const outcomeOf = (text: string) => /^\s*\[\s*4/.test(text) ? "error" : "result";

/**
 * Builds the timer of one connection. Histograms: `ocpp.reply_ms` (every answered CALL),
 * `ocpp.reply_ms.<Action>` and `ocpp.call_out_ms.<Action>` (a command's round trip);
 * counters: `ocpp.frames_in`, `ocpp.frames_out`, `ocpp.callerrors_out`,
 * `ocpp.calls_in.<Action>.<result|error>` and `ocpp.calls_out.<Action>.<result|error>`.
 */
export function createReplyTimer(
  metrics: Metrics,
  now: () => number = () => performance.now(),
): ReplyTimer {
  const pendingIn: Pending = new Map();
  const pendingOut: Pending = new Map();
  const all = metrics.histogram("ocpp.reply_ms");
  return {
    received(text) {
      metrics.count("ocpp.frames_in");
      if (rememberCall(pendingIn, text, now())) return;
      const call = answered(pendingOut, text, (t) => ANSWER_HEAD.exec(t)?.[1]);
      if (call === undefined) return;
      metrics.count(`ocpp.calls_out.${call.action}.${outcomeOf(text)}`);
      metrics.histogram(`ocpp.call_out_ms.${call.action}`).observe(now() - call.atMs);
    },
    sent(text) {
      metrics.count("ocpp.frames_out");
      if (text.charCodeAt(1) === 0x34) metrics.count("ocpp.callerrors_out");
      if (rememberCall(pendingOut, text, now())) return;
      const call = answered(pendingIn, text, answerId);
      if (call === undefined) return;
      const ms = now() - call.atMs;
      all.observe(ms);
      metrics.histogram(`ocpp.reply_ms.${call.action}`).observe(ms);
      metrics.count(`ocpp.calls_in.${call.action}.${outcomeOf(text)}`);
    },
  };
}
