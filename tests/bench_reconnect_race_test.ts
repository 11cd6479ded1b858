/**
 * Found by `deno task bench`'s reconnect storm: a charger that reconnects while the actor of
 * its previous connection is still busy (here: still loading from storage) must get a fresh
 * actor, not an exception in the socket handler, which used to end the CSMS process.
 */
import assert from "node:assert/strict";
import type { DurableStore, StoredStation } from "../actors/station/durable.ts";
import { startTestServer, until } from "./helpers.ts";

function slowFirstLoad(): DurableStore & { release(): void; loads: number } {
  const gate = Promise.withResolvers<StoredStation | undefined>();
  return {
    loads: 0,
    release: () => gate.resolve(undefined),
    loadStation() {
      this.loads++;
      return this.loads === 1 ? gate.promise : Promise.resolve(undefined);
    },
    saveTransactionEvent: () => Promise.resolve("stored"),
  };
}

Deno.test("Csms.accept() replaces an actor still starting when its charger reconnects", async () => {
  const store = slowFirstLoad();
  const server = await startTestServer({}, { store });
  const first = await server.client("storm_001");
  try {
    await until(() => store.loads === 1);
    await first.close(); // the old actor is still waiting for its storage
    const second = await server.client("storm_001");
    try {
      const [type, , answer] = await second.call("BootNotification", {
        chargingStation: { model: "Bench", vendorName: "Tamna" },
        reason: "PowerUp",
      }) as [number, string, { status: string }];
      assert.equal(type, 3);
      assert.equal(answer.status, "Accepted");
      store.release(); // the old incarnation finishes starting and must not take over
      assert.deepEqual((await second.call("Heartbeat", {})).slice(0, 1), [3]);
      assert.equal(server.csms.isConnected("storm_001"), true);
    } finally {
      await second.close();
    }
  } finally {
    store.release();
    await server.close();
  }
});
