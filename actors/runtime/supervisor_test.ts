import assert from "node:assert/strict";
import { createSupervisor, type SupervisorEvent, type SupervisorOptions } from "./supervisor.ts";
import type { ActorSpec, RestartKind } from "./actor.ts";
import { FakeClock, flushMicrotasks } from "./clock.ts";

type Msg = { type: "work"; tag: string } | { type: "boom" } | { type: "hang" } | { type: "exit" };

function setup(options: SupervisorOptions = {}) {
  const clock = new FakeClock();
  const events: SupervisorEvent[] = [];
  const supervisor = createSupervisor({
    clock,
    random: () => 0,
    onEvent: (e) => events.push(e),
    ...options,
  });
  const restartDelays = () =>
    events.flatMap((e) => e.type === "actor.restarted" ? [e.payload.delayMs] : []);
  return { clock, events, supervisor, t0: clock.now(), restartDelays };
}

/** An actor that logs "<incarnation>:<tag>", crashes on boom, hangs on hang, exits on exit. */
function worker(id: string, restart: RestartKind = "permanent") {
  const log: string[] = [];
  const cleanups: string[] = [];
  let incarnation = 0;
  const spec: ActorSpec<Msg> = {
    id,
    restart,
    mailboxCapacity: 3,
    start(self) {
      const n = ++incarnation;
      return {
        receive(msg) {
          if (msg.type === "boom") throw new Error("boom");
          if (msg.type === "hang") return new Promise(() => {});
          if (msg.type === "exit") return self.exit("station hung up");
          log.push(`${n}:${msg.tag}`);
        },
        cleanup: (reason) => void cleanups.push(`${n}:${reason}`),
      };
    },
  };
  return { spec, log, cleanups, starts: () => incarnation };
}

