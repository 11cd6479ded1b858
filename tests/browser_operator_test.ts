// The dashboard's operator area in a real browser (chromium + playwright-core), on every engine:
// an operator adds a site and a charger (placed by a click on the map) and a second viewer sees
// them at once through the event stream; a charger that connected unassigned is placed; a token
// is added, blocked (the next Authorize answers Blocked and a simulated charger's local list drops
// it) and imported from CSV; a site's price is changed and the sessions each version priced are
// listed; a site's new grid capacity reaches smart charging; a charger is decommissioned.
// Screenshots: test_artifacts/operator/.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Browser, Page } from "playwright-core";
import { dbTest, type TestDb } from "./persistence_helpers.ts";
import { type Rest, startNetworkServer } from "./network_helpers.ts";
import type { RawClient } from "./ocpp_client.ts";
import { type TestServer, transactionEvent } from "./helpers.ts";
import { type SimCharger, startCharger } from "../sim/station/charger.ts";
import { TEST_CONFIG } from "./support/test_station.ts";
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  eventually,
  hasChromium,
  loadPlaywright,
  shot,
  signInContext,
} from "./support/browser.ts";

const ARTIFACTS = new URL("../test_artifacts/operator/", import.meta.url);

/** Clicks the map where no marker is (the sea west of Jeju), to pick a point. */
async function clickMap(page: Page): Promise<void> {
  await page.locator(".map").click({ position: { x: 60, y: 60 } });
}

async function field(page: Page, form: string, name: string, value: string): Promise<void> {
  const select = page.locator(`[data-form="${form}"] select[name="${name}"]`);
  if (await select.count() > 0) await select.selectOption(value);
  else await page.locator(`[data-form="${form}"] [name="${name}"]`).fill(value);
}

async function addSiteAndCharger(operator: Page, viewer: Page, rest: Rest, engine: string) {
  await operator.locator('button[name="view-operate"]').click();
  await operator.locator('button[name="add-site"]').click();
  await field(operator, "site", "station_id", "emart_aewol_main");
  await field(operator, "site", "name", "Emart Aewol");
  await field(operator, "site", "name_ko", "이마트 애월점");
  await clickMap(operator);
  const lat = await operator.locator('[data-form="site"] [name="lat"]').inputValue();
  assert.ok(Number(lat) > 33 && Number(lat) < 34, `picked latitude ${lat}`);
  await operator.locator('[data-form="site"] [name="lat"]').fill("33.4633");
  await operator.locator('[data-form="site"] [name="lng"]').fill("126.3094");
  await field(operator, "site", "grid_capacity_kw", "200");
  await operator.locator('[data-form="site"] button[name="save"]').click();
  await operator.locator('[data-form="site"]').waitFor({ state: "detached" });
  await operator.locator('[data-op-site="emart_aewol_main"]').waitFor();
  // The other viewer's site list follows through the event stream, without a reload.
  await viewer.locator('li.site[data-site-id="emart_aewol_main"]').waitFor({ timeout: 2_000 });
  assert.equal((await rest.get("/stations/emart_aewol_main")).body.grid_capacity_kw, 200);

  await operator.locator('[data-op-site="emart_aewol_main"] button[name="add-charger"]').click();
  await field(operator, "charger", "charger_id", "aewol_01");
  await field(operator, "charger", "max_power_kw", "100");
  await field(operator, "charger", "connector", "cCCS2");
  await operator.locator('[data-form="charger"] [name="lat"]').fill("33.4635");
  await operator.locator('[data-form="charger"] [name="lng"]').fill("126.3096");
  await operator.locator('[data-form="charger"] button[name="save"]').click();
  await operator.locator('[data-form="charger"]').waitFor({ state: "detached" });
  // On the map at once: its own marker (a lone charger is drawn as itself when zoomed out).
  await operator.locator('.pin[data-charger-id="aewol_01"]').waitFor({ timeout: 2_000 });
  await viewer.locator('.pin[data-charger-id="aewol_01"]').waitFor({ timeout: 2_000 });
  await viewer.locator('.chip[data-charger-id="aewol_01"]').waitFor();
  const record = (await rest.get("/inventory")).body.chargers.find((c: { charger_id: string }) =>
    c.charger_id === "aewol_01"
  );
  assert.deepEqual([record.station_id, record.evses[0].connectors[0].type], [
    "emart_aewol_main",
    "cCCS2",
  ]);
  await shot(operator, ARTIFACTS, `1_site_added_${engine}`);
}

