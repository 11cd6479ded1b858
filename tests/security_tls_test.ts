/**
 * Security profiles 2 (wss:// + Basic auth) and 3 (mutual TLS, certificate CN = identity) on
 * real loopback listeners, with a CA, server and client certificates made by openssl in a
 * temp dir for each run.
 */
import assert from "node:assert/strict";
import { hashPassword, MIN_ITERATIONS } from "../actors/csms/password.ts";
import { startTestServer, type TestServer } from "./helpers.ts";
import { basicAuthHeader } from "../actors/ocpp/basic_auth.ts";
import {
  connectStation,
  createTestPki,
  hasOpenssl,
  rawUpgrade,
  type TestPki,
} from "./security_helpers.ts";

const PASSWORD = "Profile2-Password-0042";
const HASH = await hashPassword(PASSWORD, { iterations: MIN_ITERATIONS });
const BOOT = { chargingStation: { model: "T", vendorName: "Tamna" }, reason: "PowerUp" };

async function withTlsServer(
  fn: (server: TestServer, pki: TestPki) => Promise<void>,
): Promise<void> {
  const pki = await createTestPki();
  const server = await startTestServer({
    tlsCert: pki.paths.serverCert,
    tlsKey: pki.paths.serverKey,
    tlsCa: pki.paths.caCert,
    ocppTlsPort: 0,
    mtlsPort: 0,
    stations: {
      cs_p1: { securityProfile: 1, passwordHash: HASH },
      cs_p2: { securityProfile: 2, passwordHash: HASH },
      cs_p3: { securityProfile: 3 },
    },
  });
  try {
    await fn(server, pki);
  } finally {
    await server.close();
    await pki.dispose();
  }
}

/** The TLS version openssl negotiates when forced to `version`, or undefined when refused. */
async function negotiated(
  url: string,
  version: "-tls1_1" | "-tls1_2",
  pki: TestPki,
  clientCert?: { cert: string; key: string },
): Promise<string | undefined> {
  const { port } = new URL(url);
  const args = [
    "s_client",
    version,
    "-cipher",
    "DEFAULT@SECLEVEL=0",
    "-connect",
    `127.0.0.1:${port}`,
  ];
  args.push("-CAfile", pki.paths.caCert, "-servername", "localhost");
  if (clientCert) {
    await Deno.writeTextFile(`${pki.dir}/probe.pem`, clientCert.cert + clientCert.key);
    args.push("-cert", `${pki.dir}/probe.pem`);
  }
  const out = await new Deno.Command("openssl", {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  })
    .output();
  const session = /New, (TLSv[\d.]+), Cipher is/.exec(new TextDecoder().decode(out.stdout));
  return session?.[1];
}

Deno.test({
  name:
    "A00 profile 2: wss:// with the right password connects; no password gets 401; TLS below 1.2 is refused",
  ignore: !hasOpenssl,
  fn: () =>
    withTlsServer(async (server, pki) => {
      assert.match(server.ocppTlsUrl ?? "", /^wss:\/\/127\.0\.0\.1:\d+$/);
      const url = `${server.ocppTlsUrl!.replace("127.0.0.1", "localhost")}/cs_p2`;
      const good = await connectStation(url, { password: PASSWORD, caCert: pki.caCert });
      assert.ok(good.ok, JSON.stringify(good));
      const [type, , boot] = await good.client.call("BootNotification", BOOT);
      assert.equal(type, 3);
      assert.equal((boot as { status: string }).status, "Accepted");
      await good.client.close();

      const anonymous = await rawUpgrade(url, {}, { caCert: pki.caCert });
      assert.equal(anonymous.status, 401);
      assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Basic /);
      const wrong = await rawUpgrade(url, {
        Authorization: basicAuthHeader("cs_p2", "x".repeat(20)),
      }, {
        caCert: pki.caCert,
      });
      assert.equal(wrong.status, 401);
      const right = await rawUpgrade(url, { Authorization: basicAuthHeader("cs_p2", PASSWORD) }, {
        caCert: pki.caCert,
      });
      assert.equal(right.status, 101, "HTTP/1.1 upgrade over TLS, as chargers do it");
      // A profile-1 station may use the stronger transport.
      const p1 = await connectStation(url.replace("cs_p2", "cs_p1"), {
        password: PASSWORD,
        caCert: pki.caCert,
      });
      assert.ok(p1.ok);
      await p1.client.close();
      // A profile-3 station must bring its certificate: Basic auth over TLS is not enough.
      const p3 = await rawUpgrade(url.replace("cs_p2", "cs_p3"), {
        Authorization: basicAuthHeader("cs_p3", PASSWORD),
      }, { caCert: pki.caCert });
      assert.equal(p3.status, 403);
      // An untrusted server certificate is the station's refusal, before any credentials go out.
      const untrusting = await connectStation(url, { password: PASSWORD });
      assert.ok(!untrusting.ok && untrusting.status === 0);

      assert.equal(await negotiated(server.ocppTlsUrl!, "-tls1_2", pki), "TLSv1.2");
      assert.equal(await negotiated(server.ocppTlsUrl!, "-tls1_1", pki), undefined);
    }),
});

