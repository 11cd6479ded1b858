/** The HTTP application on the HTTP port: health for now; the REST API mounts here. */
import { Hono } from "hono";
import type { Csms } from "../actors/csms.ts";

/** Dependencies of the HTTP app. */
export interface AppDeps {
  csms: Csms;
  /** Storage health, when a database is configured. */
  databaseHealth?(): Promise<{ ok: boolean; engine: string; error?: string }>;
  startedAtMs: number;
  now(): number;
}

/** Builds the Hono app. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.get("/health", async (c) => {
    const database = deps.databaseHealth ? await deps.databaseHealth() : undefined;
    const ok = database?.ok ?? true;
    return c.json({
      status: ok ? "ok" : "degraded",
      connected_chargers: deps.csms.connectedIds().length,
      uptime_s: Math.round((deps.now() - deps.startedAtMs) / 1000),
      database: database ?? { ok: true, engine: "none" },
    }, ok ? 200 : 503);
  });
  app.onError((error, c) => {
    console.error(error);
    return c.json({ status: "error", error: "Internal server error" }, 500);
  });
  app.notFound((c) =>
    c.json({ status: "error", error: `No route for ${c.req.method} ${c.req.path}` }, 404)
  );
  return app;
}
