/**
 * The HTTP application on the HTTP port: the REST and GIS API (DESIGN.md, REST) with its
 * OpenAPI document and Swagger UI, the live event feed, and the dashboard's files.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import type { Bus } from "../actors/csms/events.ts";
import { createLiveView, type Inventory, type LiveView } from "../actors/csms/live_view.ts";
import { type AccessSettings, createAccountsApi } from "./accounts.ts";
import { limitBody } from "./body_limit.ts";
import { cacheReads, limitRest, type RestLimits } from "./rest_limits.ts";
import { chargerRoutes } from "./chargers.ts";
import { triggerRoutes } from "./trigger_routes.ts";
import { type ApiContext, type CsmsPort, newApi } from "./context.ts";
import { onApiError } from "./errors.ts";
import { eventRoutes } from "./events.ts";
import { createDashboard } from "./dashboard.ts";
import { docsRoutes } from "./docs.ts";
import { geoRoutes } from "./geo.ts";
import { createMemoryHistory } from "../actors/csms/memory_history.ts";
import { metricsRoutes, type MetricsSources } from "./metrics.ts";
import { jsonResponse } from "./schemas.ts";
import { stationRoutes } from "./stations.ts";
import { statisticsRoutes } from "./statistics.ts";
import type { History } from "../actors/csms/history.ts";
import { type ChargerCommands, createChargerCommands } from "../actors/csms/commands.ts";
import { transactionRoutes } from "./transactions.ts";
import type { ManagedNetwork } from "../actors/csms/managed_network.ts";
import { networkRoutes } from "./network_routes.ts";
import type { DeviceManagement } from "../actors/csms/device_management.ts";
import { deviceRoutes, FILE_UPLOADS, type TransferLimits } from "./device_routes.ts";

/** Dependencies of the HTTP app. */
export interface AppDeps {
  csms: CsmsPort;
  /** Feeds the live view, the event stream and (without `store`) the in-memory history. */
  bus: Pick<Bus, "on" | "createQueue">;
  /** Sites and chargers known before they connect (default: none). */
  inventory?: Inventory;
  /** History from the database (`createSqlHistory(db)`); default: in memory from the bus. */
  history?: History;
  /** Default: built from `bus` and `inventory`. */
  view?: LiveView;
  /** Default: built over `csms` and the view. */
  commands?: ChargerCommands;
  /** Sites, chargers, tokens, tariffs and local lists as managed data (needs a database). */
  network?: ManagedNetwork;
  /** Device models, reservations, firmware and logs, display messages (needs a database). */
  devices?: DeviceManagement;
  /** Largest firmware image and uploaded log; defaults 64 MiB and 16 MiB. */
  transferLimits?: TransferLimits;
  /** The pricing plugin's flat price, shown in statistics; absent when pricing is off. */
  tariffKrwPerKwh?: number;
  /** The `--api-token`: `Authorization: Bearer <apiToken>` acts as an admin. */
  apiToken?: string;
  /** Accounts, sessions, API tokens, the audit log, `--insecure-http` (routes/accounts.ts). */
  access?: AccessSettings;
  /** Largest request body; larger ones get 413. Default 64 KiB. */
  maxBodyBytes?: number;
  /** REST flood guards (rest_limits.ts); defaults there. */
  restLimits?: Omit<RestLimits, "now">;
  /**
   * How long `/statistics/*` and `/health` answers are reused after they are computed; default
   * 0: only requests arriving while one is computed share it (single flight), so a reader sees
   * its own writes.
   */
  statisticsCacheMs?: number;
  /** Allowed CORS origins; default `*`. */
  corsOrigin?: string | string[];
  /** Storage health, when a database is configured. */
  databaseHealth?(): Promise<{ ok: boolean; engine: string; error?: string }>;
  startedAtMs: number;
  now(): number;
  /** Default: `static/` beside `routes/`. */
  staticDir?: URL;
  /** The dashboard's tile URL template (`--tile-url` / `TILE_URL`); absent: the outline only. */
  tileUrl?: string;
  /** Default 15 000. */
  sseHeartbeatMs?: number;
  /** What `GET /metrics` reports; absent: no `/metrics` route. */
  metrics?: MetricsSources;
  /**
   * Aborted by the server before it shuts the HTTP port: ends the open `/events` streams,
   * which would otherwise keep `Deno.serve`'s graceful shutdown waiting forever.
   */
  signal?: AbortSignal;
}

const Health = z.object({
  status: z.enum(["ok", "degraded"]),
  connected_chargers: z.number().int(),
  uptime_s: z.number().int(),
  database: z.object({ ok: z.boolean(), engine: z.string(), error: z.string().optional() }),
}).openapi("Health");

function healthRoutes(deps: AppDeps): OpenAPIHono {
  const app = newApi();
  app.openapi(
    createRoute({
      method: "get",
      path: "/health",
      tags: ["health"],
      security: [],
      summary: "Liveness, connected chargers and database state",
      responses: {
        200: jsonResponse(Health, "Healthy"),
        503: jsonResponse(Health, "Database down"),
      },
    }),
    async (c) => {
      const database = deps.databaseHealth ? await deps.databaseHealth() : undefined;
      const ok = database?.ok ?? true;
      return c.json({
        status: ok ? "ok" as const : "degraded" as const,
        connected_chargers: deps.csms.connectedIds().length,
        uptime_s: Math.round((deps.now() - deps.startedAtMs) / 1000),
        database: database ?? { ok: true, engine: "none" },
      }, ok ? 200 : 503);
    },
  );
  return app;
}

