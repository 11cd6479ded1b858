/**
 * Server configuration from, in rising precedence: defaults, `tamna.json` (or `--config`),
 * environment variables and command-line flags, all three named by one table of flags
 * ({@link SERVE_COMMAND}). Every source is validated with zod; a bad value becomes a
 * {@link ConfigError} whose message is one line naming the flag, variable or file field.
 */
import { ConfigError } from "./actors/runtime/config_error.ts";
import {
  type CommandSpec,
  type FlagSpec,
  issueSource,
  parseCommandLine,
  UsageError,
} from "./actors/runtime/cli_flags.ts";
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
  /** Tamna's HTTP address as chargers reach it (firmware downloads, log uploads). */
  publicUrl: z.string().regex(/^https?:\/\/[^/]+$/, "must be http(s)://host[:port] with no path")
    .optional(),
  /** Largest firmware image an operator may upload. */
  maxFirmwareBytes: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  /** Largest log file a charger may upload. */
  maxLogUploadBytes: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
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

/** One line per flag of `serve` (see {@link SERVE_COMMAND}). */
// deno-fmt-ignore
const SERVE_FLAGS: readonly FlagSpec[] = [
  { name: "ocpp-port", placeholder: "N", default: "9000", envAliases: ["OCPP_PORT"], description: "OCPP WebSocket port (ws://) chargers connect to" },
  { name: "http-port", placeholder: "N", default: "8080", envAliases: ["HTTP_PORT"], description: "REST API and dashboard port" },
  { name: "host", placeholder: "HOST", envAliases: ["HOST"], description: "address of both ports where --http-host or --ocpp-host is not given" },
  { name: "http-host", placeholder: "HOST", envAliases: ["HTTP_HOST"], description: "HTTP address (else --host, else 127.0.0.1: this machine only)" },
  { name: "ocpp-host", placeholder: "HOST", envAliases: ["OCPP_HOST"], description: "OCPP address (else --host, else 0.0.0.0: every interface)" },
  { name: "insecure-http", type: "boolean", default: false, description: "serve HTTP off loopback without any credential (callers act as an admin)" },
  { name: "database-url", placeholder: "URL", envAliases: ["DATABASE_URL"], isSecret: true, description: "PostgreSQL (postgres://…) instead of the embedded database" },
  { name: "data-dir", placeholder: "DIR", default: "./data", envAliases: ["DATA_DIR"], description: "where the embedded database (PGlite) keeps its files" },
  { name: "validation", placeholder: "strict|lenient", default: "strict", envAliases: ["VALIDATION"], description: "how strictly OCPP payloads are checked" },
  { name: "heartbeat-interval", key: "heartbeatIntervalS", placeholder: "S", default: "30", envAliases: ["HEARTBEAT_INTERVAL"], description: "heartbeat interval given to chargers, seconds" },
  { name: "unknown-stations", placeholder: "Accepted|Pending|Rejected", default: "Accepted", description: "BootNotification answer to chargers nobody registered" },
  { name: "require-known-stations", type: "boolean", default: false, envAliases: ["REQUIRE_KNOWN_STATIONS"], description: "refuse identities neither tamna.json nor the database knows" },
  { name: "security-profile", placeholder: "0-3", default: "0", description: "OCPP security profile of chargers without their own" },
  { name: "tls-cert", placeholder: "FILE", envAliases: ["TLS_CERT"], description: "PEM server certificate (wss:// on --ocpp-tls-port)" },
  { name: "tls-key", placeholder: "FILE", envAliases: ["TLS_KEY"], description: "PEM private key of --tls-cert" },
  { name: "tls-ca", placeholder: "FILE", envAliases: ["TLS_CA"], description: "PEM CA of client certificates (mutual TLS on --mtls-port)" },
  { name: "ocpp-tls-port", placeholder: "N", default: "9443", envAliases: ["OCPP_TLS_PORT"], description: "wss:// port (security profile 2)" },
  { name: "mtls-port", placeholder: "N", default: "9444", envAliases: ["MTLS_PORT"], description: "mutual-TLS wss:// port (security profile 3)" },
  { name: "api-token", placeholder: "TOKEN", envAliases: ["API_TOKEN"], isSecret: true, description: "an admin bearer token for the REST API, 8 characters or more" },
  { name: "session-ttl", key: "sessionTtlS", placeholder: "S", default: "43200", description: "how long an operator's sign-in lasts, seconds" },
  { name: "cors-origin", placeholder: "ORIGINS", default: "*", envAliases: ["CORS_ORIGIN"], description: "allowed CORS origins of the HTTP API" },
  { name: "tile-url", placeholder: "URL", envAliases: ["TILE_URL"], description: "Leaflet tile URL template of the dashboard map (default: Jeju's outline)" },
  { name: "public-url", placeholder: "URL", envAliases: ["PUBLIC_URL"], description: "HTTP address chargers reach for firmware and log uploads (default: the HTTP port's)" },
  { name: "max-firmware-bytes", placeholder: "N", default: "67108864", description: "largest firmware image an operator may upload (larger: 413)" },
  { name: "max-log-upload-bytes", placeholder: "N", default: "16777216", description: "largest log file a charger may upload (larger: 413)" },
  { name: "log-level", placeholder: "LEVEL", default: "INFO", envAliases: ["OCPP_LOG_LEVEL"], description: "DEBUG, INFO, WARNING or ERROR" },
  { name: "log-format", placeholder: "text|json", default: "text", description: "log lines as text or one JSON object each" },
  { name: "log-file", placeholder: "FILE", envAliases: ["OCPP_LOG_FILE"], description: "also log to FILE, rotated at 10 MiB, 5 kept" },
  { name: "protocol-debug", type: "boolean", default: false, envAliases: ["OCPP_PROTOCOL_DEBUG"], description: "log every OCPP frame with the seed's tags" },
  { name: "protocol-capture", type: "boolean", default: false, description: "store every raw OCPP frame in the database" },
  { name: "max-send-buffer-bytes", placeholder: "N", default: "1048576", description: "cut off a charger whose unsent data exceeds this" },
  { name: "max-body-bytes", placeholder: "N", default: "65536", description: "largest REST request body (larger: 413)" },
  { name: "max-bad-frames", placeholder: "N", default: "20", description: "malformed frames a charger may send before it is cut off" },
  { name: "max-frame-chars", placeholder: "N", default: "262144", description: "longest OCPP frame accepted" },
  { name: "call-timeout", key: "callTimeoutMs", placeholder: "MS", default: "30000", description: "how long the CSMS waits for a charger's answer, milliseconds" },
  { name: "simulate", placeholder: "N", default: "0", description: "also run the first N Emart Jeju chargers in this process" },
  { name: "plugin", key: "plugins", type: "list", placeholder: "FILE", description: "load a plugin module (after tamna.json's plugins)" },
  { name: "config", placeholder: "FILE", default: "tamna.json", description: "the settings file (a missing tamna.json is no error)" },
  { name: "nats-url", placeholder: "URL", description: "cluster mode: the NATS server the nodes share (needs --database-url; docs/cluster.md)" },
  { name: "node-id", placeholder: "ID", description: "this node's name in the cluster (default: host name, process id and a random suffix)" },
  { name: "cluster-name", placeholder: "NAME", default: "tamna", description: "names the cluster's NATS subjects and KV buckets, so clusters can share one NATS server" },
];

