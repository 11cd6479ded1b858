/** The actor contract: the ref everyone holds, the spec a supervisor runs, the behaviour. */

/** Where an actor is in its life. `failed` means its supervisor gave up on it. */
export type ActorStatus = "starting" | "running" | "restarting" | "stopped" | "failed";

/**
 * The handle everyone else holds. It survives restarts: messages sent while the actor
 * restarts queue up and the restarted behaviour processes them.
 *
 * @example
 * ```ts
 * import { createSupervisor } from "./supervisor.ts";
 * const supervisor = createSupervisor();
 * const ref = supervisor.spawn<{ type: "ping" }>({
 *   id: "demo",
 *   restart: "transient",
 *   start: () => ({ receive: (msg) => console.log(msg.type) }),
 * });
 * ref.send({ type: "ping" });
 * await supervisor.stopAll();
 * ```
 */
export interface ActorRef<M> {
  readonly id: string;
  /**
   * Queues a message; never throws. Ignored once the actor is stopped or failed. When the
   * mailbox is full the message is dropped (and logged) and the overflow crashes the actor,
   * so a sender waiting on a reply inside the message needs its own timeout.
   */
  send(msg: M): void;
  readonly status: ActorStatus;
  /** Messages waiting in the mailbox (not counting the one being handled). */
  readonly queued: number;
}

/** `permanent` always comes back, `transient` only after a crash, `temporary` never. */
export type RestartKind = "permanent" | "transient" | "temporary";

/**
 * What a supervisor runs.
 *
 * @example
 * ```ts
 * import type { ActorSpec } from "./actor.ts";
 * const counter: ActorSpec<{ type: "add"; n: number }> = {
 *   id: "counter",
 *   restart: "permanent",
 *   start() {
 *     let total = 0; // rebuilt on every (re)start
 *     return { receive: (msg) => void (total += msg.n) };
 *   },
 * };
 * ```
 */
export interface ActorSpec<M> {
  id: string;
  restart: RestartKind;
  /** Builds the actor's behaviour (state is rebuilt here on each (re)start). */
  start(self: ActorSelf<M>): ActorBehaviour<M> | Promise<ActorBehaviour<M>>;
  /** Default 1000. */
  mailboxCapacity?: number;
}

/** What an actor knows about itself. */
export interface ActorSelf<M> {
  readonly id: string;
  send(msg: M): void;
  /** Ends the actor normally (e.g. the station hung up). */
  exit(reason?: string): void;
}

/** One incarnation of an actor. A throw or reject in `receive` is a crash. */
export interface ActorBehaviour<M> {
  receive(msg: M): void | Promise<void>;
  /** Called on stop, crash or exit; release timers etc. */
  cleanup?(reason: string): void | Promise<void>;
}

/**
 * The pure decision step of an actor that follows STYLE §3: no I/O, no clock of its own.
 *
 * @example
 * ```ts
 * import type { Transition } from "./actor.ts";
 * type Effect = { type: "emit"; count: number };
 * const step: Transition<number, { type: "tick" }, Effect> = (count) => ({
 *   state: count + 1,
 *   effects: [{ type: "emit", count: count + 1 }],
 * });
 * console.log(step(0, { type: "tick" }, Date.now()).state); // 1
 * ```
 */
export type Transition<S, M, E> = (state: S, msg: M, nowMs: number) => TransitionResult<S, E>;

/** The next state and the effects the shell runs in order. */
export interface TransitionResult<S, E> {
  state: S;
  effects: E[];
}
