/**
 * One simulated charging station: the actor shell around the pure state machine. It alone owns
 * its WebSocket client, its call queue, its timers and its TransactionEvent queue; it runs the
 * effects `transition` returns, reconnects with back-off, and offers a driving API.
 */
import type { z } from "zod";
import { systemClock } from "../../actors/runtime/clock.ts";
import type { ActorRef } from "../../actors/runtime/actor.ts";
import { createSupervisor, type Supervisor } from "../../actors/runtime/supervisor.ts";
import { type ChargerOptions, newSimStats } from "./charger_options.ts";
import { startIncarnation } from "./charger_shell.ts";
import { type ShellMsg, type ShellState, waitDrained } from "./shell_state.ts";
import { type Readings, readings } from "./physics.ts";
import {
  type ChargerState,
  type EvSpecSchema,
  type IdToken,
  initialState,
  type StoppedReason,
} from "./station_state.ts";
import type { ChargingState, InternalStatus } from "../../actors/ocpp/status_map.ts";
import { chargingStateNow } from "./transactions.ts";
import { openTxQueue } from "./tx_queue.ts";
import { timeBaseOf } from "./time_base.ts";
import { passwordPath, readStoredPassword } from "./password_store.ts";
import { isTlsUrl } from "../transport/station_security.ts";

/** Live meter readings of a station. */
export interface MeterNow extends Readings {
  chargingState?: ChargingState;
  limitW: number | null;
}

/** The driving API of one simulated station. Commands resolve once the station has handled them. */
export interface SimCharger {
  readonly id: string;
  readonly status: InternalStatus;
  readonly isConnected: boolean;
  readonly registration: ChargerState["registration"];
  /** TransactionEvents not yet acknowledged by the CSMS. */
  readonly queuedTxEvents: number;
  /** Observations as `CustomEvent`s named by `SimEvent.type` (made on first use). */
  readonly events: EventTarget;
  /** The current state (read-only; for tests and status pages). */
  snapshot(): ChargerState;
  meter(): MeterNow;
  plugIn(ev?: z.infer<typeof EvSpecSchema>): Promise<void>;
  unplug(): Promise<void>;
  authorize(idToken: IdToken | string): Promise<void>;
  startLocal(idToken: IdToken | string, ev?: z.infer<typeof EvSpecSchema>): Promise<void>;
  stopLocal(reason?: StoppedReason): Promise<void>;
  fault(reason?: StoppedReason): Promise<void>;
  clearFault(): Promise<void>;
  /** Drops the connection and stays offline (the station keeps running). */
  goOffline(): Promise<void>;
  /** Reconnects after `goOffline`. */
  goOnline(): Promise<void>;
  /** Resolves once every message sent so far has been handled. */
  settled(): Promise<void>;
  /**
   * Shuts down like a station switched off by its operator: ends a running transaction with
   * `reason` (default Other), waits up to `drainMs` for the CSMS to acknowledge queued events,
   * keeps the rest on disk, and closes the connection.
   */
  stop(options?: { reason?: StoppedReason; drainMs?: number }): Promise<void>;
}

function token(idToken: IdToken | string): IdToken {
  return typeof idToken === "string" ? { idToken, type: "ISO14443" } : idToken;
}

/**
 * The driving API over one station's actor. A class, not an object of closures: a fleet holds
 * 10,000 of these, and twenty closures plus their getters cost ~2 KB a station where shared
 * prototype methods cost nothing.
 */
class Station implements SimCharger {
  readonly id: string;
  readonly #shell: ShellState;
  readonly #ref: ActorRef<ShellMsg>;
  readonly #supervisor: Supervisor;
  readonly #isOwnSupervisor: boolean;