/**
 * Lets `curl -d '{…}'` without `-H Content-Type` through as JSON, and an empty body with a
 * JSON content type mean "no fields" (the routes' bodies are all optional or checked).
 */
const normalizeJsonBody: MiddlewareHandler = async (c, next) => {
  if (!["POST", "PUT", "PATCH"].includes(c.req.method)) return await next();
  const type = c.req.header("Content-Type") ?? "";
  const isJson = /^application\/([\w.-]+\+)?json\b/i.test(type);
  const isCurlDefault = /^application\/x-www-form-urlencoded\b/i.test(type);
  if (!isJson && !isCurlDefault) return await next();
  const text = await c.req.text();
  const headers = new Headers(c.req.raw.headers);
  if (text.trim() === "") headers.delete("Content-Type");
  else if (isCurlDefault && /^\s*[{[]/.test(text)) headers.set("Content-Type", "application/json");
  else return await next();
  c.req.raw = new Request(c.req.raw.url, {
    method: c.req.method,
    headers,
    body: text.trim() === "" ? null : text,
  });
  c.req.bodyCache = {};
  await next();
};

function buildContext(deps: AppDeps): ApiContext {
  const view = deps.view ?? createLiveView({ bus: deps.bus, inventory: deps.inventory });
  const history = deps.history ?? createMemoryHistory({
    bus: deps.bus,
    siteOf: (chargerId) => view.get(chargerId)?.siteId,
  });
  return {
    csms: deps.csms,
    view,
    history,
    commands: deps.commands ?? createChargerCommands({ csms: deps.csms, view }),
    tariffKrwPerKwh: deps.tariffKrwPerKwh,
    now: deps.now,
  };
}

/** Builds the Hono app. */
export function createApp(deps: AppDeps): OpenAPIHono {
  const ctx = buildContext(deps);
  const app = newApi();
  const accounts = createAccountsApi(deps.access ?? {}, { apiToken: deps.apiToken, now: deps.now });
  app.use("*", requestId());
  app.use(
    "*",
    cors({
      origin: deps.corsOrigin ?? "*",
      allowHeaders: ["Authorization", "Content-Type", "X-CSRF-Token"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    }),
  );
  // Chargers come first: a flood is refused before any work (docs/reliability.md).
  // Real time, not the domain clock: these limit how fast requests really arrive.
  const realNow = () => performance.now();
  app.use("*", limitRest({ ...deps.restLimits, now: realNow }));
  // Every route, also those added later, is behind these two (docs/security.md).
  app.use("*", accounts.audit);
  app.use("*", accounts.access);
  // Heavy aggregates and the database probe of /health: one computation serves a crowd.
  const cached = cacheReads({ ttlMs: deps.statisticsCacheMs ?? 0, now: realNow });
  app.use("/statistics/*", cached);
  app.use("/health", cached);
  app.use("*", limitBody(deps.maxBodyBytes, { except: FILE_UPLOADS }));
  app.use("*", normalizeJsonBody);
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API token from POST /admin/api-tokens, or the --api-token (admin)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "cookieAuth", {
    type: "apiKey",
    in: "cookie",
    name: "tamna_session",
    description: "The session POST /auth/login sets; changes also need X-CSRF-Token or Origin",
  });
  app.route("/", healthRoutes(deps));
  app.route("/", accounts.routes);
  app.route("/", chargerRoutes(ctx));
  app.route("/", triggerRoutes(ctx));
  app.route("/", stationRoutes(ctx));
  app.route("/", geoRoutes(ctx));
  app.route("/", statisticsRoutes(ctx));
  app.route("/", transactionRoutes(ctx));
  if (deps.network) app.route("/", networkRoutes(deps.network, ctx.view));
  if (deps.devices) app.route("/", deviceRoutes(ctx, deps.devices, deps.transferLimits));
  if (deps.metrics) app.route("/", metricsRoutes(deps.metrics));
  app.route(
    "/",
    eventRoutes(ctx, { bus: deps.bus, heartbeatMs: deps.sseHeartbeatMs, signal: deps.signal }),
  );
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    info: {
      title: "Tamna CSMS API",
      version: "1.0.0",
      description: "REST and GIS API of the Tamna OCPP 2.0.1 CSMS. Errors are " +
        '`{"status":"error","error":"…"}`. A `charger_id` is the OCPP charging-station identity; ' +
        "a `station_id` is a site. Energy comes from meter registers; cost is whole KRW as the " +
        "pricing plugin computes it (its tariff), rounded half-up.",
    },
  });
  app.route("/", docsRoutes({ staticDir: deps.staticDir }));
  app.route(
    "/",
    createDashboard({
      staticDir: deps.staticDir,
      tileUrl: deps.tileUrl,
      hasDeviceManagement: deps.devices !== undefined,
    }),
  );
  app.onError(onApiError);
  app.notFound((c) =>
    c.json({ status: "error", error: `No route for ${c.req.method} ${c.req.path}` }, 404)
  );
  return app;
}
