import assert from "node:assert/strict";
import { ConfigError, loadServerConfig, SERVE_COMMAND, ServerConfig } from "./config.ts";
import { envNamesOf, keyOf } from "./actors/runtime/cli_flags.ts";

Deno.test("loadServerConfig() applies defaults, then env, then flags", async () => {
  const defaults = await loadServerConfig([], {});
  assert.equal(defaults.ocppPort, 9000);
  assert.equal(defaults.httpPort, 8080);
  assert.equal(defaults.validation, "strict");
  const env = await loadServerConfig([], {
    OCPP_PORT: "9100",
    OCPP_PROTOCOL_DEBUG: "true",
    OCPP_LOG_LEVEL: "debug",
  });
  assert.equal(env.ocppPort, 9100);
  assert.equal(env.protocolDebug, true);
  assert.equal(env.logLevel, "DEBUG");
  const flags = await loadServerConfig(["--ocpp-port", "9200", "--validation", "lenient"], {
    OCPP_PORT: "9100",
  });
  assert.equal(flags.ocppPort, 9200);
  assert.equal(flags.validation, "lenient");
});

Deno.test("loadServerConfig() reads tamna.json and names the bad field of each source", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/t.json`,
      JSON.stringify({ stations: { c1: { validation: "lenient" } } }),
    );
    const config = await loadServerConfig(["--config", `${dir}/t.json`], {});
    assert.equal(config.stations.c1.validation, "lenient");
    await Deno.writeTextFile(`${dir}/bad.json`, JSON.stringify({ heartbeatIntervalS: "soon" }));
    await assert.rejects(
      loadServerConfig(["--config", `${dir}/bad.json`], {}),
      /bad.json: heartbeatIntervalS/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  await assert.rejects(
    loadServerConfig(["--ocpp-port", "99999"], {}),
    (e: Error) => e instanceof ConfigError && /--ocpp-port/.test(e.message),
  );
  await assert.rejects(loadServerConfig(["--validation", "loose"], {}), /--validation/);
  await assert.rejects(loadServerConfig(["--nope"], {}), ConfigError);
  await assert.rejects(loadServerConfig([], { HTTP_PORT: "http" }), /Invalid HTTP_PORT=http: /);
  await assert.rejects(
    loadServerConfig([], { OCPP_PROTOCOL_DEBUG: "maybe" }),
    /OCPP_PROTOCOL_DEBUG/,
  );
  await assert.rejects(loadServerConfig([], { DATABASE_URL: "mysql://x" }), /DATABASE_URL/);
  await assert.rejects(
    loadServerConfig(["--config", "/nonexistent/t.json"], {}),
    /Cannot read config file/,
  );
});

Deno.test("loadServerConfig() takes CORS origins from --cors-origin and CORS_ORIGIN", async () => {
  assert.equal((await loadServerConfig([], {})).corsOrigin, "*");
  assert.equal(
    (await loadServerConfig([], { CORS_ORIGIN: "https://ops.example" })).corsOrigin,
    "https://ops.example",
  );
  const listed = await loadServerConfig(
    ["--cors-origin", "https://a.example,https://b.example"],
    {},
  );
  assert.equal(listed.corsOrigin, "https://a.example,https://b.example");
});

Deno.test("loadServerConfig() takes the dashboard's tile URL from --tile-url or TILE_URL and checks it", async () => {
  const template = "https://tiles.example/{z}/{x}/{y}.png";
  assert.equal((await loadServerConfig(["--tile-url", template], {})).tileUrl, template);
  assert.equal((await loadServerConfig([], { TILE_URL: template })).tileUrl, template);
  await assert.rejects(loadServerConfig([], { TILE_URL: "ftp://x/{z}" }), /Invalid TILE_URL=ftp:/);
});

Deno.test("loadServerConfig() reads the TAMNA_* variable of every flag, before its older name", async () => {
  const defaults = ServerConfig.parse({}) as Record<string, unknown>;
  for (const flag of SERVE_COMMAND.flags) {
    const names = envNamesOf(SERVE_COMMAND, flag);
    assert.match(names[0], /^TAMNA_[A-Z0-9_]+$/, `--${flag.name} has a TAMNA_* variable`);
    if (flag.default === undefined || flag.name === "config") continue;
    // The help's default is the one the schema applies.
    assert.equal(String(defaults[keyOf(flag)]), String(flag.default), `--${flag.name} default`);
    // Every variable of the flag is read and parses.
    for (const name of names) {
      const config = await loadServerConfig([], { [name]: String(flag.default) });
      assert.equal(String((config as Record<string, unknown>)[keyOf(flag)]), String(flag.default));
    }
  }
  const both = await loadServerConfig([], { TAMNA_HTTP_PORT: "8181", HTTP_PORT: "8282" });
  assert.equal(both.httpPort, 8181);
  const secured = await loadServerConfig([], {
    TAMNA_SECURITY_PROFILE: "2",
    TAMNA_API_TOKEN: "token-123456",
    TAMNA_PLUGIN: "./a.ts,./b.ts",
    TAMNA_REQUIRE_KNOWN_STATIONS: "yes",
  });
  assert.equal(secured.securityProfile, 2);
  assert.equal(secured.apiToken, "token-123456");
  assert.deepEqual(secured.plugins, ["./a.ts", "./b.ts"]);
  assert.equal(secured.requireKnownStations, true);
});

Deno.test("loadServerConfig() ranks a flag over a variable over tamna.json over the default", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.json`;
    await Deno.writeTextFile(
      path,
      JSON.stringify({ httpPort: 8100, ocppPort: 9100, maxBadFrames: 7 }),
    );
    const config = await loadServerConfig(["--config", path, "--http-port", "8300"], {
      TAMNA_HTTP_PORT: "8200",
      TAMNA_OCPP_PORT: "9200",
    });
    assert.equal(config.httpPort, 8300); // flag
    assert.equal(config.ocppPort, 9200); // variable
    assert.equal(config.maxBadFrames, 7); // file
    assert.equal(config.mtlsPort, 9444); // default
    const fromEnvFile = await loadServerConfig([], { TAMNA_CONFIG: path });
    assert.equal(fromEnvFile.httpPort, 8100);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadServerConfig() names the bad variable in one line and hides secrets", async () => {
  await assert.rejects(
    loadServerConfig([], { TAMNA_SECURITY_PROFILE: "7" }),
    (e: Error) => e instanceof ConfigError && /^Invalid TAMNA_SECURITY_PROFILE=7: /.test(e.message),
  );
  await assert.rejects(
    loadServerConfig([], { TAMNA_PROTOCOL_DEBUG: "maybe" }),
    /^UsageError: Invalid TAMNA_PROTOCOL_DEBUG=maybe: expected true or false/,
  );
  await assert.rejects(
    loadServerConfig([], { TAMNA_API_TOKEN: "short" }),
    (e: Error) => e.message === "Invalid TAMNA_API_TOKEN: must be at least 8 characters",
  );
  await assert.rejects(
    loadServerConfig(["--log-format", "xml"], {}),
    /^UsageError: Invalid --log-format xml: /,
  );
});

