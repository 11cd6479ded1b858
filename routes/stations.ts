/** `/stations`: sites with address, location, charger counts by map status, capacity and power now. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { type ChargerView, mapStatus, powerKw, type Site } from "../actors/csms/live_view.ts";
import { type ApiContext, newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import { Charger, chargerJson, errorResponses, jsonResponse, liveView } from "./schemas.ts";
import { siteFieldsJson } from "./network_schemas.ts";

const StatusCounts = z.object({
  available: z.number().int(),
  charging: z.number().int(),
  occupied: z.number().int(),
  reserved: z.number().int(),
  faulted: z.number().int(),
  offline: z.number().int(),
  unavailable: z.number().int(),
});

const Station = z.object({
  station_id: z.string().openapi({ example: "emart_jeju_main" }),
  name: z.string(),
  name_ko: z.string().nullable(),
  address: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  grid_capacity_kw: z.number().nullable(),
  timezone: z.string().openapi({ description: "IANA time zone (time-of-use prices use it)" }),
  charger_count: z.number().int(),
  connected_count: z.number().int(),
  capacity_kw: z.number().openapi({ description: "Sum of the chargers' rated power" }),
  power_kw: z.number().openapi({ description: "Active power now, summed over the chargers" }),
  status_counts: StatusCounts,
}).openapi("Station");

const StationDetail = Station.extend({ chargers: z.array(Charger) }).openapi("StationDetail");

const StationParams = z.object({
  id: z.string().min(1).openapi({ param: { name: "id", in: "path" }, example: "emart_jeju_main" }),
});

function stationJson(site: Site, chargers: ChargerView[], ctx: ApiContext) {
  const counts = {
    available: 0,
    charging: 0,
    occupied: 0,
    reserved: 0,
    faulted: 0,
    offline: 0,
    unavailable: 0,
  };
  let capacityKw = 0;
  let powerW = 0;
  for (const view of chargers) {
    const live = liveView(view, ctx);
    counts[mapStatus(live)] += 1;
    capacityKw += view.maxPowerKw ?? 0;
    powerW += Math.round(powerKw(live) * 1000);
  }
  return {
    ...siteFieldsJson(site),
    charger_count: chargers.length,
    connected_count: chargers.length - counts.offline,
    capacity_kw: capacityKw,
    power_kw: powerW / 1000,
    status_counts: counts,
  };
}

function chargersOf(ctx: ApiContext, siteId: string): ChargerView[] {
  return ctx.view.list().filter((view) => view.siteId === siteId);
}

/** The `/stations` sub-app. */
export function stationRoutes(ctx: ApiContext): OpenAPIHono {
  const app = newApi();
  app.openapi(
    createRoute({
      method: "get",
      path: "/stations",
      tags: ["stations"],
      summary: "Sites with charger counts, capacity and power now",
      responses: {
        200: jsonResponse(
          z.object({ count: z.number().int(), stations: z.array(Station) }),
          "Sites, by id",
        ),
      },
    }),
    (c) => {
      const stations = ctx.view.sites().sort((a, b) => a.siteId.localeCompare(b.siteId))
        .map((site) => stationJson(site, chargersOf(ctx, site.siteId), ctx));
      return c.json({ count: stations.length, stations }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/stations/{id}",
      tags: ["stations"],
      summary: "One site and its chargers",
      request: { params: StationParams },
      responses: { 200: jsonResponse(StationDetail, "The site"), ...errorResponses(404) },
    }),
    (c) => {
      const id = c.req.valid("param").id;
      const site = ctx.view.sites().find((s) => s.siteId === id);
      if (!site) throw apiError(404, `Unknown station ${id}`);
      const chargers = chargersOf(ctx, id);
      return c.json({
        ...stationJson(site, chargers, ctx),
        chargers: chargers.map((view) => chargerJson(view, ctx)),
      }, 200);
    },
  );
  return app;
}
