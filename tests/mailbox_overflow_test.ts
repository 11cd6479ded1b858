/**
 * Mailbox overflow (issue 20, item 3): over a thousand frames pipelined on one connection
 * behind a slow TransactionEvent write are each answered, or the connection is closed with a
 * reason; no CALL is dropped without a word.
 */
import assert from "node:assert/strict";
import type { DurableStore } from "../actors/station/durable.ts";
import { startTestServer, transactionEvent, until } from "./helpers.ts";

/** A store whose first write waits until `release()`: the actor's mailbox fills behind it. */
function gatedStore(): DurableStore & { release(): void } {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    loadStation: () => Promise.resolve(undefined),
    saveTransactionEvent: () => gate.then(() => "stored" as const),
    release: () => open(),
  };
}

Deno.test("1,500 TransactionEvents pipelined on one socket: every CALL is answered, then the connection closes with a reason", async () => {
  const store = gatedStore();
  const server = await startTestServer({}, { store });
  const c = await server.booted("cs_flood");
  try {
    const answered = new Map<string, unknown[]>();
    c.socket.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data as string) as unknown[];
      if (frame[0] === 3 || frame[0] === 4) answered.set(frame[1] as string, frame);
    });
    c.socket.send(JSON.stringify([2, "te", "TransactionEvent", transactionEvent(0, "Started", 0)]));
    const ids = Array.from({ length: 1_500 }, (_, i) => `e${i + 1}`);
    for (const [i, id] of ids.entries()) {
      const event = transactionEvent(i + 1, "Updated", i + 1);
      c.socket.send(JSON.stringify([2, id, "TransactionEvent", event]));
    }
    c.socket.send(JSON.stringify([2, "hb", "Heartbeat", {}]));
    // The write completes only once the flood went past the queue limit and the Heartbeat
    // behind it was answered: released earlier, the connection could close (with its reason)
    // before the CSMS had read the Heartbeat at all.
    await until(() => [...answered.values()].some((f) => f[0] === 4) && answered.has("hb"), 5_000);
    store.release();
    const closed = await c.closed;
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /frames queued/);
    assert.deepEqual(answered.get("te")?.[0], 3);
    assert.deepEqual(answered.get("hb")?.[0], 3, "other calls are answered meanwhile");
    const unanswered = ids.filter((id) => !answered.has(id));
    assert.deepEqual(unanswered, [], `${unanswered.length} CALLs never answered`);
    const refused = ids.filter((id) => answered.get(id)?.[0] === 4);
    assert.ok(refused.length > 0, "the flood went past the limit");
    assert.equal(answered.get(refused[0])?.[2], "RpcFrameworkError");
  } finally {
    await c.close();
    await server.close();
  }
});

Deno.test("a 10 MB binary frame gets the size refusal, not 'not valid JSON'", async () => {
  const server = await startTestServer();
  const c = await server.booted("cs_binary");
  try {
    c.socket.send(new Uint8Array(10 * 1024 * 1024));
    const refusal = await c.next((f) => f[0] === 4 && f[1] === "-1");
    assert.equal(refusal[2], "RpcFrameworkError");
    assert.match(String(refusal[3]), /exceeds the limit/);
  } finally {
    await c.close();
    await server.close();
  }
});