Deno.test("loadServerConfig() takes cluster mode from --nats-url or TAMNA_NATS_URL, with a database only", async () => {
  const alone = await loadServerConfig([], {});
  assert.equal(alone.natsUrl, undefined);
  assert.equal(alone.clusterName, "tamna");
  const db = "postgres://postgres@127.0.0.1:5432/tamna";
  const flags = await loadServerConfig(
    ["--nats-url", "nats://127.0.0.1:4222", "--node-id", "n1", "--database-url", db],
    {},
  );
  assert.equal(flags.natsUrl, "nats://127.0.0.1:4222");
  assert.equal(flags.nodeId, "n1");
  const env = await loadServerConfig([], {
    TAMNA_NATS_URL: "nats://nats:4222",
    TAMNA_CLUSTER_NAME: "jeju",
    DATABASE_URL: db,
  });
  assert.equal(env.natsUrl, "nats://nats:4222");
  assert.equal(env.clusterName, "jeju");
  await assert.rejects(
    loadServerConfig(["--nats-url", "nats://127.0.0.1:4222"], {}),
    (error: Error) => error instanceof ConfigError && /needs --database-url/.test(error.message),
  );
  await assert.rejects(
    loadServerConfig(["--nats-url", "http://x", "--database-url", db], {}),
    (error: Error) =>
      error instanceof ConfigError &&
      /Invalid --nats-url http:\/\/x: must start with nats:/.test(error.message),
  );
  await assert.rejects(
    loadServerConfig(["--node-id", "no spaces"], {}),
    (error: Error) => error instanceof ConfigError && /--node-id/.test(error.message),
  );
});
