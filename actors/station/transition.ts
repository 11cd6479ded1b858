/**
 * The station actor's pure decision for one inbound frame: parse, gate on registration,
 * validate (strictly or leniently), handle, and return the effects for the shell to run.
 */
import { isoOfMs } from "../runtime/clock.ts";
import type { AnyEvent } from "../csms/events.ts";
import { isAction, isChargerAction } from "../ocpp/actions.ts";
import { OcppError } from "../ocpp/errors.ts";
import {
  buildCallError,
  buildCallResult,
  CALL,
  type CallErrorFrame,
  type CallFrame,
  type CallResultFrame,
  parseFrame,
} from "../ocpp/frames.ts";
import { relaxPayload } from "../ocpp/lenient.ts";
import { validatePayload } from "../ocpp/validate.ts";
import type { TransactionEventRecord } from "./durable.ts";
import { handleCall } from "./handlers.ts";
import type { StationConfig, StationState } from "./state.ts";

/** Plain-data effects the actor shell runs in order. */
export type StationEffect =
  | { type: "send"; text: string }
  | { type: "emit"; event: AnyEvent }
  /**
   * Store durably; on failure send `failureText` (or, when the event itself cannot be stored,
   * a permanent refusal to `callId`) instead of what follows, and keep the old state.
   */
  | { type: "persist"; record: TransactionEventRecord; callId: string; failureText: string }
  | { type: "route"; frame: CallResultFrame | CallErrorFrame }
  | { type: "close"; code: number; reason: string };

/** The next state and the effects of one frame. */
export interface Decision {
  state: StationState;
  effects: StationEffect[];
}

/** 1008: policy violation (RFC 6455), used when a station keeps sending garbage. */
export const CLOSE_POLICY_VIOLATION = 1008;

function badFrame(
  state: StationState,
  config: StationConfig,
  id: string,
  error: OcppError,
): Decision {
  const badFrameRun = state.badFrameRun + 1;
  const effects: StationEffect[] = [
    { type: "send", text: buildCallError(id, error.code, error.message, error.details) },
  ];
  if (badFrameRun >= config.maxBadFrames) {
    effects.push({
      type: "close",
      code: CLOSE_POLICY_VIOLATION,
      reason: `${badFrameRun} bad frames in a row`,
    });
  }
  return { state: { ...state, badFrameRun }, effects };
}

function validated(
  state: StationState,
  config: StationConfig,
  frame: CallFrame,
  nowMs: number,
): { payload: Record<string, unknown>; relaxations: string[] } | OcppError {
  let payload = frame.payload;
  let relaxations: string[] = [];
  if (config.validation === "lenient") {
    ({ payload, relaxations } = relaxPayload(frame.action, payload, {
      nowIso: isoOfMs(nowMs),
      nextSeqNo: (txId) => (state.transactions.get(txId)?.lastSeqNo ?? -1) + 1,
    }));
  }
  const checked = validatePayload(frame.action as never, "request", payload);
  if (!checked.ok) return checked.error;
  return { payload, relaxations };
}

function gate(state: StationState, frame: CallFrame): OcppError | undefined {
  if (!isAction(frame.action)) {
    return new OcppError("NotImplemented", `Unknown action ${frame.action}`);
  }
  if (!isChargerAction(frame.action)) {
    return new OcppError("NotSupported", `${frame.action} is not sent by a charging station`);
  }
  // B02/B03: until accepted, a station may only send BootNotification.
  if (state.registration !== "Accepted" && frame.action !== "BootNotification") {
    return new OcppError(
      "SecurityError",
      `${frame.action} refused: station registration is ${state.registration}; send BootNotification first`,
    );
  }
  return undefined;
}

function decideCall(
  state: StationState,
  config: StationConfig,
  frame: CallFrame,
  nowMs: number,
): Decision {
  const refused = gate(state, frame);
  if (refused) return badFrame(state, config, frame.id, refused);
  const checked = validated(state, config, frame, nowMs);
  if (checked instanceof OcppError) return badFrame(state, config, frame.id, checked);
  const action = frame.action as Parameters<typeof handleCall>[1];
  const outcome = handleCall({ state, config, nowMs }, action, checked.payload as never);
  const effects: StationEffect[] = [];
  if (outcome.persist) {
    effects.push({
      type: "persist",
      record: outcome.persist,
      callId: frame.id,
      failureText: buildCallError(frame.id, "InternalError", "Storage unavailable; retry later"),
    });
  }
  effects.push({ type: "send", text: buildCallResult(frame.id, outcome.response) });
  let next = outcome.state.badFrameRun === 0 ? outcome.state : { ...outcome.state, badFrameRun: 0 };
  if (checked.relaxations.length > 0) {
    next = { ...next, relaxedFrames: next.relaxedFrames + 1 };
    effects.push({
      type: "emit",
      event: {
        type: "station.relaxed",
        payload: {
          chargerId: state.chargerId,
          action: frame.action,
          relaxations: checked.relaxations,
          at: isoOfMs(nowMs),
        },
      },
    });
  }
  for (const event of outcome.events) effects.push({ type: "emit", event });
  return { state: next, effects };
}

/** Decides what one inbound text frame does. Never throws on bad input. */
export function decideFrame(
  state: StationState,
  config: StationConfig,
  text: string,
  nowMs: number,
): Decision {
  const parsed = parseFrame(text);
  if (!parsed.ok) return badFrame(state, config, parsed.id, parsed.error);
  const frame = parsed.frame;
  if (frame.type === CALL) return decideCall(state, config, frame, nowMs);
  return { state, effects: [{ type: "route", frame }] };
}

/** A frame over the size limit: refused like any unreadable frame (message id "-1"). */
export function decideOversized(
  state: StationState,
  config: StationConfig,
  sizeChars: number,
  limitChars: number,
): Decision {
  const error = new OcppError(
    "RpcFrameworkError",
    `Frame of ${sizeChars} characters exceeds the limit of ${limitChars}`,
  );
  return badFrame(state, config, "-1", error);
}
