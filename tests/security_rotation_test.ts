/**
 * A01, updating a station's Basic-auth password with SetVariables(SecurityCtrlr.BasicAuthPassword):
 * the old password keeps working until the station answered Accepted, the new hash is stored
 * (in the database too), the password never shows in frame events, and the REST API's generic
 * OCPP route goes through the same path.
 */
import assert from "node:assert/strict";
import { basicAuthHeader } from "../actors/ocpp/basic_auth.ts";
import { hashPassword, MIN_ITERATIONS, verifyPassword } from "../actors/csms/password.ts";
import { rotatePassword } from "../actors/csms/rotation.ts";
import { createStore } from "../plugins/persistence/store.ts";
import { startTestServer, type TestServer } from "./helpers.ts";
import { openTestDb } from "./persistence_helpers.ts";
import type { RawClient } from "./ocpp_client.ts";
import { connectStation, rawUpgrade } from "./security_helpers.ts";

const OLD = "Old-Password-0000000001";
const NEW = "New-Password-0000000002";
const OLD_HASH = await hashPassword(OLD, { iterations: MIN_ITERATIONS });
const fastHash = (password: string) => hashPassword(password, { iterations: MIN_ITERATIONS });
const BOOT = { chargingStation: { model: "T", vendorName: "Tamna" }, reason: "PowerUp" };
const CONFIG = { stations: { cs_rot: { securityProfile: 1 as const, passwordHash: OLD_HASH } } };

/** The station's side of SetVariables: waits for the CALL and answers with `status`. */
async function answerSetVariables(client: RawClient, status: string): Promise<string> {
  const call = await client.next((f) => f[0] === 2 && f[2] === "SetVariables");
  const [entry] = (call[3] as { setVariableData: { attributeValue: string }[] }).setVariableData;
  client.socket.send(JSON.stringify([3, call[1], {
    setVariableResult: [{
      attributeStatus: status,
      component: { name: "SecurityCtrlr" },
      variable: { name: "BasicAuthPassword" },
    }],
  }]));
  return entry.attributeValue;
}

async function currentHash(server: TestServer): Promise<string> {
  return (await server.security.credentials.lookup("cs_rot")).passwordHash!;
}

async function boot(server: TestServer, password: string): Promise<RawClient> {
  const attempt = await connectStation(`${server.ocppUrl}/cs_rot`, { password });
  assert.ok(attempt.ok, JSON.stringify(attempt));
  await attempt.client.call("BootNotification", BOOT);
  return attempt.client;
}

Deno.test("A01 rotatePassword(): the old password works until the station accepts, then only the new one", async () => {
  const server = await startTestServer(CONFIG);
  try {
    const station = await boot(server, OLD);
    const rotation = rotatePassword(server.csms, "cs_rot", NEW);
    const call = await station.next((f) => f[0] === 2 && f[2] === "SetVariables");
    // Sent, not yet answered: the stored hash is still the old password's.
    assert.equal(await verifyPassword(OLD, await currentHash(server)), true);
    assert.equal(await verifyPassword(NEW, await currentHash(server)), false);
    assert.equal(await answerSetVariables(station, "Accepted"), NEW);
    assert.deepEqual(await rotation, { status: "Accepted", password: NEW });
    assert.equal(await verifyPassword(NEW, await currentHash(server)), true);
    assert.equal(await verifyPassword(OLD, await currentHash(server)), false);

    const url = `${server.ocppUrl}/cs_rot`;
    assert.equal(
      (await rawUpgrade(url, { Authorization: basicAuthHeader("cs_rot", OLD) })).status,
      401,
    );
    const again = await connectStation(url, { password: NEW }); // replaces the connection
    assert.ok(again.ok);
    await station.closed;
    await again.client.close();

    const everything = JSON.stringify(server.events);
    assert.ok(!everything.includes(NEW) && !everything.includes(OLD), "no password in any event");
    const out = server.events.find((e) =>
      e.type === "frame.out" && (e.payload as { text: string }).text.includes(call[1] as string)
    );
    assert.match((out?.payload as { text: string }).text, /"attributeValue":"<redacted>"/);
    assert.ok(server.events.some((e) =>
      e.type === "security.event" &&
      (e.payload as { type: string }).type === "BasicAuthPasswordUpdated"
    ));
  } finally {
    await server.close();
  }
});

