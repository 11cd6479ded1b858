/**
 * `/tariffs`: prices per site, or per charger. A change adds a version; sessions that started
 * before keep theirs, and each session names the tariff version that priced it
 * (`GET /tariffs/{id}/sessions`).
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ManagedNetwork } from "../actors/csms/managed_network.ts";
import type { TariffPrices } from "../actors/csms/tariff_prices.ts";
import { WEEKDAYS } from "../actors/csms/tariff_prices.ts";
import type { PricedSession, TariffVersion, TariffWithPrices } from "../actors/csms/tariffs.ts";
import { BEARER, newApi } from "./context.ts";
import { attempt, body, READ_ERRORS, WRITE_ERRORS } from "./network_common.ts";
import { errorResponses, jsonResponse } from "./schemas.ts";

const price = z.number().min(0).max(10_000).refine(
  (p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6,
  "must have at most two decimals",
);

const Rule = z.strictObject({
  period: z.string().min(1).max(40),
  days: z.array(z.enum(WEEKDAYS)).min(1).optional(),
  months: z.array(z.number().int().min(1).max(12)).min(1).optional(),
  from_hour: z.number().int().min(0).max(23).optional(),
  to_hour: z.number().int().min(1).max(24).optional(),
});

const TimeOfUse = z.strictObject({
  periods: z.record(z.string().min(1).max(40), price),
  rules: z.array(Rule).max(200).optional(),
}).refine(
  (tou) => (tou.rules ?? []).every((rule) => rule.period in tou.periods),
  { message: "every rule's period must be one of the periods", path: ["rules"] },
).openapi("TimeOfUse", {
  example: {
    periods: { peak: 250, offpeak: 120 },
    rules: [{
      period: "peak",
      days: ["Mon", "Tue", "Wed", "Thu", "Fri"],
      from_hour: 10,
      to_hour: 20,
    }],
  },
});

const priceFields = {
  price_krw_per_kwh: price.openapi({ example: 150 }),
  session_fee_krw: z.number().int().min(0).max(1_000_000),
  idle_fee_krw_per_minute: price.openapi({ description: "After charging ended, per minute" }),
  idle_grace_minutes: z.number().int().min(0).max(1_440),
  time_of_use: TimeOfUse,
};

const CreateBody = z.strictObject({
  tariff_id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits and _ . : -")
    .optional().openapi({ description: "Default `<station_id or charger_id>-tariff`" }),
  station_id: z.string().min(1).max(64).optional().openapi({ example: "emart_jeju_main" }),
  charger_id: z.string().min(1).max(48).optional(),
  name: z.string().max(200).optional(),
  price_krw_per_kwh: priceFields.price_krw_per_kwh.optional(),
  session_fee_krw: priceFields.session_fee_krw.optional(),
  idle_fee_krw_per_minute: priceFields.idle_fee_krw_per_minute.optional(),
  idle_grace_minutes: priceFields.idle_grace_minutes.optional(),
  time_of_use: priceFields.time_of_use.optional(),
}).openapi("TariffCreate");

const PatchBody = z.strictObject({
  name: z.string().max(200).optional(),
  price_krw_per_kwh: priceFields.price_krw_per_kwh.optional(),
  session_fee_krw: priceFields.session_fee_krw.optional(),
  idle_fee_krw_per_minute: priceFields.idle_fee_krw_per_minute.optional(),
  idle_grace_minutes: priceFields.idle_grace_minutes.optional(),
  time_of_use: priceFields.time_of_use.nullable().optional().openapi({
    description: "null: flat price again",
  }),
}).openapi("TariffPatch");

const PricesJson = z.object({
  price_krw_per_kwh: z.number(),
  session_fee_krw: z.number().int(),
  idle_fee_krw_per_minute: z.number(),
  idle_grace_minutes: z.number().int(),
  time_of_use: z.unknown().nullable(),
});

const TariffJson = PricesJson.extend({
  tariff_id: z.string(),
  station_id: z.string().nullable(),
  charger_id: z.string().nullable(),
  name: z.string().nullable(),
  version: z.number().int(),
  retired_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("Tariff");

const VersionJson = PricesJson.extend({ version: z.number().int(), created_at: z.string() });

const SessionJson = z.object({
  transaction_id: z.string(),
  charger_id: z.string(),
  station_id: z.string().nullable(),
  tariff_version: z.number().int(),
  start_time: z.string().nullable(),
  end_time: z.string().nullable(),
  energy_kwh: z.number().nullable(),
  cost: z.number().nullable(),
}).openapi("PricedSession");

const TariffParams = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});

type Body = z.infer<typeof CreateBody> | z.infer<typeof PatchBody>;

/** The prices of a body in the domain's words (only the fields it has; null clears TOU). */
function pricesOf(b: Body): Partial<TariffPrices> & { timeOfUse?: TariffPrices["timeOfUse"] } {
  const tou = b.time_of_use;
  return {
    ...(b.price_krw_per_kwh !== undefined && { priceKrwPerKwh: b.price_krw_per_kwh }),
    ...(b.session_fee_krw !== undefined && { sessionFeeKrw: b.session_fee_krw }),
    ...(b.idle_fee_krw_per_minute !== undefined &&
      { idleFeeKrwPerMinute: b.idle_fee_krw_per_minute }),
    ...(b.idle_grace_minutes !== undefined && { idleGraceMinutes: b.idle_grace_minutes }),
    ...(tou === null && { timeOfUse: undefined }),
    ...(tou && {
      timeOfUse: {
        periods: tou.periods,
        rules: (tou.rules ?? []).map((r) => ({
          period: r.period,
          ...(r.days && { days: r.days }),
          ...(r.months && { months: r.months }),
          fromHour: r.from_hour ?? 0,
          toHour: r.to_hour ?? 24,
        })),
      },
    }),
  };
}

