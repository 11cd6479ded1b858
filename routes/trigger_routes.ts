/** TriggerMessage (OCPP 2.0.1 F06) over REST: the charger sends the requested message now. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { MessageTriggerEnumType } from "../actors/ocpp/schemas.ts";
import { type ApiContext, BEARER, newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import { COMMAND_ERRORS, CommandResult, runOcpp } from "./command_results.ts";
import { body } from "./network_common.ts";
import { ChargerIdParams, jsonResponse } from "./schemas.ts";

const TriggerBody = z.strictObject({
  requested_message: z.enum(MessageTriggerEnumType.options).openapi({
    example: "StatusNotification",
  }),
  evse_id: z.number().int().min(0).optional(),
  connector_id: z.number().int().min(1).optional(),
}).openapi("TriggerBody");

/** The TriggerMessage sub-app. */
export function triggerRoutes(ctx: ApiContext): OpenAPIHono {
  const app = newApi();
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/trigger",
      tags: ["control"],
      summary: "TriggerMessage (F06): the charger sends the requested message now",
      security: BEARER,
      request: { params: ChargerIdParams, body: body(TriggerBody) },
      responses: { 200: jsonResponse(CommandResult, "The charger's answer"), ...COMMAND_ERRORS },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const b = c.req.valid("json");
      if (b.connector_id !== undefined && b.evse_id === undefined) {
        throw apiError(400, "Invalid body field connector_id: it needs evse_id");
      }
      const payload = {
        requestedMessage: b.requested_message,
        ...(b.evse_id !== undefined && {
          evse: {
            id: b.evse_id,
            ...(b.connector_id !== undefined && { connectorId: b.connector_id }),
          },
        }),
      };
      return c.json(await runOcpp(ctx, id, { action: "TriggerMessage", payload }), 200);
    },
  );
  return app;
}
