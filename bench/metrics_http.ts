/**
 * The `/metrics` endpoint of the bench's raw baseline (a bare Deno server without Tamna's HTTP
 * app): the process's counters and histograms in the JSON shape of Tamna's own
 * `GET /metrics?format=json` (routes/metrics.ts), which the bench reads from Tamna itself.
 */
import type { Metrics } from "../actors/runtime/metrics.ts";

/** Serves `GET /metrics` as JSON on 127.0.0.1 and an ephemeral port. */
export function serveMetrics(
  metrics: Metrics,
  extra: () => Record<string, unknown> | Promise<Record<string, unknown>>,
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    if (new URL(req.url).pathname !== "/metrics") return new Response("not found", { status: 404 });
    return Response.json({
      ...metrics.snapshot(),
      memory: Deno.memoryUsage(),
      ...(await extra()),
    });
  });
}
