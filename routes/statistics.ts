/**
 * `/statistics`: dashboard KPIs (live counts and power from the live view, energy and revenue
 * as sums of the same transactions `/transactions` lists) and hourly energy and power from
 * stored meter samples.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { type ApiContext, newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import {
  chargerJson,
  errorResponses,
  jsonResponse,
  resolveWindow,
  WindowQuery,
} from "./schemas.ts";

const HOUR_MS = 3_600_000;
const MAX_HOURS = 31 * 24;

const UTILISATION = "Utilisation, as fractions 0–1: `chargers_charging` = chargers charging now " +
  "÷ all chargers; `power` = power now ÷ installed kW; `energy_time` = energy of the " +
  "transactions started in the window ÷ (installed kW × window hours), i.e. the share of the " +
  "window the installed power would have needed at full output to deliver that energy.";

const Dashboard = z.object({
  station_id: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  hours: z.number(),
  total_chargers: z.number().int(),
  active_chargers: z.number().int().openapi({ description: "Connected now" }),
  charging_now: z.number().int(),
  faulted_chargers: z.number().int(),
  offline_chargers: z.number().int(),
  installed_kw: z.number(),
  power_kw: z.number().openapi({ description: "Active power now, all chargers" }),
  transactions: z.number().int().openapi({ description: "Started in the window" }),
  active_transactions: z.number().int(),
  energy_kwh: z.number().openapi({
    description: "Sum of their energy (meter registers), running ones so far included",
  }),
  energy_running_kwh: z.number().openapi({
    description: "The part of energy_kwh delivered by transactions still running",
  }),
  revenue_krw: z.number().int().openapi({
    description: "Sum of their priced cost: ended transactions only",
  }),
  revenue_running_krw: z.number().int().openapi({
    description: "Estimated revenue of the running ones: energy_running_kwh × the flat tariff, " +
      "rounded half-up (0 when pricing is off); the final cost comes when they end",
  }),
  tariff_krw_per_kwh: z.number().nullable().openapi({
    description: "The pricing plugin's flat price, KRW/kWh; null when pricing is off",
  }),
  utilisation: z.object({
    chargers_charging: z.number(),
    power: z.number(),
    energy_time: z.number(),
  }).openapi({ description: UTILISATION }),
  history: z.string().openapi({
    description: "Where the history comes from: pglite, postgres or memory",
  }),
}).openapi("Dashboard");

const HourlyQuery = WindowQuery.extend({ station_id: z.string().optional() });

const HOURLY_DEFINITION = "energy_kwh: positive Energy.Active.Import.Register deltas between " +
  "each charger's consecutive samples, counted in the hour of the later sample (energy comes " +
  "from the registers, never from summed power); avg_power_kw: that energy ÷ the part of the " +
  "hour inside the range; peak_power_kw: per minute, each charger's mean sampled power summed " +
  "over chargers, the highest minute of the hour; sample_count: meter samples in the hour.";

const Hour = z.object({
  hour: z.string().openapi({ description: "Start of the hour" }),
  energy_kwh: z.number(),
  avg_power_kw: z.number(),
  peak_power_kw: z.number(),
  sample_count: z.number().int(),
}).openapi({ description: HOURLY_DEFINITION });

const Hourly = z.object({
  from: z.string(),
  to: z.string(),
  station_id: z.string().nullable(),
  energy_kwh: z.number().openapi({ description: "Sum over the hours" }),
  hours: z.array(Hour),
}).openapi("Hourly");

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The `/statistics` sub-app. */
export function statisticsRoutes(ctx: ApiContext): OpenAPIHono {
  const app = newApi();
  addDashboard(app, ctx);
  addHourly(app, ctx);
  return app;
}

