/**
 * A REST flood from its own process (so the flood's client work does not load the server's
 * event loop): `deno run --allow-net tests/support/rest_flood.ts <baseUrl> <count> <parallel>`
 * sends `count` GETs over the heavy and light read routes, at most `parallel` at once, then
 * prints the answers' status counts as JSON. Bounded in count; loopback only.
 */
const [baseUrl, countText, parallelText] = Deno.args;
const PATHS = Deno.env.get("FLOOD_PATHS")?.split(",") ?? [
  "/health",
  "/chargers",
  "/stations",
  "/statistics/hourly",
  "/statistics/dashboard",
  "/transactions?limit=1000",
];
const count = Number(countText);
const statuses: Record<string, number> = {};
let next = 0;

async function worker(): Promise<void> {
  while (next < count) {
    const path = PATHS[next++ % PATHS.length];
    try {
      const response = await fetch(`${baseUrl}${path}`);
      await response.body?.cancel();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    } catch {
      statuses.failed = (statuses.failed ?? 0) + 1;
    }
  }
}

await Promise.all(Array.from({ length: Number(parallelText) }, worker));
console.log(JSON.stringify(statuses));