function pricesJson(p: TariffPrices): z.infer<typeof PricesJson> {
  return {
    price_krw_per_kwh: p.priceKrwPerKwh,
    session_fee_krw: p.sessionFeeKrw,
    idle_fee_krw_per_minute: p.idleFeeKrwPerMinute,
    idle_grace_minutes: p.idleGraceMinutes,
    time_of_use: p.timeOfUse
      ? {
        periods: p.timeOfUse.periods,
        rules: p.timeOfUse.rules.map(({ fromHour, toHour, ...rule }) => ({
          ...rule,
          from_hour: fromHour,
          to_hour: toHour,
        })),
      }
      : null,
  };
}

function tariffJson(t: TariffWithPrices): z.infer<typeof TariffJson> {
  return {
    tariff_id: t.tariffId,
    station_id: t.siteId ?? null,
    charger_id: t.chargerId ?? null,
    name: t.name ?? null,
    version: t.version,
    retired_at: t.retiredAt ?? null,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    ...pricesJson(t.prices),
  };
}

const versionJson = (v: TariffVersion) => ({
  version: v.version,
  created_at: v.createdAt,
  ...pricesJson(v),
});

const sessionJson = (s: PricedSession): z.infer<typeof SessionJson> => ({
  transaction_id: s.transactionId,
  charger_id: s.chargerId,
  station_id: s.siteId ?? null,
  tariff_version: s.tariffVersion,
  start_time: s.startedAt ?? null,
  end_time: s.endedAt ?? null,
  energy_kwh: s.energyWh === undefined ? null : s.energyWh / 1000,
  cost: s.costKrw ?? null,
});

function addReads(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/tariffs",
      tags: ["tariffs"],
      summary: "Tariffs with their current prices",
      request: {
        query: z.object({ include_retired: z.enum(["1", "0", "true", "false"]).optional() }),
      },
      responses: {
        200: jsonResponse(
          z.object({ count: z.number().int(), tariffs: z.array(TariffJson) }),
          "Tariffs, by id",
        ),
        ...errorResponses(400),
      },
    }),
    (c) => {
      const all = ["1", "true"].includes(c.req.valid("query").include_retired ?? "");
      const tariffs = network.tariffs.list({ includeRetired: all }).map(tariffJson);
      return c.json({ count: tariffs.length, tariffs }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/tariffs/{id}",
      tags: ["tariffs"],
      summary: "A tariff with every version of its prices",
      request: { params: TariffParams },
      responses: {
        200: jsonResponse(TariffJson.extend({ versions: z.array(VersionJson) }), "The tariff"),
        ...READ_ERRORS,
      },
    }),
    async (c) => {
      const tariff = await attempt(() => network.tariffs.get(c.req.valid("param").id));
      return c.json({ ...tariffJson(tariff), versions: tariff.versions.map(versionJson) }, 200);
    },
  );
}

function addSessions(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/tariffs/{id}/sessions",
      tags: ["tariffs"],
      summary: "The sessions this tariff priced, newest first, with the version of each",
      request: {
        params: TariffParams,
        query: z.object({
          version: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
      },
      responses: {
        200: jsonResponse(
          z.object({ count: z.number().int(), sessions: z.array(SessionJson) }),
          "Sessions",
        ),
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const sessions = await attempt(() => network.tariffs.sessions(id, c.req.valid("query")));
      return c.json({ count: sessions.length, sessions: sessions.map(sessionJson) }, 200);
    },
  );
}

function addWrites(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/tariffs",
      tags: ["tariffs"],
      summary: "Add a site's (station_id) or a charger's (charger_id) tariff",
      security: BEARER,
      request: { body: body(CreateBody) },
      responses: { 201: jsonResponse(TariffJson, "The new tariff, version 1"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const created = await attempt(() =>
        network.tariffs.create({
          ...(b.tariff_id !== undefined && { tariffId: b.tariff_id }),
          ...(b.station_id !== undefined && { siteId: b.station_id }),
          ...(b.charger_id !== undefined && { chargerId: b.charger_id }),
          ...(b.name !== undefined && { name: b.name }),
          ...pricesOf(b),
        })
      );
      return c.json(tariffJson(created), 201);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/tariffs/{id}",
      tags: ["tariffs"],
      summary: "Change prices: a new version for the next sessions; running ones keep theirs",
      security: BEARER,
      request: { params: TariffParams, body: body(PatchBody) },
      responses: { 200: jsonResponse(TariffJson, "The tariff, new version"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const changes = { ...(b.name !== undefined && { name: b.name }), ...pricesOf(b) };
      const id = c.req.valid("param").id;
      return c.json(tariffJson(await attempt(() => network.tariffs.update(id, changes))), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/tariffs/{id}",
      tags: ["tariffs"],
      summary: "Retire a tariff: new sessions fall back to the site's or the default price",
      security: BEARER,
      request: { params: TariffParams },
      responses: { 200: jsonResponse(TariffJson, "The retired tariff"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      return c.json(tariffJson(await attempt(() => network.tariffs.retire(id))), 200);
    },
  );
}

/** The tariff sub-app. */
export function tariffRoutes(network: ManagedNetwork): OpenAPIHono {
  const app = newApi();
  addReads(app, network);
  addSessions(app, network);
  addWrites(app, network);
  return app;
}
