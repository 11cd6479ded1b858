import assert from "node:assert/strict";
import { freePorts, splitProtocolLine, threadStats } from "./procs.ts";

// A child's JavaScript runs on its main thread (in `deno test` the test's may not).
const CHILD = `
const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
console.log("ready");
await lines.read();
const busyUntil = performance.now() + 60;
while (performance.now() < busyUntil) { /* burn CPU on the main thread */ }
for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 5));
console.log("done");
await lines.read();
`;

Deno.test("threadStats counts the event loop's CPU and the wake-ups of its sleeps", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", CHILD],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const stdout = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const stdin = child.stdin.getWriter();
  try {
    assert.match((await stdout.read()).value ?? "", /ready/);
    const before = await threadStats(child.pid);
    await stdin.write(new TextEncoder().encode("go\n"));
    assert.match((await stdout.read()).value ?? "", /done/);
    const after = await threadStats(child.pid);
    assert.ok(after.cpuMs.main > before.cpuMs.main, "the main thread's CPU time grew");
    assert.ok(
      after.wakeups.main - before.wakeups.main >= 10,
      `ten sleeps woke the main thread at least ten times (${before.wakeups.main} → ${after.wakeups.main})`,
    );
    assert.deepEqual(Object.keys(after.wakeups).sort(), ["gc", "io", "main", "workers"]);
  } finally {
    await stdin.close();
    await stdout.cancel();
    await child.status;
  }
});

Deno.test("splitProtocolLine finds the message after output run into its line", () => {
  assert.deepEqual(splitProtocolLine('{"id":1,"result":2}'), {
    message: { id: 1, result: 2 },
    stray: "",
  });
  const gc = "[14924:0x7f7f] 43 ms: Scavenge 4.8";
  assert.deepEqual(splitProtocolLine(`${gc}{"event":"ready","httpUrl":"x"}`), {
    message: { event: "ready", httpUrl: "x" },
    stray: gc,
  });
  assert.deepEqual(splitProtocolLine("Scavenge 1.2 -> 0.9 MB"), {
    stray: "Scavenge 1.2 -> 0.9 MB",
  });
  assert.deepEqual(splitProtocolLine("[1,2]"), { stray: "[1,2]" });
});

Deno.test("freePorts gives distinct ports that can be listened on", () => {
  const ports = freePorts(64);
  assert.equal(new Set(ports).size, 64, `repeated: ${ports}`);
  const listeners = ports.map((port) => Deno.listen({ hostname: "127.0.0.1", port }));
  for (const listener of listeners) listener.close();
});
