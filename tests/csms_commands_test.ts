/** Every CSMS→charger action can be sent through the station actor and returns the answer. */
import assert from "node:assert/strict";
import { CSMS_ACTIONS } from "../actors/ocpp/actions.ts";
import { loadOfficialSchemas } from "../actors/ocpp/gen_schemas.ts";
import { minimalSample } from "../actors/ocpp/schema_samples.ts";
import { startTestServer } from "./helpers.ts";

const schemas = await loadOfficialSchemas();
const sample = (action: string, kind: "req" | "conf") =>
  minimalSample(schemas.find((s) => s.$id === `urn:${action}.${kind}`)!);

Deno.test("csms.send() delivers each of the 40 CSMS actions and resolves with the charger's answer", async () => {
  const server = await startTestServer();
  const c = await server.booted("cs_all");
  // The charger answers every CALL with a minimal valid response of its action.
  c.socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data as string);
    if (frame[0] === 2) c.socket.send(JSON.stringify([3, frame[1], sample(frame[2], "conf")]));
  });
  try {
    assert.equal(CSMS_ACTIONS.length, 40);
    for (const action of CSMS_ACTIONS) {
      const answer = await server.csms.send("cs_all", action, sample(action, "req") as never);
      assert.deepEqual(answer, sample(action, "conf"), action);
    }
    const calls = c.received.filter((f) => f[0] === 2).map((f) => f[2]);
    assert.deepEqual(calls, [...CSMS_ACTIONS]);
  } finally {
    await c.close();
    await server.close();
  }
});
