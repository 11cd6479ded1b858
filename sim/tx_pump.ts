/**
 * The TransactionEvent pump of one station incarnation (E04): queued events go out in order,
 * one at a time, while the station is registered; a refused one is retried MessageAttempts
 * times, MessageAttemptInterval apart, then given up.
 */
import { OcppError } from "../actors/ocpp/errors.ts";
import type { CallQueue } from "../actors/ocpp/rpc.ts";
import { intSetting } from "./device_model.ts";
import { responseProblem } from "./responses.ts";
import type { SimEvent } from "./station_state.ts";
import type { ShellMsg, ShellState } from "./shell_state.ts";
import { settingsOf } from "./transactions.ts";

/** What the pump needs from its incarnation. */
export interface PumpHost {
  readonly shell: ShellState;
  /** The call queue of the open connection, or null while offline. */
  readonly calls: CallQueue | null;
  readonly isOver: boolean;
  send(msg: ShellMsg): void;
  emit(event: SimEvent): void;
}

/** One incarnation's pump. */
export class TxPump {
  #isPumping = false;
  #failedAttempts = 0;

  constructor(readonly host: PumpHost) {}

  /** Whether it is delivering (a second start would return at once). */
  get isPumping(): boolean {
    return this.#isPumping;
  }

  /** Delivers queued events until the queue is empty, the station is offline or not registered. */
  async run(): Promise<void> {
    if (this.#isPumping) return;
    this.#isPumping = true;
    const { host } = this;
    const { shell } = host;
    const { queue } = shell;
    try {
      while (!host.isOver && host.calls && shell.state.registration === "Accepted" && queue.head) {
        const payload = queue.head;
        await queue.flush();
        const current = host.calls;
        if (!current) break;
        try {
          const response = await current.call("TransactionEvent", payload);
          // The answer is checked here, at the boundary (see responses.ts).
          const problem = responseProblem("TransactionEvent", response);
          if (problem) throw problem;
          this.#failedAttempts = 0;
          queue.ack();
          host.send({ type: "txEventDone", request: payload, response });
        } catch (error) {
          if (!(error instanceof OcppError)) break; // the connection went: retry after reconnecting
          shell.stats.errors++;
          if (error.code === "SecurityError") {
            // Not registered at the CSMS any more: the state machine boots again, then we go on.
            host.send({
              type: "callError",
              action: "TransactionEvent",
              request: payload,
              code: error.code,
              description: error.message,
            });
            break;
          }
          if (!(await this.#refused(payload, error))) break;
        }
      }
    } finally {
      this.#isPumping = false;
      if (queue.size === 0) { for (const resolve of shell.drained.splice(0)) resolve(); }
    }
  }

  /** The CSMS refused an event: retry MessageAttempts times, then give it up. True to go on. */
  async #refused(payload: Record<string, unknown>, error: OcppError): Promise<boolean> {
    const { host } = this;
    const { shell } = host;
    const settings = settingsOf(shell.state);
    const attempts = intSetting(settings, "OCPPCommCtrlr", "MessageAttempts", "TransactionEvent");
    if (++this.#failedAttempts >= attempts) {
      this.#failedAttempts = 0;
      shell.queue.ack();
      host.emit({
        type: "rejected",
        command: "TransactionEvent",
        reason: `CSMS refused it: ${error.message}`,
      });
      host.send({ type: "txEventDone", request: payload });
      return true;
    }
    const intervalS = intSetting(
      settings,
      "OCPPCommCtrlr",
      "MessageAttemptInterval",
      "TransactionEvent",
    );
    await new Promise((resolve) =>
      shell.clock.setTimeout(() => resolve(undefined), intervalS * 1000)
    );
    return !host.isOver;
  }
}
