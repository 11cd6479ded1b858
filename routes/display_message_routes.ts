/**
 * Display messages (OCPP 2.0.1 O01–O06) over REST: show a message on a charger, read what it
 * shows, refresh that from the charger, clear one.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { DisplayMessage, DisplayMessages } from "../actors/csms/display_messages.ts";
import {
  MessageFormatEnumType,
  MessagePriorityEnumType,
  MessageStateEnumType,
} from "../actors/ocpp/schemas.ts";
import { type ApiContext, BEARER, newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import { callCharger, COMMAND_ERRORS, findCharger } from "./command_results.ts";
import { body } from "./network_common.ts";
import { ChargerIdParams, errorResponses, jsonResponse, RequestAnswer } from "./schemas.ts";

const isoTime = z.iso.datetime({ offset: true });

const MessageBody = z.strictObject({
  message_id: z.number().int().min(0).optional().openapi({
    description: "Replaces the charger's message with this id; default a new id",
  }),
  content: z.string().min(1).max(512).openapi({ example: "Charging paused 14:00–15:00" }),
  format: MessageFormatEnumType.optional().openapi({ description: "Default UTF8" }),
  language: z.string().max(8).optional().openapi({ example: "ko" }),
  priority: z.enum(MessagePriorityEnumType.options).openapi({ example: "NormalCycle" }),
  state: MessageStateEnumType.optional(),
  start_at: isoTime.optional(),
  end_at: isoTime.optional(),
  transaction_id: z.string().min(1).max(36).optional(),
}).openapi("DisplayMessageBody");

const MessageJson = z.object({
  message_id: z.number().int(),
  content: z.string(),
  format: z.string(),
  language: z.string().nullable(),
  priority: z.string(),
  state: z.string().nullable(),
  start_at: z.string().nullable(),
  end_at: z.string().nullable(),
  transaction_id: z.string().nullable(),
  status: z.string().openapi({
    description: "The charger's answer (Accepted, Rejected, NotSupportedPriority, …) or " +
      "Reported when only its report named it",
  }),
  is_cleared: z.boolean(),
  is_active: z.boolean(),
  updated_at: z.string(),
}).openapi("DisplayMessage");

const messageJson = (m: DisplayMessage, isActive: boolean) => ({
  message_id: m.messageId,
  content: m.content,
  format: m.format,
  language: m.language ?? null,
  priority: m.priority,
  state: m.state ?? null,
  start_at: m.startAt ?? null,
  end_at: m.endAt ?? null,
  transaction_id: m.transactionId ?? null,
  status: m.status,
  is_cleared: m.isCleared,
  is_active: isActive,
  updated_at: m.updatedAt,
});

const ResultJson = z.object({
  status: z.enum(["success", "rejected"]),
  ocpp_status: z.string(),
  message: MessageJson,
}).openapi("DisplayMessageResult");

const MessageParams = ChargerIdParams.extend({
  message_id: z.coerce.number().int().openapi({ param: { name: "message_id", in: "path" } }),
});

function addChanges(app: OpenAPIHono, messages: DisplayMessages): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/display-messages",
      tags: ["display-messages"],
      summary: "SetDisplayMessage (O01/O02); stored with the charger's answer",
      security: BEARER,
      request: { params: ChargerIdParams, body: body(MessageBody) },
      responses: { 200: jsonResponse(ResultJson, "The charger's answer"), ...COMMAND_ERRORS },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const b = c.req.valid("json");
      if (b.start_at && b.end_at && Date.parse(b.end_at) <= Date.parse(b.start_at)) {
        throw apiError(400, "Invalid body field end_at: it must be after start_at");
      }
      const sent = await callCharger(id, "SetDisplayMessage", () =>
        messages.set(id, {
          messageId: b.message_id,
          content: b.content,
          format: b.format,
          language: b.language,
          priority: b.priority,
          state: b.state,
          startAt: b.start_at,
          endAt: b.end_at,
          transactionId: b.transaction_id,
        }));
      const ok = sent.ocppStatus === "Accepted";
      return c.json({
        status: ok ? "success" as const : "rejected" as const,
        ocpp_status: sent.ocppStatus,
        message: messageJson(sent.message, ok),
      }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/chargers/{id}/display-messages/{message_id}",
      tags: ["display-messages"],
      summary: "ClearDisplayMessage (O05)",
      security: BEARER,
      request: { params: MessageParams },
      responses: { 200: jsonResponse(ResultJson, "The charger's answer"), ...COMMAND_ERRORS },
    }),
    async (c) => {
      const { id, message_id } = c.req.valid("param");
      const sent = await callCharger(
        id,
        "ClearDisplayMessage",
        () => messages.clear(id, message_id),
      );
      if (!sent) throw apiError(404, `Charger ${id} has no display message ${message_id}`);
      return c.json({
        status: sent.ocppStatus === "Accepted" ? "success" as const : "rejected" as const,
        ocpp_status: sent.ocppStatus,
        message: messageJson(sent.message, false),
      }, 200);
    },
  );
}

function addReads(app: OpenAPIHono, ctx: ApiContext, messages: DisplayMessages): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/chargers/{id}/display-messages",
      tags: ["display-messages"],
      summary: "The charger's display messages as stored (active ones first)",
      request: { params: ChargerIdParams },
      responses: {
        200: jsonResponse(z.object({ messages: z.array(MessageJson) }), "Messages"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      findCharger(ctx, id);
      const list = await messages.list(id);
      return c.json({ messages: list.map((m) => messageJson(m, m.isActive)) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/display-messages/refresh",
      tags: ["display-messages"],
      summary: "GetDisplayMessages (O04): the charger's report replaces what is stored",
      security: BEARER,
      request: { params: ChargerIdParams },
      responses: {
        200: jsonResponse(
          RequestAnswer,
          "The charger's answer; its messages follow as NotifyDisplayMessages",
        ),
        ...COMMAND_ERRORS,
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const sent = await callCharger(id, "GetDisplayMessages", () => messages.refresh(id));
      return c.json(
        { charger_id: id, request_id: sent.requestId, ocpp_status: sent.ocppStatus },
        200,
      );
    },
  );
}

/** The display message sub-app. */
export function displayMessageRoutes(ctx: ApiContext, messages: DisplayMessages): OpenAPIHono {
  const app = newApi();
  addChanges(app, messages);
  addReads(app, ctx, messages);
  return app;
}
