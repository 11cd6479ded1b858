/**
 * Security profile 1 on a real loopback server: HTTP Basic auth on the upgrade, known
 * identities, identity rules, per-address rate limiting, security events, and a flood of bad
 * upgrades that leaves a connected charger's heartbeats answered.
 */
import assert from "node:assert/strict";
import { basicAuthHeader } from "../actors/ocpp/basic_auth.ts";
import { hashPassword, MIN_ITERATIONS } from "../actors/csms/password.ts";
import { startTestServer } from "./helpers.ts";
import { connectStation, rawUpgrade } from "./security_helpers.ts";

const PASSWORD = "Profile1-Password-0042";
// The minimum iteration count keeps the tests quick; production hashes use 600,000.
const HASH = await hashPassword(PASSWORD, { iterations: MIN_ITERATIONS });
const BOOT = { chargingStation: { model: "T", vendorName: "Tamna" }, reason: "PowerUp" };

function securityEvents(server: { events: { type: string; payload: unknown }[] }) {
  return server.events.filter((e) => e.type === "security.event").map((e) =>
    e.payload as { chargerId: string; type: string; techInfo?: string }
  );
}

Deno.test("A00 profile 1: the right password connects; missing, wrong or foreign credentials get 401 Basic", async () => {
  const server = await startTestServer({
    stations: { cs_p1: { securityProfile: 1, passwordHash: HASH } },
  });
  try {
    const url = `${server.ocppUrl}/cs_p1`;
    const good = await connectStation(url, { password: PASSWORD });
    assert.ok(good.ok);
    const [type] = await good.client.call("BootNotification", BOOT);
    assert.equal(type, 3);
    await good.client.close();

    for (
      const [options, why] of [
        [{}, "no Basic credentials"],
        [{ password: "Profile1-Password-0043" }, "wrong password"],
        [{ password: "" }, "wrong password"],
        [{ password: PASSWORD, username: "cs_other" }, "user name is not the station identity"],
      ] as const
    ) {
      const attempt = await connectStation(url, options);
      assert.ok(!attempt.ok && attempt.status === 401, `${why}: ${JSON.stringify(attempt)}`);
    }
    const raw = await rawUpgrade(url, { Authorization: basicAuthHeader("cs_p1", "nope") });
    assert.equal(raw.status, 401);
    assert.match(raw.headers.get("www-authenticate") ?? "", /^Basic realm=/);
    assert.deepEqual(JSON.parse(raw.body), {
      status: "error",
      error: "Missing or wrong credentials",
    });

    const events = securityEvents(server);
    assert.equal(events.length, 5);
    assert.ok(events.every((e) => e.type === "InvalidChargingStationCredentials"));
    assert.ok(events.every((e) => e.chargerId === "cs_p1" && e.techInfo?.startsWith("127.0.0.1")));
    const everything = JSON.stringify(server.events);
    assert.ok(!everything.includes(PASSWORD) && !everything.includes("0043"), "no password leaks");
  } finally {
    await server.close();
  }
});

Deno.test("A00 profile 1: the global securityProfile applies to stations without their own; profile 0 needs nothing", async () => {
  const server = await startTestServer({
    securityProfile: 1,
    stations: { cs_open: { securityProfile: 0 }, cs_p1: { passwordHash: HASH } },
  });
  try {
    const open = await connectStation(`${server.ocppUrl}/cs_open`);
    assert.ok(open.ok);
    await open.client.close();
    const closed = await connectStation(`${server.ocppUrl}/cs_p1`);
    assert.ok(!closed.ok && closed.status === 401);
    const stranger = await connectStation(`${server.ocppUrl}/cs_stranger`, { password: PASSWORD });
    assert.ok(!stranger.ok && stranger.status === 401, "no password is configured for it");
    const good = await connectStation(`${server.ocppUrl}/cs_p1`, { password: PASSWORD });
    assert.ok(good.ok);
    await good.client.close();
  } finally {
    await server.close();
  }
});

