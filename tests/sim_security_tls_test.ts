/**
 * The simulator against the real CSMS with security profile 2 (Basic auth over wss://), with a
 * CA and server certificate made by openssl in a temp dir: the library with `caCerts`, a station
 * that does not trust the CSMS's certificate, a profile-2 station on the plain port, and the
 * `deno task sim` command line with `--password-file` and `--ca-file`, whose protocol log and
 * output never show a password, also while the CSMS rotates one.
 */
import assert from "node:assert/strict";
import { closeLogging, setupLogging } from "../actors/runtime/logging.ts";
import { hashPassword, MIN_ITERATIONS } from "../actors/csms/password.ts";
import { rotatePassword } from "../actors/csms/rotation.ts";
import { startCharger } from "../sim/station/charger.ts";
import { runSimCli } from "../sim/cli/sim_cli.ts";
import type { SimCliIo } from "../sim/cli/cli_io.ts";
import { createCharger } from "../sim/library/mod.ts";
import { scaledClock } from "../sim/fleet/scaled_clock.ts";
import type { SimEvent } from "../sim/station/station_state.ts";
import { startTestServer, type TestServer, until } from "./helpers.ts";
import { createTestPki, hasOpenssl, type TestPki } from "./security_helpers.ts";
import { simStation } from "./sim_security_helpers.ts";

const PASSWORD_1 = "Jeju-01-Password-000001";
const PASSWORD_2 = "Jeju-02-Password-000002";
const ROTATED = "Jeju-01-Rotated-0000003";
const hashed = (password: string) => hashPassword(password, { iterations: MIN_ITERATIONS });
const STATIONS = {
  emart_jeju_01: { securityProfile: 2 as const, passwordHash: await hashed(PASSWORD_1) },
  emart_jeju_02: { securityProfile: 2 as const, passwordHash: await hashed(PASSWORD_2) },
};

async function withTlsServer(fn: (server: TestServer, pki: TestPki) => Promise<void>) {
  const pki = await createTestPki();
  const server = await startTestServer({
    tlsCert: pki.paths.serverCert,
    tlsKey: pki.paths.serverKey,
    ocppTlsPort: 0,
    stations: STATIONS,
  });
  try {
    await fn(server, pki);
  } finally {
    await server.close();
    await pki.dispose();
  }
}

/** The wss:// endpoint under the name its certificate carries. */
function tlsUrl(server: TestServer): string {
  return server.ocppTlsUrl!.replace("127.0.0.1", "localhost");
}

/** Starts a station that retries fast (×50, no jitter) and collects its reconnect tries. */
async function retryingStation(url: string, options: { password?: string; caCerts?: string[] }) {
  const tries: Extract<SimEvent, { type: "reconnecting" }>[] = [];
  const charger = await startCharger({
    url,
    config: simStation("emart_jeju_01"),
    clock: scaledClock(50),
    random: () => 0,
    ...options,
    onEvent: (_id, event) => void (event.type === "reconnecting" && tries.push(event)),
  });
  return { charger, tries };
}

Deno.test({
  name: "A00 profile 2: a simulated station with the CA and its password boots over wss://",
  ignore: !hasOpenssl,
  fn: () =>
    withTlsServer(async (server, pki) => {
      await using charger = await createCharger({
        url: tlsUrl(server),
        chargerId: "emart_jeju_01",
        password: PASSWORD_1,
        caCerts: [pki.caCert],
        bootTimeoutMs: 5_000,
      });
      assert.equal(charger.registration, "Accepted");
      const answer = await server.csms.send("emart_jeju_01", "GetVariables", {
        getVariableData: [{
          component: { name: "SecurityCtrlr" },
          variable: { name: "SecurityProfile" },
        }],
      });
      assert.equal(answer.getVariableResult[0].attributeValue, "2");
      const connected = server.events.find((e) => e.type === "station.connected");
      assert.equal((connected?.payload as { chargerId: string }).chargerId, "emart_jeju_01");
    }),
});

Deno.test({
  name:
    "A00 profile 2: without the CA the station refuses the CSMS's certificate; on ws:// the CSMS refuses it (403); both keep retrying",
  ignore: !hasOpenssl,
  fn: () =>
    withTlsServer(async (server) => {
      const untrusting = await retryingStation(tlsUrl(server), { password: PASSWORD_1 });
      try {
        await until(() => untrusting.tries.length >= 3, 5_000);
        assert.match(untrusting.tries[0].error ?? "", /certificate|UnknownIssuer/i);
        assert.deepEqual(untrusting.tries.slice(0, 3).map((t) => t.delayMs), [1000, 2000, 4000]);
      } finally {
        await untrusting.charger.stop({ drainMs: 0 });
      }
      const plain = await retryingStation(server.ocppUrl, { password: PASSWORD_1 });
      try {
        await until(() => plain.tries.length >= 3, 5_000);
        assert.match(plain.tries[0].error ?? "", /status code: 403/);
      } finally {
        await plain.charger.stop({ drainMs: 0 });
      }
      assert.deepEqual(server.csms.connectedIds(), []);
      assert.ok(server.events.some((e) =>
        e.type === "security.event" &&
        (e.payload as { type: string }).type === "SecurityProfileMismatch"
      ));
    }),
});

