// The charger panel's device management in a real browser (Debian's chromium through
// playwright-core) against a real server on PGlite with a simulated charger: the key variables
// of the stored device model, setting HeartbeatInterval from the panel (the charger takes it),
// the reservation with its cancel button, and firmware progress arriving live. Screenshots go to
// test_artifacts/device/. Skipped when /usr/bin/chromium is missing.
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import type { SimCharger } from "../sim/station/charger.ts";
import { variableKey } from "../sim/station/device_model.ts";
import { openTestDb } from "./persistence_helpers.ts";
import { startNetworkServer } from "./network_helpers.ts";
import { simCharger } from "./device_helpers.ts";
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  eventually,
  hasChromium,
  loadPlaywright,
  signInContext,
} from "./support/browser.ts";

const ARTIFACTS = new URL("../test_artifacts/device/", import.meta.url);
const CHARGER = "emart_jeju_08";

Deno.test({
  name: "charger panel in chromium: key variables, set HeartbeatInterval, reservation, firmware",
  ignore: !hasChromium,
  async fn() {
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    const db = await openTestDb("pglite");
    const dataDir = await Deno.makeTempDir({ prefix: "tamna_device_ui_" });
    const { server, rest, close } = await startNetworkServer(db, { dataDir });
    let sim: SimCharger | undefined;
    let browser: Browser | undefined;
    try {
      sim = await simCharger(server.ocppUrl, CHARGER);
      await eventually(async () => {
        assert.ok((await rest.get(`/chargers/${CHARGER}/device-model`)).body.report);
      }, 10_000);
      const { chromium } = await loadPlaywright();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
      await signInContext(context, server);
      context.setDefaultTimeout(8_000);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(e.message));
      await page.goto(server.httpUrl);
      await page.locator('[data-mode="live"]').waitFor();
      await page.locator(`.chip[data-charger-id="${CHARGER}"]`).click();
      const device = page.locator(`.panel[data-charger-id="${CHARGER}"] [data-section="device"]`);
      const heartbeat = device.locator('input[name="var-HeartbeatInterval"]');
      await heartbeat.waitFor();
      assert.equal(await heartbeat.inputValue(), "30");
      assert.equal(
        await device.locator('[data-field="var-TxStartPoint"]').textContent(),
        "PowerPathClosed",
        "read-only: shown, not editable",
      );
      await device.locator('input[name="var-TxUpdatedInterval"]').waitFor();

      await heartbeat.fill("45");
      await device.locator('button[name="set-HeartbeatInterval"]').click();
      await device.getByRole("status").filter({ hasText: "HeartbeatInterval: Accepted" })
        .waitFor();
      const key = variableKey({ component: "OCPPCommCtrlr", variable: "HeartbeatInterval" });
      assert.equal(sim.snapshot().values[key], "45", "the charger took it");
      await device.locator('[data-field="status-HeartbeatInterval"]').filter({
        hasText: "Accepted",
      }).waitFor();

      const made = await rest.post(`/chargers/${CHARGER}/reservations`, {
        id_token: "card-kim",
        expires_in_s: 3600,
      });
      assert.equal(made.body.ocpp_status, "Accepted");
      await device.locator('[data-field="reservation"]').filter({ hasText: "card-kim" }).waitFor();
      await page.locator(`.panel [data-field="status"][data-status="reserved"]`).waitFor();
      await page.screenshot({ path: new URL("1_panel.png", ARTIFACTS).pathname, fullPage: true });
      await device.locator('button[name="cancel-reservation"]').click();
      await device.locator('[data-field="reservation"]').waitFor({ state: "detached" });

      const image = new Uint8Array(4096).fill(7);
      const upload = await server.api("/firmware/files?name=fw.bin", {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: image,
      });
      const file = await upload.json();
      const started = await rest.post("/firmware/campaigns", {
        firmware_id: file.firmware_id,
        charger_ids: [CHARGER],
      });
      assert.equal(started.status, 201, started.text);
      await device.locator('[data-field="firmware"][data-status="Installed"]').waitFor({
        timeout: 15_000,
      });
      await page.screenshot({
        path: new URL("2_firmware.png", ARTIFACTS).pathname,
        fullPage: true,
      });

      // The operator's campaigns tab: the campaign with its chargers, and a log campaign from it.
      await page.locator('button[name="view-operate"]').click();
      await page.locator('button[name="tab-campaigns"]').click();
      const tab = page.locator(".campaigns");
      await tab.locator(`[data-campaign="${started.body.campaign_id}"] button`).click();
      await tab.locator(`.campaign li[data-charger-id="${CHARGER}"][data-status="Installed"]`)
        .waitFor();
      await tab.locator('select[name="target"]').selectOption("emart_jeju_main");
      await tab.locator('button[name="start-logs"]').click();
      // The new campaign opens; its one connected charger's log arrives (the others are offline).
      await tab.locator(`.campaign li[data-charger-id="${CHARGER}"][data-status="Uploaded"]`)
        .waitFor({ timeout: 15_000 });
      await tab.locator('.campaign li[data-charger-id="emart_jeju_01"][data-status="Offline"]')
        .waitFor();
      await tab.locator('[data-count="Uploaded"]').filter({ hasText: "Uploaded 1" }).waitFor();
      await page.screenshot({
        path: new URL("3_campaigns.png", ARTIFACTS).pathname,
        fullPage: true,
      });
      assert.deepEqual(problems, []);
    } finally {
      await browser?.close();
      await sim?.stop();
      await close();
      await db.dispose();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
