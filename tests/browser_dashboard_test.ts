// The dashboard in a real browser: Debian's chromium driven by playwright-core against a real
// server on loopback with simulated chargers (sim/station/charger.ts over WebSocket).
// Screenshots go to test_artifacts/dashboard/. Skipped, with a message, when /usr/bin/chromium
// is missing.
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { type SimCharger, startCharger } from "../sim/station/charger.ts";
import { TEST_CONFIG } from "./support/test_station.ts";
import { startTestServer, type TestServer } from "./helpers.ts";
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  eventually,
  hasChromium,
  loadPlaywright,
  shot as shotIn,
  signInContext,
} from "./support/browser.ts";

const ARTIFACTS = new URL("../test_artifacts/dashboard/", import.meta.url);

interface Station {
  station_id: string;
  status_counts: Record<"available" | "charging" | "faulted" | "offline", number>;
}

interface Kpis {
  total_chargers: number;
  active_chargers: number;
  charging_now: number;
  power_kw: number;
  energy_kwh: number;
  revenue_krw: number;
  revenue_running_krw: number;
  energy_running_kwh: number;
  active_transactions: number;
  utilisation: { energy_time: number };
}

const RGB = {
  available: "rgb(30, 158, 74)",
  charging: "rgb(31, 111, 224)",
  faulted: "rgb(215, 38, 61)",
  offline: "rgb(139, 144, 153)",
};

async function simCharger(server: TestServer, chargerId: string, maxPowerW: number) {
  return await startCharger({
    url: server.ocppUrl,
    config: { ...TEST_CONFIG, chargerId, maxPowerW, txIdPrefix: chargerId.slice(-6) },
    stateDir: null,
  });
}

async function api<T>(server: TestServer, path: string): Promise<T> {
  const response = await server.api(path);
  assert.equal(response.status, 200, path);
  return await response.json() as T;
}

function shot(page: Page, name: string): Promise<void> {
  return shotIn(page, ARTIFACTS, name);
}

/** The computed fill of a charger's map marker (page-side code as a string: no DOM types here). */
function pinColor(page: Page, chargerId: string): Promise<string> {
  const selector = JSON.stringify(`.pin[data-charger-id="${chargerId}"]`);
  return page.evaluate(`getComputedStyle(document.querySelector(${selector})).backgroundColor`);
}

