/**
 * Firmware and log campaigns over REST (OCPP 2.0.1 L01, N01): start one for some chargers, a
 * site or every charger, and read each charger's progress; the charger panel reads its latest
 * firmware and log progress.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type {
  Campaign,
  CampaignKind,
  Campaigns,
  CampaignTarget,
} from "../actors/csms/campaigns.ts";
import { LogEnumType } from "../actors/ocpp/schemas.ts";
import { type ApiContext, BEARER, newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import { findCharger } from "./command_results.ts";
import { body } from "./network_common.ts";
import { ChargerIdParams, errorResponses, jsonResponse } from "./schemas.ts";

const isoTime = z.iso.datetime({ offset: true });

/** Who a campaign reaches: exactly one of these. */
const Targets = {
  charger_ids: z.array(z.string().min(1).max(48)).min(1).max(10_000).optional(),
  station_id: z.string().min(1).max(64).optional().openapi({
    description: "Every charger of a site",
  }),
  all: z.literal(true).optional().openapi({ description: "Every charger in the inventory" }),
};

const retry = {
  retries: z.number().int().min(0).max(10).optional(),
  retry_interval_s: z.number().int().min(0).max(86_400).optional(),
};

const FirmwareBody = z.strictObject({
  ...Targets,
  firmware_id: z.string().min(1).max(64).optional().openapi({
    description: "A file uploaded to POST /firmware/files (Tamna serves it)",
  }),
  location: z.url({ protocol: /^https?$|^ftps?$/ }).max(512).optional().openapi({
    description: "Or where chargers download it from",
  }),
  retrieve_at: isoTime.optional().openapi({ description: "Default now" }),
  install_at: isoTime.optional(),
  ...retry,
}).openapi("FirmwareCampaignBody");

const LogBody = z.strictObject({
  ...Targets,
  log_type: LogEnumType.optional().openapi({ description: "Default DiagnosticsLog" }),
  oldest_at: isoTime.optional(),
  latest_at: isoTime.optional(),
  ...retry,
}).openapi("LogCampaignBody");

const TargetJson = z.object({
  charger_id: z.string(),
  request_id: z.number().int(),
  status: z.string().openapi({
    description: "The answer (Accepted, Rejected…), then the charger's latest status " +
      "notification (Downloading, Installed, Uploaded…), or Offline / Error",
  }),
  is_final: z.boolean(),
  detail: z.string().nullable(),
  file_name: z.string().nullable().openapi({ description: "Logs: the file Tamna stored" }),
  size_bytes: z.number().int().nullable(),
  updated_at: z.string(),
});

const CampaignJson = z.object({
  campaign_id: z.string(),
  kind: z.enum(["firmware", "log"]),
  location: z.string().nullable(),
  firmware_id: z.string().nullable(),
  log_type: z.string().nullable(),
  created_at: z.string(),
  counts: z.record(z.string(), z.number().int()).optional().openapi({
    description: "Chargers by status",
  }),
  targets: z.array(TargetJson).optional(),
}).openapi("Campaign");

export const targetJson = (t: CampaignTarget) => ({
  charger_id: t.chargerId,
  request_id: t.requestId,
  status: t.status,
  is_final: t.isFinal,
  detail: t.detail ?? null,
  file_name: t.fileName ?? null,
  size_bytes: t.sizeBytes ?? null,
  updated_at: t.updatedAt,
});

const campaignJson = (c: Campaign & { targets?: CampaignTarget[] }) => ({
  campaign_id: c.campaignId,
  kind: c.kind,
  location: c.location ?? null,
  firmware_id: c.firmwareId ?? null,
  log_type: c.logType ?? null,
  created_at: c.createdAt,
  ...(c.targets && {
    counts: c.targets.reduce<Record<string, number>>((n, t) => {
      n[t.status] = (n[t.status] ?? 0) + 1;
      return n;
    }, {}),
    targets: c.targets.map(targetJson),
  }),
});

/** The chargers a body names (400 naming the field when none or an unknown one). */
function chargersOf(
  ctx: ApiContext,
  b: { charger_ids?: string[]; station_id?: string; all?: true },
): string[] {
  const given = [b.charger_ids, b.station_id, b.all].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw apiError(400, "Invalid body field charger_ids: give charger_ids, station_id or all");
  }
  const inventory = ctx.view.inventory().chargers;
  if (b.all) return inventory.map((c) => c.chargerId);
  if (b.station_id !== undefined) {
    if (!ctx.view.sites().some((s) => s.siteId === b.station_id)) {
      throw apiError(400, `Invalid body field station_id: unknown station ${b.station_id}`);
    }
    return inventory.filter((c) => c.siteId === b.station_id).map((c) => c.chargerId);
  }
  const ids = b.charger_ids!;
  const unknown = ids.findIndex((id) => !ctx.view.get(id) && !ctx.csms.isConnected(id));
  if (unknown >= 0) {
    throw apiError(
      400,
      `Invalid body field charger_ids.${unknown}: unknown charger ${ids[unknown]}`,
    );
  }
  return ids;
}