function capture(
  signal: AbortSignal,
  logFile: string,
): SimCliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    write: (text) => void out.push(text),
    error: (line) => void err.push(line),
    isTerminal: false,
    isHandlingSignals: false,
    signal,
    setupLogging: (options) =>
      setupLogging({
        ...options,
        protocolDebug: true,
        logFile,
        consoleStream: new WritableStream(),
      }),
  };
}

Deno.test({
  name:
    "runSimCli(--password-file --ca-file) runs a wss:// fleet; the protocol log and output never show a password, also during A01",
  ignore: !hasOpenssl,
  fn: () =>
    withTlsServer(async (server, pki) => {
      const dir = await Deno.makeTempDir({ prefix: "tamna_sim_cli_tls_" });
      const passwordFile = `${dir}/passwords.json`;
      await Deno.writeTextFile(
        passwordFile,
        JSON.stringify({ emart_jeju_01: PASSWORD_1, emart_jeju_02: PASSWORD_2 }),
      );
      const stop = new AbortController();
      const io = capture(stop.signal, `${dir}/ocpp.log`);
      try {
        const args = ["--chargers", "2", "--url", tlsUrl(server), "--no-auto", "--speed", "10"];
        const run = runSimCli([
          ...args,
          "--password-file",
          passwordFile,
          "--ca-file",
          pki.paths.caCert,
          "--state-dir",
          `${dir}/state`,
        ], io);
        await until(() => server.csms.connectedIds().length === 2, 10_000);
        const rotated = await rotatePassword(server.csms, "emart_jeju_01", ROTATED);
        assert.equal(rotated.status, "Accepted");
        stop.abort();
        assert.equal(await run, 0, io.err.join("\n"));
        await closeLogging();

        const out = io.out.join("");
        assert.match(out, /2 stations of emart-jeju → wss:\/\/localhost:\d+/);
        assert.match(out, /Basic auth for 2 ids of .*passwords\.json, CA .*ca\.pem/);
        const log = await Deno.readTextFile(`${dir}/ocpp.log`);
        assert.match(log, /\[CHARGER-RECV\] emart_jeju_01: \[2,.*"SetVariables"/);
        assert.match(log, /"attributeValue":"<redacted>"/);
        const stored = await Deno.readTextFile(`${dir}/state/emart_jeju_01.password`);
        assert.equal(JSON.parse(stored).password, ROTATED);
        for (const secret of [PASSWORD_1, PASSWORD_2, ROTATED]) {
          assert.ok(!log.includes(secret), "no password in the protocol log");
          assert.ok(!out.includes(secret) && !io.err.join("").includes(secret));
        }
      } finally {
        stop.abort();
        await closeLogging();
        await Deno.remove(dir, { recursive: true });
      }
    }),
});

Deno.test("runSimCli() exits 2 with one line for a bad --password-file or --ca-file, quoting no password", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tamna_sim_cli_files_" });
  try {
    const files: Record<string, string> = {
      "short.json": JSON.stringify({ emart_jeju_01: "short-secret" }),
      "broken.json": `{"emart_jeju_01": "Broken-Secret-000000001",}`,
      "list.json": JSON.stringify(["Listed-Secret-0000000001"]),
      "ca.pem": "not a certificate",
    };
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    const rows: [string[], RegExp][] = [
      [["--password-file", `${dir}/short.json`], /at "emart_jeju_01": must be 16 to 40/],
      [["--password-file", `${dir}/broken.json`], /is not valid JSON/],
      [["--password-file", `${dir}/list.json`], /must be an object/],
      [["--password-file", `${dir}/missing.json`], /cannot read --password-file .*no such file/],
      [["--url", "wss://localhost:9", "--ca-file", `${dir}/ca.pem`], /holds no PEM certificate/],
    ];
    for (const [args, error] of rows) {
      const io = capture(AbortSignal.abort(), `${dir}/unused.log`);
      delete io.setupLogging;
      assert.equal(await runSimCli(["--state-dir", "none", ...args], io), 2, args.join(" "));
      assert.equal(io.err.length, 1, io.err.join("\n"));
      assert.match(io.err[0], error);
      assert.ok(!/Secret|short-secret/.test(io.err[0]), io.err[0]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
