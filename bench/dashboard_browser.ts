/**
 * The dashboard at fleet size, in the real browser (issue 19): a CSMS in this process whose
 * inventory holds N chargers (the Emart Jeju fleet grown with generated sites, as `deno task
 * sim` grows it), N simulated chargers in a child process (`main.ts sim`, automatic drivers),
 * and Debian's chromium through playwright-core. It measures what a person would feel: time
 * to a usable page, frame times and long tasks while the live feed runs, the time from a click
 * on a site to its chargers on screen, the page's heap and the bytes the map asks for.
 * Everything is on loopback, bounded and stops by itself.
 *
 *   deno run -A bench/dashboard_browser.ts [--chargers 10000] [--watch-s 30] [--speed 1]
 */
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { ServerConfig } from "../config.ts";
import { startServer } from "../server.ts";
import { emartJejuFleet, type Site as FleetSite } from "../sim/fleet/fleet_file.ts";
import { fleetStations, grownFleet } from "../sim/fleet/fleet_stations.ts";
import type { Inventory } from "../actors/csms/inventory.ts";
import { CHROMIUM_ARGS, signInContext } from "../tests/support/browser.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    chargers: { type: "string", default: "10000" },
    "watch-s": { type: "string", default: "30" },
    speed: { type: "string", default: "1" },
  },
});
const COUNT = Number(values.chargers);
const WATCH_S = Number(values["watch-s"]);

/** The inventory of the first `count` chargers of the grown fleet, sites with their positions. */
async function inventoryOf(count: number): Promise<Inventory> {
  const fleet = grownFleet(await emartJejuFleet(), count);
  const chargers = fleetStations(fleet, count);
  const used = new Set(chargers.map((c) => c.siteId));
  const sites = fleet.sites.filter((s: FleetSite) => used.has(s.id)).map((s: FleetSite) => ({
    siteId: s.id,
    name: s.name,
    address: s.address,
    lat: s.lat,
    lng: s.lng,
  }));
  return {
    sites,
    chargers: chargers.map((c) => ({
      chargerId: c.chargerId,
      siteId: c.siteId,
      maxPowerKw: c.maxPowerKw,
      lat: c.lat,
      lng: c.lng,
    })),
  };
}

/** Page-side probes, installed before the dashboard's scripts: frames, long tasks, events. */
const PROBES = `
  window.__probe = { frames: [], longTasks: [], events: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__probe.longTasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
  let last = performance.now();
  const frame = (now) => { window.__probe.frames.push(now - last); last = now; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  const Original = window.EventSource;
  window.EventSource = class extends Original {
    constructor(...args) {
      super(...args);
      const count = () => window.__probe.events++;
      for (const type of ["status.changed", "transaction.started", "transaction.updated",
        "transaction.ended", "meter.sampled", "station.connected", "station.disconnected",
        "station.booted", "station.heartbeat"]) this.addEventListener(type, count);
    }
  };
`;

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function connected(httpUrl: string, token: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  })).text();
  return Number(/^tamna_ocpp_connections (\d+)/m.exec(text)?.[1] ?? 0);
}

/** Frame and long-task figures over `seconds` of the live page. */
async function watch(page: Page, seconds: number) {
  await page.evaluate(
    "window.__probe.frames = []; window.__probe.longTasks = []; window.__probe.events = 0",
  );
  await page.waitForTimeout(seconds * 1000);
  const probe = await page.evaluate("window.__probe") as {
    frames: number[];
    longTasks: number[];
    events: number;
  };
  return {
    eventsPerS: Math.round(probe.events / seconds),
    framesPerS: Math.round(probe.frames.length / seconds),
    frameP50Ms: Math.round(percentile(probe.frames, 0.5)),
    frameP95Ms: Math.round(percentile(probe.frames, 0.95)),
    frameMaxMs: Math.round(Math.max(0, ...probe.frames)),
    longTasks: probe.longTasks.length,
    longTaskMs: Math.round(probe.longTasks.reduce((a, b) => a + b, 0)),
    longTaskMaxMs: Math.round(Math.max(0, ...probe.longTasks)),
    busyShare: Math.round(probe.longTasks.reduce((a, b) => a + b, 0) / (seconds * 10)) / 100,
  };
}

/** The centre of the site marker nearest the middle of the map, in page pixels. */
const NEAREST_SITE = `(() => {
  const map = document.querySelector(".map").getBoundingClientRect();
  const cx = map.x + map.width / 2, cy = map.y + map.height / 2;
  let best;
  for (const pin of document.querySelectorAll(".site-pin")) {
    const r = pin.getBoundingClientRect();
    const x = r.x + r.width / 2, y = r.y + r.height / 2;
    if (x < map.x || x > map.x + map.width || y < map.y || y > map.y + map.height) continue;
    const d = Math.hypot(x - cx, y - cy);
    if (!best || d < best.d) best = { x, y, d };
  }
  return best;
})()`;