/**
 * The flags of `serve`, their variables and defaults: the one table that parses them and
 * writes `serve --help`. Adding a setting is one line here (its field goes in {@link ServerConfig}).
 */
export const SERVE_COMMAND: CommandSpec = {
  usage: "deno task serve [flags]   (or: deno run … main.ts serve [flags])",
  about: "Runs the CSMS: the OCPP WebSocket port for chargers, the REST API and dashboard, and\n" +
    "the embedded database (or PostgreSQL with --database-url). Settings come from, in rising\n" +
    "precedence: defaults, tamna.json (or --config), environment variables, flags.",
  envPrefix: "TAMNA_",
  flags: SERVE_FLAGS,
  footer: "tamna.json takes the same settings as camelCase fields, and more: docs/cli.md.",
};

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

function describeFileIssue(path: string, issue: z.core.$ZodIssue): string {
  return `${path}: ${issue.path.join(".")}: ${issue.message}`;
}

/**
 * Parses `serve`'s arguments and environment by {@link SERVE_COMMAND}, reads tamna.json, and
 * gives the validated configuration: flag > variable > file > default.
 */
export async function loadServerConfig(
  args: string[],
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<ServerConfig> {
  const line = parseCommandLine(SERVE_COMMAND, args, env);
  const { config, plugins, ...given } = line.given;
  const configPath = config as string | undefined;
  const path = configPath ?? "tamna.json";
  const file = await fromFile(path, configPath !== undefined);
  const fileCheck = ServerConfig.partial().safeParse(file);
  if (!fileCheck.success) throw new ConfigError(describeFileIssue(path, fileCheck.error.issues[0]));
  if (typeof given.logLevel === "string") given.logLevel = given.logLevel.toUpperCase();
  if (plugins) given.plugins = [...((file.plugins as string[]) ?? []), ...plugins as string[]];
  const merged = ServerConfig.safeParse({ ...file, ...given });
  if (!merged.success) {
    const issue = merged.error.issues[0];
    if (String(issue.path[0]) in given) throw new UsageError(issueSource(line, issue));
    throw new ConfigError(describeFileIssue(path, issue));
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
