/** The one-for-one supervisor: spawns actors, restarts them with backoff, owns the registry. */

import { getLogger } from "@logtape/logtape";
import type { ActorRef, ActorSpec } from "./actor.ts";
import { type ActorCell, type ActorExit, createActorCell } from "./actor_cell.ts";
import { type Clock, isoNow, systemClock, type TimerId } from "./clock.ts";
import type { Registry } from "./registry.ts";

/** The supervisor's events that go on the bus (the CSMS's event map extends this). */
export interface SupervisorEvents {
  /** An actor crashed and was restarted after `delayMs` (its `attempt`th restart). */
  "actor.restarted": {
    actorId: string;
    attempt: number;
    delayMs: number;
    error: string;
    at: string;
  };
  /** An actor crashed too often (more than 5 restarts in 60 s) and is left stopped. */
  "actor.gave-up": { actorId: string; restarts: number; error: string; at: string };
}

/** What the supervisor reports; the server forwards the first two to the bus. */
export type SupervisorEvent =
  | { type: "actor.restarted"; payload: SupervisorEvents["actor.restarted"] }
  | { type: "actor.gave-up"; payload: SupervisorEvents["actor.gave-up"] }
  | { type: "actor.exited"; actorId: string; reason: string; at: string };

/** Supervision policy (STYLE §4). Times in ms; `random` returns [0, 1). */
export interface SupervisorOptions {
  clock?: Clock;
  random?: () => number;
  /** First restart delay; doubles per attempt. Default 500. */
  baseDelayMs?: number;
  /** Cap on the doubled delay. Default 30 000. */
  maxDelayMs?: number;
  /** The delay is multiplied by (1 - jitter * random()). Default 0.5. */
  jitter?: number;
  /** More restarts than this within `windowMs` and the supervisor gives up. Default 5. */
  maxRestarts?: number;
  windowMs?: number;
  /** This long running without a crash resets the attempt count. Default 60 000. */
  resetAfterMs?: number;
  onEvent?: (event: SupervisorEvent) => void;
  /** Errors thrown by an actor's cleanup; they never stop a restart. */
  onCleanupError?: (error: unknown, actorId: string) => void;
}

/** Spawns, stops and looks up actors. */
export interface Supervisor extends Registry {
  /** Starts an actor. Throws if an actor with that id is live: `stop` it first. */
  spawn<M>(spec: ActorSpec<M>): ActorRef<M>;
  /**
   * Stops an actor for good. The id is free for `spawn` as soon as this is called; the
   * promise resolves when the cleanup is done.
   */
  stop(id: string, reason?: string): Promise<void>;
  stopAll(): Promise<void>;
}

interface Child {
  cell: ActorCell<unknown>;
  spec: ActorSpec<unknown>;
  attempt: number;
  restartsAtMs: number[];
  runningSinceMs?: number;
  timer?: TimerId;
}

/** Builds a supervisor. Clock and randomness are injected so tests are instant and repeatable. */
export function createSupervisor(options: SupervisorOptions = {}): Supervisor {
  const clock = options.clock ?? systemClock;
  const onEvent = options.onEvent ?? (() => {});
  const onCleanupError = options.onCleanupError ?? logCleanupError;
  const children = new Map<string, Child>();
  const isCurrent = (child: Child) => children.get(child.spec.id) === child;
  const handleExit = createRestarts({
    clock,
    random: options.random ?? Math.random,
    policy: supervisionPolicy(options),
    onEvent,
    isCurrent,
    finish,
  });

  async function finish(child: Child, status: "stopped" | "failed", reason: string): Promise<void> {
    if (!isCurrent(child)) return;
    children.delete(child.spec.id);
    if (child.timer !== undefined) clock.clearTimeout(child.timer);
    child.cell.status = status;
    child.cell.close();
    await child.cell.halt(reason);
    onEvent(finishEvent(child, status, reason, isoNow(clock)));
  }

  function spawn<M>(spec: ActorSpec<M>): ActorRef<M> {
    checkSpawnable(spec, children);
    const cell = createActorCell(spec, {
      onRunning: () => void (child.runningSinceMs = clock.now()),
      onExit: (exit) => handleExit(child, exit),
      onCleanupError: (error) => onCleanupError(error, spec.id),
    });
    const child: Child = { cell, spec, attempt: 0, restartsAtMs: [] };
    children.set(spec.id, child);
    void cell.begin();
    return cell.ref;
  }

  async function stop(id: string, reason = "stopped"): Promise<void> {
    const child = children.get(id);
    if (child !== undefined) await finish(child, "stopped", reason);
  }

  return {
    spawn,
    stop,
    get: <M>(id: string) => children.get(id)?.cell.ref as ActorRef<M> | undefined,
    ids: () => [...children.keys()],
    get size() {
      return children.size;
    },
    async stopAll() {
      await Promise.all([...children.keys()].map((id) => stop(id, "shutdown")));
    },
  };
}

