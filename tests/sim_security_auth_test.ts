/**
 * The simulator against the real CSMS with security profile 1 (HTTP Basic auth on ws://): the
 * right password gets in, a wrong one is refused and retried with back-off without crashing
 * the station, and A01 rotation from the CSMS ends with the station logging in with the new
 * password (also after a simulator restart) while the old one is refused.
 */
import assert from "node:assert/strict";
import { basicAuthHeader } from "../actors/ocpp/basic_auth.ts";
import { hashPassword, MIN_ITERATIONS } from "../actors/csms/password.ts";
import { rotatePassword } from "../actors/csms/rotation.ts";
import { startCharger } from "../sim/station/charger.ts";
import { runSimCli } from "../sim/cli/sim_cli.ts";
import { createCharger } from "../sim/library/mod.ts";
import { passwordPath } from "../sim/station/password_store.ts";
import { scaledClock } from "../sim/fleet/scaled_clock.ts";
import type { SimEvent } from "../sim/station/station_state.ts";
import { startTestServer, type TestServer, until } from "./helpers.ts";
import { rawUpgrade } from "./security_helpers.ts";
import { simStation } from "./sim_security_helpers.ts";

const OLD = "Old-Station-Password-01";
const NEW = "New-Station-Password-02";
const OLD_HASH = await hashPassword(OLD, { iterations: MIN_ITERATIONS });
const CONFIG = {
  stations: {
    sim_p1: { securityProfile: 1 as const, passwordHash: OLD_HASH },
    sim_rot: { securityProfile: 1 as const, passwordHash: OLD_HASH },
    emart_jeju_01: { securityProfile: 1 as const, passwordHash: OLD_HASH },
  },
};

function securityEvents(server: TestServer, type: string): unknown[] {
  return server.events.filter((e) =>
    e.type === "security.event" && (e.payload as { type: string }).type === type
  );
}

