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
  return new OneAtATime(options);
}

/** The call queue as a class: one per connected charger, so its methods live on the prototype. */
class OneAtATime implements CallQueue {
  readonly #options: CallQueueOptions;
  readonly #timeoutMs: number;
  readonly #validate: boolean;
  readonly #maxQueued: number;
  readonly #waiting: PendingCall[] = [];
  #outstanding: PendingCall | undefined;

  constructor(options: CallQueueOptions) {
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#validate = options.validate ?? true;
    this.#maxQueued = options.maxQueued ?? 1_000;
  }

  call(action: Action, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const invalid = this.#validate ? requestError(action, payload) : undefined;
    if (invalid !== undefined) return Promise.reject(invalid);
    if (this.#waiting.length >= this.#maxQueued) {
      return Promise.reject(
        new CallAbortedError(`Call queue is full (${this.#maxQueued} waiting)`),
      );
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({ id: newMessageId(), action, payload, resolve, reject });
      this.#next();
    });
  }

  handleFrame(frame: CallResultFrame | CallErrorFrame): boolean {
    if (!this.#outstanding || this.#outstanding.id !== frame.id) return false;
    answer(this.#settle()!, frame, this.#validate);
    this.#next();
    return true;
  }

  failAll(error: Error): void {
    const calls = [...(this.#outstanding ? [this.#settle()!] : []), ...this.#waiting.splice(0)];
    for (const call of calls) call.reject(error);
  }

  get outstandingId(): string | undefined {
    return this.#outstanding?.id;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  #settle(): PendingCall | undefined {
    const call = this.#outstanding;
    if (call?.timer !== undefined) this.#options.clock.clearTimeout(call.timer);
    this.#outstanding = undefined;
    return call;
  }

  /** Sends waiting calls until one is outstanding (a call the socket refuses is rejected). */
  #next(): void {
    while (!this.#outstanding && this.#waiting.length > 0) {
      const call = this.#waiting.shift()!;
      const text = buildCall(call.id, call.action, call.payload);
      if (!trySend(this.#options.send, call, text)) continue;
      this.#outstanding = call;
      call.timer = this.#options.clock.setTimeout(() => this.#expire(call), this.#timeoutMs);
      this.#options.onSent?.(text, call.action, call.id);
    }
  }

  #expire(call: PendingCall): void {
    if (this.#outstanding !== call) return;
    this.#settle();
    call.reject(new CallTimeoutError(call.action, this.#timeoutMs));
    this.#next();
  }
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
