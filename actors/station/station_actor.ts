/**
 * The CSMS-side actor of one connected charging station: it alone owns the socket, runs the
 * pure `decideFrame` on each inbound frame, stores what must be durable before answering,
 * publishes events, and sends CSMS-initiated calls one at a time.
 */
import { getLogger } from "@logtape/logtape";
import type { ActorSpec } from "../runtime/actor.ts";
import type { Clock } from "../runtime/clock.ts";
import type { AnyEvent, EventType } from "../csms/events.ts";
import type { CsmsAction } from "../ocpp/actions.ts";
import { buildCallError, CALL, parseFrame } from "../ocpp/frames.ts";
import type { ProtocolLog } from "../ocpp/protocol_log.ts";
import { CallAbortedError, createCallQueue } from "../ocpp/rpc.ts";
import { redactPayload, redactSecrets } from "../ocpp/redact.ts";
import type { DurableStore } from "./durable.ts";
import { initialStationState, type StationConfig, type StationState } from "./state.ts";
import { decideFrame, decideOversized, type Decision } from "./transition.ts";

const log = getLogger(["tamna", "station"]);

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
  | { type: "closed"; code: number; reason: string };

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
      const nowIso = () => new Date(deps.clock.now()).toISOString();
      // Logs and events see frames with BasicAuthPassword values redacted (A01). Every frame
      // passes here: nothing is built for a log or an event type nobody reads.
      const logFrame = (type: "frame.in" | "frame.out", frame: string) => {
        const isWanted = deps.isWanted?.(type) ?? true;
        if (!isWanted && !deps.protocolLog.isEnabled) return;
        const text = redactSecrets(frame);
        if (type === "frame.in") deps.protocolLog.received(deps.chargerId, text);
        else deps.protocolLog.sent(deps.chargerId, text);
        if (isWanted) {
          deps.emit({ type, payload: { chargerId: deps.chargerId, text, at: nowIso() } });
        }
      };
      const logSent = (sent: string) => logFrame("frame.out", sent);
      const write = (text: string) => {
        deps.socket.send(text);
        logSent(text);
      };
      const calls = createCallQueue({
        clock: deps.clock,
        timeoutMs: deps.callTimeoutMs,
        send: (text) => deps.socket.send(text),
        onSent: logSent,
      });

      async function run(decision: Decision): Promise<void> {
        let isDuplicate = false;
        for (const effect of decision.effects) {
          switch (effect.type) {
            case "persist": {
              if (!deps.store) break;
              try {
                isDuplicate =
                  (await deps.store.saveTransactionEvent(effect.record)) === "duplicate";
              } catch {
                // Not stored, so not acknowledged: keep the old state; the charger retries.
                write(effect.failureText);
                return;
              }
              break;
            }
            case "send":
              write(effect.text);
              break;
            case "emit":
              if (!isDuplicate || effect.event.type === "station.relaxed") deps.emit(effect.event);
              break;
            case "route":
              if (!calls.handleFrame(effect.frame)) {
                log
                  .warn`${deps.chargerId}: dropped an answer to unknown message id ${effect.frame.id}`;
              }
              break;
            case "close":
              deps.socket.close(effect.code, effect.reason);
              break;
          }
        }
        state = decision.state;
        deps.onState?.(state);
      }

      function emitAnswer(
        msg: { action: string; payload: Record<string, unknown> },
        outcome: { response?: Record<string, unknown>; error?: string },
      ): void {
        deps.emit({
          type: "command.answered",
          payload: {
            chargerId: deps.chargerId,
            action: msg.action,
            request: redactPayload(msg.payload), // A01: no password in events
            ...outcome,
            at: nowIso(),
          },
        });
      }

      /** A bug in a handler answers InternalError (no stack leaves) and keeps the old state. */
      function decideSafely(text: string): Decision {
        try {
          return decideFrame(state, config, text, deps.clock.now());
        } catch (error) {
          log.error`${deps.chargerId}: handler failed on ${text.slice(0, 200)}: ${error}`;
          const parsed = parseFrame(text);
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

      return {
        async receive(msg) {
          switch (msg.type) {
            case "frame": {
              logFrame("frame.in", msg.text);
              await run(decideSafely(msg.text));
              break;
            }
            case "oversized":
              await run(decideOversized(state, config, msg.sizeChars, msg.limitChars));
              break;
            case "command":
              // Not awaited: the answer arrives as a later frame through this same mailbox.
              calls.call(msg.action, msg.payload).then((response) => {
                emitAnswer(msg, { response });
                msg.resolve(response);
              }, (error: Error) => {
                emitAnswer(msg, { error: `${error.name}: ${error.message}` });
                msg.reject(error);
              });
              break;
            case "closed":
              calls.failAll(new CallAbortedError(`Station closed the connection (${msg.code})`));
              deps.emit({
                type: "station.disconnected",
                payload: {
                  chargerId: deps.chargerId,
                  code: msg.code,
                  reason: msg.reason,
                  at: nowIso(),
                },
              });
              self.exit("closed");
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
