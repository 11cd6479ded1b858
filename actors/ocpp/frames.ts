/** OCPP-J framing: parse and build CALL, CALLRESULT and CALLERROR frames (OCPP-J 2.0.1 part 4). */
import { normalizeErrorCode, OcppError, type OcppErrorCode } from "./errors.ts";

/** Message type numbers of OCPP-J: a request. */
export const CALL = 2;
/** Message type number of a response. */
export const CALLRESULT = 3;
/** Message type number of an error response. */
export const CALLERROR = 4;

/** The longest message id OCPP-J allows. */
export const MAX_MESSAGE_ID_LENGTH = 36;

/** A request: `[2, id, action, payload]`. */
export interface CallFrame {
  /** Always 2. */
  type: typeof CALL;
  /** The message id, unique per sender while the call is open (at most 36 characters). */
  id: string;
  /** The action, as the spec names it (`BootNotification`). */
  action: string;
  /** The request payload. */
  payload: Record<string, unknown>;
}

/** A response: `[3, id, payload]`. */
export interface CallResultFrame {
  /** Always 3. */
  type: typeof CALLRESULT;
  /** The id of the CALL it answers. */
  id: string;
  /** The response payload. */
  payload: Record<string, unknown>;
}

/** An error response: `[4, id, code, description, details]`. */
export interface CallErrorFrame {
  /** Always 4. */
  type: typeof CALLERROR;
  /** The id of the CALL it answers (`"-1"` when the CALL could not be read). */
  id: string;
  /** The OCPP-J error code (FormatViolation, NotImplemented, …). */
  code: OcppErrorCode;
  /** The code exactly as the peer spelled it (1.6 spellings are normalised in `code`). */
  rawCode: string;
  /** What went wrong, for people. */
  description: string;
  /** Details for programs; `{}` when there are none. */
  details: Record<string, unknown>;
}

/** Any OCPP-J frame. */
export type Frame = CallFrame | CallResultFrame | CallErrorFrame;

/** What `parseFrame` gives back: a frame, or the error to answer with and the id to use. */
export type ParseResult =
  | { ok: true; frame: Frame }
  | { ok: false; id: string; error: OcppError };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(id: string, code: OcppErrorCode, description: string): ParseResult {
  return { ok: false, id, error: new OcppError(code, description) };
}

/**
 * Parses one WebSocket text message. Never throws: an unreadable frame yields the
 * CALLERROR to send, with message id "-1" when no id could be read.
 */
export function parseFrame(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail("-1", "RpcFrameworkError", "Frame is not valid JSON");
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    return fail("-1", "RpcFrameworkError", "Frame is not a non-empty JSON array");
  }
  const [type, id] = raw;
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_MESSAGE_ID_LENGTH) {
    return fail("-1", "RpcFrameworkError", "Message id is not a string of 1 to 36 characters");
  }
  if (type === CALL) return parseCall(raw, id);
  if (type === CALLRESULT) return parseCallResult(raw, id);
  if (type === CALLERROR) return parseCallError(raw, id);
  if (typeof type !== "number" || !Number.isInteger(type)) {
    return fail(id, "RpcFrameworkError", "Message type is not an integer");
  }
  return fail(id, "MessageTypeNotSupported", `Message type ${type} is not supported`);
}

function parseCall(raw: unknown[], id: string): ParseResult {
  if (raw.length !== 4) {
    return fail(id, "RpcFrameworkError", `CALL has ${raw.length} elements, expected 4`);
  }
  const [, , action, payload] = raw;
  if (typeof action !== "string" || action.length === 0) {
    return fail(id, "RpcFrameworkError", "CALL action is not a non-empty string");
  }
  if (!isPlainObject(payload)) {
    return fail(id, "FormatViolation", `Payload of ${action} is not a JSON object`);
  }
  return { ok: true, frame: { type: CALL, id, action, payload } };
}

function parseCallResult(raw: unknown[], id: string): ParseResult {
  if (raw.length !== 3 || !isPlainObject(raw[2])) {
    return fail(id, "RpcFrameworkError", "CALLRESULT is not [3, id, {payload}]");
  }
  return { ok: true, frame: { type: CALLRESULT, id, payload: raw[2] } };
}

function parseCallError(raw: unknown[], id: string): ParseResult {
  const [, , code, description, details] = raw;
  if (raw.length !== 5 || typeof code !== "string" || typeof description !== "string") {
    return fail(id, "RpcFrameworkError", "CALLERROR is not [4, id, code, description, details]");
  }
  return {
    ok: true,
    frame: {
      type: CALLERROR,
      id,
      code: normalizeErrorCode(code),
      rawCode: code,
      description,
      details: isPlainObject(details) ? details : {},
    },
  };
}

/** A fresh message id (a UUID, 36 characters). */
export function newMessageId(): string {
  return crypto.randomUUID();
}

/** Serialises a CALL. */
export function buildCall(id: string, action: string, payload: unknown): string {
  return JSON.stringify([CALL, id, action, payload]);
}

/** Serialises a CALLRESULT. */
export function buildCallResult(id: string, payload: unknown): string {
  return JSON.stringify([CALLRESULT, id, payload]);
}

/** Serialises a CALLERROR; the description is cut to 255 characters as OCPP-J asks. */
export function buildCallError(
  id: string,
  code: OcppErrorCode,
  description: string,
  details: Record<string, unknown> = {},
): string {
  return JSON.stringify([CALLERROR, id, code, description.slice(0, 255), details]);
}
