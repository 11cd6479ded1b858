/** The cell that runs one actor's incarnations over a mailbox that outlives them. */

import { getLogger } from "@logtape/logtape";
import type { ActorBehaviour, ActorRef, ActorSelf, ActorSpec, ActorStatus } from "./actor.ts";
import { createMailbox, MailboxFullError } from "./mailbox.ts";

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