Deno.test({
  name:
    "dashboard in chromium: status colours, remote start, power limit, KPIs, language, fallback",
  ignore: !hasChromium,
  async fn(t) {
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    const server = await startTestServer();
    const sims: SimCharger[] = [];
    let browser: Browser | undefined;
    try {
      sims.push(await simCharger(server, "emart_jeju_01", 100_000));
      sims.push(await simCharger(server, "emart_jeju_02", 100_000));
      sims.push(await simCharger(server, "emart_shinjeju_01", 50_000));
      const [jeju01, jeju02] = sims;
      await eventually(() => assert.ok(sims.every((s) => s.registration === "Accepted")));
      const { chromium } = await loadPlaywright();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      await signInContext(context, server);
      const page = await context.newPage();
      const problems: string[] = [];
      const problem = (text: string) => {
        console.error(`browser: ${text}`); // shown right away, for the step that fails next
        problems.push(text);
      };
      page.on("console", (m) => m.type() === "error" && problem(m.text()));
      page.on("pageerror", (e) => problem(e.message));
      context.setDefaultTimeout(8_000);
      await page.goto(server.httpUrl);

      await t.step("markers and site chips take their live status colours", async () => {
        await page.locator('[data-mode="live"]').waitFor();
        await page.locator('.chip[data-charger-id="emart_jeju_02"][data-status="available"]')
          .waitFor();
        // A change reaches the screen within a second, through the event stream.
        await jeju02.fault();
        await page.locator('.chip[data-charger-id="emart_jeju_02"][data-status="faulted"]')
          .waitFor({ timeout: 1_000 });
        // Zoomed out, Emart Jeju and Shinjeju (4 km apart) share one cluster: its status mix
        // must be the sum of its sites' counts in /stations.
        const cluster = page.locator('.site-pin[data-site-ids~="emart_jeju_main"]');
        const { stations } = await api<{ stations: Station[] }>(server, "/stations");
        await eventually(async () => {
          const ids = (await cluster.getAttribute("data-site-ids"))!.split(" ");
          for (const status of ["available", "charging", "faulted", "offline"] as const) {
            const sum = stations.filter((s) => ids.includes(s.station_id))
              .reduce((n, s) => n + s.status_counts[status], 0);
            assert.equal(await cluster.getAttribute(`data-${status}`), String(sum), status);
          }
          assert.equal(await cluster.getAttribute("data-faulted"), "1");
        });
        await shot(page, "1_overview_ko");
        // Each click on the cluster holding the site zooms further in, until its chargers show.
        const pin = page.locator('.pin[data-charger-id="emart_jeju_01"]');
        for (let i = 0; i < 4 && !(await pin.isVisible()); i++) {
          await cluster.click();
          await page.waitForTimeout(700); // the 0.4 s fly animation, then a render
        }
        await pin.waitFor();
        assert.equal(await pinColor(page, "emart_jeju_01"), RGB.available);
        assert.equal(await pinColor(page, "emart_jeju_02"), RGB.faulted);
        assert.equal(await pinColor(page, "emart_jeju_03"), RGB.offline);
        await shot(page, "2_site_zoomed");
      });

      await t.step("a start click turns the marker blue and adds a transaction row", async () => {
        await page.locator('.pin[data-charger-id="emart_jeju_01"]').click();
        const panel = page.locator('.panel[data-charger-id="emart_jeju_01"]');
        await panel.waitFor();
        await panel.locator('button[name="start"]').click();
        await page.locator('.pin[data-charger-id="emart_jeju_01"][data-status="charging"]')
          .waitFor({ timeout: 3_000 });
        assert.equal(await pinColor(page, "emart_jeju_01"), RGB.charging);
        const { transactions } = await api<{ transactions: { transaction_id: string }[] }>(
          server,
          "/transactions?charger_id=emart_jeju_01",
        );
        assert.equal(transactions.length, 1);
        const row = page.locator(
          `.transactions tr[data-transaction-id="${transactions[0].transaction_id}"]`,
        );
        await row.waitFor({ timeout: 3_000 });
        assert.match(await row.innerText(), /emart_jeju_01/);
        await panel.locator(`li[data-transaction-id="${transactions[0].transaction_id}"]`)
          .waitFor();
      });

      await t.step("the power-limit slider reaches the charger as SetChargingProfile", async () => {
        const panel = page.locator('.panel[data-charger-id="emart_jeju_01"]');
        await panel.locator('input[name="limit"]').fill("37");
        assert.equal(await panel.locator('[data-field="limit-choice"]').innerText(), "37 kW");
        await panel.locator('button[name="apply-limit"]').click();
        await panel.locator('[data-field="result"]').filter({
          hasText: "SetChargingProfile: Accepted",
        })
          .waitFor();
        const limits = jeju01.snapshot().profiles.map((p) =>
          p.profile.chargingSchedule[0].chargingSchedulePeriod[0].limit
        );
        assert.ok(limits.includes(37_000), `profiles on the charger: ${limits}`);
        // The panel learns the limit from the event stream, a moment after the REST answer.
        await panel.locator('[data-field="power-limit"]').filter({ hasText: /^37\.0 kW$/ })
          .waitFor({ timeout: 10_000 });
        await shot(page, "3_panel_charging_limited");
      });

      await t.step("KPI cards show what /statistics/dashboard answers", async () => {
        const from = await page.evaluate(
          `import("/static/api.js").then((m) => m.startOfTodayKst())`,
        );
        await eventually(async () => {
          const kpis = await api<Kpis>(
            server,
            `/statistics/dashboard?from=${encodeURIComponent(String(from))}`,
          );
          const value = (id: string) =>
            page.locator(`.kpi[data-kpi="${id}"] .kpi-value`).getAttribute("data-value");
          assert.equal(await value("active"), String(kpis.active_chargers));
          assert.equal(await value("charging"), String(kpis.charging_now));
          assert.equal(await value("power"), String(kpis.power_kw));
          assert.equal(await value("energy"), String(kpis.energy_kwh));
          // Revenue counts the running session too, at the flat tariff, marked as running.
          assert.equal(
            await value("revenue"),
            String(kpis.revenue_krw + kpis.revenue_running_krw),
          );
          assert.ok(kpis.active_transactions >= 1);
          assert.equal(
            kpis.revenue_running_krw,
            Math.floor(kpis.energy_running_kwh * 150 + 0.5),
          );
          const revenueSub = await page.locator('.kpi[data-kpi="revenue"] .kpi-sub').innerText();
          assert.match(revenueSub, /진행 중/);
          assert.equal(await value("utilisation"), String(kpis.utilisation.energy_time));
          assert.equal(kpis.active_chargers, 3);
          assert.equal(kpis.charging_now, 1);
          const text = await page.locator('.kpi[data-kpi="active"] .kpi-value').innerText();
          assert.equal(text, `3 / ${kpis.total_chargers}`);
        });
      });

      await t.step("the chart's kW label sits clear of the axis ticks", async () => {
        const unit = await page.locator(".chart svg text.unit").boundingBox();
        const ticks = page.locator(".chart svg .grid text");
        assert.ok(unit && (await ticks.count()) === 5);
        for (let i = 0; i < 5; i++) {
          const tick = (await ticks.nth(i).boundingBox())!;
          const isApart = unit.y + unit.height <= tick.y || tick.y + tick.height <= unit.y ||
            unit.x + unit.width <= tick.x || tick.x + tick.width <= unit.x;
          assert.ok(isApart, `kW label ${JSON.stringify(unit)} overlaps tick ${i}`);
        }
      });

      await t.step("the language switch shows English and is remembered", async () => {
        assert.equal(await page.locator("h1").innerText(), "탐라 충전 관제");
        await page.locator('button[name="lang"]').click();
        assert.equal(await page.locator("h1").innerText(), "Tamna charging control");
        await page.reload();
        await page.locator('[data-mode="live"]').waitFor();
        assert.equal(await page.locator("h1").innerText(), "Tamna charging control");
        await shot(page, "4_overview_en");
        await page.locator('button[name="lang"]').click();
        assert.equal(await page.locator("h1").innerText(), "탐라 충전 관제");
      });

      await t.step(
        "a stop click ends the session (plugged in: teal); unplugged, the charger is green again",
        async () => {
          await page.locator('.chip[data-charger-id="emart_jeju_01"]').click();
          const panel = page.locator('.panel[data-charger-id="emart_jeju_01"]');
          await panel.locator('button[name="stop"]').click();
          await page.locator(".transactions tr.running").waitFor({ state: "detached" });
          const row = await page.locator(".transactions tbody tr").first().innerText();
          assert.match(row, /₩\d/); // priced once ended
          // The EV stays plugged in (connector Occupied) until the driver unplugs it: no longer
          // counted as charging, shown as plugged in.
          await panel.locator('[data-field="status"][data-status="occupied"]')
            .waitFor({ timeout: 2_000 });
          await jeju01.unplug();
          await panel.locator('[data-field="status"][data-status="available"]')
            .waitFor({ timeout: 2_000 });
          await panel.locator("button.close").click();
          await page.locator('.chip[data-charger-id="emart_jeju_01"][data-status="available"]')
            .waitFor();
        },
      );

      await t.step("without the event stream the page refreshes every 5 s", async () => {
        const phone = await browser!.newContext({
          viewport: { width: 390, height: 844 },
          isMobile: true,
          hasTouch: true,
        });
        try {
          await signInContext(phone, server);
          const mobile = await phone.newPage();
          mobile.on("pageerror", (e) => problems.push(e.message));
          await mobile.route("**/events**", (route) => route.abort());
          await mobile.goto(server.httpUrl);
          await mobile.locator('[data-mode="polling"]').waitFor();
          await mobile.locator('.chip[data-charger-id="emart_jeju_02"][data-status="faulted"]')
            .waitFor();
          await jeju02.clearFault();
          await mobile.locator('.chip[data-charger-id="emart_jeju_02"][data-status="available"]')
            .waitFor({ timeout: 7_000 });
          await shot(mobile, "5_phone_polling");
        } finally {
          await phone.close();
        }
      });

      // Aborted /events requests on the phone page log as failed loads, which are expected.
      assert.deepEqual(problems.filter((p) => !/ERR_FAILED|events/.test(p)), []);
    } finally {
      await browser?.close();
      await Promise.all(sims.map((s) => s.stop({ drainMs: 1_000 })));
      await server.close();
    }
  },
});
