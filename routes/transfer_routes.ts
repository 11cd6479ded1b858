/**
 * The files of firmware and log campaigns over HTTP: operators upload firmware images and read
 * received logs; chargers download firmware and upload logs at `/transfers/…` URLs whose token
 * is the only key (no account). Sizes are capped, and every stored name is Tamna's own.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Campaigns, FirmwareFile, TransferFiles } from "../actors/csms/campaigns.ts";
import { firmwareUrl } from "../actors/csms/campaigns.ts";
import { BEARER, newApi } from "./context.ts";
import { apiError } from "./errors.ts";
import { limitBody } from "./body_limit.ts";
import { errorResponses, jsonResponse } from "./schemas.ts";
import { isoOfMs } from "../actors/runtime/clock.ts";

/** Largest firmware image and uploaded log, bytes. */
export interface TransferLimits {
  maxFirmwareBytes: number;
  maxLogUploadBytes: number;
}

/** Paths whose bodies are files, capped by {@link TransferLimits} instead of the API's limit. */
export const FILE_UPLOADS = /^\/(?:firmware\/files|transfers\/logs\/[^/]+)$/;

const TOKEN = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, "not a transfer token");

const FileJson = z.object({
  firmware_id: z.string(),
  name: z.string(),
  size_bytes: z.number().int(),
  sha256: z.string(),
  created_at: z.string(),
  url: z.string().openapi({ description: "Where chargers download it" }),
}).openapi("FirmwareFile");

const BINARY = {
  "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) },
};

/** The request's file: a multipart form's first file (as chargers often send), or the body. */
async function uploaded(c: Context): Promise<Uint8Array> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await c.req.raw.formData();
    const file = [...form.values()].find((v): v is File => v instanceof File);
    if (!file) throw apiError(400, "Invalid body: the form holds no file");
    return new Uint8Array(await file.arrayBuffer());
  }
  return new Uint8Array(await c.req.arrayBuffer());
}

/** Streams a file Tamna stored; 404 when it is not there. */
async function sendFile(c: Context, path: string, name: string, type: string) {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw apiError(404, `No file ${name}`);
    throw error;
  }
  const { size } = await file.stat();
  return c.body(file.readable, 200, {
    "Content-Type": type,
    "Content-Length": String(size),
    "Content-Disposition": `attachment; filename="${name.replace(/["\\\r\n]/g, "_")}"`,
    // A log is whatever the charger wrote: never let a browser guess it is a page.
    "X-Content-Type-Options": "nosniff",
  });
}

const fileJson = (base: string, f: FirmwareFile) => ({
  firmware_id: f.firmwareId,
  name: f.name,
  size_bytes: f.sizeBytes,
  sha256: f.sha256,
  created_at: f.createdAt,
  url: firmwareUrl(base, f),
});

function addFirmware(
  app: OpenAPIHono,
  deps: { campaigns: Campaigns; files: TransferFiles; publicUrl(): string; now(): number },
): void {
  const { campaigns, files } = deps;
  app.openapi(
    createRoute({
      method: "post",
      path: "/firmware/files",
      tags: ["campaigns"],
      summary: "Upload a firmware image for Tamna to serve (the body is the file)",
      security: BEARER,
      request: {
        query: z.object({
          name: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, "letters, digits and . _ - only")
            .openapi({ example: "tamna-fw-2.1.0.bin" }),
        }),
        body: { content: BINARY, required: true },
      },
      responses: { 201: jsonResponse(FileJson, "Stored"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const { name } = c.req.valid("query");
      const bytes = await uploaded(c);
      if (bytes.byteLength === 0) throw apiError(400, "Invalid body: the file is empty");
      const saved = await files.saveFirmware(bytes);
      const file = { ...saved, name, createdAt: isoOfMs(deps.now()) };
      await campaigns.store.saveFirmwareFile(file);
      return c.json(fileJson(deps.publicUrl(), file), 201);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/firmware/files",
      tags: ["campaigns"],
      summary: "Firmware images Tamna serves",
      responses: { 200: jsonResponse(z.object({ files: z.array(FileJson) }), "Files") },
    }),
    async (c) => {
      const list = await campaigns.store.firmwareFiles();
      return c.json({ files: list.map((f) => fileJson(deps.publicUrl(), f)) }, 200);
    },
  );
  const download = async (c: Context, id: string) => {
    const parsed = TOKEN.safeParse(id);
    const file = parsed.success ? await campaigns.store.firmwareFile(id) : undefined;
    if (!file) throw apiError(404, `No firmware ${id}`);
    return await sendFile(
      c,
      files.firmwarePath(file.firmwareId),
      file.name,
      "application/octet-stream",
    );
  };
  app.get("/transfers/firmware/:id", (c) => download(c, c.req.param("id")));
  app.get("/transfers/firmware/:id/:name", (c) => download(c, c.req.param("id")));
}

function addLogs(
  app: OpenAPIHono,
  deps: { campaigns: Campaigns; files: TransferFiles; now(): number },
): void {
  const { campaigns, files } = deps;
  // N01: the charger sends the file to the remoteLocation GetLog gave it, by POST or PUT.
  const receive = async (c: Context) => {
    const token = c.req.param("token") ?? "";
    const target = TOKEN.safeParse(token).success ? await campaigns.uploadTarget(token) : undefined;
    if (!target) throw apiError(404, "No log upload is expected here");
    if (target.fileName !== undefined) throw apiError(409, "This log was uploaded already");
    const bytes = await uploaded(c);
    if (bytes.byteLength === 0) throw apiError(400, "Invalid body: the file is empty");
    const saved = await files.saveLog(bytes, {
      chargerId: target.chargerId,
      requestId: target.requestId,
      atMs: deps.now(),
    });
    await campaigns.logUploaded(token, saved);
    return c.json({ file_name: saved.fileName, size_bytes: saved.sizeBytes }, 201);
  };
  app.post("/transfers/logs/:token", receive);
  app.put("/transfers/logs/:token", receive);
  app.openapi(
    createRoute({
      method: "get",
      path: "/logs/files/{name}",
      tags: ["campaigns"],
      summary: "A log file a charger uploaded (its name from the campaign's progress)",
      request: {
        params: z.object({ name: z.string().openapi({ param: { name: "name", in: "path" } }) }),
      },
      responses: {
        200: { description: "The file", content: BINARY },
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const { name } = c.req.valid("param");
      if (!files.isFileName(name)) throw apiError(400, `Invalid path parameter name: ${name}`);
      return await sendFile(c, files.logPath(name), name, "text/plain; charset=utf-8") as never;
    },
  );
}

/** The transfer sub-app, each upload capped by `limits`. */
export function transferRoutes(
  deps: { campaigns: Campaigns; files: TransferFiles; publicUrl(): string; now(): number },
  limits: TransferLimits,
): OpenAPIHono {
  const app = newApi();
  app.use("/firmware/files", limitBody(limits.maxFirmwareBytes));
  app.use("/transfers/logs/:token", limitBody(limits.maxLogUploadBytes));
  addFirmware(app, deps);
  addLogs(app, deps);
  return app;
}
