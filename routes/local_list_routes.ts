/**
 * Local Authorization Lists (OCPP 2.0.1 D01–D04): which tokens a site's or a charger's list names
 * (`PUT` replaces them and updates the chargers at once), what a charger holds and whether it is
 * in step, and a forced sync (SendLocalList Full or Differential).
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ListEntry, ListScope } from "../actors/csms/local_lists.ts";
import type { ManagedNetwork } from "../actors/csms/managed_network.ts";
import type { LiveView } from "../actors/csms/live_view.ts";
import { BEARER, newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import { attempt, body } from "./network_common.ts";
import { ChargerIdParams, errorResponses, jsonResponse } from "./schemas.ts";

const SiteParams = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }),
});

const MembersBody = z.strictObject({
  id_tokens: z.array(z.string().min(1).max(36)).max(10_000).openapi({
    example: ["04A2B3C4D5E6F7", "token_user_003"],
  }),
}).openapi("LocalListMembers");

const Members = z.object({
  scope: z.enum(["site", "charger"]),
  id: z.string(),
  id_tokens: z.array(z.string()),
  chargers: z.array(z.string()).optional().openapi({
    description: "On PUT: the chargers whose lists are being updated",
  }),
});

const Entry = z.object({
  id_token: z.string(),
  type: z.string(),
  status: z.string(),
  cache_expiry: z.string().nullable(),
  group_id_token: z.string().nullable(),
});

const ChargerList = z.object({
  charger_id: z.string(),
  in_sync: z.boolean(),
  version: z.number().int().openapi({ description: "The version the charger last accepted" }),
  charger_version: z.number().int().nullable().openapi({
    description: "What it reported to GetLocalListVersion after its last boot",
  }),
  last_status: z.string().nullable(),
  synced_at: z.string().nullable(),
  wanted: z.array(Entry).openapi({ description: "What its list should hold now" }),
  held: z.array(Entry).openapi({ description: "What it accepted last" }),
}).openapi("ChargerLocalList");

const SyncJson = z.object({
  charger_id: z.string(),
  status: z.string(),
  update_type: z.string().nullable(),
  version: z.number().int(),
  entries: z.number().int(),
}).openapi("LocalListSync");

const entryJson = (e: ListEntry) => ({
  id_token: e.idToken,
  type: e.type,
  status: e.status,
  cache_expiry: e.cacheExpiryDateTime ?? null,
  group_id_token: e.groupIdToken ?? null,
});

/** GET and PUT of one scope's members. */
function addMembers(
  app: OpenAPIHono,
  network: ManagedNetwork,
  scope: { name: ListScope; path: string; exists(id: string): boolean },
): void {
  const params = scope.name === "site" ? SiteParams : ChargerIdParams;
  const check = (id: string) => {
    if (!scope.exists(id)) {
      throw apiError(404, `Unknown ${scope.name === "site" ? "station" : "charger"} ${id}`);
    }
  };
  app.openapi(
    createRoute({
      method: "get",
      path: `${scope.path}/local-list/members`,
      tags: ["local-lists"],
      summary: `The tokens the ${scope.name}'s own Local Authorization List names`,
      request: { params },
      responses: { 200: jsonResponse(Members, "The tokens"), ...errorResponses(404) },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      check(id);
      const idTokens = await network.localLists.members(scope.name, id);
      return c.json({ scope: scope.name, id, id_tokens: idTokens }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "put",
      path: `${scope.path}/local-list/members`,
      tags: ["local-lists"],
      summary: `Replace the tokens of the ${scope.name}'s list; its chargers are updated at once`,
      security: BEARER,
      request: { params, body: body(MembersBody) },
      responses: { 200: jsonResponse(Members, "Stored"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      check(id);
      const idTokens = c.req.valid("json").id_tokens;
      const { chargers } = await attempt(() =>
        network.localLists.setMembers(scope.name, id, idTokens)
      );
      return c.json({ scope: scope.name, id, id_tokens: [...new Set(idTokens)], chargers }, 200);
    },
  );
}

function addChargerState(app: OpenAPIHono, network: ManagedNetwork, view: LiveView): void {
  const check = (id: string) => {
    if (!view.get(id)) throw apiError(404, `Unknown charger ${id}`);
  };
  app.openapi(
    createRoute({
      method: "get",
      path: "/chargers/{id}/local-list",
      tags: ["local-lists"],
      summary: "What the charger's list should hold (site's and own) and what it accepted last",
      request: { params: ChargerIdParams },
      responses: { 200: jsonResponse(ChargerList, "The list"), ...errorResponses(404) },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      check(id);
      const status = await network.localLists.status(id);
      return c.json({
        charger_id: id,
        in_sync: status.isInSync,
        version: status.state?.version ?? 0,
        charger_version: status.state?.chargerVersion ?? null,
        last_status: status.state?.lastStatus ?? null,
        synced_at: status.state?.syncedAt ?? null,
        wanted: status.wanted.map(entryJson),
        held: Object.values(status.state?.entries ?? {}).map(entryJson),
      }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/local-list/sync",
      tags: ["local-lists"],
      summary: "Send the charger its list now: the difference, or everything with full=true",
      security: BEARER,
      request: {
        params: ChargerIdParams,
        body: body(z.strictObject({ full: z.boolean().optional() }), "", false),
      },
      responses: { 200: jsonResponse(SyncJson, "How it went"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      check(id);
      const result = await network.localLists.sync(id, { full: c.req.valid("json")?.full });
      return c.json({
        charger_id: id,
        status: result.status,
        update_type: result.updateType ?? null,
        version: result.version,
        entries: result.entries,
      }, 200);
    },
  );
}

/** The local list sub-app; `view` tells which sites and chargers exist. */
export function localListRoutes(network: ManagedNetwork, view: LiveView): OpenAPIHono {
  const app = newApi();
  addMembers(app, network, {
    name: "site",
    path: "/stations/{id}",
    exists: (id) => view.sites().some((s) => s.siteId === id),
  });
  addMembers(app, network, {
    name: "charger",
    path: "/chargers/{id}",
    exists: (id) => view.get(id) !== undefined,
  });
  addChargerState(app, network, view);
  return app;
}