/** What restart handling needs from its supervisor. */
interface RestartDeps {
  clock: Clock;
  random: () => number;
  policy: SupervisionPolicy;
  onEvent: (event: SupervisorEvent) => void;
  isCurrent(child: Child): boolean;
  finish(child: Child, status: "stopped" | "failed", reason: string): Promise<void>;
}

/**
 * Handles an actor's exit: a restart after the backoff delay, unless its restart kind or the
 * intensity limit says to finish it (STYLE §4).
 */
function createRestarts(deps: RestartDeps): (child: Child, exit: ActorExit) => void {
  const { clock, policy, finish } = deps;

  function handleExit(child: Child, exit: ActorExit): void {
    const reason = exit.kind === "normal" ? exit.reason : `crash: ${describe(exit.error)}`;
    if (!isRestartWanted(child.spec, exit)) return void finish(child, "stopped", reason);
    if (!recordRestart(child, clock.now(), policy)) return void finish(child, "failed", reason);
    child.cell.status = "restarting";
    void restartLater(child, restartDelayMs(policy, child.attempt, deps.random()), reason);
  }

  async function restartLater(child: Child, delayMs: number, reason: string): Promise<void> {
    await child.cell.halt(reason);
    if (!deps.isCurrent(child) || child.cell.status !== "restarting") return;
    const attempt = child.attempt;
    child.timer = clock.setTimeout(() => {
      child.timer = undefined;
      const at = isoNow(clock);
      const payload = { actorId: child.spec.id, attempt, delayMs, error: reason, at };
      deps.onEvent({ type: "actor.restarted", payload });
      void child.cell.begin();
    }, delayMs);
  }

  return handleExit;
}

type SupervisionPolicy = ReturnType<typeof supervisionPolicy>;

/** The options' supervision numbers with the STYLE §4 defaults. */
function supervisionPolicy(options: SupervisorOptions) {
  return {
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    jitter: options.jitter ?? 0.5,
    maxRestarts: options.maxRestarts ?? 5,
    windowMs: options.windowMs ?? 60_000,
    resetAfterMs: options.resetAfterMs ?? 60_000,
  };
}

/** Permanent actors always restart, transient ones only after a crash, temporary ones never. */
function isRestartWanted(spec: ActorSpec<unknown>, exit: ActorExit): boolean {
  const kind = spec.restart;
  return !(kind === "temporary" || (kind === "transient" && exit.kind === "normal"));
}

/**
 * Counts a restart in the child's window (the attempt count resets after `resetAfterMs` of
 * stable running); false, with nothing counted, when it would pass the intensity limit.
 */
function recordRestart(child: Child, nowMs: number, policy: SupervisionPolicy): boolean {
  if (child.runningSinceMs !== undefined && nowMs - child.runningSinceMs >= policy.resetAfterMs) {
    child.attempt = 0;
  }
  child.runningSinceMs = undefined;
  child.restartsAtMs = child.restartsAtMs.filter((t) => nowMs - t < policy.windowMs);
  if (child.restartsAtMs.length >= policy.maxRestarts) return false;
  child.attempt++;
  child.restartsAtMs.push(nowMs);
  return true;
}

/** The base delay doubled per attempt, capped, then shrunk by the jitter; `random` in [0, 1). */
function restartDelayMs(policy: SupervisionPolicy, attempt: number, random: number): number {
  const doubledMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(doubledMs * (1 - policy.jitter * random));
}

function finishEvent(
  child: Child,
  status: "stopped" | "failed",
  reason: string,
  at: string,
): SupervisorEvent {
  const actorId = child.spec.id;
  if (status === "stopped") return { type: "actor.exited", actorId, reason, at };
  const payload = { actorId, restarts: child.restartsAtMs.length, error: reason, at };
  return { type: "actor.gave-up", payload };
}

function checkSpawnable(spec: ActorSpec<unknown>, children: Map<string, Child>): void {
  if (typeof spec.id !== "string" || spec.id === "") {
    throw new TypeError(`Cannot spawn an actor without an id: got ${JSON.stringify(spec.id)}`);
  }
  const live = children.get(spec.id);
  if (live !== undefined) {
    throw new Error(`Cannot spawn actor ${spec.id} because it is already ${live.cell.status}`);
  }
}

function logCleanupError(error: unknown, actorId: string): void {
  getLogger(["tamna", "supervisor"]).error("Cleanup of actor {actorId} failed: {error}", {
    actorId,
    error,
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