function addDashboard(app: OpenAPIHono, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/statistics/dashboard",
      tags: ["statistics"],
      summary: "KPIs: chargers, power now, energy, revenue and utilisation",
      description: UTILISATION,
      request: { query: WindowQuery.extend({ station_id: z.string().optional() }) },
      responses: { 200: jsonResponse(Dashboard, "KPIs"), ...errorResponses(400) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const window = resolveWindow(query, ctx.now());
      if (typeof window === "string") throw apiError(400, window);
      const live = liveTotals(ctx, query.station_id);
      const totals = await ctx.history.transactionTotals({
        from: window.from,
        to: window.to,
        siteId: query.station_id,
      });
      const energyKwh = totals.energy_wh / 1000;
      return c.json({
        station_id: query.station_id ?? null,
        ...window,
        total_chargers: live.total,
        active_chargers: live.connected,
        charging_now: live.charging,
        faulted_chargers: live.faulted,
        offline_chargers: live.offline,
        installed_kw: live.installedKw,
        power_kw: live.powerKw,
        transactions: totals.transactions,
        active_transactions: totals.active_transactions,
        energy_kwh: energyKwh,
        energy_running_kwh: totals.active_energy_wh / 1000,
        revenue_krw: totals.revenue_krw,
        revenue_running_krw: Math.floor(
          (totals.active_energy_wh / 1000) * (ctx.tariffKrwPerKwh ?? 0) + 0.5,
        ),
        tariff_krw_per_kwh: ctx.tariffKrwPerKwh ?? null,
        utilisation: {
          chargers_charging: share(live.charging, live.total),
          power: share(live.powerKw, live.installedKw),
          energy_time: share(energyKwh, live.installedKw * window.hours),
        },
        history: ctx.history.engine,
      }, 200);
    },
  );
}

/** Counts and power of the chargers now, of one site or of all. */
function liveTotals(ctx: ApiContext, siteId: string | undefined) {
  const chargers = ctx.view.list()
    .filter((v) => siteId === undefined || v.siteId === siteId)
    .map((v) => ({ view: v, json: chargerJson(v, ctx) }));
  const count = (status: string) => chargers.filter((ch) => ch.json.status === status).length;
  return {
    total: chargers.length,
    connected: chargers.filter((ch) => ch.json.connected).length,
    charging: count("charging"),
    faulted: count("faulted"),
    offline: count("offline"),
    installedKw: chargers.reduce((sum, ch) => sum + (ch.view.maxPowerKw ?? 0), 0),
    powerKw: round3(chargers.reduce((sum, ch) => sum + ch.json.power_kw, 0)),
  };
}

function share(part: number, whole: number): number {
  return whole > 0 ? round3(part / whole) : 0;
}

function addHourly(app: OpenAPIHono, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/statistics/hourly",
      tags: ["statistics"],
      summary: "Energy and power per hour from the stored meter samples (default: the last 24 h)",
      description: HOURLY_DEFINITION,
      request: { query: HourlyQuery },
      responses: {
        200: jsonResponse(Hourly, "One row per hour, gaps as zeros"),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const range = hourRange(query, ctx.now());
      if (typeof range === "string") throw apiError(400, range);
      const hours = await ctx.history.hourly({ ...range, siteId: query.station_id });
      const energyKwh = round3(hours.reduce((sum, h) => sum + h.energy_kwh, 0));
      return c.json({
        ...range,
        station_id: query.station_id ?? null,
        energy_kwh: energyKwh,
        hours,
      }, 200);
    },
  );
}

/**
 * The hours asked for: by default the current hour and the 23 before it; given bounds widen to
 * whole hours. A string is the 400 message of a range that is empty or too long.
 */
function hourRange(
  query: { from?: string; to?: string },
  nowMs: number,
): { from: string; to: string } | string {
  const nowHour = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const fromMs = Math.floor(
    (query.from ? Date.parse(query.from) : nowHour - 23 * HOUR_MS) / HOUR_MS,
  ) * HOUR_MS;
  const toMs = Math.ceil((query.to ? Date.parse(query.to) : nowHour + HOUR_MS) / HOUR_MS) *
    HOUR_MS;
  if (toMs <= fromMs) return `Invalid query parameter to: must be after from`;
  if (toMs - fromMs > MAX_HOURS * HOUR_MS) {
    return `Invalid query parameter from: the range may span at most ${MAX_HOURS} hours`;
  }
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
}
