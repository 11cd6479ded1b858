import assert from "node:assert/strict";
import { chargerKey } from "./presence.ts";

Deno.test("chargerKey() gives every charger identity a distinct key NATS KV accepts", () => {
  const ids = ["emart_jeju_01", "a/b c", "충전기-7", "x".repeat(48), "A", "a", "+", "-"];
  const keys = ids.map(chargerKey);
  for (const key of keys) assert.match(key, /^[-_A-Za-z0-9]+$/);
  assert.equal(new Set(keys).size, ids.length);
  assert.equal(chargerKey("emart_jeju_01"), chargerKey("emart_jeju_01"));
});
