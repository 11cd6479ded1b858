/**
 * Reads one text frame from the CSMS (OCPP-J): a valid CALL for the station, a response for the
 * call queue, or the CALLERROR to send back for anything unreadable or invalid. Pure.
 */
import { isAction, isCsmsAction } from "../../actors/ocpp/actions.ts";
import {
  buildCallError,
  CALL,
  type CallErrorFrame,
  type CallResultFrame,
  parseFrame,
} from "../../actors/ocpp/frames.ts";
import { validateRequest } from "../../actors/ocpp/validate.ts";

/** What to do with one inbound frame. */
export type Inbound =
  | { kind: "call"; id: string; action: string; payload: Record<string, unknown> }
  | { kind: "response"; frame: CallResultFrame | CallErrorFrame }
  | { kind: "reject"; reply: string; description: string };

/** Decodes and validates one inbound frame; never throws. */
export function decodeInbound(text: string): Inbound {
  const parsed = parseFrame(text);
  if (!parsed.ok) {
    const { code, message, details } = parsed.error;
    return {
      kind: "reject",
      reply: buildCallError(parsed.id, code, message, details),
      description: message,
    };
  }
  const frame = parsed.frame;
  if (frame.type !== CALL) return { kind: "response", frame };
  const reject = (code: "NotImplemented" | "NotSupported", description: string): Inbound => ({
    kind: "reject",
    reply: buildCallError(frame.id, code, description),
    description,
  });
  if (!isAction(frame.action)) return reject("NotImplemented", `Unknown action ${frame.action}`);
  if (!isCsmsAction(frame.action)) {
    return reject("NotSupported", `${frame.action} is sent by a charging station, not a CSMS`);
  }
  const checked = validateRequest(frame.action, frame.payload);
  if (!checked.ok) {
    const { code, message, details } = checked.error;
    return {
      kind: "reject",
      reply: buildCallError(frame.id, code, message, details),
      description: message,
    };
  }
  return { kind: "call", id: frame.id, action: frame.action, payload: frame.payload };
}
