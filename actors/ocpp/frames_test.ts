import assert from "node:assert/strict";
import { buildCall, buildCallError, buildCallResult, newMessageId, parseFrame } from "./frames.ts";

const BAD_FRAMES: [string, string, string, string][] = [
  // [name, text, expected id, expected code]
  ["not JSON", "{oops", "-1", "RpcFrameworkError"],
  ["truncated JSON", '[2,"a1","Heartbeat",{', "-1", "RpcFrameworkError"],
  ["a JSON object", '{"a":1}', "-1", "RpcFrameworkError"],
  ["an empty array", "[]", "-1", "RpcFrameworkError"],
  ["a numeric id", '[2,17,"Heartbeat",{}]', "-1", "RpcFrameworkError"],
  ["an over-long id", `[2,"${"x".repeat(37)}","Heartbeat",{}]`, "-1", "RpcFrameworkError"],
  ["a CALL of 3 elements", '[2,"a2","Heartbeat"]', "a2", "RpcFrameworkError"],
  ["a CALL of 5 elements", '[2,"a3","Heartbeat",{},1]', "a3", "RpcFrameworkError"],
  ["a CALL whose action is a number", '[2,"a4",5,{}]', "a4", "RpcFrameworkError"],
  ["a CALL whose payload is an array", '[2,"a5","Heartbeat",[]]', "a5", "FormatViolation"],
  ["a CALL whose payload is null", '[2,"a6","Heartbeat",null]', "a6", "FormatViolation"],
  ["message type 5", '[5,"a7","Heartbeat",{}]', "a7", "MessageTypeNotSupported"],
  ["message type as a string", '["2","a8","Heartbeat",{}]', "a8", "RpcFrameworkError"],
  ["a CALLRESULT without payload", '[3,"a9"]', "a9", "RpcFrameworkError"],
  ["a CALLERROR of 4 elements", '[4,"b1","GenericError","x"]', "b1", "RpcFrameworkError"],
];

for (const [name, text, id, code] of BAD_FRAMES) {
  Deno.test(`parseFrame() refuses ${name} with ${code}`, () => {
    const result = parseFrame(text);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.id, id);
    assert.equal(result.error.code, code);
  });
}

Deno.test("parseFrame() reads a CALL, a CALLRESULT and a CALLERROR", () => {
  assert.deepEqual(parseFrame('[2,"c1","Heartbeat",{}]'), {
    ok: true,
    frame: { type: 2, id: "c1", action: "Heartbeat", payload: {} },
  });
  assert.deepEqual(parseFrame('[3,"c2",{"currentTime":"x"}]'), {
    ok: true,
    frame: { type: 3, id: "c2", payload: { currentTime: "x" } },
  });
  const error = parseFrame('[4,"c3","NotImplemented","nope",{}]');
  assert.ok(error.ok && error.frame.type === 4);
  assert.equal(error.frame.code, "NotImplemented");
});

Deno.test("parseFrame() understands the OCPP 1.6 spellings of error codes", () => {
  for (
    const [raw, code] of [
      ["FormationViolation", "FormatViolation"],
      ["OccurenceConstraintViolation", "OccurrenceConstraintViolation"],
      ["SomethingElse", "GenericError"],
    ]
  ) {
    const result = parseFrame(JSON.stringify([4, "e1", raw, "d", {}]));
    assert.ok(result.ok && result.frame.type === 4);
    assert.equal(result.frame.code, code);
    assert.equal(result.frame.rawCode, raw);
  }
});

Deno.test("build*() produce frames parseFrame() reads back", () => {
  const id = newMessageId();
  assert.equal(id.length, 36);
  assert.deepEqual(JSON.parse(buildCall(id, "Heartbeat", {})), [2, id, "Heartbeat", {}]);
  assert.deepEqual(JSON.parse(buildCallResult(id, { a: 1 })), [3, id, { a: 1 }]);
  const error = JSON.parse(buildCallError(id, "InternalError", "x".repeat(300)));
  assert.equal(error[2], "InternalError");
  assert.equal(error[3].length, 255);
  assert.deepEqual(error[4], {});
});
