import assert from "node:assert/strict";
import { createMailbox, MailboxFullError } from "./mailbox.ts";
import { flushMicrotasks } from "./clock.ts";

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

Deno.test("createMailbox() handles messages in order, one at a time", async () => {
  const log: string[] = [];
  const gate = deferred();
  const mailbox = createMailbox<string>({
    handle: async (msg) => {
      log.push(`start ${msg}`);
      if (msg === "a") await gate.promise;
      log.push(`end ${msg}`);
    },
    onCrash: () => assert.fail("no crash expected"),
  });
  mailbox.post("a");
  mailbox.post("b");
  mailbox.post("c");
  await flushMicrotasks();
  assert.deepEqual(log, ["start a"]);
  assert.equal(mailbox.size, 2);
  gate.resolve();
  await mailbox.idle();
  assert.deepEqual(log, ["start a", "end a", "start b", "end b", "start c", "end c"]);
});

Deno.test("createMailbox() post throws MailboxFullError when the capacity is reached", () => {
  const mailbox = createMailbox<number>({ capacity: 2, handle: () => {}, onCrash: () => {} });
  mailbox.post(1);
  mailbox.post(2);
  assert.throws(() => mailbox.post(3), (e: unknown) => {
    assert.ok(e instanceof MailboxFullError);
    assert.equal(e.name, "MailboxFullError");
    assert.equal(e.capacity, 2);
    return true;
  });
  mailbox.close();
});

Deno.test("createMailbox() rejects a capacity that is not a positive integer", () => {
  assert.throws(
    () => createMailbox({ capacity: 0, handle: () => {}, onCrash: () => {} }),
    RangeError,
  );
});

Deno.test("createMailbox() pauses and reports a crash, then resumes with the next message", async () => {
  const handled: number[] = [];
  const crashes: [string, number][] = [];
  const mailbox = createMailbox<number>({
    handle: (n) => {
      if (n === 2) throw new Error("two");
      handled.push(n);
    },
    onCrash: (error, msg) => crashes.push([(error as Error).message, msg]),
  });
  for (const n of [1, 2, 3, 4]) mailbox.post(n);
  await mailbox.idle();
  assert.deepEqual(handled, [1]);
  assert.deepEqual(crashes, [["two", 2]]);
  assert.equal(mailbox.isPaused, true);
  assert.equal(mailbox.size, 2);
  mailbox.resume();
  await mailbox.idle();
  assert.deepEqual(handled, [1, 3, 4]);
});

Deno.test("createMailbox() reports an async rejection as a crash", async () => {
  const crashes: unknown[] = [];
  const mailbox = createMailbox<number>({
    handle: () => Promise.reject(new Error("late")),
    onCrash: (error) => crashes.push(error),
  });
  mailbox.post(1);
  await mailbox.idle();
  assert.equal((crashes[0] as Error).message, "late");
});

Deno.test("createMailbox() keeps queueing while paused", async () => {
  const handled: number[] = [];
  const mailbox = createMailbox<number>({ handle: (n) => void handled.push(n), onCrash: () => {} });
  mailbox.pause();
  mailbox.post(1);
  mailbox.post(2);
  await flushMicrotasks();
  assert.deepEqual(handled, []);
  mailbox.resume();
  await mailbox.idle();
  assert.deepEqual(handled, [1, 2]);
});

Deno.test("createMailbox() close drops pending messages, ignores later posts and the in-flight outcome", async () => {
  const gate = deferred();
  const handled: number[] = [];
  const mailbox = createMailbox<number>({
    handle: async (n) => {
      await gate.promise;
      handled.push(n);
    },
    onCrash: () => assert.fail("a closed mailbox must not report crashes"),
  });
  mailbox.post(1);
  mailbox.post(2);
  await flushMicrotasks();
  mailbox.close();
  mailbox.post(3);
  await mailbox.idle();
  assert.equal(mailbox.size, 0);
  gate.reject(new Error("socket closed"));
  await flushMicrotasks();
  assert.deepEqual(handled, []);
});

Deno.test("createMailbox() abandon lets the next message start while a handler hangs", async () => {
  const handled: number[] = [];
  const mailbox = createMailbox<number>({
    handle: (n) => {
      if (n === 1) return new Promise(() => {});
      handled.push(n);
    },
    onCrash: () => {},
  });
  mailbox.post(1);
  mailbox.post(2);
  await flushMicrotasks();
  assert.deepEqual(handled, []);
  mailbox.abandon();
  await mailbox.idle();
  assert.deepEqual(handled, [2]);
});

Deno.test("createMailbox() drains 100k synchronous messages without a timer", async () => {
  let count = 0;
  const mailbox = createMailbox<number>({
    capacity: 100_000,
    handle: () => void count++,
    onCrash: () => {},
  });
  for (let i = 0; i < 100_000; i++) mailbox.post(i);
  await mailbox.idle();
  assert.equal(count, 100_000);
});
