import assert from "node:assert/strict";
import { parseBasicAuth } from "../../actors/ocpp/basic_auth.ts";
import {
  basicAuthorization,
  passwordFor,
  securityProfileOf,
  webSocketOptions,
} from "./station_security.ts";
import { TestStation } from "../../tests/support/test_station.ts";

const PASSWORD = "Rotated-Password-0042";
const password = (attributeValue: string) => ({
  setVariableData: [{
    component: { name: "SecurityCtrlr" },
    variable: { name: "BasicAuthPassword" },
    attributeValue,
  }],
});
const profile = {
  getVariableData: [{
    component: { name: "SecurityCtrlr" },
    variable: { name: "SecurityProfile" },
  }],
};

Deno.test("basicAuthorization() is the header the CSMS reads back: user = station id, UTF-8", () => {
  const header = basicAuthorization("emart_jeju_01", "pä:ss-word-0000000");
  assert.deepEqual(parseBasicAuth(header), {
    username: "emart_jeju_01",
    password: "pä:ss-word-0000000",
  });
});

Deno.test("webSocketOptions() sends Basic auth only with a password and the CA only when given", () => {
  assert.deepEqual(webSocketOptions("cs", { subprotocol: "ocpp2.0.1", caCerts: [] }), {
    protocols: ["ocpp2.0.1"],
  });
  const options = webSocketOptions("cs", { subprotocol: "ocpp2.0.1", password: PASSWORD });
  assert.deepEqual(options.headers, { authorization: basicAuthorization("cs", PASSWORD) });
  const tls = webSocketOptions("cs", { subprotocol: "ocpp2.0.1", caCerts: ["PEM"] });
  assert.deepEqual(tls.caCerts, ["PEM"]);
});

Deno.test("passwordFor() takes one password for all, or the station's own from a map", () => {
  assert.equal(passwordFor({}, "a"), undefined);
  assert.equal(passwordFor({ password: PASSWORD }, "a"), PASSWORD);
  assert.equal(passwordFor({ password: { a: PASSWORD } }, "a"), PASSWORD);
  assert.equal(passwordFor({ password: { a: PASSWORD } }, "b"), undefined);
  assert.equal(passwordFor({ password: { a: PASSWORD } }, "toString"), undefined);
});

Deno.test("securityProfileOf() is 0 without a password, 1 over ws://, 2 over wss://", () => {
  assert.deepEqual(
    [[false, false], [true, false], [false, true], [true, true]].map(([isTls, hasPassword]) =>
      securityProfileOf(isTls, hasPassword)
    ),
    [0, 0, 1, 2],
  );
});

Deno.test("A01 transition() stores an accepted BasicAuthPassword before answering, and keeps the connection", () => {
  const st = new TestStation({ isTls: true }).boot();
  assert.equal(
    (st.call("GetVariables", profile).getVariableResult as { attributeValue: string }[])[0]
      .attributeValue,
    "0",
  );
  const answer = st.call("SetVariables", password(PASSWORD));
  assert.deepEqual(st.effects.map((e) => e.kind), ["storePassword", "reply"]);
  assert.deepEqual(st.effects[0], { kind: "storePassword", password: PASSWORD });
  assert.equal(
    (answer.setVariableResult as { attributeStatus: string }[])[0].attributeStatus,
    "Accepted",
  );
  assert.ok(!JSON.stringify(st.state).includes(PASSWORD), "the state holds no password");
  assert.equal(st.state.isOnline, true);
  assert.equal(
    (st.call("GetVariables", profile).getVariableResult as { attributeValue: string }[])[0]
      .attributeValue,
    "2",
  );
  const read = st.call("GetVariables", {
    getVariableData: [{
      component: { name: "SecurityCtrlr" },
      variable: { name: "BasicAuthPassword" },
    }],
  });
  assert.equal(
    (read.getVariableResult as { attributeStatus: string }[])[0].attributeStatus,
    "Rejected",
  );
});

Deno.test("A01 transition() rejects a BasicAuthPassword of the wrong length and stores nothing", () => {
  const st = new TestStation().boot();
  const answer = st.call("SetVariables", password("too-short"));
  assert.deepEqual(st.effects.map((e) => e.kind), ["reply"]);
  assert.equal(
    (answer.setVariableResult as { attributeStatus: string }[])[0].attributeStatus,
    "Rejected",
  );
  assert.equal(st.state.hasPassword, false);
});