Deno.test("A00 profile 1: a simulated station with the right password boots; its SecurityProfile says 1", async () => {
  const server = await startTestServer(CONFIG);
  try {
    await using charger = await createCharger({
      url: server.ocppUrl,
      chargerId: "sim_p1",
      password: OLD,
      bootTimeoutMs: 5_000,
    });
    assert.equal(charger.registration, "Accepted");
    assert.deepEqual(server.csms.connectedIds(), ["sim_p1"]);
    const answer = await server.csms.send("sim_p1", "GetVariables", {
      getVariableData: [{
        component: { name: "SecurityCtrlr" },
        variable: { name: "SecurityProfile" },
      }],
    });
    assert.equal(answer.getVariableResult[0].attributeValue, "1");
    assert.equal(securityEvents(server, "InvalidChargingStationCredentials").length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("A00 profile 1: a wrong password is refused with 401 and retried with doubling back-off; the station lives on", async () => {
  const server = await startTestServer(CONFIG);
  const events: SimEvent[] = [];
  // ×50: the back-off of 1, 2, 4, 8 simulated s takes 0.3 s of wall time.
  const charger = await startCharger({
    url: server.ocppUrl,
    config: simStation("sim_p1"),
    clock: scaledClock(50),
    random: () => 0,
    password: "Wrong-Station-Password-9",
    onEvent: (_id, event) => void events.push(event),
  });
  try {
    const tries = () => events.filter((e) => e.type === "reconnecting");
    await until(() => tries().length >= 5, 5_000);
    assert.deepEqual(tries().slice(0, 5).map((e) => e.delayMs), [1000, 2000, 4000, 8000, 16000]);
    for (const e of tries()) assert.match(e.error ?? "", /status code: 401/);
    assert.ok(securityEvents(server, "InvalidChargingStationCredentials").length >= 5);
    assert.equal(charger.isConnected, false);
    assert.equal(charger.registration, "None");
    await charger.plugIn(); // still an actor taking commands, not crashed
    assert.equal(charger.status, "Preparing");
    assert.deepEqual(server.csms.connectedIds(), []);
  } finally {
    await charger.stop({ drainMs: 0 });
    await server.close();
  }
});

Deno.test("A01 the CSMS rotates the password: the station accepts, keeps its connection, stores it, and reconnects with it only", async () => {
  const server = await startTestServer(CONFIG);
  const stateDir = await Deno.makeTempDir({ prefix: "tamna_sim_rot_" });
  try {
    const charger = await createCharger({
      url: server.ocppUrl,
      chargerId: "sim_rot",
      password: OLD,
      stateDir,
      bootTimeoutMs: 5_000,
    });
    try {
      const connections = () => server.events.filter((e) => e.type === "station.connected").length;
      assert.equal(connections(), 1);
      assert.deepEqual(await rotatePassword(server.csms, "sim_rot", NEW), {
        status: "Accepted",
        password: NEW,
      });
      // The connection the password came over stays up (A01).
      assert.equal(charger.isConnected, true);
      assert.equal(connections(), 1);
      const kept = await Deno.readTextFile(passwordPath(stateDir, "sim_rot"));
      assert.equal(JSON.parse(kept).password, NEW);
      if (Deno.build.os !== "windows") {
        assert.equal((await Deno.stat(passwordPath(stateDir, "sim_rot"))).mode! & 0o777, 0o600);
      }
      // A forced reconnect: the station now logs in with the new password.
      await charger.goOffline();
      await charger.goOnline();
      assert.equal(charger.registration, "Accepted");
      assert.equal(connections(), 2);
      assert.equal(securityEvents(server, "InvalidChargingStationCredentials").length, 0);
      const url = `${server.ocppUrl}/sim_rot`;
      const old = await rawUpgrade(url, { Authorization: basicAuthHeader("sim_rot", OLD) });
      assert.equal(old.status, 401, "the old password is refused");
    } finally {
      await charger.stop();
    }
    // A simulator restart given the old password: the stored one wins.
    await using again = await createCharger({
      url: server.ocppUrl,
      chargerId: "sim_rot",
      password: OLD,
      stateDir,
      bootTimeoutMs: 5_000,
    });
    assert.equal(again.registration, "Accepted");
    assert.equal(securityEvents(server, "InvalidChargingStationCredentials").length, 1);
  } finally {
    await server.close();
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("A01 a password of the wrong length over REST is Rejected by the station; the old one keeps working", async () => {
  const server = await startTestServer(CONFIG);
  try {
    await using charger = await createCharger({
      url: server.ocppUrl,
      chargerId: "sim_rot",
      password: OLD,
      bootTimeoutMs: 5_000,
    });
    const response = await server.api("/chargers/sim_rot/ocpp/SetVariables", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        setVariableData: [{
          component: { name: "SecurityCtrlr" },
          variable: { name: "BasicAuthPassword" },
          attributeValue: "only-15-letters",
        }],
      }),
    });
    const body = await response.text();
    assert.equal(response.status, 200, body);
    assert.match(body, /"attributeStatus":"Rejected"/);
    assert.match(body, /16 to 40 characters, got 15/);
    assert.ok(!body.includes("only-15-letters"));
    await charger.goOffline();
    await charger.goOnline();
    assert.equal(charger.registration, "Accepted");
    assert.equal(securityEvents(server, "BasicAuthPasswordUpdated").length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("runSimCli(--password wrong) says once on stderr that the CSMS answered 401, never the password", async () => {
  const server = await startTestServer(CONFIG);
  const stop = new AbortController();
  const err: string[] = [];
  const out: string[] = [];
  const wrong = "Wrong-Station-Password-9";
  try {
    const run = runSimCli([
      "--chargers",
      "1",
      "--url",
      server.ocppUrl,
      "--no-auto",
      "--speed",
      "50",
      "--state-dir",
      "none",
      "--password",
      wrong,
    ], {
      write: (text) => void out.push(text),
      error: (line) => void err.push(line),
      isTerminal: false,
      isHandlingSignals: false,
      signal: stop.signal,
    });
    await until(() => securityEvents(server, "InvalidChargingStationCredentials").length >= 3);
    stop.abort();
    assert.equal(await run, 1, "a station that never got in fails the run");
    assert.deepEqual(err.length, 2, err.join("\n"));
    assert.match(
      err[0],
      /^sim: emart_jeju_01 could not connect \(.*status code: 401\); the stations keep retrying$/,
    );
    assert.equal(err[1], "sim: 1 of 1 stations never connected");
    assert.match(out.join(""), /×50, seed \d+, Basic auth\n/);
    assert.ok(![...err, ...out].some((text) => text.includes(wrong)));
  } finally {
    stop.abort();
    await server.close();
  }
});
