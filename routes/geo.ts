/** `/geo`: chargers as GeoJSON for the map, and weighted points for a heat layer. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ChargerView } from "../actors/csms/live_view.ts";
import { type ApiContext, newApi } from "./context.ts";
import { PageInfo, pageOf, PageQuery } from "./paging.ts";
import { apiError } from "./errors.ts";
import {
  chargerJson,
  errorResponses,
  jsonResponse,
  MapStatus,
  resolveWindow,
  WindowQuery,
} from "./schemas.ts";

const ChargerFeature = z.object({
  type: z.literal("Feature"),
  id: z.string(),
  geometry: z.object({
    type: z.literal("Point"),
    coordinates: z.tuple([z.number(), z.number()]).openapi({ description: "[lng, lat]" }),
  }),
  properties: z.object({
    charger_id: z.string(),
    station_id: z.string().nullable(),
    status: MapStatus,
    connected: z.boolean(),
    power_kw: z.number(),
    max_power_kw: z.number().nullable(),
    power_limit_kw: z.number().nullable(),
    transaction_id: z.string().nullable(),
    model: z.string().nullable(),
  }),
});

const FeatureCollection = z.object({
  type: z.literal("FeatureCollection"),
  ...PageInfo,
  features: z.array(ChargerFeature),
}).openapi("ChargerFeatureCollection");

const HeatmapQuery = WindowQuery.extend({
  metric: z.enum(["energy", "utilisation", "power"]).default("energy").openapi({
    description: "energy: kWh of the transactions started in the window; utilisation: that " +
      "energy ÷ (rated kW × window hours); power: kW now",
  }),
  station_id: z.string().optional(),
});

const Heatmap = z.object({
  metric: z.enum(["energy", "utilisation", "power"]),
  from: z.string(),
  to: z.string(),
  max: z.number().openapi({ description: "The largest value; weights are value ÷ max" }),
  points: z.array(z.object({
    charger_id: z.string(),
    lat: z.number(),
    lng: z.number(),
    value: z.number(),
    weight: z.number().min(0).max(1),
  })),
}).openapi("Heatmap");

/** The `/geo` sub-app. */
export function geoRoutes(ctx: ApiContext): OpenAPIHono {
  const app = newApi();
  addChargerFeatures(app, ctx);
  addHeatmap(app, ctx);
  return app;
}

function addChargerFeatures(app: OpenAPIHono, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/geo/chargers",
      tags: ["geo"],
      summary: "Chargers as a GeoJSON FeatureCollection (chargers without a position are left " +
        "out): all, or a page of those in a map area (bbox, offset, limit)",
      request: { query: PageQuery.extend({ station_id: z.string().optional() }) },
      responses: { 200: jsonResponse(FeatureCollection, "GeoJSON"), ...errorResponses(400) },
    }),
    (c) => {
      const query = c.req.valid("query");
      const { items, ...page } = pageOf(placedChargers(ctx, query.station_id), query);
      const features = items.map((v) => chargerFeature(v, ctx));
      return c.json({ type: "FeatureCollection" as const, ...page, features }, 200);
    },
  );
}

type Placed = ChargerView & { lat: number; lng: number };

/** The chargers with a position, of one site or of all. */
function placedChargers(ctx: ApiContext, siteId: string | undefined): Placed[] {
  return ctx.view.list().filter((v): v is Placed =>
    v.lat !== undefined && v.lng !== undefined && (siteId === undefined || v.siteId === siteId)
  );
}

function chargerFeature(v: Placed, ctx: ApiContext): z.infer<typeof ChargerFeature> {
  const ch = chargerJson(v, ctx);
  return {
    type: "Feature",
    id: ch.charger_id,
    geometry: { type: "Point", coordinates: [v.lng, v.lat] },
    properties: {
      charger_id: ch.charger_id,
      station_id: ch.station_id,
      status: ch.status,
      connected: ch.connected,
      power_kw: ch.power_kw,
      max_power_kw: ch.max_power_kw,
      power_limit_kw: ch.power_limit_kw,
      transaction_id: ch.current_transaction?.transaction_id ?? null,
      model: ch.model,
    },
  };
}

function addHeatmap(app: OpenAPIHono, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/geo/heatmap",
      tags: ["geo"],
      summary: "Weighted points per charger for a heat layer",
      request: { query: HeatmapQuery },
      responses: { 200: jsonResponse(Heatmap, "Points"), ...errorResponses(400) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const window = resolveWindow(query, ctx.now());
      if (typeof window === "string") throw apiError(400, window);
      const totals = query.metric === "power" ? [] : await ctx.history.chargerTotals({
        from: window.from,
        to: window.to,
        siteId: query.station_id,
      });
      const energyWh = new Map(totals.map((t) => [t.charger_id, t.energy_wh]));
      const points = placedChargers(ctx, query.station_id).map((v) => {
        const value = heatValue(query.metric, v, {
          energyWh: energyWh.get(v.chargerId) ?? 0,
          hours: window.hours,
          ctx,
        });
        return { charger_id: v.chargerId, lat: v.lat, lng: v.lng, value };
      });
      const max = Math.max(0, ...points.map((p) => p.value));
      return c.json({
        metric: query.metric,
        from: window.from,
        to: window.to,
        max,
        points: points.map((p) => ({ ...p, weight: max > 0 ? p.value / max : 0 })),
      }, 200);
    },
  );
}

/** One charger's heat: kW now, kWh in the window, or that energy ÷ (rated kW × hours). */
function heatValue(
  metric: "energy" | "utilisation" | "power",
  v: ChargerView,
  options: { energyWh: number; hours: number; ctx: ApiContext },
): number {
  if (metric === "power") return chargerJson(v, options.ctx).power_kw;
  if (metric === "energy") return options.energyWh / 1000;
  return v.maxPowerKw ? options.energyWh / 1000 / (v.maxPowerKw * options.hours) : 0;
}