async function placeUnassigned(operator: Page, rest: Rest) {
  const entry = operator.locator('[data-unassigned="field_charger_9"]');
  await entry.waitFor();
  await entry.locator('button[name="place"]').click();
  await field(operator, "charger", "station_id", "emart_shinjeju_main");
  await clickMap(operator);
  await operator.locator("path.picked-point").waitFor();
  await operator.locator('[data-form="charger"] button[name="save"]').click();
  await operator.locator('[data-form="charger"]').waitFor({ state: "detached" });
  // The list reloads when the inventory.changed event arrives: wait for the entry to go.
  await entry.waitFor({ state: "detached" });
  assert.equal(await entry.count(), 0, "no longer unassigned");
  const placed = (await rest.get("/chargers/field_charger_9")).body;
  assert.equal(placed.station_id, "emart_shinjeju_main");
  assert.ok(placed.lat > 33, `placed at ${placed.lat}`);
}

const listed = (sim: SimCharger) => Object.keys(sim.snapshot().localList.entries);

async function tokens(operator: Page, rest: Rest, chargers: Chargers, engine: string) {
  await operator.locator('button[name="tab-tokens"]').click();
  await field(operator, "token", "id_token", "card-kim");
  await field(operator, "token", "note", "Kim");
  await operator.locator('button[name="add-token"]').click();
  const row = operator.locator('tr[data-token="card-kim"]');
  await row.waitFor();
  const members = { id_tokens: ["card-kim"] };
  assert.equal(
    (await rest.put("/stations/emart_jeju_main/local-list/members", members)).status,
    200,
  );
  await eventually(() => assert.deepEqual(listed(chargers.sim), ["card-kim"]));
  await row.locator('button[name="block"]').click();
  await operator.locator('tr[data-token="card-kim"][data-status="Blocked"]').waitFor();
  assert.equal((await rest.get("/id-tokens/card-kim")).body.status, "Blocked");
  // The charger's next Authorize is Blocked, and its local list no longer holds the token.
  const [, , answer] = await chargers.raw.call("Authorize", {
    idToken: { idToken: "card-kim", type: "ISO14443" },
  });
  assert.equal((answer as { idTokenInfo: { status: string } }).idTokenInfo.status, "Blocked");
  await eventually(() => assert.deepEqual(listed(chargers.sim), []));
  const csv = "id_token,type,status,group_id_token\ncard-a,ISO14443,Accepted,fleet\n" +
    "card-b,ISO14443,Accepted,fleet\n";
  await operator.locator('input[name="import"]').setInputFiles({
    name: "cards.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await operator.locator('[data-field="op-result"]').filter({ hasText: "2건 추가" }).waitFor();
  await operator.locator('.op-tokens [name="q"]').fill("fleet");
  await operator.locator('[data-field="token-total"]').filter({ hasText: "2" }).waitFor();
  assert.equal(await operator.locator(".op-tokens tbody tr").count(), 2);
  await shot(operator, ARTIFACTS, `2_tokens_${engine}`);
}

/** One priced session on emart_jeju_01: 10 kWh. */
async function session(client: RawClient, transactionId: string): Promise<void> {
  await client.call("TransactionEvent", transactionEvent(0, "Started", 1_000, { transactionId }));
  await client.call("TransactionEvent", transactionEvent(1, "Ended", 11_000, { transactionId }));
}

async function tariffs(operator: Page, rest: Rest, client: RawClient, engine: string) {
  await operator.locator('button[name="tab-tariffs"]').click();
  await operator.locator('button[name="add-tariff"]').click();
  await field(operator, "tariff", "station_id", "emart_jeju_main");
  await field(operator, "tariff", "price_krw_per_kwh", "200");
  await operator.locator('[data-form="tariff"] button[name="save"]').click();
  const tariff = operator.locator('[data-tariff="emart_jeju_main-tariff"]');
  await tariff.waitFor();
  await session(client, "tx-v1");
  await tariff.locator('button[name="edit-tariff"]').click();
  await field(operator, "tariff", "price_krw_per_kwh", "300");
  await operator.locator('[data-form="tariff"] button[name="save"]').click();
  await operator.locator('[data-tariff="emart_jeju_main-tariff"][data-version="2"]').waitFor();
  await session(client, "tx-v2");
  await tariff.locator('button[name="tariff-sessions"]').click();
  await tariff.locator('tr[data-transaction-id="tx-v1"][data-version="1"]').waitFor();
  await tariff.locator('tr[data-transaction-id="tx-v2"][data-version="2"]').waitFor();
  const costs = (await rest.get("/tariffs/emart_jeju_main-tariff/sessions")).body.sessions
    .map((s: { cost: number }) => s.cost);
  assert.deepEqual(costs, [3000, 2000], "10 kWh at 300, then at 200 KRW/kWh");
  await shot(operator, ARTIFACTS, `3_tariffs_${engine}`);
}

/** A site's new grid capacity, set in the form, is what smart charging allocates next. */
async function capacity(operator: Page, server: TestServer, raw: RawClient) {
  await operator.locator('button[name="tab-sites"]').click();
  const now = new Date().toISOString();
  await raw.call("TransactionEvent", {
    ...transactionEvent(0, "Started", 50_000, { transactionId: "tx-cap", powerW: 90_000 }),
    timestamp: now,
  });
  await operator.locator('[data-op-site="emart_jeju_main"] button[name="edit-site"]').click();
  await field(operator, "site", "grid_capacity_kw", "60");
  await operator.locator('[data-form="site"] button[name="save"]').click();
  await operator.locator('[data-form="site"]').waitFor({ state: "detached" });
  await eventually(() =>
    assert.ok(server.events.some((e) =>
      e.type === "smart-charging.allocated" &&
      (e.payload as { siteId: string; capacityKw: number }).capacityKw === 60
    ))
  );
}

async function decommission(operator: Page, viewer: Page) {
  await operator.locator('button[name="tab-sites"]').click();
  operator.once("dialog", (dialog) => void dialog.accept());
  const site = operator.locator('[data-op-site="emart_aewol_main"]');
  await site.locator('button[name="open-site"]').click();
  await site.locator('[data-op-charger="aewol_01"] button[name="decommission-charger"]').click();
  await viewer.locator('.pin[data-charger-id="aewol_01"]').waitFor({ state: "detached" });
  await viewer.locator('.chip[data-charger-id="aewol_01"]').waitFor({ state: "detached" });
}

interface Chargers {
  /** emart_jeju_01 as a raw client: its sessions and Authorize are sent by hand. */
  raw: RawClient;
  /** emart_jeju_02 as a simulated charger, which keeps a real local list. */
  sim: SimCharger;
}

async function run(t: TestDb, browser: Browser) {
  const { server, rest, close } = await startNetworkServer(t);
  const loose = await server.booted("field_charger_9");
  const jeju = await server.booted("emart_jeju_01");
  const sim = await startCharger({
    url: server.ocppUrl,
    config: { ...TEST_CONFIG, chargerId: "emart_jeju_02", txIdPrefix: "b2" },
    stateDir: null,
  });
  const problems: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    context.setDefaultTimeout(8_000);
    await signInContext(context, server);
    const [operator, viewer] = [await context.newPage(), await context.newPage()];
    for (const page of [operator, viewer]) {
      page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      page.on("pageerror", (e) => problems.push(e.message));
      await page.goto(server.httpUrl);
      await page.locator('[data-mode="live"]').waitFor();
    }
    await addSiteAndCharger(operator, viewer, rest, t.engine);
    await placeUnassigned(operator, rest);
    await eventually(() => assert.equal(sim.registration, "Accepted"));
    await tokens(operator, rest, { raw: jeju, sim }, t.engine);
    await tariffs(operator, rest, jeju, t.engine);
    await capacity(operator, server, jeju);
    await decommission(operator, viewer);
    await operator.locator('button[name="lang"]').click();
    assert.equal(
      await operator.locator('button[name="tab-sites"]').innerText(),
      "Sites & chargers",
    );
    assert.equal(await operator.locator('button[name="view-operate"]').innerText(), "Operate");
    await shot(operator, ARTIFACTS, `4_operator_en_${t.engine}`);
    assert.deepEqual(problems, []);
  } finally {
    await sim.stop();
    await loose.close();
    await jeju.close();
    await close();
  }
}

dbTest(
  "dashboard operator area in chromium: sites, chargers, placing, tokens, tariffs, live",
  async (t) => {
    if (!hasChromium) return;
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    const { chromium } = await loadPlaywright();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      await run(t, browser);
    } finally {
      await browser.close();
    }
  },
);
