/**
 * Sites and chargers as managed data: create, change and decommission them while the CSMS runs
 * (`POST/PATCH/DELETE /stations`, `/chargers`), read the stored records (`GET /inventory`) and
 * the chargers that connected without a site (`GET /inventory/unassigned`). The live reads
 * (`GET /stations`, `GET /chargers`) follow every change at once.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ManagedNetwork } from "../actors/csms/managed_network.ts";
import type { ChargerChanges, ChargerInput, SiteChanges } from "../actors/csms/network.ts";
import type { Site } from "../actors/csms/inventory.ts";
import { BEARER, newApi } from "./context.ts";
import { attempt, body, WRITE_ERRORS } from "./network_common.ts";
import {
  camelKeys,
  ChargerCreateBody,
  ChargerJson,
  ChargerPatchBody,
  chargerRecordJson,
  evsesOf,
  SiteCreateBody,
  SiteJson,
  siteJson,
  SitePatchBody,
} from "./network_schemas.ts";
import { ChargerIdParams, jsonResponse } from "./schemas.ts";

const SiteParams = z.object({
  id: z.string().min(1).max(64).openapi({
    param: { name: "id", in: "path" },
    example: "emart_jeju_main",
  }),
});

const Unassigned = z.object({
  charger_id: z.string(),
  connected: z.boolean(),
  model: z.string().nullable(),
  vendor: z.string().nullable(),
  last_seen: z.string().nullable(),
}).openapi("UnassignedCharger");

const InventoryQuery = z.object({
  include_decommissioned: z.enum(["1", "0", "true", "false"]).optional().openapi({
    description: "1: also the sites and chargers taken out of service",
  }),
});

/** A body's fields in the domain's words, EVSEs included. */
function domainOf(fields: Record<string, unknown>): Record<string, unknown> {
  const out = camelKeys(fields);
  if (Array.isArray(fields.evses)) out.evses = evsesOf(fields.evses as never);
  return out;
}

function addReads(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/inventory",
      tags: ["inventory"],
      summary: "The stored sites and chargers (security profile, EVSEs, decommissioning)",
      request: { query: InventoryQuery },
      responses: {
        200: jsonResponse(
          z.object({ stations: z.array(SiteJson), chargers: z.array(ChargerJson) }),
          "Sites and chargers, by id",
        ),
      },
    }),
    async (c) => {
      const all = ["1", "true"].includes(c.req.valid("query").include_decommissioned ?? "");
      const inService = <T extends { decommissionedAt?: string }>(r: T) =>
        all || r.decommissionedAt === undefined;
      const [sites, chargers] = await Promise.all([
        network.inventory.sites(),
        network.inventory.chargers(),
      ]);
      return c.json({
        stations: sites.filter(inService).map(siteJson),
        chargers: chargers.filter(inService).map(chargerRecordJson),
      }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/inventory/unassigned",
      tags: ["inventory"],
      summary: "Chargers that connected (or are stored) without a site, to place with PATCH",
      responses: {
        200: jsonResponse(
          z.object({ count: z.number().int(), chargers: z.array(Unassigned) }),
          "Unassigned chargers",
        ),
      },
    }),
    (c) => {
      const chargers = network.inventory.unassigned().map((u) => ({
        charger_id: u.chargerId,
        connected: u.isConnected,
        model: u.model ?? null,
        vendor: u.vendor ?? null,
        last_seen: u.lastSeen ?? null,
      }));
      return c.json({ count: chargers.length, chargers }, 200);
    },
  );
}

function addSiteWrites(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/stations",
      tags: ["inventory"],
      summary: "Add a site",
      security: BEARER,
      request: { body: body(SiteCreateBody) },
      responses: { 201: jsonResponse(SiteJson, "The new site"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const site = domainOf(c.req.valid("json")) as unknown as Site;
      return c.json(siteJson(await attempt(() => network.inventory.createSite(site))), 201);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/stations/{id}",
      tags: ["inventory"],
      summary: "Change a site (null clears a field); grid capacity counts from the next allocation",
      security: BEARER,
      request: { params: SiteParams, body: body(SitePatchBody) },
      responses: { 200: jsonResponse(SiteJson, "The site"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const changes = domainOf(c.req.valid("json")) as SiteChanges;
      const id = c.req.valid("param").id;
      return c.json(siteJson(await attempt(() => network.inventory.updateSite(id, changes))), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/stations/{id}",
      tags: ["inventory"],
      summary: "Decommission a site (409 while chargers are in service on it); history stays",
      security: BEARER,
      request: { params: SiteParams },
      responses: { 200: jsonResponse(SiteJson, "The decommissioned site"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      return c.json(siteJson(await attempt(() => network.inventory.decommissionSite(id))), 200);
    },
  );
}

function addChargerWrites(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers",
      tags: ["inventory"],
      summary: "Add a charger to a site (or place one that connected unassigned)",
      security: BEARER,
      request: { body: body(ChargerCreateBody) },
      responses: { 201: jsonResponse(ChargerJson, "The new charger"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const input = domainOf(c.req.valid("json")) as unknown as ChargerInput;
      const created = await attempt(() => network.inventory.createCharger(input));
      return c.json(chargerRecordJson(created), 201);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/chargers/{id}",
      tags: ["inventory"],
      summary: "Change a charger: site, position, rating, EVSEs, security profile (null clears)",
      security: BEARER,
      request: { params: ChargerIdParams, body: body(ChargerPatchBody) },
      responses: { 200: jsonResponse(ChargerJson, "The charger"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const changes = domainOf(c.req.valid("json")) as ChargerChanges;
      const id = c.req.valid("param").id;
      const saved = await attempt(() => network.inventory.updateCharger(id, changes));
      return c.json(chargerRecordJson(saved), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/chargers/{id}",
      tags: ["inventory"],
      summary: "Decommission a charger: off the map and the inventory; its history stays",
      security: BEARER,
      request: { params: ChargerIdParams },
      responses: { 200: jsonResponse(ChargerJson, "The decommissioned charger"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const done = await attempt(() => network.inventory.decommissionCharger(id));
      return c.json(chargerRecordJson(done), 200);
    },
  );
}

/** The inventory sub-app. */
export function inventoryRoutes(network: ManagedNetwork): OpenAPIHono {
  const app = newApi();
  addReads(app, network);
  addSiteWrites(app, network);
  addChargerWrites(app, network);
  return app;
}
