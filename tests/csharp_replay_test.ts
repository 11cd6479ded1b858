/** The seed's C# simulator frames, replayed over a real socket in strict and lenient mode. */
import assert from "node:assert/strict";
import {
  CSHARP_BOOT,
  CSHARP_ENDED,
  CSHARP_ENDED_AS_PRINTED,
  CSHARP_STARTED,
  CSHARP_UPDATED,
} from "./fixtures/csharp_frames.ts";
import { startTestServer } from "./helpers.ts";

Deno.test("C# frames in strict mode: boot accepted, each TransactionEvent answered with its precise violation", async () => {
  const server = await startTestServer({ validation: "strict" });
  const c = await server.client("emart_jeju_01");
  try {
    assert.deepEqual((await c.request(CSHARP_BOOT, "msg_id_001")).slice(0, 2), [3, "msg_id_001"]);
    for (
      const [text, id] of [[CSHARP_STARTED, "msg_id_002"], [CSHARP_UPDATED, "msg_id_003"], [
        CSHARP_ENDED,
        "msg_id_004",
      ]]
    ) {
      const [type, , code, description, details] = await c.request(text, id) as [
        number,
        string,
        string,
        string,
        { path: string },
      ];
      assert.equal(type, 4);
      // The first violation in schema order: the elided "2026-01-21T..." timestamp.
      assert.equal(code, "PropertyConstraintViolation");
      assert.equal(details.path, "timestamp");
      assert.match(description, /^TransactionEvent\.timestamp: /);
    }
    assert.ok(!server.events.some((e) => e.type.startsWith("transaction.")), "nothing recorded");
  } finally {
    await c.close();
    await server.close();
  }
});

Deno.test("C# frames in strict mode with a real timestamp: transactionData is named as the violation", async () => {
  const server = await startTestServer({ validation: "strict" });
  const c = await server.client("emart_jeju_01");
  try {
    await c.request(CSHARP_BOOT, "msg_id_001");
    const text = CSHARP_STARTED.replace("2026-01-21T...", "2026-01-21T14:30:00Z");
    const [, , code, description] = await c.request(text, "msg_id_002") as string[];
    assert.equal(code, "OccurrenceConstraintViolation");
    assert.match(description, /triggerReason|seqNo|transactionInfo/);
  } finally {
    await c.close();
    await server.close();
  }
});

Deno.test("C# frames in lenient mode: accepted, recorded with what was relaxed, answered validly", async () => {
  const server = await startTestServer({ stations: { emart_jeju_01: { validation: "lenient" } } });
  const c = await server.client("emart_jeju_01");
  try {
    for (
      const [text, id] of [[CSHARP_BOOT, "msg_id_001"], [CSHARP_STARTED, "msg_id_002"], [
        CSHARP_UPDATED,
        "msg_id_003",
      ], [CSHARP_ENDED, "msg_id_004"]]
    ) {
      const answer = await c.request(text, id);
      assert.equal(answer[0], 3, `${id} accepted: ${JSON.stringify(answer)}`);
    }
    const ended = server.events.find((e) => e.type === "transaction.ended");
    assert.ok(ended?.type === "transaction.ended");
    assert.equal(ended.payload.transactionId, "abc12345");
    assert.equal(ended.payload.stoppedReason, "Local");
    assert.equal(ended.payload.energyWh, 20150);
    const relaxed = server.events.filter((e) => e.type === "station.relaxed");
    assert.equal(relaxed.length, 3);
    const all = relaxed.flatMap((e) => e.type === "station.relaxed" ? e.payload.relaxations : []);
    for (
      const expected of [
        "transactionData read as transactionInfo",
        "missing seqNo set to 0",
        "missing seqNo set to 2",
        "chargingState Preparing read as EVConnected",
        "missing triggerReason set to StopAuthorized",
      ]
    ) {
      assert.ok(all.includes(expected), `relaxation recorded: ${expected}`);
    }
    assert.equal(server.csms.snapshot("emart_jeju_01")?.relaxedFrames, 3);
    // The C# charger answers RequestStartTransaction like any other; a strict station next door is unaffected.
    const other = await server.booted("emart_jeju_02");
    const [, , strictCode] = await other.request(CSHARP_STARTED.replace("msg_id_002", "x"), "x");
    assert.equal(strictCode, "PropertyConstraintViolation");
    await other.close();
  } finally {
    await c.close();
    await server.close();
  }
});

Deno.test("the C# Ended frame exactly as printed (with [{...}]) is not JSON: RpcFrameworkError in any mode", async () => {
  const server = await startTestServer({ validation: "lenient" });
  const c = await server.client("emart_jeju_01");
  try {
    await c.request(CSHARP_BOOT, "msg_id_001");
    const [type, id, code] = await c.request(CSHARP_ENDED_AS_PRINTED, "-1");
    assert.deepEqual([type, id, code], [4, "-1", "RpcFrameworkError"]);
  } finally {
    await c.close();
    await server.close();
  }
});
