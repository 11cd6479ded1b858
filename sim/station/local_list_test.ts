// The station's Local Authorization List (D01–D04) through the pure transition: versions, Full
// and Differential updates, GetLocalListVersion, and authorization from the list while offline.
import assert from "node:assert/strict";
import { TestStation } from "../../tests/support/test_station.ts";

const entry = (idToken: string, status?: string) => ({
  idToken: { idToken, type: "ISO14443" },
  ...(status && { idTokenInfo: { status } }),
});

const tokens = (st: TestStation) => Object.keys(st.state.localList.entries).sort();

Deno.test("D01/D02 transition() keeps the list: Full replaces, Differential adds and removes, versions rise", () => {
  const st = new TestStation().boot();
  assert.deepEqual(st.call("GetLocalListVersion", {}), { versionNumber: 0 });
  const full = {
    versionNumber: 3,
    updateType: "Full",
    localAuthorizationList: [entry("a", "Accepted"), entry("b", "Accepted")],
  };
  assert.deepEqual(st.call("SendLocalList", full), { status: "Accepted" });
  assert.deepEqual(tokens(st), ["a", "b"]);
  const diff = {
    versionNumber: 4,
    updateType: "Differential",
    localAuthorizationList: [entry("a"), entry("c", "Blocked")],
  };
  assert.deepEqual(st.call("SendLocalList", diff), { status: "Accepted" });
  assert.deepEqual(tokens(st), ["b", "c"]);
  assert.deepEqual(st.call("GetLocalListVersion", {}), { versionNumber: 4 });
  assert.deepEqual(
    st.call("SendLocalList", { ...diff, versionNumber: 4 }),
    { status: "VersionMismatch" },
    "a Differential must carry a higher version",
  );
  assert.equal(st.call("SendLocalList", { versionNumber: 0, updateType: "Full" }).status, "Failed");
  assert.deepEqual(st.call("SendLocalList", { versionNumber: 5, updateType: "Full" }), {
    status: "Accepted",
  });
  assert.deepEqual(tokens(st), [], "an empty Full list clears it");
  const entries = st.call("GetVariables", {
    getVariableData: [{ component: { name: "LocalAuthListCtrlr" }, variable: { name: "Entries" } }],
  });
  assert.equal(
    (entries.getVariableResult as { attributeValue: string }[])[0].attributeValue,
    "0",
  );
});

Deno.test("C13 transition() authorizes from the list while offline; unknown tokens follow OfflineTxForUnknownIdEnabled", () => {
  const st = new TestStation().boot();
  st.call("SendLocalList", {
    versionNumber: 1,
    updateType: "Full",
    localAuthorizationList: [entry("good", "Accepted"), entry("bad", "Blocked")],
  });
  st.call("SetVariables", {
    setVariableData: [{
      component: { name: "AuthCtrlr" },
      variable: { name: "OfflineTxForUnknownIdEnabled" },
      attributeValue: "false",
    }],
  });
  st.send({ type: "disconnected" });
  const present = (idToken: string) => {
    const effects = st.send({ type: "authorize", idToken: { idToken, type: "ISO14443" } });
    const refused = effects.find((e) => e.kind === "emit" && e.event.type === "rejected");
    const verdict = refused && refused.kind === "emit" && refused.event.type === "rejected"
      ? refused.event.reason
      : "authorized";
    st.send({ type: "stopLocal" });
    return verdict;
  };
  assert.equal(present("good"), "authorized");
  assert.match(present("bad"), /local list says idToken bad is Blocked/);
  assert.match(present("stranger"), /not in its local list/);
});

Deno.test("I02 transition() answers CostUpdated and keeps the running cost of its transaction", () => {
  const st = new TestStation().boot();
  const reply = st.call("CostUpdated", { totalCost: 1234, transactionId: "nope" });
  assert.deepEqual(reply, {});
  const cost = st.effects.find((e) => e.kind === "emit" && e.event.type === "cost");
  assert.deepEqual(cost && cost.kind === "emit" && cost.event, {
    type: "cost",
    transactionId: "nope",
    totalCost: 1234,
  });
});