Deno.test("A01 a Rejected answer or a dropped connection keeps the old password", async () => {
  const server = await startTestServer(CONFIG);
  try {
    const station = await boot(server, OLD);
    const rejected = rotatePassword(server.csms, "cs_rot", NEW);
    await answerSetVariables(station, "Rejected");
    assert.equal((await rejected).status, "Rejected");
    assert.equal(await verifyPassword(OLD, await currentHash(server)), true);

    const first = station.received.find((f) => f[2] === "SetVariables");
    const dropped = rotatePassword(server.csms, "cs_rot", NEW).catch((error) => error);
    await station.next((f) => f[0] === 2 && f[2] === "SetVariables" && f !== first);
    await station.close();
    assert.ok(await dropped instanceof Error);
    assert.equal(await verifyPassword(OLD, await currentHash(server)), true);
    const back = await connectStation(`${server.ocppUrl}/cs_rot`, { password: OLD });
    assert.ok(back.ok);
    await back.client.close();
  } finally {
    await server.close();
  }
});

Deno.test("A01 through the REST API's generic route; the new hash is stored in chargers.password_hash and survives a restart", async () => {
  const testDb = await openTestDb("pglite");
  const persistence = { db: testDb.db, store: createStore(testDb.db), close: async () => {} };
  try {
    const server = await startTestServer(CONFIG, { persistence });
    try {
      const station = await boot(server, OLD);
      // With a database the CSMS first asks a booted station for its inventory, and it sends
      // one CALL at a time: unanswered, the SetVariables waited for that call's 30 s timeout.
      const report = await station.next((f) => f[0] === 2 && f[2] === "GetBaseReport");
      station.socket.send(JSON.stringify([3, report[1], { status: "Accepted" }]));
      const answered = answerSetVariables(station, "Accepted");
      const response = await server.api("/chargers/cs_rot/ocpp/SetVariables", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          setVariableData: [{
            component: { name: "SecurityCtrlr" },
            variable: { name: "BasicAuthPassword" },
            attributeValue: NEW,
          }],
        }),
      });
      const body = await response.text();
      assert.equal(response.status, 200, body);
      assert.ok(!body.includes(NEW));
      assert.equal(await answered, NEW);
      const [row] = await testDb.db.query<{ password_hash: string }>(
        "SELECT password_hash FROM chargers WHERE charger_id = 'cs_rot'",
      );
      assert.equal(await verifyPassword(NEW, row.password_hash), true);
      await station.close();
    } finally {
      await server.close();
    }
    // A restart: tamna.json still names the old hash, the database's rotated one wins.
    const restarted = await startTestServer(CONFIG, { persistence });
    try {
      const url = `${restarted.ocppUrl}/cs_rot`;
      assert.equal(
        (await rawUpgrade(url, { Authorization: basicAuthHeader("cs_rot", OLD) })).status,
        401,
      );
      const station = await connectStation(url, { password: NEW });
      assert.ok(station.ok);
      await station.client.close();
    } finally {
      await restarted.close();
    }
  } finally {
    await persistence.store.close();
    await testDb.dispose();
  }
});

Deno.test("withPasswordRotation() hashes with the injected function and leaves other SetVariables alone", async () => {
  const { withPasswordRotation } = await import("../actors/csms/rotation.ts");
  const hashed: string[] = [];
  const stored: string[] = [];
  const sent: unknown[] = [];
  const csms = withPasswordRotation({
    send: (_id: string, _action: string, payload: unknown) => {
      sent.push(payload);
      return Promise.resolve({
        setVariableResult: [{
          attributeStatus: "Accepted",
          component: { name: "OCPPCommCtrlr" },
          variable: { name: "HeartbeatInterval" },
        }],
      });
    },
  } as never, {
    credentials: {
      lookup: () => Promise.reject(),
      setPasswordHash: (_id, h) => Promise.resolve(void stored.push(h)),
    },
    emit: () => {},
    clock: { now: () => 0 },
    hash: async (password) => {
      hashed.push(password);
      return await fastHash(password);
    },
  });
  await csms.send("cs", "SetVariables", {
    setVariableData: [{
      component: { name: "OCPPCommCtrlr" },
      variable: { name: "HeartbeatInterval" },
      attributeValue: "60",
    }],
  });
  assert.deepEqual([hashed, stored, sent.length], [[], [], 1]);
});
