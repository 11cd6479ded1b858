/**
 * Issue 20, item 7: OCPP login attempts are counted when their check starts (a burst of
 * parallel wrong passwords is cut at the limit, before hashing), and an identity without a
 * password hash costs the same one hash verification as one with, so timing does not tell
 * which identities exist. Counts and behaviour here; the timing itself is measured by
 * bench/login_timing.ts.
 */
import assert from "node:assert/strict";
import { basicAuthHeader } from "../actors/ocpp/basic_auth.ts";
import { createCredentialStore } from "../actors/csms/credentials.ts";
import { hashPassword, MIN_ITERATIONS, type PasswordVerifier } from "../actors/csms/password.ts";
import { createOcppAdmission } from "../routes/ocpp/auth.ts";
import { createHashGate } from "../routes/ocpp/hash_gate.ts";
import { createFailureLimiter, limiterKey } from "../routes/ocpp/rate_limiter.ts";
import { createVerifiedCache } from "../routes/ocpp/verified_cache.ts";
import { countingVerifier, startTestServer } from "./helpers.ts";
import { rawUpgrade } from "./security_helpers.ts";

const PASSWORD = "Profile1-Password-0042";
const HASH = await hashPassword(PASSWORD, { iterations: MIN_ITERATIONS });

function admission(verifier: PasswordVerifier, maxFailures = 10) {
  const events: { type: string; payload: { type: string; techInfo: string } }[] = [];
  const admit = createOcppAdmission({
    credentials: createCredentialStore({
      securityProfile: 1,
      stations: { cs_known: { passwordHash: HASH } },
    }),
    limiter: createFailureLimiter({ clock: { now: () => 0 }, maxFailures }),
    cache: createVerifiedCache(),
    gate: createHashGate(2, 1_000),
    verifier,
    requireKnownStations: false,
    emit: (event) => void events.push(event as never),
    clock: { now: () => 0 },
  });
  const attempt = (chargerId: string, password: string, remoteAddress = "10.0.0.1") =>
    admit(
      chargerId,
      new Request("http://csms/", {
        headers: { authorization: basicAuthHeader(chargerId, password) },
      }),
      { remoteAddress, transport: "plain" },
    );
  return { attempt, events };
}

Deno.test("createOcppAdmission() verifies one hash for an unknown identity, as for a known one with a wrong password", async () => {
  const { verifier, counts } = countingVerifier();
  const { attempt } = admission(verifier);
  const unknown = await attempt("cs_unknown", "Whatever-Password-01");
  assert.equal(unknown?.status, 401);
  assert.deepEqual(counts, { withHash: 0, withoutHash: 1 });
  const wrong = await attempt("cs_known", "Whatever-Password-01");
  assert.equal(wrong?.status, 401);
  assert.deepEqual(counts, { withHash: 1, withoutHash: 1 });
  assert.deepEqual(await wrong!.json(), await unknown!.json(), "the same answer for both");
  assert.equal(await attempt("cs_known", PASSWORD), undefined);
  assert.deepEqual(counts, { withHash: 2, withoutHash: 1 });
  assert.equal(await attempt("cs_known", PASSWORD), undefined, "then from the verified cache");
  assert.deepEqual(counts, { withHash: 2, withoutHash: 1 });
});

Deno.test("createOcppAdmission() counts attempts when they start: the 11th parallel wrong password gets 429 before hashing", async () => {
  const { verifier, counts } = countingVerifier();
  const { attempt, events } = admission(verifier);
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) => attempt("cs_known", `Wrong-Password-${i}`)),
  );
  const statuses = answers.map((r) => r?.status);
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
  assert.deepEqual(statuses.slice(10), Array(20).fill(429));
  assert.equal(counts.withHash, 10, "only the first ten were hashed");
  assert.ok(answers.slice(10).every((r) => Number(r!.headers.get("retry-after")) > 0));
  const types = events.map((e) => e.payload.type);
  assert.equal(types.filter((t) => t === "InvalidChargingStationCredentials").length, 10);
  assert.equal(types.filter((t) => t === "AuthenticationRateLimited").length, 1);
  // Blocked now; another address is not.
  assert.equal((await attempt("cs_known", PASSWORD))?.status, 429);
  assert.equal(await attempt("cs_known", PASSWORD, "10.0.0.2"), undefined);
});

Deno.test("createOcppAdmission() lets parallel right passwords from one address through in turns, without a block", async () => {
  const { verifier, counts } = countingVerifier();
  const { attempt, events } = admission(verifier, 3);
  const first = await Promise.all(Array.from({ length: 5 }, () => attempt("cs_known", PASSWORD)));
  // Three run; the other two wait for a retry (429) but the address is not blocked.
  assert.equal(first.filter((r) => r === undefined).length, 3);
  assert.equal(first.filter((r) => r?.status === 429).length, 2);
  assert.equal(counts.withHash, 3);
  assert.equal(events.length, 0, "no failure, no block");
  const unknownIds = await Promise.all(
    Array.from({ length: 3 }, (_, i) => attempt(`cs_other_${i}`, PASSWORD)),
  );
  assert.ok(unknownIds.every((r) => r?.status === 401), "released tokens are usable again");
});

Deno.test("limiterKey() counts IPv6 per /64 and IPv4-mapped addresses as IPv4", () => {
  assert.equal(limiterKey("10.0.0.1"), "10.0.0.1");
  assert.equal(limiterKey("::ffff:10.0.0.1"), "10.0.0.1");
  assert.equal(limiterKey("2001:db8:0:1::5"), "2001:db8:0:1::/64");
  assert.equal(limiterKey("2001:0db8:0000:0001:ffff:1:2:3"), "2001:db8:0:1::/64");
  assert.equal(limiterKey("2001:db8::1"), "2001:db8:0:0::/64");
  assert.equal(limiterKey("::1"), "0:0:0:0::/64");
  const limiter = createFailureLimiter({ clock: { now: () => 0 }, maxFailures: 2 });
  limiter.fail("2001:db8:0:1::5");
  assert.equal(limiter.fail("2001:db8:0:1::77"), true, "the same /64 shares one budget");
  assert.equal(limiter.blockedForMs("2001:db8:0:1:abcd::1") > 0, true);
  assert.equal(limiter.blockedForMs("2001:db8:0:2::1"), 0);
});

Deno.test("300 parallel wrong passwords for one station over real sockets: 10 checked (401), 290 refused with 429", async () => {
  const server = await startTestServer({
    stations: { cs_burst: { securityProfile: 1, passwordHash: HASH } },
    // A long window: no token comes back while the burst runs, however slow the machine.
    authRateLimit: { maxFailures: 10, windowS: 3_600, blockS: 60 },
  });
  try {
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        rawUpgrade(`${server.ocppUrl}/cs_burst`, {
          Authorization: basicAuthHeader("cs_burst", `Wrong-Password-${i}`),
        })),
    );
    const count = (status: number) => answers.filter((a) => a.status === status).length;
    assert.equal(count(401), 10);
    assert.equal(count(429), 290);
    const checked = server.events.filter((e) =>
      e.type === "security.event" && (e.payload as { techInfo: string }).techInfo
        .endsWith("wrong password")
    );
    assert.equal(checked.length, 10, "ten passwords were checked");
  } finally {
    await server.close();
  }
});
