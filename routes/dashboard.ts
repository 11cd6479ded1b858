/**
 * The dashboard's files: `/` (static/index.html), `/static/*` from `static/`, `/vendor/*` from an
 * allow-list of files in `node_modules` (Preact, htm, Leaflet, Leaflet.heat with simpleheat,
 * Supercluster with KDBush; no directory is ever exposed),
 * and `GET /dashboard/config` with the tile server setting and whether device management is on. Works on a closed network.
 */
import { Hono } from "hono";
import { z } from "zod";

/** What the dashboard sub-app needs. */
export interface DashboardOptions {
  /** Whether device management's routes exist (they need a database); the panel shows it then. */
  hasDeviceManagement?: boolean;
  /** Directory of the dashboard's own files; default `static/` of this checkout. */
  staticDir?: URL;
  /** The `node_modules` directory the vendor files come from; default this checkout's. */
  nodeModulesDir?: URL;
  /**
   * A Leaflet tile URL template (`https://tiles.example/{z}/{x}/{y}.png`). Absent: the
   * `TILE_URL` environment variable when readable, else none (the map draws Jeju's outline).
   */
  tileUrl?: string | null;
  /** Attribution shown with the tiles (`TILE_ATTRIBUTION`). */
  tileAttribution?: string | null;
}

/** The browser files the import map and the stylesheet use, by their path under `/vendor/`. */
export const VENDOR_FILES: readonly string[] = [
  "preact/dist/preact.mjs",
  "preact/hooks/dist/hooks.mjs",
  "htm/dist/htm.mjs",
  "htm/preact/index.mjs",
  "leaflet/dist/leaflet-src.esm.js",
  "leaflet/dist/leaflet.css",
  "leaflet/dist/images/marker-icon.png",
  "leaflet/dist/images/marker-icon-2x.png",
  "leaflet/dist/images/marker-shadow.png",
  "leaflet/dist/images/layers.png",
  "leaflet/dist/images/layers-2x.png",
  "leaflet.heat/src/HeatLayer.js",
  "simpleheat/simpleheat.js",
  "supercluster/index.js",
  "kdbush/index.js",
];

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json; charset=utf-8",
  geojson: "application/geo+json; charset=utf-8",
  png: "image/png",
  svg: "image/svg+xml",
};

// One or more plain path segments (letters, digits, `_`, `-`, inner dots) with a known extension:
// no `..`, no hidden files, no encoded slashes survive this.
const SAFE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.([a-z0-9]+)$/;

const TileUrl = z.string().regex(
  /^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/,
  "must be an http(s) URL with {z}, {x} and {y}",
);

/** The content type for `path`, or undefined when the extension is not served. */
export function contentTypeOf(path: string): string | undefined {
  const match = SAFE_PATH.exec(path);
  if (!match || path.split("/").includes("..")) return undefined;
  return CONTENT_TYPES[match[1]];
}

function readEnv(name: string): string | undefined {
  const isGranted = Deno.permissions.querySync({ name: "env", variable: name }).state === "granted";
  return isGranted ? Deno.env.get(name) : undefined;
}

/** The tile settings from the options, or else the environment; validated here, at the boundary. */
function tileSettings(
  options: DashboardOptions,
): { tileUrl: string | null; attribution: string | null } {
  const url = options.tileUrl !== undefined ? options.tileUrl : readEnv("TILE_URL") ?? null;
  const attribution = options.tileAttribution !== undefined
    ? options.tileAttribution
    : readEnv("TILE_ATTRIBUTION") ?? null;
  if (url === null || url === "") return { tileUrl: null, attribution };
  const parsed = TileUrl.safeParse(url);
  if (!parsed.success) {
    throw new TypeError(`Invalid tile URL ${url}: ${parsed.error.issues[0].message}`);
  }
  return { tileUrl: parsed.data, attribution };
}

async function fileResponse(
  file: URL,
  contentType: string,
  ifNoneMatch: string | undefined,
): Promise<Response | undefined> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  if (!info.isFile) return undefined;
  // Files change only with a deploy; size and mtime make a cheap validator for revalidation.
  const etag = `W/"${info.size.toString(36)}-${(info.mtime?.getTime() ?? 0).toString(36)}"`;
  const headers = { "content-type": contentType, "cache-control": "no-cache", etag };
  if (ifNoneMatch === etag) return new Response(null, { status: 304, headers });
  return new Response(await Deno.readFile(file), { headers });
}

function notFound(path: string): Response {
  return Response.json({ status: "error", error: `No dashboard file ${path}` }, { status: 404 });
}

/** Builds the dashboard sub-app; mount it at `/`. */
export function createDashboard(options: DashboardOptions = {}): Hono {
  const staticDir = options.staticDir ?? new URL("../static/", import.meta.url);
  const nodeModulesDir = options.nodeModulesDir ?? new URL("../node_modules/", import.meta.url);
  const tiles = tileSettings(options);
  const vendor = new Set(VENDOR_FILES);
  const app = new Hono();

  app.get("/", async (c) => {
    const response = await fileResponse(
      new URL("index.html", staticDir),
      CONTENT_TYPES.html,
      c.req.header("if-none-match"),
    );
    return response ?? notFound("index.html");
  });
  app.get("/static/*", async (c) => {
    const path = c.req.path.slice("/static/".length);
    const type = contentTypeOf(path);
    const response = type &&
      await fileResponse(new URL(path, staticDir), type, c.req.header("if-none-match"));
    return response || notFound(c.req.path);
  });
  app.get("/vendor/*", async (c) => {
    const path = c.req.path.slice("/vendor/".length);
    const type = vendor.has(path) ? contentTypeOf(path) : undefined;
    const response = type &&
      await fileResponse(new URL(path, nodeModulesDir), type, c.req.header("if-none-match"));
    return response || notFound(c.req.path);
  });
  app.get("/dashboard/config", (c) =>
    c.json({
      tile_url: tiles.tileUrl,
      tile_attribution: tiles.attribution,
      device_management: options.hasDeviceManagement ?? false,
    }));
  return app;
}
