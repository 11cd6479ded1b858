/**
 * `/id-tokens`: who may charge. Search, create, change (block), delete, and CSV export and
 * import. Authorize and TransactionEvent answers follow a change at once, and a token that stops
 * being Accepted leaves every Local Authorization List that holds it.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { IdTokenRecord, IdTokenWrite } from "../actors/csms/id_tokens.ts";
import { TokenStatus } from "../actors/csms/id_tokens.ts";
import { tokensFromCsv, tokensToCsv } from "../actors/csms/id_token_csv.ts";
import type { ManagedNetwork } from "../actors/csms/managed_network.ts";
import type { Changes } from "../actors/csms/network_common.ts";
import { IdTokenEnumType } from "../actors/ocpp/schemas.ts";
import { BEARER, newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import { attempt, body, READ_ERRORS, WRITE_ERRORS } from "./network_common.ts";
import { camelKeys } from "./network_schemas.ts";
import { errorResponses, jsonResponse } from "./schemas.ts";

const tokenValue = z.string().min(1).max(36).regex(/^[\x21-\x7e]+$/, "printable ASCII, no spaces");
const isoTime = z.iso.datetime({ offset: true });

const IdTokenJson = z.object({
  id_token: z.string().openapi({ example: "04A2B3C4D5E6F7" }),
  type: IdTokenEnumType,
  status: TokenStatus,
  expires_at: z.string().nullable(),
  group_id_token: z.string().nullable(),
  note: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("IdToken");

const CreateBody = z.strictObject({
  id_token: tokenValue.openapi({ example: "04A2B3C4D5E6F7" }),
  type: IdTokenEnumType.optional().openapi({ description: "Default ISO14443 (an RFID card)" }),
  status: TokenStatus.optional().openapi({ description: "Default Accepted" }),
  expires_at: isoTime.optional().openapi({ example: "2026-12-31T23:59:59+09:00" }),
  group_id_token: tokenValue.optional(),
  note: z.string().max(500).optional(),
}).openapi("IdTokenCreate");

const PatchBody = z.strictObject({
  type: IdTokenEnumType.optional(),
  status: TokenStatus.optional().openapi({ example: "Blocked" }),
  expires_at: isoTime.nullable().optional(),
  group_id_token: tokenValue.nullable().optional(),
  note: z.string().max(500).nullable().optional(),
}).openapi("IdTokenPatch");

const TokenParams = z.object({
  id: tokenValue.openapi({ param: { name: "id", in: "path" }, example: "04A2B3C4D5E6F7" }),
});

const ListQuery = z.object({
  q: z.string().max(100).optional().openapi({ description: "Part of the token, group or note" }),
  status: TokenStatus.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  format: z.enum(["json", "csv"]).optional().openapi({
    description: "csv: every matching token as CSV (the import format), without paging",
  }),
});

/** A stored token as JSON. */
export function tokenJson(t: IdTokenRecord): z.infer<typeof IdTokenJson> {
  return {
    id_token: t.idToken,
    type: t.type,
    status: t.status,
    expires_at: t.expiresAt ?? null,
    group_id_token: t.groupIdToken ?? null,
    note: t.note ?? null,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

function addList(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/id-tokens",
      tags: ["id-tokens"],
      summary: "Search ID tokens (or export them as CSV with format=csv)",
      request: { query: ListQuery },
      responses: {
        200: {
          description: "Tokens by value, or CSV",
          content: {
            "application/json": {
              schema: z.object({
                total: z.number().int(),
                count: z.number().int(),
                id_tokens: z.array(IdTokenJson),
              }),
            },
            "text/csv": { schema: z.string() },
          },
        },
        ...errorResponses(400),
      },
    }),
    (c) => {
      const { format, ...query } = c.req.valid("query");
      if (format === "csv") {
        const all = network.tokens.list({ ...query, limit: Number.MAX_SAFE_INTEGER, offset: 0 });
        c.header("Content-Disposition", 'attachment; filename="id_tokens.csv"');
        return c.body(tokensToCsv(all.tokens), 200, { "Content-Type": "text/csv; charset=utf-8" });
      }
      const { total, tokens } = network.tokens.list(query);
      return c.json({ total, count: tokens.length, id_tokens: tokens.map(tokenJson) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/id-tokens/{id}",
      tags: ["id-tokens"],
      summary: "One ID token",
      request: { params: TokenParams },
      responses: { 200: jsonResponse(IdTokenJson, "The token"), ...READ_ERRORS },
    }),
    (c) => {
      const id = c.req.valid("param").id;
      const token = network.tokens.get(id);
      if (!token) throw apiError(404, `Unknown ID token ${id}`);
      return c.json(tokenJson(token), 200);
    },
  );
}

function addWrites(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/id-tokens",
      tags: ["id-tokens"],
      summary: "Add an ID token",
      security: BEARER,
      request: { body: body(CreateBody) },
      responses: { 201: jsonResponse(IdTokenJson, "The new token"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const token = camelKeys(c.req.valid("json")) as IdTokenWrite;
      return c.json(tokenJson(await attempt(() => network.tokens.create(token))), 201);
    },
  );
  app.openapi(
    createRoute({
      method: "patch",
      path: "/id-tokens/{id}",
      tags: ["id-tokens"],
      summary: "Change an ID token, e.g. block it; the charger's next Authorize sees it",
      security: BEARER,
      request: { params: TokenParams, body: body(PatchBody) },
      responses: { 200: jsonResponse(IdTokenJson, "The token"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const changes = camelKeys(c.req.valid("json")) as Changes<Omit<IdTokenWrite, "idToken">>;
      const id = c.req.valid("param").id;
      return c.json(tokenJson(await attempt(() => network.tokens.update(id, changes))), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/id-tokens/{id}",
      tags: ["id-tokens"],
      summary: "Delete an ID token (it then gets the configured default answer)",
      security: BEARER,
      request: { params: TokenParams },
      responses: { 200: jsonResponse(IdTokenJson, "The deleted token"), ...WRITE_ERRORS },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      return c.json(tokenJson(await attempt(() => network.tokens.delete(id))), 200);
    },
  );
}

function addImport(app: OpenAPIHono, network: ManagedNetwork): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/id-tokens/import",
      tags: ["id-tokens"],
      summary: "Import ID tokens from CSV (all or nothing; existing tokens are replaced)",
      security: BEARER,
      request: {
        body: {
          content: {
            "text/csv": {
              schema: z.string().openapi({
                example: "id_token,type,status,expires_at,group_id_token,note\n" +
                  "04A2B3C4D5E6F7,ISO14443,Accepted,,fleet_jeju,Kim's card\n",
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: jsonResponse(
          z.object({
            status: z.literal("success"),
            created: z.number().int(),
            updated: z.number().int(),
          }),
          "Stored",
        ),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const text = await c.req.text();
      const result = await attempt(() => network.tokens.importAll(tokensFromCsv(text)));
      return c.json({ status: "success" as const, ...result }, 200);
    },
  );
}

/** The ID token sub-app. */
export function idTokenRoutes(network: ManagedNetwork): OpenAPIHono {
  const app = newApi();
  addImport(app, network);
  addList(app, network);
  addWrites(app, network);
  return app;
}
