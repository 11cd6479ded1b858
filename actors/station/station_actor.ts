/**
 * The CSMS-side actor of one connected charging station: it alone owns the socket, runs the
 * pure `decideFrame` on each inbound frame, stores what must be durable before answering,
 * publishes events, and sends CSMS-initiated calls one at a time.
 */
import { getLogger } from "@logtape/logtape";
import type { ActorSpec } from "../runtime/actor.ts";
import { type Clock, isoNow } from "../runtime/clock.ts";
import type { AnyEvent, EventType } from "../csms/events.ts";
import type { CsmsAction } from "../ocpp/actions.ts";
import { buildCallError, buildCallResult, CALL, CALLRESULT, parseFrame } from "../ocpp/frames.ts";
import type { ProtocolLog } from "../ocpp/protocol_log.ts";
import { CallAbortedError, type CallQueue, createCallQueue } from "../ocpp/rpc.ts";
import { redactPayload, redactSecrets } from "../ocpp/redact.ts";
import { type DurableStore, UnstorableEventError } from "./durable.ts";
import { initialStationState, type StationConfig, type StationState } from "./state.ts";
import { decideFrame, decideOversized, type Decision } from "./transition.ts";

const log = getLogger(["tamna", "station"]);

/**
 * Frames one connection may have waiting (in the mailbox, or for a TransactionEvent write).
 * OCPP-J allows one outstanding CALL per direction; a charger this far ahead is flooding, so
 * what is beyond gets a CALLERROR at once and the connection is closed once the rest is
 * answered (Deno's WebSocket cannot stop reading, so there is no backpressure to apply).
 */
export const MAX_QUEUED_FRAMES = 500;

/** What the actor's mailbox carries. */
export type StationMsg =
  | { type: "frame"; text: string }
  | { type: "oversized"; sizeChars: number; limitChars: number }
  | {
    type: "command";
    action: CsmsAction;
    payload: Record<string, unknown>;
    resolve(response: Record<string, unknown>): void;
    reject(error: Error): void;
  }
  | { type: "closed"; code: number; reason: string }
  /** Close the connection (1008) once the frames taken before this one are answered. */
  | { type: "shutdown"; reason: string }
  /** The write of a decision's TransactionEvent settled (the actor sends this to itself). */
  | { type: "written"; decision: Decision; outcome: "stored" | "duplicate" | Error };

/** The socket as the actor uses it. */
export interface StationSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** Dependencies of one station actor. */
export interface StationActorDeps {
  chargerId: string;
  socket: StationSocket;
  clock: Clock;
  emit(event: AnyEvent): void;
  /** Whether anyone reads events of `type`; per-frame events nobody reads are not built. */
  isWanted?(type: EventType): boolean;
  config: StationConfig;
  store?: DurableStore;
  protocolLog: ProtocolLog;
  callTimeoutMs?: number;
  /** Sees the state after every message (the CSMS keeps a read-only snapshot for queries). */
  onState?(state: StationState): void;
}

/** Logs and publishes frames with BasicAuthPassword values redacted (A01); nothing is built for a log or an event type nobody reads. */
function frameLog(deps: StationActorDeps, nowIso: () => string) {
  const log = (type: "frame.in" | "frame.out", frame: string) => {
    const isWanted = deps.isWanted?.(type) ?? true;
    if (!isWanted && !deps.protocolLog.isEnabled) return;
    const text = redactSecrets(frame);
    if (type === "frame.in") deps.protocolLog.received(deps.chargerId, text);
    else deps.protocolLog.sent(deps.chargerId, text);
    if (isWanted) deps.emit({ type, payload: { chargerId: deps.chargerId, text, at: nowIso() } });
  };
  return {
    received: (text: string) => log("frame.in", text),
    sent: (text: string) => log("frame.out", text),
  };
}

/** A bug in a handler answers InternalError (no stack leaves) and keeps the old state. */
function decideSafely(
  state: StationState,
  config: StationConfig,
  input: { text: string; nowMs: number },
): Decision {
  try {
    return decideFrame(state, config, input.text, input.nowMs);
  } catch (error) {
    log.error`${state.chargerId}: handler failed on ${input.text.slice(0, 200)}: ${error}`;
    const parsed = parseFrame(input.text);
    if (!parsed.ok || parsed.frame.type !== CALL) return { state, effects: [] };
    return {
      state,
      effects: [{
        type: "send",
        text: buildCallError(
          parsed.frame.id,
          "InternalError",
          "Internal error while handling the call",
        ),
      }],
    };
  }
}

