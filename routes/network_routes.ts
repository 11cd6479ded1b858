/**
 * The managed network's REST API in one sub-app: inventory (sites, chargers, unassigned,
 * passwords), ID tokens, tariffs and Local Authorization Lists. Mounted only with a database.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ManagedNetwork } from "../actors/csms/managed_network.ts";
import type { LiveView } from "../actors/csms/live_view.ts";
import { chargerPasswordRoutes } from "./charger_password_routes.ts";
import { newApi } from "./context.ts";
import { idTokenRoutes } from "./id_token_routes.ts";
import { inventoryRoutes } from "./inventory_routes.ts";
import { localListRoutes } from "./local_list_routes.ts";
import { tariffRoutes } from "./tariff_routes.ts";

/** Every route of the managed network. */
export function networkRoutes(network: ManagedNetwork, view: LiveView): OpenAPIHono {
  const app = newApi();
  app.route("/", inventoryRoutes(network));
  app.route("/", chargerPasswordRoutes(network));
  app.route("/", idTokenRoutes(network));
  app.route("/", tariffRoutes(network));
  app.route("/", localListRoutes(network, view));
  return app;
}