Deno.test("A00 profile 2 and 3 stations are refused with 403 on the plain port, before any password check", async () => {
  const server = await startTestServer({
    stations: {
      cs_p2: { securityProfile: 2, passwordHash: HASH },
      cs_p3: { securityProfile: 3 },
    },
  });
  try {
    for (const id of ["cs_p2", "cs_p3"]) {
      const raw = await rawUpgrade(`${server.ocppUrl}/${id}`, {
        Authorization: basicAuthHeader(id, PASSWORD),
      });
      assert.equal(raw.status, 403, id);
      assert.match(JSON.parse(raw.body).error, /requires security profile [23]/);
    }
    assert.deepEqual(securityEvents(server).map((e) => e.type), [
      "SecurityProfileMismatch",
      "SecurityProfileMismatch",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("requireKnownStations refuses unknown identities with 404; the identity rules refuse > 48 chars and ':' with 400", async () => {
  const server = await startTestServer({
    requireKnownStations: true,
    stations: { cs_known: {} },
  });
  try {
    const known = await connectStation(`${server.ocppUrl}/cs_known`);
    assert.ok(known.ok);
    await known.client.close();
    const unknown = await rawUpgrade(`${server.ocppUrl}/cs_unknown`);
    assert.equal(unknown.status, 404);
    assert.equal(securityEvents(server)[0].type, "UnknownChargingStation");
    for (
      const path of [
        `/${"x".repeat(49)}`,
        `/ocpp/${"x".repeat(49)}`,
        "/cs%3Aknown",
        "/cs:known",
        "/cs%20known",
        "/cs%00known",
        "/%E0%A4%A",
      ]
    ) {
      const answer = await rawUpgrade(`${server.ocppUrl}${path}`);
      assert.equal(answer.status, 400, path);
    }
    const longest = await rawUpgrade(`${server.ocppUrl}/${"x".repeat(48)}`);
    assert.equal(longest.status, 404, "48 characters pass the identity rules, then are unknown");
  } finally {
    await server.close();
  }
});

Deno.test("failed upgrades are rate-limited per address (429 + Retry-After, one event); a verified password still gets in", async () => {
  const server = await startTestServer({
    stations: { cs_p1: { securityProfile: 1, passwordHash: HASH } },
    authRateLimit: { maxFailures: 5, windowS: 60, blockS: 30 },
  });
  try {
    const url = `${server.ocppUrl}/cs_p1`;
    const first = await connectStation(url, { password: PASSWORD }); // verified: cached
    assert.ok(first.ok);
    await first.client.close();
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      statuses.push(
        (await rawUpgrade(url, { Authorization: basicAuthHeader("cs_p1", `bad-${i}`) })).status,
      );
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
    const blocked = await rawUpgrade(url, { Authorization: basicAuthHeader("cs_p1", PASSWORD) });
    assert.equal(blocked.status, 101, "the cached right password passes the block");
    const limited = await rawUpgrade(url);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
    const types = securityEvents(server).map((e) => e.type);
    assert.equal(types.filter((t) => t === "InvalidChargingStationCredentials").length, 5);
    assert.equal(types.filter((t) => t === "AuthenticationRateLimited").length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("a flood of bad upgrades does not stop a connected charger's heartbeats", async () => {
  const server = await startTestServer({
    stations: {
      cs_live: { securityProfile: 1, passwordHash: HASH },
      cs_target: { securityProfile: 1, passwordHash: HASH },
    },
    // High enough that every flood attempt runs the slow hash check instead of a cheap 429.
    authRateLimit: { maxFailures: 100_000, windowS: 60, blockS: 1 },
  });
  try {
    const live = await connectStation(`${server.ocppUrl}/cs_live`, { password: PASSWORD });
    assert.ok(live.ok);
    await live.client.call("BootNotification", BOOT);
    const FLOOD = 200;
    const WIDTH = 20;
    let done = 0;
    const statuses = new Map<number, number>();
    const flood = (async () => {
      for (let i = 0; i < FLOOD; i += WIDTH) {
        const answers = await Promise.all(
          Array.from({ length: WIDTH }, (_, j) =>
            rawUpgrade(`${server.ocppUrl}/cs_target`, {
              Authorization: basicAuthHeader("cs_target", `guess-${i + j}`),
            })),
        );
        for (const { status } of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
        done += WIDTH;
      }
    })();
    // Back to back, a Heartbeat may be shed while the event loop lags (admission: the
    // charger is told to retry in N s), as on a machine shared with other tests; none fails.
    let heartbeats = 0;
    const others: unknown[][] = [];
    while (done < FLOOD) {
      const answer = await live.client.call("Heartbeat", {});
      const isShed = answer[0] === 4 && answer[2] === "InternalError" &&
        String(answer[3]).startsWith("CSMS overloaded");
      if (answer[0] === 3) heartbeats++;
      else if (!isShed) others.push(answer);
    }
    await flood;
    assert.deepEqual(others, [], "every Heartbeat answered or shed for a retry");
    assert.ok(heartbeats > 0, "heartbeats ran during the flood");
    assert.equal((statuses.get(401) ?? 0) + (statuses.get(503) ?? 0), FLOOD);
    assert.ok((statuses.get(401) ?? 0) > 0);
    // After the flood the charger is answered again, at the latest after the retry it was told.
    let type = (await live.client.call("Heartbeat", {}))[0];
    for (let tries = 0; type !== 3 && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      type = (await live.client.call("Heartbeat", {}))[0];
    }
    assert.equal(type, 3);
    await live.client.close();
  } finally {
    await server.close();
  }
});