/** Publishes how the charger answered a CSMS command (`command.answered`). */
function emitAnswer(
  deps: StationActorDeps,
  msg: { action: string; payload: Record<string, unknown> },
  outcome: { response?: Record<string, unknown>; error?: string; at: string },
): void {
  deps.emit({
    type: "command.answered",
    payload: {
      chargerId: deps.chargerId,
      action: msg.action,
      request: redactPayload(msg.payload), // A01: no password in events
      ...outcome,
    },
  });
}

/** Sends a CSMS command through the call queue; the answer arrives as a later frame. */
function startCommand(
  deps: StationActorDeps,
  calls: CallQueue,
  msg: Extract<StationMsg, { type: "command" }>,
  nowIso: () => string,
): void {
  calls.call(msg.action, msg.payload).then((response) => {
    emitAnswer(deps, msg, { response, at: nowIso() });
    msg.resolve(response);
  }, (error: Error) => {
    emitAnswer(deps, msg, { error: `${error.name}: ${error.message}`, at: nowIso() });
    msg.reject(error);
  });
}

/**
 * The answer to a TransactionEvent that was not stored: InternalError while storage is down
 * (the charger retries later), a permanent PropertyConstraintViolation when the database
 * refused the event's own values (retrying the same event cannot succeed).
 */
function refusal(
  chargerId: string,
  effect: Extract<Decision["effects"][number], { type: "persist" }>,
  error: unknown,
): string {
  const where =
    `${chargerId}: TransactionEvent ${effect.record.transactionId}/${effect.record.seqNo}`;
  if (error instanceof UnstorableEventError) {
    log.error`${where} cannot be stored, refused: ${error.message}`;
    return buildCallError(
      effect.callId,
      "PropertyConstraintViolation",
      `Event cannot be stored: ${error.message}`.slice(0, 255),
    );
  }
  log.warn`${where} not stored (storage unavailable): ${error}`;
  return effect.failureText;
}

/**
 * Runs a decision's effects in order, except storing (the actor stores first, beside its
 * mailbox). Events of a retransmission the store already held are not published again.
 */
function perform(
  deps: StationActorDeps,
  decision: Decision,
  io: { write(text: string): void; calls: CallQueue; isDuplicate: boolean },
): void {
  for (const effect of decision.effects) {
    switch (effect.type) {
      case "persist":
        break;
      case "send":
        io.write(effect.text);
        break;
      case "emit":
        if (!io.isDuplicate || effect.event.type === "station.relaxed") deps.emit(effect.event);
        break;
      case "route":
        if (!io.calls.handleFrame(effect.frame)) {
          log.warn`${deps.chargerId}: dropped an answer to unknown message id ${effect.frame.id}`;
        }
        break;
      case "close":
        deps.socket.close(effect.code, effect.reason);
        break;
    }
  }
}

type PersistEffect = Extract<Decision["effects"][number], { type: "persist" }>;
const persistOf = (decision: Decision) =>
  decision.effects.find((e): e is PersistEffect => e.type === "persist");

/**
 * The answer to an event the store already held but this process did not remember (an Ended
 * retransmitted after a restart, its first answer lost): the decision priced it from nothing
 * or not at all, so its totalCost is the cost stored with the transaction, or is left out when
 * none was stored (also when the lookup fails): no cost rather than 0.
 */
async function repeatedAnswer(
  store: DurableStore,
  decision: Decision,
  persist: PersistEffect,
): Promise<Decision> {
  const { record } = persist;
  // Only an Ended's answer carries a cost (I03); the decision may have priced it, or found
  // no start to price it from: either way the stored cost is the answer.
  if (record.eventType !== "Ended") return decision;
  const reply = decision.effects.find((e) => e.type === "send");
  if (reply?.type !== "send") return decision;
  const parsed = parseFrame(reply.text);
  if (!parsed.ok || parsed.frame.type !== CALLRESULT) return decision;
  const { id, payload } = parsed.frame;
  const costKrw = await store.storedCostKrw?.(record.chargerId, record.transactionId)
    .catch(() => undefined);
  const { totalCost: _, ...rest } = payload;
  const text = buildCallResult(id, costKrw === undefined ? rest : { ...rest, totalCost: costKrw });
  return { ...decision, effects: decision.effects.map((e) => e === reply ? { ...e, text } : e) };
}

