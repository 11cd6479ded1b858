/**
 * Server configuration from, in rising precedence: defaults, `tamna.json` (or `--config`),
 * environment variables and command-line flags. Every source is validated with zod; a bad
 * value becomes a {@link ConfigError} whose message is one line naming the source and field.
 */
import { ConfigError } from "./actors/runtime/config_error.ts";
import { parseArgs } from "node:util";
import { z } from "zod";
import { isPasswordHash } from "./actors/csms/password.ts";

/** A bad flag, variable or config file; `main.ts` prints the message and exits with code 2. */
export { ConfigError };

const Validation = z.enum(["strict", "lenient"]);
const Registration = z.enum(["Accepted", "Pending", "Rejected"]);
const Port = z.coerce.number().int().min(0).max(65535);
const LogLevel = z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]);
/** OCPP security profile: 0 none, 1 Basic auth, 2 TLS + Basic auth, 3 mutual TLS. */
const SecurityProfile = z.coerce.number().int().min(0).max(3).transform((n) => n as 0 | 1 | 2 | 3);
const PasswordHash = z.string().refine(
  isPasswordHash,
  "must be a hash from `deno task hash-password` (pbkdf2-sha256$…)",
);

/** The whole server configuration. */
export const ServerConfig = z.strictObject({
  ocppPort: Port.default(9000),
  httpPort: Port.default(8080),
  /** Both ports' address where `httpHost` or `ocppHost` is not set (see {@link httpHostOf}). */
  host: z.string().min(1).optional(),
  /** The HTTP API's and dashboard's address; default 127.0.0.1 (this machine only). */
  httpHost: z.string().min(1).optional(),
  /** The OCPP ports' address; default 0.0.0.0 (every interface: chargers are elsewhere). */
  ocppHost: z.string().min(1).optional(),
  /** Serve the HTTP API off loopback without any credential (callers act as an admin). */
  insecureHttp: z.boolean().default(false),
  /** How long an operator's sign-in lasts. */
  sessionTtlS: z.coerce.number().int().min(60).max(30 * 86_400).default(12 * 3600),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres://").optional(),
  dataDir: z.string().min(1).default("./data"),
  validation: Validation.default("strict"),
  heartbeatIntervalS: z.coerce.number().int().min(1).max(86400).default(30),
  unknownStations: Registration.default("Accepted"),
  authorization: z.strictObject({
    default: z.enum(["Accepted", "Invalid"]).default("Accepted"),
    allow: z.array(z.string().max(36)).default([]),
    deny: z.array(z.string().max(36)).default([]),
  }).prefault({}),
  stations: z.record(
    z.string(),
    z.strictObject({
      validation: Validation.optional(),
      securityProfile: SecurityProfile.optional(),
      passwordHash: PasswordHash.optional(),
    }),
  ).default({}),
  /** Security profile of stations without their own (`stations.<id>.securityProfile`). */
  securityProfile: SecurityProfile.default(0),
  /** Refuse identities that neither `stations` nor the database know (HTTP 404). */
  requireKnownStations: z.boolean().default(false),
  /** PEM files: server certificate and key (wss:// on `ocppTlsPort`), CA for client certificates (`mtlsPort`). */
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
  tlsCa: z.string().min(1).optional(),
  ocppTlsPort: Port.default(9443),
  mtlsPort: Port.default(9444),
  /** Failed upgrade attempts per address before it is refused with 429 for `blockS`. */
  authRateLimit: z.strictObject({
    maxFailures: z.coerce.number().int().min(1).default(10),
    windowS: z.coerce.number().int().min(1).default(60),
    blockS: z.coerce.number().int().min(1).default(60),
  }).prefault({}),
  /** A station whose unsent outbound data exceeds this is cut off (it stopped reading). */
  maxSendBufferBytes: z.coerce.number().int().min(64 * 1024).default(1024 * 1024),
  /** Largest REST request body; larger ones get 413. */
  maxBodyBytes: z.coerce.number().int().min(1024).default(64 * 1024),
  maxBadFrames: z.coerce.number().int().min(1).default(20),
  maxFrameChars: z.coerce.number().int().min(1024).default(256 * 1024),
  callTimeoutMs: z.coerce.number().int().min(100).default(30_000),
  /** A Leaflet tile URL template for the dashboard map; without one it draws Jeju's outline. */
  tileUrl: z.string().regex(/^https?:\/\//, "must start with http:// or https://").optional(),
  /** Allowed CORS origins of the HTTP API: "*" (the seed's default) or a list. */
  corsOrigin: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).default("*"),
  apiToken: z.string().min(8, "must be at least 8 characters").optional(),
  logLevel: LogLevel.default("INFO"),
  logFormat: z.enum(["text", "json"]).default("text"),
  protocolDebug: z.boolean().default(false),
  logFile: z.string().optional(),
  /** Store every raw OCPP frame in the database (protocol capture). */
  protocolCapture: z.boolean().default(false),
  simulate: z.coerce.number().int().min(0).max(100_000).default(0),
  plugins: z.array(z.string()).default([]),
  pluginConfig: z.record(z.string(), z.unknown()).default({}),
  // Cluster mode (docs/cluster.md): absent, one process does everything as before.
  /** The NATS server the nodes of a cluster share; absent runs one node alone. */
  natsUrl: z.string().regex(/^(nats|tls):\/\//, "must start with nats:// or tls://").optional(),
  /** This node's name in the cluster; default host name, process id and a random suffix. */
  nodeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 of A-Z a-z 0-9 _ -").optional(),
  /** Load balancers whose X-Forwarded-For gives the charger's address (docs/cluster.md). */
  trustedProxies: z.array(z.string().min(1)).default([]),
  /** Names the cluster's NATS subjects and KV buckets, so clusters can share one NATS server. */
  clusterName: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1-32 of A-Z a-z 0-9 _ -")
    .default("tamna"),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

const BOOLEAN = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) =>
  ["true", "1", "yes"].includes(v)
);

/** Environment variables and the config field each sets. */
const ENV: Record<string, keyof ServerConfig> = {
  OCPP_PORT: "ocppPort",
  HTTP_PORT: "httpPort",
  HOST: "host",
  HTTP_HOST: "httpHost",
  OCPP_HOST: "ocppHost",
  TAMNA_INSECURE_HTTP: "insecureHttp",
  DATABASE_URL: "databaseUrl",
  DATA_DIR: "dataDir",
  VALIDATION: "validation",
  HEARTBEAT_INTERVAL: "heartbeatIntervalS",
  API_TOKEN: "apiToken",
  CORS_ORIGIN: "corsOrigin",
  TILE_URL: "tileUrl",
  OCPP_LOG_LEVEL: "logLevel",
  OCPP_PROTOCOL_DEBUG: "protocolDebug",
  OCPP_LOG_FILE: "logFile",
  REQUIRE_KNOWN_STATIONS: "requireKnownStations",
  TLS_CERT: "tlsCert",
  TLS_KEY: "tlsKey",
  TLS_CA: "tlsCa",
  OCPP_TLS_PORT: "ocppTlsPort",
  MTLS_PORT: "mtlsPort",
  TAMNA_NATS_URL: "natsUrl",
  TAMNA_NODE_ID: "nodeId",
  TAMNA_CLUSTER_NAME: "clusterName",
};

/** Flags of `serve` and the config field each sets. */
const FLAGS = {
  "ocpp-port": "ocppPort",
  "http-port": "httpPort",
  "host": "host",
  "http-host": "httpHost",
  "ocpp-host": "ocppHost",
  "database-url": "databaseUrl",
  "data-dir": "dataDir",
  "validation": "validation",
  "heartbeat-interval": "heartbeatIntervalS",
  "unknown-stations": "unknownStations",
  "api-token": "apiToken",
  "cors-origin": "corsOrigin",
  "tile-url": "tileUrl",
  "log-level": "logLevel",
  "log-format": "logFormat",
  "log-file": "logFile",
  "simulate": "simulate",
  "security-profile": "securityProfile",
  "tls-cert": "tlsCert",
  "tls-key": "tlsKey",
  "tls-ca": "tlsCa",
  "ocpp-tls-port": "ocppTlsPort",
  "mtls-port": "mtlsPort",
  "nats-url": "natsUrl",
  "node-id": "nodeId",
  "cluster-name": "clusterName",
} as const satisfies Record<string, keyof ServerConfig>;

function describeIssue(
  source: string,
  error: z.ZodError,
  names: Record<string, string> = {},
): string {
  const issue = error.issues[0];
  const field = issue.path.join(".");
  return `${source}: ${names[field] ?? field}: ${issue.message}`;
}

function fromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(ENV)) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    if (field === "protocolDebug" || field === "requireKnownStations" || field === "insecureHttp") {
      const parsed = BOOLEAN.safeParse(value.toLowerCase());
      if (!parsed.success) throw new ConfigError(`${name}=${value}: expected true or false`);
      out[field] = parsed.data;
    } else {
      out[field] = field === "logLevel" ? value.toUpperCase() : value;
    }
  }
  return out;
}