Deno.test({
  name:
    "A00 profile 3: a CA-signed client certificate whose CN is the identity connects, without a password",
  ignore: !hasOpenssl,
  fn: () =>
    withTlsServer(async (server, pki) => {
      assert.match(server.mtlsUrl ?? "", /^wss:\/\/127\.0\.0\.1:\d+$/);
      const url = `${server.mtlsUrl!.replace("127.0.0.1", "localhost")}/cs_p3`;
      const clientCert = await pki.client("cs_p3");
      const good = await connectStation(url, { caCert: pki.caCert, clientCert });
      assert.ok(good.ok, JSON.stringify(good));
      assert.equal(good.client.socket.protocol, "ocpp2.0.1");
      const [type] = await good.client.call("BootNotification", BOOT);
      assert.equal(type, 3);
      const [hb] = await good.client.call("Heartbeat", {});
      assert.equal(hb, 3);
      const connected = server.events.find((e) => e.type === "station.connected");
      assert.deepEqual(
        connected?.payload && {
          chargerId: (connected.payload as { chargerId: string }).chargerId,
          remoteAddress: (connected.payload as { remoteAddress?: string }).remoteAddress,
        },
        { chargerId: "cs_p3", remoteAddress: "127.0.0.1" },
      );
      await good.client.close();

      assert.equal(await negotiated(server.mtlsUrl!, "-tls1_2", pki, clientCert), "TLSv1.2");
      assert.equal(await negotiated(server.mtlsUrl!, "-tls1_1", pki, clientCert), undefined);
    }),
});

Deno.test({
  name:
    "A00 profile 3: a certificate naming another station gets 403; none, or one from another CA, fails the handshake",
  ignore: !hasOpenssl,
  fn: () =>
    withTlsServer(async (server, pki) => {
      const url = `${server.mtlsUrl!.replace("127.0.0.1", "localhost")}/cs_p3`;
      // A forged ticket header is dropped by the bridge: only the verified CN counts.
      const other = await rawUpgrade(url, { "X-Tamna-Mtls-Ticket": "forged" }, {
        caCert: pki.caCert,
        clientCert: await pki.client("cs_p2"),
      });
      assert.equal(other.status, 403);
      assert.equal(JSON.parse(other.body).error, "Client certificate does not name this station");
      const mismatch = server.events.find((e) => e.type === "security.event");
      assert.equal((mismatch?.payload as { type: string }).type, "InvalidClientCertificate");
      assert.match((mismatch?.payload as { techInfo: string }).techInfo, /CN "cs_p2"/);

      const none = await connectStation(url, { caCert: pki.caCert });
      assert.ok(!none.ok && none.status === 0, JSON.stringify(none));
      const stranger = await connectStation(url, {
        caCert: pki.caCert,
        clientCert: await pki.client("cs_p3", { isStranger: true }),
      });
      assert.ok(!stranger.ok && stranger.status === 0, JSON.stringify(stranger));
      // A password does not stand in for the certificate on the mTLS port.
      const withPassword = await connectStation(url, { caCert: pki.caCert, password: PASSWORD });
      assert.ok(!withPassword.ok && withPassword.status === 0);
      assert.equal(server.csms.connectedIds().length, 0);
    }),
});
