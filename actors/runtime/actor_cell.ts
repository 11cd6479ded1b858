/** The cell that runs one actor's incarnations over a mailbox that outlives them. */

import { getLogger } from "@logtape/logtape";
import type { ActorBehaviour, ActorRef, ActorSelf, ActorSpec, ActorStatus } from "./actor.ts";
import { createMailbox, type Mailbox, MailboxFullError } from "./mailbox.ts";

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
  const cell: CellState<M> = { status: "starting", behaviour: undefined };
  const mailbox = createMailbox<M>({
    capacity: spec.mailboxCapacity,
    handle: (msg) => cell.behaviour?.receive(msg),
    onCrash: (error) => {
      if (cell.status === "running") hooks.onExit({ kind: "crash", error });
    },
  });
  mailbox.pause();
  const overflow = createOverflow(spec.id, mailbox, hooks);
  const ref = mailboxRef(spec.id, mailbox, {
    status: () => cell.status,
    onFull: (error) => overflow.onFull(error, cell.status === "running"),
  });
  const incarnations = createIncarnations(spec, hooks, { cell, mailbox, ref, overflow });
  return {
    ref,
    get status() {
      return cell.status;
    },
    set status(next: ActorStatus) {
      cell.status = next;
    },
    begin: incarnations.begin,
    halt: incarnations.halt,
    close: () => mailbox.close(),
  };
}

/** What the cell's parts share: the status the supervisor sets and the running behaviour. */
interface CellState<M> {
  status: ActorStatus;
  behaviour: ActorBehaviour<M> | undefined;
}

interface CellParts<M> {
  cell: CellState<M>;
  mailbox: Mailbox<M>;
  ref: ActorRef<M>;
  overflow: Overflow;
}

/**
 * Sequences an actor's incarnations. Each `begin` starts a numbered incarnation once the
 * previous cleanup is done; a start that completes after a halt or a newer `begin` is cleaned
 * up unused, and an `exit` from an older incarnation is ignored.
 */
function createIncarnations<M>(spec: ActorSpec<M>, hooks: ActorCellHooks, parts: CellParts<M>) {
  const { cell, mailbox } = parts;
  let incarnation = 0;
  let starting: Promise<void> | undefined;
  let cleaning: Promise<void> | undefined;
  let haltReason = "stopped while starting";
  const isBooting = () => cell.status === "starting" || cell.status === "restarting";

  function exit(n: number, reason: string): void {
    if (n !== incarnation || cell.status !== "running") return;
    mailbox.pause();
    hooks.onExit({ kind: "normal", reason });
  }

  async function boot(n: number): Promise<void> {
    await cleaning;
    let next: ActorBehaviour<M>;
    try {
      next = await spec.start(actorSelf(parts.ref, (reason) => exit(n, reason)));
    } catch (error) {
      if (n === incarnation && isBooting()) hooks.onExit({ kind: "crash", error });
      return;
    }
    if (n !== incarnation || !isBooting()) return runCleanup(next, haltReason, hooks);
    cell.behaviour = next;
    parts.overflow.rearm();
    cell.status = "running";
    hooks.onRunning();
    mailbox.resume();
  }

  return {
    /** Starts a new incarnation (after the previous one's cleanup); never rejects. */
    begin(): Promise<void> {
      starting = boot(++incarnation);
      return starting;
    },
    /** Pauses the mailbox and runs the current incarnation's cleanup once. */
    async halt(reason: string): Promise<void> {
      mailbox.pause();
      haltReason = reason;
      await starting;
      if (cell.behaviour !== undefined) {
        const current = cell.behaviour;
        cell.behaviour = undefined;
        cleaning = runCleanup(current, reason, hooks);
      }
      await cleaning;
    },
  };
}

/**
 * The actor's handle: a send goes to the mailbox; a full mailbox goes to `onFull`, never back
 * to the sender (it may be a socket event handler, where a throw would take the process down).
 */
function mailboxRef<M>(
  id: string,
  mailbox: Mailbox<M>,
  owner: { status(): ActorStatus; onFull(error: MailboxFullError): void },
): ActorRef<M> {
  return {
    id,
    get status() {
      return owner.status();
    },
    get queued() {
      return mailbox.size;
    },
    send(msg) {
      try {
        mailbox.post(msg);
      } catch (error) {
        if (!(error instanceof MailboxFullError)) throw error;
        owner.onFull(error);
      }
    },
  };
}

type Overflow = ReturnType<typeof createOverflow>;

/**
 * STYLE §3: overflow is a fault for the supervisor, so a running actor crashes and its stuck
 * handler is given up on. The message is dropped, and the first drop of an incarnation logged.
 */
function createOverflow(actorId: string, mailbox: Mailbox<unknown>, hooks: ActorCellHooks) {
  let hasLoggedDrop = false;
  return {
    onFull(error: MailboxFullError, isRunning: boolean): void {
      if (isRunning) {
        mailbox.pause();
        mailbox.abandon();
        hooks.onExit({ kind: "crash", error });
      }
      if (hasLoggedDrop) return;
      hasLoggedDrop = true;
      getLogger(["tamna", "actor"]).warn("Actor {actorId} drops messages: {error}", {
        actorId,
        error,
      });
    },
    /** A new incarnation logs its first drop again. */
    rearm(): void {
      hasLoggedDrop = false;
    },
  };
}

function actorSelf<M>(ref: ActorRef<M>, exit: (reason: string) => void): ActorSelf<M> {
  return {
    id: ref.id,
    send: (msg) => ref.send(msg),
    exit: (reason = "normal") => exit(reason),
  };
}

async function runCleanup<M>(
  behaviour: ActorBehaviour<M>,
  reason: string,
  hooks: ActorCellHooks,
): Promise<void> {
  try {
    await behaviour.cleanup?.(reason);
  } catch (error) {
    hooks.onCleanupError(error);
  }
}