/** The supervisor spec of a station actor (`transient`: restarted after a crash only). */
export function stationActorSpec(deps: StationActorDeps): ActorSpec<StationMsg> {
  return {
    id: deps.chargerId,
    restart: "transient",
    async start(self) {
      const stored = await deps.store?.loadStation(deps.chargerId);
      let state = initialStationState(deps.chargerId, "Unknown", stored);
      // A station storage knows (seeded from a fleet, or booted before) is a known station.
      const config = stored ? { ...deps.config, isKnown: true } : deps.config;
      deps.onState?.(state);
      const nowIso = () => isoNow(deps.clock);
      const frames = frameLog(deps, nowIso);
      const write = (text: string) => {
        deps.socket.send(text);
        frames.sent(text);
      };
      const calls = createCallQueue({
        clock: deps.clock,
        timeoutMs: deps.callTimeoutMs,
        send: (text) => deps.socket.send(text),
        onSent: frames.sent,
      });

      // A TransactionEvent is stored beside the mailbox: while its write is pending, other
      // calls (Heartbeat, StatusNotification, …) are answered at once, and later frames that
      // must be stored wait in `held`, in order, for the state the write leaves.
      let isWriting = false;
      const held: string[] = [];
      // Set once a flood went past MAX_QUEUED_FRAMES: close when what was taken is answered.
      let closingReason: string | undefined;

      function apply(decision: Decision): void {
        const persist = persistOf(decision);
        if (persist && deps.store) {
          isWriting = true;
          const store = deps.store;
          const written = (outcome: "stored" | "duplicate" | Error, answer = decision) =>
            self.send({ type: "written", decision: answer, outcome });
          store.saveTransactionEvent(persist.record).then(
            async (outcome) => {
              const answer = outcome === "duplicate"
                ? await repeatedAnswer(store, decision, persist).catch(() => decision)
                : decision;
              written(outcome, answer);
            },
            (error) => written(error instanceof Error ? error : new Error(String(error))),
          );
          return;
        }
        perform(deps, decision, { write, calls, isDuplicate: false });
        state = decision.state;
        deps.onState?.(state);
      }

      function onFrame(text: string): void {
        const decision = decideSafely(state, config, { text, nowMs: deps.clock.now() });
        const persist = persistOf(decision);
        if (!isWriting || !persist) return apply(decision);
        if (held.length < MAX_QUEUED_FRAMES && closingReason === undefined) {
          held.push(text);
          return;
        }
        closingReason ??= `Too many frames queued (${MAX_QUEUED_FRAMES}): send one CALL at a time`;
        log.warn`${deps.chargerId}: ${closingReason}; refusing and closing`;
        write(buildCallError(persist.callId, "RpcFrameworkError", closingReason));
      }

      function onWritten(msg: Extract<StationMsg, { type: "written" }>): void {
        isWriting = false;
        if (msg.outcome instanceof Error) {
          // Not stored, so not acknowledged: the state keeps what it had.
          write(refusal(deps.chargerId, persistOf(msg.decision)!, msg.outcome));
        } else {
          perform(deps, msg.decision, { write, calls, isDuplicate: msg.outcome === "duplicate" });
          // Only the transactions are the write's; the rest may have moved on meanwhile. A
          // duplicate's too: the store held an event this state did not know (one committed
          // after its write timed out, or one from before a restart).
          state = { ...state, transactions: msg.decision.state.transactions };
          deps.onState?.(state);
        }
        while (held.length > 0 && !isWriting) onFrame(held.shift()!);
        if (closingReason !== undefined && !isWriting) deps.socket.close(1008, closingReason);
      }

      function closed(msg: Extract<StationMsg, { type: "closed" }>): void {
        calls.failAll(new CallAbortedError(`Station closed the connection (${msg.code})`));
        deps.emit({
          type: "station.disconnected",
          payload: { chargerId: deps.chargerId, code: msg.code, reason: msg.reason, at: nowIso() },
        });
        self.exit("closed");
      }

      return {
        receive(msg) {
          switch (msg.type) {
            case "frame":
              frames.received(msg.text);
              onFrame(msg.text);
              break;
            case "oversized":
              apply(decideOversized(state, config, msg.sizeChars, msg.limitChars));
              break;
            case "written":
              onWritten(msg);
              break;
            case "command":
              startCommand(deps, calls, msg, nowIso);
              break;
            case "closed":
              closed(msg);
              break;
            case "shutdown":
              // Frames held for a pending write are answered first (see onWritten).
              closingReason ??= msg.reason;
              if (!isWriting) deps.socket.close(1008, closingReason);
              break;
          }
        },
        cleanup(reason) {
          calls.failAll(new CallAbortedError(`Station actor stopped: ${reason}`));
        },
      };
    },
  };
}
