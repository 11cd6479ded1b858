/**
 * The TransactionEvent pump of one station incarnation (E04): queued events go out in order,
 * one at a time, while the station is registered; a refused one is retried MessageAttempts
 * times, MessageAttemptInterval apart, then given up.
 */
import { OcppError } from "../../actors/ocpp/errors.ts";
import type { CallQueue } from "../../actors/ocpp/rpc.ts";
import { intSetting } from "./device_model.ts";
import { responseProblem } from "./responses.ts";
import type { SimEvent } from "./station_state.ts";
import type { ShellMsg, ShellState } from "./shell_state.ts";
import { settingsOf } from "./transactions.ts";
import { callErrorKind, countError } from "./charger_options.ts";

/** What the pump needs from its incarnation. */
export interface PumpHost {
  readonly shell: ShellState;
  /** The call queue of the open connection, or null while offline. */
  readonly calls: CallQueue | null;
  readonly isOver: boolean;
  send(msg: ShellMsg): void;
  emit(event: SimEvent): void;
  /** A broken invariant (the queue file cannot be written): the actor must crash. */
  crash(error: unknown): void;
}

type Payload = Record<string, unknown>;

/**
 * One incarnation's pump. It runs on handlers made once per incarnation rather than an async
 * loop: an async function per event, alive until the CSMS answered, was ~0.5 KB of promoted
 * garbage per TransactionEvent at 10,000 stations.
 */
export class TxPump {
  #isPumping = false;
  #failedAttempts = 0;
  /** The event out now (the queue's head). */
  #payload: Payload | undefined;
  readonly #send = () => this.#sendHead();
  readonly #onAnswer = (response: Payload) => this.#answered(response);
  readonly #onError = (error: unknown) => this.#failed(error);
  readonly #onFlushError = (error: unknown) => {
    this.#stop();
    this.host.crash(error);
  };
  readonly #retry = () => this.host.isOver ? this.#stop() : this.#next();

  constructor(readonly host: PumpHost) {}

  /** Whether it is delivering (a second start would return at once). */
  get isPumping(): boolean {
    return this.#isPumping;
  }

  /** Delivers queued events until the queue is empty, the station is offline or not registered. */
  start(): void {
    if (this.#isPumping) return;
    this.#isPumping = true;
    this.#next();
  }

  #next(): void {
    const { host } = this;
    const { shell } = host;
    const payload = shell.queue.head;
    if (host.isOver || !host.calls || shell.state.registration !== "Accepted" || !payload) {
      return this.#stop();
    }
    this.#payload = payload;
    // Sent once the event is on disk (at once, in a microtask, without a file).
    shell.queue.flush().then(this.#send, this.#onFlushError);
  }

  #sendHead(): void {
    const calls = this.host.calls;
    if (!calls) return this.#stop();
    calls.call("TransactionEvent", this.#payload!).then(this.#onAnswer, this.#onError);
  }

  #answered(response: Payload): void {
    // The answer is checked here, at the boundary (see responses.ts).
    const problem = responseProblem("TransactionEvent", response);
    if (problem) return this.#failed(problem);
    const { host } = this;
    this.#failedAttempts = 0;
    try {
      host.shell.queue.ack();
    } catch {
      return this.#stop(); // the queue file failed: the next flush crashes the actor
    }
    host.send({ type: "txEventDone", request: this.#payload!, response });
    this.#next();
  }

  #failed(error: unknown): void {
    // Not an OCPP error: the connection went; the pump starts again after reconnecting.
    if (!(error instanceof OcppError)) return this.#stop();
    const { host } = this;
    countError(host.shell.stats, callErrorKind("TransactionEvent", error.code, error.details));
    if (error.code === "SecurityError") {
      // Not registered at the CSMS any more: the state machine boots again, then we go on.
      host.send({
        type: "callError",
        action: "TransactionEvent",
        request: this.#payload!,
        code: error.code,
        description: error.message,
      });
      return this.#stop();
    }
    this.#refused(error);
  }

  /** The CSMS refused the event: retry MessageAttempts times, MessageAttemptInterval apart. */
  #refused(error: OcppError): void {
    const { host } = this;
    const { shell } = host;
    const settings = settingsOf(shell.state);
    const attempts = intSetting(settings, "OCPPCommCtrlr", "MessageAttempts", "TransactionEvent");
    if (++this.#failedAttempts < attempts) {
      const intervalS = intSetting(
        settings,
        "OCPPCommCtrlr",
        "MessageAttemptInterval",
        "TransactionEvent",
      );
      shell.clock.setTimeout(this.#retry, intervalS * 1000);
      return;
    }
    this.#failedAttempts = 0;
    try {
      shell.queue.ack();
    } catch (ackError) {
      this.#stop();
      return host.crash(ackError);
    }
    const given = this.#payload as { seqNo?: number; transactionInfo?: { transactionId?: string } };
    host.emit({
      type: "rejected",
      command: "TransactionEvent",
      reason: `CSMS refused it: ${error.message}`,
      transactionId: given?.transactionInfo?.transactionId,
      seqNo: given?.seqNo,
    });
    host.send({ type: "txEventDone", request: this.#payload! });
    this.#next();
  }

  #stop(): void {
    this.#isPumping = false;
    this.#payload = undefined;
    const { shell } = this.host;
    if (shell.queue.size === 0) { for (const resolve of shell.drained.splice(0)) resolve(); }
  }
}
