/**
 * A charger's Basic-auth password (security profiles 1 and 2): set the one it will log in with,
 * or rotate it over OCPP (A01: SetVariables of SecurityCtrlr.BasicAuthPassword; the new hash is
 * stored only once the charger accepted it).
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ManagedNetwork } from "../actors/csms/managed_network.ts";
import { passwordProblem } from "../actors/csms/password.ts";
import { BEARER, newApi } from "./context.ts";
import { apiError, callFailure } from "./errors.ts";
import { attempt, body } from "./network_common.ts";
import { ChargerIdParams, errorResponses, jsonResponse } from "./schemas.ts";

const PasswordBody = z.strictObject({
  password: z.string().openapi({
    description: "16–40 characters (OCPP 2.0.1 A00.FR.205): the charger must be given the same",
    example: "a-long-random-password-2026",
  }),
}).openapi("PasswordBody");

const PasswordSet = z.object({
  status: z.literal("success"),
  charger_id: z.string(),
  has_password: z.boolean(),
});

const Rotated = z.object({
  status: z.enum(["success", "rejected"]),
  charger_id: z.string(),
  ocpp_status: z.string(),
  password: z.string().nullable().openapi({
    description: "The new password, shown this once (null when the charger refused it)",
  }),
});

function addSet(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "put",
      path: "/chargers/{id}/password",
      tags: ["inventory"],
      summary: "Set the Basic-auth password a charger logs in with (stored as a hash)",
      security: BEARER,
      request: { params: ChargerIdParams, body: body(PasswordBody) },
      responses: {
        200: jsonResponse(PasswordSet, "Stored"),
        ...errorResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const { password } = c.req.valid("json");
      const problem = passwordProblem(password);
      if (problem) throw apiError(400, `Invalid body field password: ${problem}`);
      const charger = await attempt(() => network.inventory.charger(id));
      if (charger.decommissionedAt !== undefined) {
        throw apiError(409, `Charger ${id} is decommissioned`);
      }
      await network.setPassword(id, password);
      return c.json({ status: "success" as const, charger_id: id, has_password: true }, 200);
    },
  );
}

function addRotate(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/password/rotate",
      tags: ["inventory"],
      summary: "A01: send the connected charger a new generated password",
      security: BEARER,
      request: { params: ChargerIdParams },
      responses: {
        200: jsonResponse(Rotated, "The charger's answer"),
        ...errorResponses(401, 404, 409, 502, 504),
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      await attempt(() => network.inventory.charger(id));
      let rotated: { status: string; password: string };
      try {
        rotated = await network.rotatePassword(id);
      } catch (error) {
        throw callFailure(error, id, "SetVariables");
      }
      const isAccepted = rotated.status === "Accepted" || rotated.status === "RebootRequired";
      return c.json({
        status: isAccepted ? "success" as const : "rejected" as const,
        charger_id: id,
        ocpp_status: rotated.status,
        password: isAccepted ? rotated.password : null,
      }, 200);
    },
  );
}

/** The password sub-app. */
export function chargerPasswordRoutes(network: ManagedNetwork): OpenAPIHono {
  const app = newApi();
  addSet(app, network);
  addRotate(app, network);
  return app;
}
