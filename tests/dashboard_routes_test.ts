// The dashboard's file routes through `app.request`: the page, its modules, the vendor allow-list,
// content types, revalidation, refused traversal, and the tile setting.
import assert from "node:assert/strict";
import { contentTypeOf, createDashboard, VENDOR_FILES } from "../routes/dashboard.ts";
import { testApi } from "./api_helpers.ts";

const app = createDashboard({ tileUrl: null });

Deno.test("createDashboard() serves index.html at / with an import map of local files only", async () => {
  const response = await app.request("/");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  const text = await response.text();
  assert.match(text, /<script type="importmap">/);
  assert.match(text, /<link rel="icon" href="data:,"/);
  const urls = [...text.matchAll(/(?:src|href)="([^"]+)"|"(\/vendor\/[^"]+)"/g)]
    .map((m) => m[1] ?? m[2]);
  for (const url of urls) {
    assert.ok(url.startsWith("/") || url === "data:,", `${url} is not served locally`);
  }
});

Deno.test("createDashboard() serves every file the import map and stylesheet name", async () => {
  const page = await (await app.request("/")).text();
  const mapped = [...page.matchAll(/"\/vendor\/([^"]+)"/g)].map((m) => m[1]);
  assert.ok(mapped.length >= 5);
  for (const path of mapped) assert.ok(VENDOR_FILES.includes(path), `${path} not allowed`);
  for (const path of VENDOR_FILES) {
    const response = await app.request(`/vendor/${path}`);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get("content-type"), contentTypeOf(path));
    await response.body?.cancel();
  }
  const module = await app.request("/vendor/preact/dist/preact.mjs");
  assert.equal(module.headers.get("content-type"), "text/javascript; charset=utf-8");
  await module.body?.cancel();
});

Deno.test("createDashboard() serves static/ modules, styles and the Jeju outline with their types", async () => {
  const cases = [
    ["/static/app.js", "text/javascript; charset=utf-8"],
    ["/static/style.css", "text/css; charset=utf-8"],
    ["/static/jeju.geojson", "application/geo+json; charset=utf-8"],
  ];
  for (const [path, type] of cases) {
    const response = await app.request(path);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get("content-type"), type);
    await response.body?.cancel();
  }
  const outline = await (await app.request("/static/jeju.geojson")).json();
  const ring = outline.features[0].geometry.coordinates[0] as [number, number][];
  assert.ok(ring.length >= 40 && ring.length <= 81, `${ring.length} points`);
  for (const [lng, lat] of ring) {
    assert.ok(lng >= 126.14 && lng <= 126.98 && lat >= 33.19 && lat <= 33.57, `${lng},${lat}`);
  }
});

Deno.test("createDashboard() refuses traversal, hidden files and packages outside the allow-list", async () => {
  const refused = [
    "/static/../deno.json",
    "/static/%2e%2e/deno.json",
    "/static/..%2fdeno.json",
    "/static/.hidden.js",
    "/static/missing.js",
    "/static/app.ts",
    "/vendor/preact/package.json",
    "/vendor/zod/index.js",
    "/vendor/leaflet/dist/../../../deno.json",
    "/vendor/preact/dist/preact.mjs.map",
  ];
  for (const path of refused) {
    const response = await app.request(path);
    assert.equal(response.status, 404, path);
    // `/static/../x` is normalised by the URL parser to `/x`, which this sub-app does not route.
    assert.doesNotMatch(await response.text(), /"imports"|export /, path);
  }
});

Deno.test("createDashboard() answers 304 to a matching If-None-Match", async () => {
  const first = await app.request("/static/app.js");
  const etag = first.headers.get("etag");
  await first.body?.cancel();
  assert.ok(etag);
  const second = await app.request("/static/app.js", { headers: { "if-none-match": etag } });
  assert.equal(second.status, 304);
  assert.equal(second.headers.get("etag"), etag);
});

Deno.test("createDashboard() reports the configured tile server at /dashboard/config", async () => {
  const none = await (await app.request("/dashboard/config")).json();
  assert.deepEqual(none, { tile_url: null, tile_attribution: null, device_management: false });
  const tiled = createDashboard({
    tileUrl: "https://tiles.example/{z}/{x}/{y}.png",
    tileAttribution: "© Example",
    hasDeviceManagement: true,
  });
  assert.deepEqual(await (await tiled.request("/dashboard/config")).json(), {
    tile_url: "https://tiles.example/{z}/{x}/{y}.png",
    tile_attribution: "© Example",
    device_management: true,
  });
  assert.throws(
    () => createDashboard({ tileUrl: "ftp://tiles" }),
    /Invalid tile URL ftp:\/\/tiles/,
  );
});

Deno.test("createApp() hands the configured tile URL to the dashboard", async () => {
  const template = "https://tiles.example/{z}/{x}/{y}.png";
  const api = testApi({ deps: { tileUrl: template } });
  const config = await (await api.get("/dashboard/config")).json();
  assert.equal(config.tile_url, template);
});
