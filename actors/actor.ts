/** The actor contract (ref, spec, behaviour) and the cell that runs one actor's incarnations. */

import { getLogger } from "@logtape/logtape";
import { createMailbox, MailboxFullError } from "./mailbox.ts";

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

/** How an incarnation ended. */
export type ActorExit = { kind: "normal"; reason: string } | { kind: "crash"; error: unknown };

/** The supervisor's side of an actor: lifecycle primitives, no policy. */
export interface ActorCell<M> {
  readonly ref: ActorRef<M>;
  status: ActorStatus;
  /** Starts a new incarnation (after the previous one's cleanup); never rejects. */
  begin(): Promise<void>;
  /** Pauses the mailbox and runs the current incarnation's cleanup once. */
  halt(reason: string): Promise<void>;
  /** Drops pending messages for good. */
  close(): void;
}

/** Callbacks from a cell to its supervisor. `onExit` is called synchronously. */
export interface ActorCellHooks {
  onRunning(): void;
  onExit(exit: ActorExit): void;
  onCleanupError(error: unknown): void;
}

/** Builds the cell for a spec; the mailbox starts paused until the first `begin` succeeds. */
export function createActorCell<M>(spec: ActorSpec<M>, hooks: ActorCellHooks): ActorCell<M> {
  let status: ActorStatus = "starting";
  let behaviour: ActorBehaviour<M> | undefined;
  let incarnation = 0;
  let starting: Promise<void> | undefined;
  let cleaning: Promise<void> | undefined;
  let haltReason = "stopped while starting";
  let hasLoggedDrop = false;
  const isBooting = () => status === "starting" || status === "restarting";

  const mailbox = createMailbox<M>({
    capacity: spec.mailboxCapacity,
    handle: (msg) => behaviour?.receive(msg),
    onCrash: (error) => {
      if (status === "running") hooks.onExit({ kind: "crash", error });
    },
  });
  mailbox.pause();

  const ref: ActorRef<M> = {
    id: spec.id,
    get status() {
      return status;
    },
    send(msg) {
      try {
        mailbox.post(msg);
      } catch (error) {
        if (!(error instanceof MailboxFullError)) throw error;
        overflow(error);
      }
    },
  };

  /**
   * STYLE §3: overflow is a fault for the supervisor, so the actor crashes and its stuck
   * handler is given up on. The sender is not thrown at: it may be a socket event handler,
   * where a throw would take the whole process down. The message is dropped.
   */
  function overflow(error: MailboxFullError): void {
    if (status === "running") {
      mailbox.pause();
      mailbox.abandon();
      hooks.onExit({ kind: "crash", error });
    }
    if (hasLoggedDrop) return;
    hasLoggedDrop = true;
    getLogger(["tamna", "actor"]).warn("Actor {actorId} drops messages: {error}", {
      actorId: spec.id,
      error,
    });
  }

  function selfFor(n: number): ActorSelf<M> {
    return {
      id: spec.id,
      send: (msg) => ref.send(msg),
      exit(reason = "normal") {
        if (n !== incarnation || status !== "running") return;
        mailbox.pause();
        hooks.onExit({ kind: "normal", reason });
      },
    };
  }

  async function cleanup(b: ActorBehaviour<M>, reason: string): Promise<void> {
    try {
      await b.cleanup?.(reason);
    } catch (error) {
      hooks.onCleanupError(error);
    }
  }

  async function boot(n: number): Promise<void> {
    await cleaning;
    let next: ActorBehaviour<M>;
    try {
      next = await spec.start(selfFor(n));
    } catch (error) {
      if (n === incarnation && isBooting()) hooks.onExit({ kind: "crash", error });
      return;
    }
    if (n !== incarnation || !isBooting()) return cleanup(next, haltReason);
    behaviour = next;
    hasLoggedDrop = false;
    status = "running";
    hooks.onRunning();
    mailbox.resume();
  }

  return {
    ref,
    get status() {
      return status;
    },
    set status(next: ActorStatus) {
      status = next;
    },
    begin() {
      starting = boot(++incarnation);
      return starting;
    },
    async halt(reason) {
      mailbox.pause();
      haltReason = reason;
      await starting;
      if (behaviour !== undefined) {
        const current = behaviour;
        behaviour = undefined;
        cleaning = cleanup(current, reason);
      }
      await cleaning;
    },
    close() {
      mailbox.close();
    },
  };
}
