/**
 * The command line of the HTTP API's security: `serve` refusing a network-facing HTTP API
 * without a credential (one line, exit 2), `create-admin` reading the password from stdin,
 * `serve --host 0.0.0.0` then starting and the account signing in, and the host, insecure and
 * session settings from flags, environment and tamna.json. On the embedded database (PGlite).
 */
import assert from "node:assert/strict";
import {
  ConfigError,
  httpHostOf,
  isLoopbackHost,
  loadServerConfig,
  ocppHostOf,
} from "../config.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const ENV = { DATABASE_URL: "", API_TOKEN: "", OCPP_LOG_LEVEL: "ERROR", HOST: "" };

function mainTs(args: string[], options: { stdin?: string } = {}) {
  return new Deno.Command(Deno.execPath(), {
    cwd: ROOT,
    args: ["run", "--quiet", "--allow-all", "main.ts", ...args],
    env: ENV,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function finished(child: Deno.ChildProcess, stdin?: string) {
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

/** Reads stdout until the HTTP URL line; returns it. */
async function httpUrlOf(child: Deno.ChildProcess): Promise<string> {
  let text = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    text += chunk;
    const match = /HTTP on (http:\/\/[\d.]+:\d+)/.exec(text);
    if (match) return match[1];
  }
  throw new Error(`serve printed no HTTP URL: ${text}`);
}

Deno.test("serve refuses 0.0.0.0 without a credential; create-admin from stdin; then serve starts there and the admin signs in", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "tamna_accounts_cli_" });
  const common = ["--data-dir", dataDir, "--ocpp-port", "0", "--http-port", "0"];
  try {
    const refused = await finished(mainTs(["serve", ...common, "--host", "0.0.0.0"]));
    assert.equal(refused.code, 2);
    const lines = refused.stderr.trim().split("\n");
    assert.equal(lines.length, 1, refused.stderr);
    assert.match(lines[0], /^tamna: the HTTP API on 0\.0\.0\.0 would be open to the network/);

    const short = await finished(
      mainTs(["create-admin", "--data-dir", dataDir], { stdin: "" }),
      "short\n",
    );
    assert.equal(short.code, 2);
    assert.match(short.stderr, /12 to 128 characters/);
    const created = await finished(
      mainTs([
        "create-admin",
        "--data-dir",
        dataDir,
        "--username",
        "Park",
        "--iterations",
        "100000",
      ], {
        stdin: "",
      }),
      "park-password-0001\n",
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created the admin account park/);
    assert.ok(!created.stdout.includes("park-password"), "the password is not echoed");

    const serve = mainTs(["serve", ...common, "--host", "0.0.0.0"]);
    try {
      const httpUrl = await httpUrlOf(serve);
      const login = await fetch(`${httpUrl}/auth/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: "park", password: "park-password-0001" }),
      });
      assert.equal(login.status, 200);
      assert.equal((await login.json()).role, "admin");
    } finally {
      serve.kill("SIGINT");
      assert.equal((await serve.status).code, 0);
      await serve.stderr.cancel();
    }
    const reset = await finished(
      mainTs(["create-admin", "--data-dir", dataDir, "--username", "park", "--role", "operator"], {
        stdin: "",
      }),
      "park-password-0002\n",
    );
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /Set a new password for park \(operator\); its sessions are ended/);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("loadServerConfig() reads the host, insecure and session settings; the HTTP API defaults to loopback, OCPP to every interface", async () => {
  const none = await loadServerConfig(["--config", "/dev/null/none.json"], {}).catch((e) => e);
  assert.ok(none instanceof ConfigError, "an explicit missing config file is an error");
  const defaults = await loadServerConfig([], {});
  assert.equal(httpHostOf(defaults), "127.0.0.1");
  assert.equal(ocppHostOf(defaults), "0.0.0.0");
  assert.equal(defaults.insecureHttp, false);
  assert.equal(defaults.sessionTtlS, 43_200);
  const legacy = await loadServerConfig(["--host", "10.0.0.5"], {});
  assert.equal(httpHostOf(legacy), "10.0.0.5", "--host still sets both");
  assert.equal(ocppHostOf(legacy), "10.0.0.5");
  const split = await loadServerConfig(["--host", "10.0.0.5", "--http-host", "127.0.0.1"], {
    OCPP_HOST: "0.0.0.0",
  });
  assert.equal(httpHostOf(split), "127.0.0.1");
  assert.equal(ocppHostOf(split), "0.0.0.0");
  assert.equal((await loadServerConfig(["--insecure-http"], {})).insecureHttp, true);
  assert.equal((await loadServerConfig([], { TAMNA_INSECURE_HTTP: "true" })).insecureHttp, true);
  await assert.rejects(
    () => loadServerConfig([], { TAMNA_INSECURE_HTTP: "maybe" }),
    /TAMNA_INSECURE_HTTP=maybe: expected true or false/,
  );
  assert.ok(isLoopbackHost("127.0.0.1") && isLoopbackHost("::1") && isLoopbackHost("localhost"));
  assert.ok(!isLoopbackHost("0.0.0.0") && !isLoopbackHost("192.168.0.10") && !isLoopbackHost("::"));
});
