/** `/chargers`: the live list and detail, and remote control (start, stop, control, any OCPP action). */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { CSMS_ACTIONS } from "../actors/ocpp/actions.ts";
import { requestSchemas, responseSchemas } from "../actors/ocpp/schemas.ts";
import { CSMS_SAMPLES } from "../actors/ocpp/csms_samples.ts";
import {
  clearPowerLimit,
  COMMAND_ERRORS,
  CommandResult,
  findCharger,
  runOcpp,
  setPowerLimit,
  startCharging,
  stopCharging,
} from "./command_results.ts";
import { type ApiContext, BEARER, newApi } from "./context.ts";
import { PageInfo, pageOf, PageQuery } from "./paging.ts";
import { ControlBody, StartBody, StopBody } from "./control_bodies.ts";
import {
  Charger,
  ChargerIdParams,
  chargerJson,
  errorResponses,
  jsonResponse,
  MapStatus,
} from "./schemas.ts";

const ChargerList = z.object({
  count: z.number().int().openapi({ description: "Chargers in this answer" }),
  ...PageInfo,
  chargers: z.array(Charger),
}).openapi("ChargerList");

const ListQuery = PageQuery.extend({
  station_id: z.string().optional().openapi({ description: "Only this site's chargers" }),
  status: MapStatus.optional(),
});

function jsonBody<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, required: false, description };
}

function addReads(app: OpenAPIHono, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/chargers",
      tags: ["chargers"],
      summary: "Chargers with live status, power, limit and current transaction: all, or a page " +
        "of those in a map area (bbox, offset, limit)",
      request: { query: ListQuery },
      responses: { 200: jsonResponse(ChargerList, "Chargers, by id"), ...errorResponses(400) },
    }),
    (c) => {
      const query = c.req.valid("query");
      const views = ctx.view.list().filter((v) =>
        (query.station_id === undefined || v.siteId === query.station_id) &&
        (query.status === undefined || chargerJson(v, ctx).status === query.status)
      );
      const { items, ...page } = pageOf(views, query);
      const chargers = items.map((view) => chargerJson(view, ctx));
      return c.json({ count: chargers.length, ...page, chargers }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/chargers/{id}",
      tags: ["chargers"],
      summary: "One charger",
      request: { params: ChargerIdParams },
      responses: { 200: jsonResponse(Charger, "The charger"), ...errorResponses(404) },
    }),
    (c) => c.json(chargerJson(findCharger(ctx, c.req.valid("param").id), ctx), 200),
  );
}

function addStart(app: OpenAPIHono, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/start",
      tags: ["control"],
      summary: "Start charging (RequestStartTransaction)",
      security: BEARER,
      request: { params: ChargerIdParams, body: jsonBody(StartBody, "All fields optional") },
      responses: { 200: jsonResponse(CommandResult, "The charger's answer"), ...COMMAND_ERRORS },
    }),
    async (c) =>
      c.json(await startCharging(ctx, c.req.valid("param").id, c.req.valid("json")), 200),
  );
}

function addStop(app: OpenAPIHono, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/stop",
      tags: ["control"],
      summary: "Stop charging (RequestStopTransaction)",
      security: BEARER,
      request: {
        params: ChargerIdParams,
        body: jsonBody(StopBody, "Without a transaction_id: the active one"),
      },
      responses: { 200: jsonResponse(CommandResult, "The charger's answer"), ...COMMAND_ERRORS },
    }),
    async (c) => c.json(await stopCharging(ctx, c.req.valid("param").id, c.req.valid("json")), 200),
  );
}

function addControl(app: OpenAPIHono, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/control",
      tags: ["control"],
      summary: "start, stop, set_power_limit, clear_power_limit, reset, unlock, set_availability",
      security: BEARER,
      request: {
        params: ChargerIdParams,
        body: { content: { "application/json": { schema: ControlBody } }, required: true },
      },
      responses: { 200: jsonResponse(CommandResult, "The charger's answer"), ...COMMAND_ERRORS },
    }),
    async (c) => c.json(await control(ctx, c.req.valid("param").id, c.req.valid("json")), 200),
  );
}

/** Runs one `/control` action: the charger commands, or the OCPP call the action names. */
function control(ctx: ApiContext, id: string, body: ControlBody): Promise<CommandResult> {
  switch (body.action) {
    case "start":
      return startCharging(ctx, id, body);
    case "stop":
      return stopCharging(ctx, id, body);
    case "set_power_limit":
      return setPowerLimit(ctx, id, body);
    case "clear_power_limit":
      return clearPowerLimit(ctx, id);
    case "reset": {
      const payload = {
        type: body.type,
        ...(body.evse_id !== undefined ? { evseId: body.evse_id } : {}),
      };
      return runOcpp(ctx, id, { action: "Reset", payload });
    }
    case "unlock": {
      const payload = { evseId: body.evse_id, connectorId: body.connector_id };
      return runOcpp(ctx, id, { action: "UnlockConnector", payload });
    }
    case "set_availability":
      return runOcpp(ctx, id, { action: "ChangeAvailability", payload: availability(body) });
  }
}

/** The ChangeAvailability payload: the whole station, an EVSE, or one connector of it. */
function availability(body: Extract<ControlBody, { action: "set_availability" }>) {
  const evse = body.evse_id === undefined ? {} : {
    evse: {
      id: body.evse_id,
      ...(body.connector_id !== undefined ? { connectorId: body.connector_id } : {}),
    },
  };
  return { operationalStatus: body.operational_status, ...evse };
}

const OcppParams = ChargerIdParams.extend({
  action: z.enum(CSMS_ACTIONS, { error: "not an OCPP 2.0.1 action the CSMS may send" }).openapi({
    param: { name: "action", in: "path" },
    example: "Reset",
  }),
});

/** The generic route, and one documented path per action with its own request and answer schema. */
function addGenericOcpp(app: OpenAPIHono, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/ocpp/{action}",
      hide: true,
      request: {
        params: OcppParams,
        body: { content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
      },
      responses: { 200: jsonResponse(CommandResult, "The charger's answer"), ...COMMAND_ERRORS },
    }),
    async (c) => {
      const { id, action } = c.req.valid("param");
      return c.json(await runOcpp(ctx, id, { action, payload: c.req.valid("json") }), 200);
    },
  );
  for (const action of CSMS_ACTIONS) {
    app.openAPIRegistry.registerPath({
      method: "post",
      path: `/chargers/{id}/ocpp/${action}`,
      tags: ["ocpp"],
      summary: `Send ${action} with its OCPP 2.0.1 payload`,
      security: BEARER,
      request: {
        params: ChargerIdParams,
        body: {
          content: {
            "application/json": { schema: requestSchemas[action], example: CSMS_SAMPLES[action] },
          },
          required: true,
        },
      },
      responses: {
        200: jsonResponse(
          CommandResult.extend({ response: responseSchemas[action] }),
          "The charger's answer",
        ),
        ...COMMAND_ERRORS,
      },
    });
  }
}

/** The `/chargers` sub-app. */
export function chargerRoutes(ctx: ApiContext): OpenAPIHono {
  const app = newApi();
  addReads(app, ctx);
  addStart(app, ctx);
  addStop(app, ctx);
  addControl(app, ctx);
  addGenericOcpp(app, ctx);
  return app;
}