const CampaignParams = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});

/** GET of one kind's campaigns and of one campaign. */
function addReads(app: OpenAPIHono, campaigns: Campaigns, kind: CampaignKind): void {
  const path = kind === "firmware" ? "/firmware/campaigns" : "/logs/campaigns";
  app.openapi(
    createRoute({
      method: "get",
      path,
      tags: ["campaigns"],
      summary: `${kind === "firmware" ? "Firmware" : "Log"} campaigns, newest first`,
      responses: {
        200: jsonResponse(z.object({ campaigns: z.array(CampaignJson) }), "Campaigns"),
      },
    }),
    async (c) => c.json({ campaigns: (await campaigns.list(kind)).map(campaignJson) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: `${path}/{id}`,
      tags: ["campaigns"],
      summary: "One campaign with every charger's progress",
      request: { params: CampaignParams },
      responses: { 200: jsonResponse(CampaignJson, "The campaign"), ...errorResponses(404) },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const found = await campaigns.campaign(id);
      if (!found || found.kind !== kind) throw apiError(404, `Unknown ${kind} campaign ${id}`);
      return c.json(campaignJson(found), 200);
    },
  );
}

function addStarts(app: OpenAPIHono, ctx: ApiContext, campaigns: Campaigns): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/firmware/campaigns",
      tags: ["campaigns"],
      summary: "UpdateFirmware (L01) to chargers, a site or all; progress per charger follows",
      security: BEARER,
      request: { body: body(FirmwareBody) },
      responses: { 201: jsonResponse(CampaignJson, "Started"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      if ((b.firmware_id === undefined) === (b.location === undefined)) {
        throw apiError(400, "Invalid body field firmware_id: give firmware_id or location");
      }
      if (b.firmware_id !== undefined && !await campaigns.store.firmwareFile(b.firmware_id)) {
        throw apiError(400, `Invalid body field firmware_id: no firmware file ${b.firmware_id}`);
      }
      const started = await campaigns.updateFirmware(chargersOf(ctx, b), {
        firmwareId: b.firmware_id,
        location: b.location,
        retrieveAt: b.retrieve_at,
        installAt: b.install_at,
        retries: b.retries,
        retryIntervalS: b.retry_interval_s,
      });
      return c.json(campaignJson(started), 201);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/logs/campaigns",
      tags: ["campaigns"],
      summary: "GetLog (N01) from chargers, a site or all; each uploads to Tamna",
      security: BEARER,
      request: { body: body(LogBody) },
      responses: { 201: jsonResponse(CampaignJson, "Started"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const started = await campaigns.getLogs(chargersOf(ctx, b), {
        logType: b.log_type,
        oldestAt: b.oldest_at,
        latestAt: b.latest_at,
        retries: b.retries,
        retryIntervalS: b.retry_interval_s,
      });
      return c.json(campaignJson(started), 201);
    },
  );
}

/** The campaign sub-app. */
export function campaignRoutes(ctx: ApiContext, campaigns: Campaigns): OpenAPIHono {
  const app = newApi();
  addStarts(app, ctx, campaigns);
  addReads(app, campaigns, "firmware");
  addReads(app, campaigns, "log");
  app.openapi(
    createRoute({
      method: "get",
      path: "/chargers/{id}/campaigns",
      tags: ["campaigns"],
      summary: "The charger's latest firmware and log progress",
      request: { params: ChargerIdParams },
      responses: {
        200: jsonResponse(
          z.object({
            charger_id: z.string(),
            firmware: TargetJson.extend({ campaign_id: z.string() }).nullable(),
            log: TargetJson.extend({ campaign_id: z.string() }).nullable(),
          }),
          "Latest progress of each kind",
        ),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      findCharger(ctx, id);
      const latest = await campaigns.latestTargets(id);
      const of = (kind: CampaignKind) => {
        const t = latest.find((x) => x.kind === kind);
        return t ? { campaign_id: t.campaignId, ...targetJson(t) } : null;
      };
      return c.json({ charger_id: id, firmware: of("firmware"), log: of("log") }, 200);
    },
  );
  return app;
}
