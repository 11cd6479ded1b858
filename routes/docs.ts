/**
 * `/docs`: Swagger UI served entirely from this server (its assets come from `node_modules`
 * through an allow-list, never from a CDN), and the placeholder `/` shows until the dashboard
 * is installed in `static/`.
 */
import { swaggerUI } from "@hono/swagger-ui";
import { Hono } from "hono";

/** Swagger UI's assets, served at `/docs/assets/swagger-ui-dist/<file>`. */
export const SWAGGER_FILES: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
};

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tamna</title><link rel="icon" href="data:,">
</head><body><h1>Tamna CSMS</h1><p>The dashboard is not installed (no static/index.html).</p>
<p><a href="/docs">API documentation</a> · <a href="/chargers">/chargers</a> ·
<a href="/statistics/dashboard">/statistics/dashboard</a></p></body></html>`;

async function exists(url: URL): Promise<boolean> {
  try {
    return (await Deno.stat(url)).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** The docs sub-app; the OpenAPI document itself is served by the root app at /openapi.json. */
export function docsRoutes(
  options: { staticDir?: URL; nodeModulesDir?: URL } = {},
): Hono {
  const staticDir = options.staticDir ?? new URL("../static/", import.meta.url);
  const nodeModulesDir = options.nodeModulesDir ?? new URL("../node_modules/", import.meta.url);
  const app = new Hono();
  app.get(
    "/docs",
    swaggerUI({
      url: "/openapi.json",
      baseUrl: "/docs/assets",
      title: "Tamna API",
      persistAuthorization: true,
    }),
  );
  app.get("/docs/assets/swagger-ui-dist/:file", async (c, next) => {
    const file = c.req.param("file");
    const type = SWAGGER_FILES[file];
    if (type === undefined) return await next();
    const bytes = await Deno.readFile(new URL(`swagger-ui-dist/${file}`, nodeModulesDir));
    return c.body(bytes, 200, { "Content-Type": type, "Cache-Control": "public, max-age=86400" });
  });
  app.get("/favicon.ico", (c) => c.body(null, 204));
  // Until static/index.html exists, / explains where things are; then the dashboard serves it.
  app.get("/", async (c, next) => {
    if (await exists(new URL("index.html", staticDir))) return await next();
    return c.html(PLACEHOLDER);
  });
  return app;
}