/**
 * Clicks the site marker nearest the middle until charger pins show. Says how many clicks it
 * took, and the time from the last click (the one that zoomed in to chargers) to their pins.
 */
async function zoomToChargers(
  page: Page,
): Promise<{ clicks: number; lastClickToPinsMs: number; totalMs: number }> {
  const startedMs = performance.now();
  const hasPins = () => page.locator(".pin[data-charger-id]").count().then((n) => n > 0);
  for (let clicks = 1; clicks <= 8; clicks++) {
    const at = await page.evaluate(NEAREST_SITE) as { x: number; y: number } | undefined;
    if (!at) break;
    const clickedMs = performance.now();
    await page.mouse.click(at.x, at.y);
    // Pins, or (after the 0.4 s flight and a margin) a smaller cluster to click next.
    while (performance.now() - clickedMs < 30_000) {
      if (await hasPins()) {
        const now = performance.now();
        return {
          clicks,
          lastClickToPinsMs: Math.round(now - clickedMs),
          totalMs: Math.round(now - startedMs),
        };
      }
      const elapsedMs = performance.now() - clickedMs;
      if (elapsedMs > 1_500 && await page.evaluate(NEAREST_SITE)) break;
      await page.waitForTimeout(50);
    }
  }
  await page.screenshot({ path: "/tmp/dashboard_zoom_failed.png" });
  throw new Error("no charger pins after clicking site markers (/tmp/dashboard_zoom_failed.png)");
}

async function main(): Promise<void> {
  const dataDir = await Deno.makeTempDir({ prefix: "tamna_dash_" });
  const apiToken = crypto.randomUUID();
  const config = ServerConfig.parse({
    host: "127.0.0.1",
    ocppPort: 0,
    httpPort: 0,
    dataDir,
    logLevel: "ERROR",
    apiToken,
  });
  const server = await startServer(config, { persistence: null });
  server.view.setInventory(await inventoryOf(COUNT));
  const sim = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../main.ts", import.meta.url).pathname, "sim", "--chargers"]
      .concat([String(COUNT), "--url", server.ocppUrl, "--state-dir", "none", "--seed", "1"])
      .concat(["--speed", String(values.speed), "--duration", "1800"]),
    stdout: "null",
    stderr: "null",
  }).spawn();
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  try {
    const connectStartMs = performance.now();
    while ((await connected(server.httpUrl, apiToken)) < COUNT * 0.99) {
      if (performance.now() - connectStartMs > 300_000) throw new Error("chargers did not connect");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const connectS = Math.round((performance.now() - connectStartMs) / 100) / 10;
    await new Promise((resolve) => setTimeout(resolve, 10_000)); // sessions start, the feed fills
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await signInContext(context, server, "viewer");
    const page = await context.newPage();
    let mapBytes = 0;
    page.on("response", async (r) => {
      if (/\/(chargers|stations|geo\/heatmap)\b/.test(r.url())) {
        mapBytes += (await r.body().catch(() => new Uint8Array())).length;
      }
    });
    await page.addInitScript(PROBES);
    const loadStartMs = performance.now();
    await page.goto(server.httpUrl);
    try {
      await page.locator(".site-pin").first().waitFor({ timeout: 120_000 });
      await page.locator('.kpi[data-kpi="active"] .kpi-value[data-value]').waitFor();
    } catch (error) {
      await page.screenshot({ path: `${dataDir}/failed.png` }).catch(() => {});
      const mode = await page.locator("[data-mode]").getAttribute("data-mode").catch(() => "?");
      throw new Error(`page not ready (mode ${mode}, screenshot ${dataDir}/failed.png)`, {
        cause: error,
      });
    }
    const loadMs = Math.round(performance.now() - loadStartMs);
    const mode = await page.locator("[data-mode]").getAttribute("data-mode");
    const initialBytes = mapBytes;
    const overview = await watch(page, WATCH_S);
    const zoom = await zoomToChargers(page);
    const pins = await page.locator(".pin[data-charger-id]").count();
    const zoomed = await watch(page, Math.min(WATCH_S, 15));
    const heapMb = Math.round(
      (await page.evaluate("performance.memory.usedJSHeapSize") as number) / 1024 / 1024,
    );
    const result = {
      chargers: COUNT,
      connectedWithinS: connectS,
      loadMs,
      modeAtLoad: mode,
      initialBytesKb: Math.round(initialBytes / 1024),
      overview,
      zoomToChargers: { ...zoom, pinsShown: pins },
      zoomed,
      pageHeapMb: heapMb,
      cpus: navigator.hardwareConcurrency,
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    sim.kill("SIGTERM");
    await sim.status;
    await server.close();
  }
}

await main();
