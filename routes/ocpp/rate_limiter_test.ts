import assert from "node:assert/strict";
import { createHashGate } from "./hash_gate.ts";
import { createFailureLimiter } from "./rate_limiter.ts";
import { createVerifiedCache } from "./verified_cache.ts";
import { REDACTED, redactSecrets } from "../../actors/ocpp/redact.ts";

Deno.test("createFailureLimiter() blocks an address after maxFailures and lets it back after blockMs", () => {
  let nowMs = 0;
  const limiter = createFailureLimiter({
    clock: { now: () => nowMs },
    maxFailures: 3,
    windowMs: 60_000,
    blockMs: 10_000,
  });
  assert.equal(limiter.fail("10.0.0.1"), false);
  assert.equal(limiter.fail("10.0.0.1"), false);
  assert.equal(limiter.blockedForMs("10.0.0.1"), 0);
  assert.equal(limiter.fail("10.0.0.1"), true, "the third failure starts the block");
  assert.equal(limiter.blockedForMs("10.0.0.1"), 10_000);
  assert.equal(limiter.blockedForMs("10.0.0.2"), 0, "other addresses are not affected");
  nowMs = 9_999;
  assert.equal(limiter.blockedForMs("10.0.0.1"), 1);
  nowMs = 10_000;
  assert.equal(limiter.blockedForMs("10.0.0.1"), 0);
});

Deno.test("createFailureLimiter() refills the bucket over the window, so slow failures never block", () => {
  let nowMs = 0;
  const limiter = createFailureLimiter({
    clock: { now: () => nowMs },
    maxFailures: 3,
    windowMs: 3_000,
  });
  for (let i = 0; i < 100; i++) {
    nowMs += 1_000; // one failure per refilled token
    assert.equal(limiter.fail("a"), false);
  }
  assert.equal(limiter.blockedForMs("a"), 0);
});

Deno.test("createFailureLimiter() forgets the least recently failing address beyond maxEntries", () => {
  const limiter = createFailureLimiter({ clock: { now: () => 0 }, maxEntries: 100 });
  for (let i = 0; i < 1000; i++) limiter.fail(`10.0.${i >> 8}.${i & 255}`);
  assert.equal(limiter.size(), 100);
});

Deno.test("createHashGate() runs at most maxRunning at once, queues maxWaiting, refuses beyond", async () => {
  const gate = createHashGate(2, 1);
  const releases: (() => void)[] = [];
  const job = () => new Promise<void>((resolve) => releases.push(resolve));
  const a = gate.run(job)!;
  const b = gate.run(job)!;
  const c = gate.run(job)!;
  assert.equal(gate.run(job), undefined, "queue full");
  assert.deepEqual(gate.load(), { running: 2, waiting: 1 });
  await Promise.resolve();
  assert.equal(releases.length, 2, "the third waits");
  releases[0]();
  await a;
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(releases.length, 3);
  assert.deepEqual(gate.load(), { running: 2, waiting: 0 });
  releases[1]();
  releases[2]();
  await Promise.all([b, c]);
  assert.deepEqual(gate.load(), { running: 0, waiting: 0 });
});

Deno.test("createVerifiedCache() matches the remembered password only, and not after the hash changed", async () => {
  const cache = createVerifiedCache();
  assert.equal(await cache.matches("cs", "hash-1", "secret-password-1"), false);
  await cache.remember("cs", "hash-1", "secret-password-1");
  assert.equal(await cache.matches("cs", "hash-1", "secret-password-1"), true);
  assert.equal(await cache.matches("cs", "hash-1", "secret-password-2"), false);
  assert.equal(await cache.matches("cs", "hash-2", "secret-password-1"), false);
  assert.equal(await cache.matches("other", "hash-1", "secret-password-1"), false);
});

Deno.test("redactSecrets() hides BasicAuthPassword values in SetVariables and reports, keeps other frames", () => {
  const call = JSON.stringify([2, "m1", "SetVariables", {
    setVariableData: [
      {
        component: { name: "SecurityCtrlr" },
        variable: { name: "BasicAuthPassword" },
        attributeValue: "s3cret-s3cret-s3cret",
      },
      {
        component: { name: "OCPPCommCtrlr" },
        variable: { name: "HeartbeatInterval" },
        attributeValue: "60",
      },
    ],
  }]);
  const shown = redactSecrets(call);
  assert.ok(!shown.includes("s3cret"));
  assert.ok(shown.includes(REDACTED) && shown.includes('"60"'));
  const report = JSON.stringify([2, "m2", "NotifyReport", {
    reportData: [{
      component: { name: "SecurityCtrlr" },
      variable: { name: "BasicAuthPassword" },
      variableAttribute: [{ value: "leaked-password-x" }],
    }],
  }]);
  assert.ok(!redactSecrets(report).includes("leaked"));
  assert.ok(!redactSecrets('[2,"x","SetVariables",{"BasicAuthPassword":"abc').includes("abc"));
  const plain = '[2,"h","Heartbeat",{}]';
  assert.equal(redactSecrets(plain), plain);
});

Deno.test("createFailureLimiter().reserve() counts running attempts; only failures start a block", () => {
  const limiter = createFailureLimiter({ clock: { now: () => 0 }, maxFailures: 3, blockMs: 5_000 });
  assert.deepEqual([1, 2, 3, 4].map(() => limiter.reserve("a")), [true, true, true, false]);
  limiter.release("a");
  limiter.release("a");
  assert.equal(limiter.blockedForMs("a"), 0, "running attempts never block");
  limiter.release("a");
  assert.equal(limiter.reserve("a"), true);
  assert.equal(limiter.fail("a", { isReserved: true }), false);
  assert.equal(limiter.reserve("a"), true);
  assert.equal(limiter.fail("a", { isReserved: true }), false);
  assert.equal(limiter.reserve("a"), true);
  assert.equal(limiter.reserve("a"), false, "two failures and one running: no room");
  assert.equal(limiter.fail("a", { isReserved: true }), true, "the third failure blocks");
  assert.equal(limiter.blockedForMs("a"), 5_000);
  assert.equal(limiter.refillMs(), 20_000, "60 s window / 3 tokens");
});
