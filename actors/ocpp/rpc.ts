/**
 * Outbound CALLs of one connection: OCPP-J allows one outstanding CALL per direction, so
 * further calls wait in a FIFO queue; each is answered by a CALLRESULT or CALLERROR with its
 * id, or fails after a timeout (30 s by default).
 */
import type { Clock, TimerId } from "../runtime/clock.ts";
import type { Action } from "./actions.ts";
import { OcppError } from "./errors.ts";
import {
  buildCall,
  CALLERROR,
  type CallErrorFrame,
  type CallResultFrame,
  newMessageId,
} from "./frames.ts";
import { validatePayload } from "./validate.ts";

/** The peer did not answer a CALL in time. */
export class CallTimeoutError extends Error {
  /** Always "CallTimeoutError". */
  override name = "CallTimeoutError";
  /** The unanswered `action`, and how long it was waited for. */
  constructor(readonly action: string, readonly timeoutMs: number) {
    super(`No answer to ${action} within ${timeoutMs} ms`);
  }
}

/** The call could not be sent or was abandoned (connection closed, queue full). */
export class CallAbortedError extends Error {
  override name = "CallAbortedError";
}

/** Options of {@link createCallQueue}. */
export interface CallQueueOptions {
  clock: Clock;
  /** Writes one frame to the socket; may throw when the socket is gone. */
  send(text: string): void;
  timeoutMs?: number;
  /** Validate outgoing requests and incoming responses against the OCPP 2.0.1 schemas. */
  validate?: boolean;
  /** Most calls allowed to wait behind the outstanding one. */
  maxQueued?: number;
  /** Called with every frame sent, for logs and events. */
  onSent?(text: string, action: string, id: string): void;
}

interface PendingCall {
  id: string;
  action: string;
  payload: Record<string, unknown>;
  resolve(payload: Record<string, unknown>): void;
  reject(error: Error): void;
  timer?: TimerId;
}

/** The outbound side of one OCPP-J connection. */
export interface CallQueue {
  /** Sends `action` when the connection is free; resolves with the validated response payload. */
  call(action: Action, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Routes a CALLRESULT/CALLERROR to its call; false when the id is not the outstanding call. */
  handleFrame(frame: CallResultFrame | CallErrorFrame): boolean;
  /** Rejects the outstanding and every queued call (the connection closed). */
  failAll(error: Error): void;
  /** The id of the outstanding call, if any. */
  readonly outstandingId: string | undefined;
  readonly queued: number;
}

/** Creates the outbound call queue of one connection. */
export function createCallQueue(options: CallQueueOptions): CallQueue {
  const { clock, timeoutMs = 30_000, validate = true, maxQueued = 1_000 } = options;
  const waiting: PendingCall[] = [];
  let outstanding: PendingCall | undefined;

  function settle(): PendingCall | undefined {
    const call = outstanding;
    if (call?.timer !== undefined) clock.clearTimeout(call.timer);
    outstanding = undefined;
    return call;
  }

  /** Sends waiting calls until one is outstanding (a call the socket refuses is rejected). */
  function next(): void {
    while (!outstanding && waiting.length > 0) {
      const call = waiting.shift()!;
      const text = buildCall(call.id, call.action, call.payload);
      if (!trySend(options.send, call, text)) continue;
      outstanding = call;
      call.timer = clock.setTimeout(() => expire(call), timeoutMs);
      options.onSent?.(text, call.action, call.id);
    }
  }

  function expire(call: PendingCall): void {
    if (outstanding !== call) return;
    settle();
    call.reject(new CallTimeoutError(call.action, timeoutMs));
    next();
  }

  return {
    call(action, payload) {
      const invalid = validate ? requestError(action, payload) : undefined;
      if (invalid !== undefined) return Promise.reject(invalid);
      if (waiting.length >= maxQueued) {
        return Promise.reject(new CallAbortedError(`Call queue is full (${maxQueued} waiting)`));
      }
      return new Promise((resolve, reject) => {
        waiting.push({ id: newMessageId(), action, payload, resolve, reject });
        next();
      });
    },
    handleFrame(frame) {
      if (!outstanding || outstanding.id !== frame.id) return false;
      answer(settle()!, frame, validate);
      next();
      return true;
    },
    failAll(error) {
      const calls = [...(outstanding ? [settle()!] : []), ...waiting.splice(0)];
      for (const call of calls) call.reject(error);
    },
    get outstandingId() {
      return outstanding?.id;
    },
    get queued() {
      return waiting.length;
    },
  };
}

/** The schema error of an outgoing request, or undefined when it is valid. */
function requestError(action: Action, payload: Record<string, unknown>): Error | undefined {
  const checked = validatePayload(action, "request", payload);
  return checked.ok ? undefined : checked.error;
}

/** Writes a CALL frame; false, with the call rejected, when the socket throws. */
function trySend(send: (text: string) => void, call: PendingCall, text: string): boolean {
  try {
    send(text);
    return true;
  } catch (error) {
    call.reject(new CallAbortedError(`Cannot send ${call.action}`, { cause: error }));
    return false;
  }
}

/** Settles a call with its CALLRESULT or CALLERROR, checking a result's payload if asked. */
function answer(
  call: PendingCall,
  frame: CallResultFrame | CallErrorFrame,
  validate: boolean,
): void {
  if (frame.type === CALLERROR) {
    call.reject(new OcppError(frame.code, frame.description, { details: frame.details }));
  } else if (validate) {
    const checked = validatePayload(call.action as Action, "response", frame.payload);
    if (checked.ok) call.resolve(frame.payload);
    else call.reject(checked.error);
  } else {
    call.resolve(frame.payload);
  }
}