/** An actor whose start always throws, recording when each start happened. */
function crashLoop(id: string, clock: FakeClock) {
  const startsAtMs: number[] = [];
  const spec: ActorSpec<never> = {
    id,
    restart: "permanent",
    start() {
      startsAtMs.push(clock.now());
      throw new Error("boom");
    },
  };
  return { spec, startsAtMs };
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

Deno.test("createSupervisor() restarts a crashing actor with doubling delays up to the cap", async () => {
  const { clock, supervisor, restartDelays } = setup({ maxRestarts: 100, windowMs: 1e9 });
  const actor = crashLoop("a", clock);
  supervisor.spawn(actor.spec);
  await clock.advance(200_000);
  const expected = [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000];
  assert.deepEqual(restartDelays().slice(0, 9), expected);
  assert.deepEqual(gaps(actor.startsAtMs).slice(0, 9), expected);
  await supervisor.stopAll();
});

Deno.test("createSupervisor() shrinks each delay by the jitter times random()", async () => {
  const draws = [0.5, 0.1, 0.9, 0];
  const { clock, supervisor, restartDelays } = setup({ random: () => draws.shift() ?? 0 });
  const actor = crashLoop("a", clock);
  supervisor.spawn(actor.spec);
  await clock.advance(10_000);
  // 500 * (1 - 0.5 * 0.5), 1000 * (1 - 0.5 * 0.1), 2000 * (1 - 0.5 * 0.9), 4000 * 1
  assert.deepEqual(restartDelays().slice(0, 4), [375, 950, 1100, 4000]);
  assert.deepEqual(gaps(actor.startsAtMs).slice(0, 4), [375, 950, 1100, 4000]);
  await supervisor.stopAll();
});

Deno.test("createSupervisor() waits the whole delay before restarting", async () => {
  const { clock, supervisor } = setup();
  const { spec, starts } = worker("a");
  const ref = supervisor.spawn(spec);
  await flushMicrotasks();
  ref.send({ type: "boom" });
  await clock.advance(499);
  assert.equal(ref.status, "restarting");
  assert.equal(starts(), 1);
  await clock.advance(1);
  assert.equal(ref.status, "running");
  assert.equal(starts(), 2);
  await supervisor.stopAll();
});

Deno.test("createSupervisor() gives up after more than maxRestarts restarts in the window", async () => {
  const { clock, supervisor, events, t0 } = setup();
  const actor = crashLoop("a", clock);
  const ref = supervisor.spawn(actor.spec);
  await clock.advance(60_000);
  assert.equal(actor.startsAtMs.length, 6);
  assert.equal(ref.status, "failed");
  assert.equal(supervisor.get("a"), undefined);
  assert.equal(supervisor.size, 0);
  const gaveUp = events.filter((e) => e.type === "actor.gave-up");
  assert.deepEqual(gaveUp, [{
    type: "actor.gave-up",
    payload: {
      actorId: "a",
      restarts: 5,
      error: "crash: boom",
      at: new Date(t0 + 500 + 1000 + 2000 + 4000 + 8000).toISOString(),
    },
  }]);
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("createSupervisor() resets the attempt count after stable running", async () => {
  const { clock, supervisor, restartDelays } = setup();
  const { spec } = worker("a");
  const ref = supervisor.spawn(spec);
  await flushMicrotasks();
  ref.send({ type: "boom" });
  await clock.advance(500);
  ref.send({ type: "boom" });
  await clock.advance(1000);
  assert.deepEqual(restartDelays(), [500, 1000]);
  await clock.advance(59_999);
  ref.send({ type: "boom" });
  await clock.advance(2000);
  assert.deepEqual(restartDelays(), [500, 1000, 2000]);
  await clock.advance(60_000);
  ref.send({ type: "boom" });
  await clock.advance(500);
  assert.deepEqual(restartDelays(), [500, 1000, 2000, 500]);
  assert.equal(ref.status, "running");
  await supervisor.stopAll();
});

Deno.test("createSupervisor() keeps a neighbour running untouched during a crash loop", async () => {
  const { clock, supervisor } = setup();
  const loop = crashLoop("broken", clock);
  let total = 0;
  let neighbourStarts = 0;
  const neighbour = supervisor.spawn<number>({
    id: "neighbour",
    restart: "transient",
    start() {
      neighbourStarts++;
      return { receive: (n) => void (total += n) };
    },
  });
  supervisor.spawn(loop.spec);
  for (let i = 1; i <= 200; i++) {
    neighbour.send(i);
    await clock.advance(100);
  }
  assert.equal(supervisor.get("broken"), undefined);
  assert.equal(total, (200 * 201) / 2);
  assert.equal(neighbourStarts, 1);
  assert.equal(neighbour.status, "running");
  await supervisor.stopAll();
});

Deno.test("createSupervisor() processes messages sent during a restart after it, in order", async () => {
  const { clock, supervisor } = setup();
  const { spec, log } = worker("a");
  const ref = supervisor.spawn(spec);
  ref.send({ type: "work", tag: "before" });
  ref.send({ type: "boom" });
  ref.send({ type: "work", tag: "x" });
  await flushMicrotasks();
  assert.equal(ref.status, "restarting");
  ref.send({ type: "work", tag: "y" });
  ref.send({ type: "work", tag: "z" });
  await clock.advance(500);
  assert.deepEqual(log, ["1:before", "2:x", "2:y", "2:z"]);
  await supervisor.stopAll();
});

const kinds: [RestartKind, "boom" | "exit", boolean][] = [
  ["permanent", "boom", true],
  ["permanent", "exit", true],
  ["transient", "boom", true],
  ["transient", "exit", false],
  ["temporary", "boom", false],
  ["temporary", "exit", false],
];
for (const [kind, ending, isRestarted] of kinds) {
  Deno.test(`createSupervisor() ${isRestarted ? "restarts" : "does not restart"} a ${kind} actor after ${ending}`, async () => {
    const { clock, supervisor, events } = setup();
    const { spec, starts, cleanups } = worker("a", kind);
    const ref = supervisor.spawn(spec);
    await flushMicrotasks();
    ref.send({ type: ending });
    await clock.advance(500);
    assert.equal(starts(), isRestarted ? 2 : 1);
    assert.equal(ref.status, isRestarted ? "running" : "stopped");
    assert.equal(supervisor.get("a"), isRestarted ? ref : undefined);
    assert.deepEqual(cleanups, [ending === "boom" ? "1:crash: boom" : "1:station hung up"]);
    const exited = events.filter((e) => e.type === "actor.exited").length;
    assert.equal(exited, isRestarted ? 0 : 1);
    await supervisor.stopAll();
  });
}

Deno.test("createSupervisor() stop() runs cleanup, frees the id and ignores later sends", async () => {
  const { supervisor, events, t0 } = setup();
  const { spec, log, cleanups } = worker("a");
  const ref = supervisor.spawn(spec);
  assert.throws(
    () => supervisor.spawn(spec),
    /Cannot spawn actor a because it is already starting/,
  );
  await flushMicrotasks();
  await supervisor.stop("a", "maintenance");
  assert.deepEqual(cleanups, ["1:maintenance"]);
  assert.equal(ref.status, "stopped");
  assert.deepEqual(supervisor.ids(), []);
  ref.send({ type: "work", tag: "late" });
  await flushMicrotasks();
  assert.deepEqual(log, []);
  assert.deepEqual(events, [{
    type: "actor.exited",
    actorId: "a",
    reason: "maintenance",
    at: new Date(t0).toISOString(),
  }]);
  supervisor.spawn(spec);
  assert.deepEqual(supervisor.ids(), ["a"]);
  await supervisor.stopAll();
  assert.deepEqual(cleanups, ["1:maintenance", "2:shutdown"]);
});

Deno.test("createSupervisor() stop() during the restart delay cancels the restart", async () => {
  const { clock, supervisor } = setup();
  const { spec, starts } = worker("a");
  const ref = supervisor.spawn(spec);
  await flushMicrotasks();
  ref.send({ type: "boom" });
  await flushMicrotasks();
  assert.equal(clock.pendingTimers, 1);
  await supervisor.stop("a");
  assert.equal(clock.pendingTimers, 0);
  await clock.advance(1000);
  assert.equal(starts(), 1);
  assert.equal(ref.status, "stopped");
});

Deno.test("createSupervisor() crashes an actor whose mailbox overflows and drops the message", async () => {
  const { clock, supervisor, events } = setup();
  const { spec, log } = worker("a");
  const ref = supervisor.spawn(spec);
  await flushMicrotasks();
  ref.send({ type: "hang" });
  await flushMicrotasks();
  for (const tag of ["x", "y", "z"]) ref.send({ type: "work", tag });
  ref.send({ type: "work", tag: "lost" });
  assert.equal(ref.status, "restarting");
  ref.send({ type: "work", tag: "lost too" });
  await clock.advance(500);
  const restarted = events.flatMap((e) => e.type === "actor.restarted" ? [e.payload.error] : []);
  assert.deepEqual(restarted, [
    "crash: Cannot post a message because the mailbox is full (capacity 3)",
  ]);
  assert.deepEqual(log, ["2:x", "2:y", "2:z"]);
  await supervisor.stopAll();
});

Deno.test("createSupervisor() restarts even when cleanup throws and reports the error", async () => {
  const errors: [string, string][] = [];
  const { clock, supervisor } = setup({
    onCleanupError: (error, actorId) => errors.push([actorId, (error as Error).message]),
  });
  let starts = 0;
  const ref = supervisor.spawn<Msg>({
    id: "a",
    restart: "permanent",
    start() {
      starts++;
      return {
        receive: () => Promise.reject(new Error("boom")),
        cleanup: () => Promise.reject(new Error("socket already gone")),
      };
    },
  });
  await flushMicrotasks();
  ref.send({ type: "boom" });
  await clock.advance(500);
  assert.equal(starts, 2);
  assert.deepEqual(errors, [["a", "socket already gone"]]);
  await supervisor.stop("a");
  assert.equal(errors.length, 2);
});
