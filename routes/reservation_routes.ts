/**
 * Reservations over REST (OCPP 2.0.1 H01–H04): reserve a charger for an idToken until a time,
 * cancel it, and read the records (status Active, Cancelled, Expired, Removed, Used or the
 * charger's refusal).
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ConnectorEnumType, IdTokenEnumType } from "../actors/ocpp/schemas.ts";
import type { Reservation, Reservations } from "../actors/csms/reservations.ts";
import { type ApiContext, BEARER, newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import { callCharger, COMMAND_ERRORS, findCharger } from "./command_results.ts";
import { body } from "./network_common.ts";
import { ChargerIdParams, errorResponses, jsonResponse } from "./schemas.ts";

/** Default length of a reservation when neither `expires_at` nor `expires_in_s` is given. */
const DEFAULT_RESERVATION_S = 900;

const ReserveBody = z.strictObject({
  id_token: z.string().min(1).max(36).openapi({ example: "card-kim" }),
  id_token_type: IdTokenEnumType.optional().openapi({ description: "Default Central" }),
  group_id_token: z.string().min(1).max(36).optional(),
  evse_id: z.number().int().min(1).optional(),
  connector_type: ConnectorEnumType.optional(),
  expires_at: z.iso.datetime({ offset: true }).optional().openapi({
    example: "2026-01-21T06:00:00Z",
  }),
  expires_in_s: z.number().int().min(1).max(7 * 86_400).optional().openapi({
    description: `Instead of expires_at; default ${DEFAULT_RESERVATION_S}`,
  }),
}).openapi("ReserveBody");

const ReservationJson = z.object({
  reservation_id: z.number().int(),
  charger_id: z.string(),
  id_token: z.string(),
  id_token_type: z.string(),
  group_id_token: z.string().nullable(),
  evse_id: z.number().int().nullable(),
  connector_type: z.string().nullable(),
  expires_at: z.string(),
  status: z.string().openapi({
    description: "Active, Cancelled, Expired, Removed, Used, or the charger's refusal " +
      "(Rejected, Occupied, Faulted, Unavailable)",
  }),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("Reservation");

const ResultJson = z.object({
  status: z.enum(["success", "rejected"]),
  ocpp_status: z.string(),
  reservation: ReservationJson,
}).openapi("ReservationResult");

const reservationJson = (r: Reservation) => ({
  reservation_id: r.reservationId,
  charger_id: r.chargerId,
  id_token: r.idToken,
  id_token_type: r.idTokenType,
  group_id_token: r.groupIdToken ?? null,
  evse_id: r.evseId ?? null,
  connector_type: r.connectorType ?? null,
  expires_at: r.expiresAt,
  status: r.status,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});

const resultJson = (sent: { reservation: Reservation; ocppStatus: string }) => ({
  status: sent.ocppStatus === "Accepted" ? "success" as const : "rejected" as const,
  ocpp_status: sent.ocppStatus,
  reservation: reservationJson(sent.reservation),
});

const ListQuery = z.object({
  charger_id: z.string().max(48).optional(),
  active: z.enum(["true", "false"]).optional().openapi({ description: "Only Active ones" }),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const CancelParams = ChargerIdParams.extend({
  reservation_id: z.coerce.number().int().openapi({
    param: { name: "reservation_id", in: "path" },
  }),
});

/** When the reservation ends: `expires_at` (in the future), or now plus `expires_in_s`. */
function expiryOf(b: z.infer<typeof ReserveBody>, nowMs: number): string {
  if (b.expires_at !== undefined && b.expires_in_s !== undefined) {
    throw apiError(400, "Invalid body field expires_in_s: give expires_at or expires_in_s");
  }
  if (b.expires_at === undefined) {
    return new Date(nowMs + (b.expires_in_s ?? DEFAULT_RESERVATION_S) * 1000).toISOString();
  }
  if (Date.parse(b.expires_at) <= nowMs) {
    throw apiError(400, `Invalid body field expires_at: ${b.expires_at} is not in the future`);
  }
  return new Date(b.expires_at).toISOString();
}

function addChanges(app: OpenAPIHono, ctx: ApiContext, reservations: Reservations): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/reservations",
      tags: ["reservations"],
      summary: "ReserveNow (H01): hold the charger for an idToken until it expires",
      security: BEARER,
      request: { params: ChargerIdParams, body: body(ReserveBody) },
      responses: { 200: jsonResponse(ResultJson, "The charger's answer"), ...COMMAND_ERRORS },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const b = c.req.valid("json");
      const expiresAt = expiryOf(b, ctx.now());
      const sent = await callCharger(id, "ReserveNow", () =>
        reservations.reserve(id, {
          idToken: b.id_token,
          idTokenType: b.id_token_type,
          groupIdToken: b.group_id_token,
          evseId: b.evse_id,
          connectorType: b.connector_type,
          expiresAt,
        }));
      return c.json(resultJson(sent), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/chargers/{id}/reservations/{reservation_id}",
      tags: ["reservations"],
      summary: "CancelReservation (H02)",
      security: BEARER,
      request: { params: CancelParams },
      responses: { 200: jsonResponse(ResultJson, "The charger's answer"), ...COMMAND_ERRORS },
    }),
    async (c) => {
      const { id, reservation_id } = c.req.valid("param");
      findCharger(ctx, id);
      const sent = await callCharger(
        id,
        "CancelReservation",
        () => reservations.cancel(id, reservation_id),
      );
      if (!sent) throw apiError(404, `Charger ${id} has no reservation ${reservation_id}`);
      return c.json(resultJson(sent), 200);
    },
  );
}

/** The reservation sub-app. */
export function reservationRoutes(ctx: ApiContext, reservations: Reservations): OpenAPIHono {
  const app = newApi();
  addChanges(app, ctx, reservations);
  app.openapi(
    createRoute({
      method: "get",
      path: "/reservations",
      tags: ["reservations"],
      summary: "Reservations, newest first (filter by charger, only Active ones)",
      request: { query: ListQuery },
      responses: {
        200: jsonResponse(z.object({ reservations: z.array(ReservationJson) }), "Reservations"),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const list = await reservations.list({
        chargerId: q.charger_id,
        isActive: q.active === "true",
        limit: q.limit,
      });
      return c.json({ reservations: list.map(reservationJson) }, 200);
    },
  );
  return app;
}
