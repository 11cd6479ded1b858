/** `GET /transactions`: charging history with filters; energy in kWh from the registers, cost in KRW. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { type ApiContext, newApi } from "./context.ts";
import { errorResponses, jsonResponse, WindowQuery } from "./schemas.ts";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../actors/csms/history.ts";

const Transaction = z.object({
  transaction_id: z.string(),
  charger_id: z.string(),
  station_id: z.string().nullable(),
  evse_id: z.number().int().nullable(),
  connector_id: z.number().int().nullable(),
  start_time: z.string(),
  end_time: z.string().nullable().openapi({ description: "null while running" }),
  energy_consumed: z.number().nullable().openapi({
    description:
      "kWh (whole Wh): last meter register minus the register at start; so far while running",
  }),
  cost: z.number().int().nullable().openapi({
    description: "KRW, whole won rounded half-up at the tariff; null until ended",
  }),
  id_token: z.string().nullable(),
  stopped_reason: z.string().nullable(),
  charging_state: z.string().nullable(),
}).openapi("Transaction");

const TransactionQuery = z.object({
  charger_id: z.string().optional(),
  station_id: z.string().optional().openapi({ description: "The site, e.g. emart_jeju_main" }),
  from: WindowQuery.shape.from.openapi({ description: "Started at or after (ISO 8601)" }),
  to: WindowQuery.shape.to.openapi({ description: "Started before (ISO 8601)" }),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
});

/** The `/transactions` sub-app. */
export function transactionRoutes(ctx: ApiContext): OpenAPIHono {
  const app = newApi();
  app.openapi(
    createRoute({
      method: "get",
      path: "/transactions",
      tags: ["transactions"],
      summary: "Transactions, newest first",
      request: { query: TransactionQuery },
      responses: {
        200: jsonResponse(
          z.object({ count: z.number().int(), transactions: z.array(Transaction) }),
          "Transactions",
        ),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const rows = await ctx.history.listTransactions({
        chargerId: q.charger_id,
        siteId: q.station_id,
        from: q.from,
        to: q.to,
        limit: q.limit,
      });
      const transactions = rows.map((row) => ({
        transaction_id: row.transaction_id,
        charger_id: row.charger_id,
        station_id: row.station_id,
        evse_id: row.evse_id,
        connector_id: row.connector_id,
        start_time: row.start_time,
        end_time: row.end_time,
        energy_consumed: row.energy_wh === null ? null : row.energy_wh / 1000,
        cost: row.cost,
        id_token: row.id_token,
        stopped_reason: row.stopped_reason,
        charging_state: row.charging_state,
      }));
      return c.json({ count: transactions.length, transactions }, 200);
    },
  );
  return app;
}
