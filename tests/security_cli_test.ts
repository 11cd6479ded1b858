/** `main.ts hash-password` and the security fields of tamna.json, flags and environment. */
import assert from "node:assert/strict";
import { verifyPassword } from "../actors/csms/password.ts";
import { ConfigError, loadServerConfig } from "../config.ts";

async function hashPasswordCli(input: string, args: string[] = []) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      new URL("../main.ts", import.meta.url).pathname,
      "hash-password",
      ...args,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(input));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}

Deno.test("main.ts hash-password reads the password from stdin and prints a hash that verifies; refuses short ones", async () => {
  const ok = await hashPasswordCli("Station-Password-0001\n", ["--iterations", "100000"]);
  assert.equal(ok.code, 0, ok.stderr);
  const hash = ok.stdout.trim();
  assert.match(hash, /^pbkdf2-sha256\$100000\$/);
  assert.equal(await verifyPassword("Station-Password-0001", hash), true);
  const short = await hashPasswordCli("short\n");
  assert.equal(short.code, 2);
  assert.match(short.stderr, /16 to 40 characters/);
  assert.equal(short.stdout, "");
});

Deno.test("loadServerConfig() takes the security fields from tamna.json, flags and environment, and refuses bad hashes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const hash = (await hashPasswordCli("Station-Password-0001\n", ["--iterations", "100000"]))
      .stdout.trim();
    const file = `${dir}/tamna.json`;
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        securityProfile: 1,
        stations: { cs_1: { securityProfile: 2, passwordHash: hash } },
        authRateLimit: { maxFailures: 3 },
      }),
    );
    const config = await loadServerConfig(
      ["--config", file, "--tls-cert", "c.pem", "--tls-key", "k.pem", "--require-known-stations"],
      { TLS_CA: "ca.pem", MTLS_PORT: "9555" },
    );
    assert.equal(config.securityProfile, 1);
    assert.deepEqual(config.stations.cs_1, { securityProfile: 2, passwordHash: hash });
    assert.deepEqual(config.authRateLimit, { maxFailures: 3, windowS: 60, blockS: 60 });
    assert.equal(config.requireKnownStations, true);
    assert.deepEqual([config.tlsCert, config.tlsKey, config.tlsCa, config.mtlsPort], [
      "c.pem",
      "k.pem",
      "ca.pem",
      9555,
    ]);
    assert.equal(config.maxSendBufferBytes, 1024 * 1024);
    assert.equal(config.maxBodyBytes, 64 * 1024);
    await Deno.writeTextFile(
      file,
      JSON.stringify({ stations: { cs_1: { passwordHash: "secret" } } }),
    );
    await assert.rejects(() => loadServerConfig(["--config", file], {}), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /stations\.cs_1\.passwordHash: must be a hash from/);
      assert.ok(!error.message.includes("secret"), "the bad value is not echoed");
      return true;
    });
    await assert.rejects(() => loadServerConfig(["--security-profile", "4"], {}), ConfigError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