async function fromFile(path: string, isExplicit: boolean): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!isExplicit && error instanceof Deno.errors.NotFound) return {};
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Parses `serve`'s arguments and environment into a validated configuration. */
export async function loadServerConfig(
  args: string[],
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<ServerConfig> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(
          Object.keys(FLAGS).map((flag) => [flag, { type: "string" as const }]),
        ),
        "config": { type: "string" },
        "protocol-debug": { type: "boolean" },
        "protocol-capture": { type: "boolean" },
        "require-known-stations": { type: "boolean" },
        "insecure-http": { type: "boolean" },
        "plugin": { type: "string", multiple: true },
      },
    });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const configPath = (values.config as string | undefined) ?? env.TAMNA_CONFIG;
  const file = await fromFile(configPath ?? "tamna.json", configPath !== undefined);
  const fileCheck = ServerConfig.partial().safeParse(file);
  if (!fileCheck.success) {
    throw new ConfigError(describeIssue(configPath ?? "tamna.json", fileCheck.error));
  }
  const envValues = fromEnv(env);
  const envCheck = ServerConfig.partial().safeParse(envValues);
  if (!envCheck.success) {
    const names = Object.fromEntries(Object.entries(ENV).map(([k, v]) => [v, k]));
    throw new ConfigError(describeIssue("environment", envCheck.error, names));
  }
  const flagValues: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(FLAGS)) {
    if (values[flag] !== undefined) flagValues[field] = values[flag];
  }
  if (values["protocol-debug"]) flagValues.protocolDebug = true;
  if (values["protocol-capture"]) flagValues.protocolCapture = true;
  if (values["require-known-stations"]) flagValues.requireKnownStations = true;
  if (values["insecure-http"]) flagValues.insecureHttp = true;
  if (values.plugin) {
    flagValues.plugins = [...((file.plugins as string[]) ?? []), ...values.plugin as string[]];
  }
  const merged = ServerConfig.safeParse({ ...file, ...envValues, ...flagValues });
  if (!merged.success) {
    const names = Object.fromEntries(Object.entries(FLAGS).map(([k, v]) => [v, `--${k}`]));
    throw new ConfigError(describeIssue("flags", merged.error, names));
  }
  return checkCluster(merged.data);
}

/** Cluster mode's one rule across fields: the nodes share a PostgreSQL database. */
function checkCluster(config: ServerConfig): ServerConfig {
  if (config.natsUrl !== undefined && config.databaseUrl === undefined) {
    throw new ConfigError(
      "--nats-url: a cluster needs --database-url (its nodes share one PostgreSQL database)",
    );
  }
  return config;
}

/** The HTTP port's address: `httpHost`, else `host`, else loopback (secure by default). */
export function httpHostOf(config: Pick<ServerConfig, "host" | "httpHost">): string {
  return config.httpHost ?? config.host ?? "127.0.0.1";
}

/** The OCPP ports' address: `ocppHost`, else `host`, else every interface. */
export function ocppHostOf(config: Pick<ServerConfig, "host" | "ocppHost">): string {
  return config.ocppHost ?? config.host ?? "0.0.0.0";
}

/** Whether `host` is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}
