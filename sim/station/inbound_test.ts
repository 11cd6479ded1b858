import assert from "node:assert/strict";
import { decodeInbound } from "./inbound.ts";

Deno.test("decodeInbound() answers bad CSMS frames with the right CALLERROR", () => {
  const rows: [text: string, kind: string, reply?: unknown[]][] = [
    ['[2,"a","Reset",{"type":"Immediate"}]', "call"],
    ['[3,"a",{}]', "response"],
    ['[4,"a","FormationViolation","x",{}]', "response"],
    ["not json", "reject", [4, "-1", "RpcFrameworkError"]],
    ['[2,"b","Bogus",{}]', "reject", [4, "b", "NotImplemented"]],
    ['[2,"c","Heartbeat",{}]', "reject", [4, "c", "NotSupported"]],
    ['[2,"d","Reset",{}]', "reject", [4, "d", "OccurrenceConstraintViolation"]],
    ['[2,"e","Reset",{"type":"Soon"}]', "reject", [4, "e", "PropertyConstraintViolation"]],
    ['[2,"f","Reset",{"type":5}]', "reject", [4, "f", "TypeConstraintViolation"]],
    ['[2,"g","Reset",[]]', "reject", [4, "g", "FormatViolation"]],
    ['[7,"h",{}]', "reject", [4, "h", "MessageTypeNotSupported"]],
  ];
  for (const [text, kind, reply] of rows) {
    const result = decodeInbound(text);
    assert.equal(result.kind, kind, text);
    if (reply && result.kind === "reject") {
      assert.deepEqual(JSON.parse(result.reply).slice(0, 3), reply, text);
    }
  }
});