  constructor(
    shell: ShellState,
    options: { supervisor: Supervisor; isOwnSupervisor: boolean },
  ) {
    this.id = shell.options.config.chargerId;
    this.#shell = shell;
    this.#supervisor = options.supervisor;
    this.#isOwnSupervisor = options.isOwnSupervisor;
    this.#ref = options.supervisor.spawn<ShellMsg>({
      id: this.id,
      restart: "permanent",
      start: (self) => startIncarnation(shell, self),
    });
  }

  get status(): InternalStatus {
    return this.#shell.state.status;
  }
  get isConnected(): boolean {
    return this.#shell.state.isOnline;
  }
  get registration(): ChargerState["registration"] {
    return this.#shell.state.registration;
  }
  get queuedTxEvents(): number {
    return this.#shell.queue.size;
  }
  get events(): EventTarget {
    return this.#shell.target ??= new EventTarget();
  }
  snapshot(): ChargerState {
    return this.#shell.state;
  }
  meter(): MeterNow {
    const state = this.#shell.state;
    return {
      ...readings(state.physics),
      chargingState: state.tx ? chargingStateNow(state) : undefined,
      limitW: state.physics.limitW,
    };
  }
  plugIn(ev?: z.infer<typeof EvSpecSchema>): Promise<void> {
    return this.#command({ type: "plugIn", ev });
  }
  unplug(): Promise<void> {
    return this.#command({ type: "unplug" });
  }
  authorize(idToken: IdToken | string): Promise<void> {
    return this.#command({ type: "authorize", idToken: token(idToken) });
  }
  startLocal(idToken: IdToken | string, ev?: z.infer<typeof EvSpecSchema>): Promise<void> {
    return this.#command({ type: "startLocal", idToken: token(idToken), ev });
  }
  stopLocal(reason?: StoppedReason): Promise<void> {
    return this.#command({ type: "stopLocal", reason });
  }
  fault(reason?: StoppedReason): Promise<void> {
    return this.#command({ type: "fault", reason });
  }
  clearFault(): Promise<void> {
    return this.#command({ type: "clearFault" });
  }
  goOffline(): Promise<void> {
    return this.#command({ type: "network", isWanted: false });
  }
  goOnline(): Promise<void> {
    return this.#command({ type: "network", isWanted: true });
  }
  settled(): Promise<void> {
    return new Promise<void>((resolve) => this.#ref.send({ type: "barrier", resolve }));
  }
  async stop(stopOptions: { reason?: StoppedReason; drainMs?: number } = {}): Promise<void> {
    const shell = this.#shell;
    if (shell.isStopped) return;
    await this.#command({ type: "shutdown", reason: stopOptions.reason ?? "Other" });
    await waitDrained(shell, stopOptions.drainMs ?? 5_000);
    shell.queue.noteRegister(shell.state.physics.registerWh);
    shell.isStopped = true;
    await this.#supervisor.stop(this.id, "stopped");
    await shell.queue.flush();
    if (this.#isOwnSupervisor) await this.#supervisor.stopAll();
  }

  /** Sends a message and resolves once the station has handled it. */
  #command(msg: ShellMsg): Promise<void> {
    this.#ref.send(msg);
    return this.settled();
  }
}

/** Starts a simulated station: reads its queue back, then connects. */
export async function startCharger(given: ChargerOptions): Promise<SimCharger> {
  const clock = given.clock ?? systemClock;
  // On a compressed clock the station still reports wall-clock times (see time_base.ts).
  const timeBase = given.config.timeBase ?? timeBaseOf(clock);
  const isTls = isTlsUrl(given.url);
  const options = { ...given, config: { ...given.config, timeBase, isTls } };
  const { config } = options;
  const id = config.chargerId;
  const path = options.stateDir ? `${options.stateDir}/${encodeURIComponent(id)}.jsonl` : null;
  if (options.stateDir) await Deno.mkdir(options.stateDir, { recursive: true });
  const keptAt = options.stateDir ? passwordPath(options.stateDir, id) : null;
  const password = (keptAt ? await readStoredPassword(keptAt) : undefined) ?? options.password;
  const queue = await openTxQueue(path);
  const shell: ShellState = {
    options,
    clock,
    stats: options.stats ?? newSimStats(),
    queue,
    state: initialState(config, {
      nowMs: clock.now(),
      registerWh: queue.registerWh,
      hasPassword: password !== undefined,
    }),
    isWanted: true,
    isStopped: false,
    target: undefined,
    drained: [],
    password,
    passwordPath: keptAt,
    caCerts: isTls ? options.caCerts : undefined,
  };
  return new Station(shell, {
    supervisor: options.supervisor ?? createSupervisor({ clock }),
    isOwnSupervisor: options.supervisor === undefined,
  });
}
