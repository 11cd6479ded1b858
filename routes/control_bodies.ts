/** Request bodies of the control endpoints (snake_case; unknown fields are refused so typos cannot pass). */
import { z } from "@hono/zod-openapi";
import { IdTokenEnumType } from "../actors/ocpp/schemas.ts";

const evseId = z.number().int().min(0).openapi({ example: 1 });
const connectorId = z.number().int().min(1).openapi({ example: 1 });

const startFields = {
  evse_id: evseId.min(1).optional().openapi({ description: "EVSE to start on (OCPP evseId)" }),
  connector_id: connectorId.optional().openapi({
    description: "Accepted for the seed's clients; OCPP 2.0.1 starts a transaction on an EVSE",
  }),
  id_token: z.string().min(1).max(36).optional().openapi({
    description: "Default: a generated `token_api_<remoteStartId>`",
    example: "token_user_003",
  }),
  id_token_type: IdTokenEnumType.optional().openapi({ description: "Default Central" }),
};

const stopFields = {
  transaction_id: z.string().min(1).max(36).optional().openapi({
    description: "Default: the charger's active transaction (409 when there is none)",
    example: "tx_001",
  }),
};

export const StartBody = z.strictObject(startFields).openapi("StartBody", {
  example: { evse_id: 1, connector_id: 1 },
});
export const StopBody = z.strictObject(stopFields).openapi("StopBody", {
  example: { transaction_id: "tx_001" },
});

/** `POST /chargers/{id}/control`, by `action`. */
export const ControlBody = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("start"), ...startFields }),
  z.strictObject({ action: z.literal("stop"), ...stopFields }),
  z.strictObject({
    action: z.literal("set_power_limit"),
    power_kw: z.number().positive().max(10_000).openapi({
      description: "Any positive value (the dashboard offers 10–100); sent as W",
      example: 50,
    }),
    evse_id: evseId.optional().openapi({
      description: "Default: the running transaction's EVSE, else 0 (whole station)",
    }),
  }),
  z.strictObject({ action: z.literal("clear_power_limit") }),
  z.strictObject({
    action: z.literal("reset"),
    type: z.enum(["Immediate", "OnIdle"]).default("OnIdle"),
    evse_id: evseId.min(1).optional(),
  }),
  z.strictObject({
    action: z.literal("unlock"),
    evse_id: evseId.min(1).default(1),
    connector_id: connectorId.default(1),
  }),
  z.strictObject({
    action: z.literal("set_availability"),
    operational_status: z.enum(["Operative", "Inoperative"]),
    evse_id: evseId.optional().openapi({ description: "Default: the whole station" }),
    connector_id: connectorId.optional(),
  }),
]).openapi("ControlBody", { example: { action: "set_power_limit", power_kw: 50 } });
export type ControlBody = z.infer<typeof ControlBody>;
