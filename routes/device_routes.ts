/** Device management's REST sub-apps, mounted together (each block in its own file). */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { DeviceManagement } from "../actors/csms/device_management.ts";
import type { ApiContext } from "./context.ts";
import { newApi } from "./context.ts";
import { deviceModelRoutes } from "./device_model_routes.ts";
import { reservationRoutes } from "./reservation_routes.ts";

/** Every device management route. */
export function deviceRoutes(ctx: ApiContext, devices: DeviceManagement): OpenAPIHono {
  const app = newApi();
  app.route("/", deviceModelRoutes(ctx, devices.model));
  app.route("/", reservationRoutes(ctx, devices.reservations));
  return app;
}
