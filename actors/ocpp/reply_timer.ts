/**
 * Times each inbound CALL from the moment its frame arrives to the moment its CALLRESULT or
 * CALLERROR leaves, matched by message id, and counts frames. One timer per connection; it
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

/**
 * Builds the timer of one connection. Histograms: `ocpp.reply_ms` (every answered CALL) and
 * `ocpp.reply_ms.<Action>`; counters: `ocpp.frames_in`, `ocpp.frames_out`,
 * `ocpp.callerrors_out`.
 */
export function createReplyTimer(
  metrics: Metrics,
  now: () => number = () => performance.now(),
): ReplyTimer {
  const pending = new Map<string, { atMs: number; action: string }>();
  const all = metrics.histogram("ocpp.reply_ms");
  return {
    received(text) {
      metrics.count("ocpp.frames_in");
      const head = CALL_HEAD.exec(text);
      if (head === null) return;
      if (pending.size >= MAX_PENDING) pending.clear();
      pending.set(head[1], { atMs: now(), action: head[2] });
    },
    sent(text) {
      metrics.count("ocpp.frames_out");
      if (text.charCodeAt(1) === 0x34) metrics.count("ocpp.callerrors_out");
      if (pending.size === 0) return;
      const id = answerId(text);
      const call = id === undefined ? undefined : pending.get(id);
      if (call === undefined) return;
      pending.delete(id!);
      const ms = now() - call.atMs;
      all.observe(ms);
      metrics.histogram(`ocpp.reply_ms.${call.action}`).observe(ms);
    },
  };
}
