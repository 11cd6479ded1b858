/** Device management's REST sub-apps, mounted together (each block in its own file). */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { DeviceManagement } from "../actors/csms/device_management.ts";
import type { ApiContext } from "./context.ts";
import { newApi } from "./context.ts";
import { campaignRoutes } from "./campaign_routes.ts";
import { deviceModelRoutes } from "./device_model_routes.ts";
import { displayMessageRoutes } from "./display_message_routes.ts";
import { reservationRoutes } from "./reservation_routes.ts";
import { FILE_UPLOADS, type TransferLimits, transferRoutes } from "./transfer_routes.ts";

export { FILE_UPLOADS, type TransferLimits };

const DEFAULT_LIMITS: TransferLimits = {
  maxFirmwareBytes: 64 * 1024 * 1024,
  maxLogUploadBytes: 16 * 1024 * 1024,
};

/** Every device management route. */
export function deviceRoutes(
  ctx: ApiContext,
  devices: DeviceManagement,
  limits: TransferLimits = DEFAULT_LIMITS,
): OpenAPIHono {
  const app = newApi();
  app.route("/", deviceModelRoutes(ctx, devices.model));
  app.route("/", reservationRoutes(ctx, devices.reservations));
  app.route("/", campaignRoutes(ctx, devices.campaigns));
  app.route("/", displayMessageRoutes(ctx, devices.displayMessages));
  app.route(
    "/",
    transferRoutes({
      campaigns: devices.campaigns,
      files: devices.files,
      publicUrl: devices.publicUrl,
      now: ctx.now,
    }, limits),
  );
  return app;
}
