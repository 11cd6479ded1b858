import assert from "node:assert/strict";
import { clientAddress } from "./endpoint.ts";

const forwarded = (value: string) =>
  new Request("http://csms/cs1", { headers: { "x-forwarded-for": value } });

Deno.test("clientAddress() takes the address a trusted balancer added last", () => {
  const req = forwarded("198.51.100.1, 203.0.113.7");
  assert.equal(clientAddress(req, "10.0.0.5", ["10.0.0.5"]), "203.0.113.7");
});

Deno.test("clientAddress() ignores X-Forwarded-For from anybody not listed", () => {
  assert.equal(clientAddress(forwarded("203.0.113.7"), "192.0.2.9", ["10.0.0.5"]), "192.0.2.9");
  assert.equal(clientAddress(forwarded("203.0.113.7"), "192.0.2.9"), "192.0.2.9");
});

Deno.test("clientAddress() keeps the balancer's own address when it forwarded none", () => {
  assert.equal(clientAddress(new Request("http://csms/cs1"), "10.0.0.5", ["10.0.0.5"]), "10.0.0.5");
});
