// Signing in to the dashboard in a real browser (Debian's chromium via playwright-core): the
// login screen of a fresh server, the one-time setup link creating the first admin, signing
// out and in (a wrong password refused, in Korean and English), a viewer seeing no control
// buttons, and a tab whose session ended elsewhere going back to the login screen.
// Screenshots go to test_artifacts/login/. Skipped when /usr/bin/chromium is missing.
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, loadPlaywright } from "./support/browser.ts";
import { hashPassword, MIN_ITERATIONS } from "../actors/csms/password.ts";
import { startTestServer } from "./helpers.ts";

const ARTIFACTS = new URL("../test_artifacts/login/", import.meta.url);
const ADMIN_PASSWORD = "admin-password-0001";

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname, fullPage: true });
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('form.login input[name="username"]').fill(username);
  await page.locator('form.login input[name="password"]').fill(password);
  await page.locator('form.login button[type="submit"]').click();
}

Deno.test({
  name:
    "dashboard sign-in in chromium: setup link, sign out and in, wrong password, viewer, ended session",
  ignore: !hasChromium,
  async fn(t) {
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    const server = await startTestServer({ apiToken: undefined });
    let browser: Browser | undefined;
    try {
      const { chromium } = await loadPlaywright();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(8_000);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(e.message));
      // Refused sign-ins and the ended session answer 401, which chromium logs as an error.
      page.on("console", (m) => {
        if (m.type() === "error" && !/status of 401/.test(m.text())) problems.push(m.text());
      });

      await t.step("a fresh server shows the login screen and says no account exists", async () => {
        await page.goto(server.httpUrl);
        await page.locator('[data-auth="login"] form.login').waitFor();
        await page.locator('[data-field="no-account"]').waitFor();
        assert.equal(await page.locator("h2").first().innerText(), "로그인");
        assert.equal(await page.locator("[data-mode]").count(), 0, "no dashboard behind it");
        await shot(page, "1_login_no_account");
      });

      await t.step("the setup link creates the first admin and opens the dashboard", async () => {
        await page.goto(server.setupUrl!);
        const form = page.locator('[data-auth="setup"] form.setup');
        await form.waitFor();
        await form.locator('input[name="username"]').fill("root");
        await form.locator('input[name="password"]').fill(ADMIN_PASSWORD);
        await form.locator('input[name="again"]').fill("something-else-01");
        await form.locator('button[type="submit"]').click();
        await form.locator('[data-field="login-error"]').filter({
          hasText: "두 비밀번호가 다릅니다",
        })
          .waitFor();
        await form.locator('input[name="again"]').fill(ADMIN_PASSWORD);
        await shot(page, "2_setup");
        await form.locator('button[type="submit"]').click();
        await page.locator('.user[data-username="root"][data-role="admin"]').waitFor();
        await page.locator("[data-mode]").waitFor();
        assert.equal(new URL(page.url()).hash, "", "the spent token left the address bar");
        assert.equal(await server.accounts.countAccounts(), 1);
        await shot(page, "3_dashboard_admin");
      });

      await t.step(
        "sign out, a wrong password is refused (Korean, then English), the right one signs in",
        async () => {
          // Signed out while the map zooms: Leaflet finishes a zoom animation on a timer that
          // must not outlive the map (a removed map threw "reading '_leaflet_pos'" there).
          await page.locator(".leaflet-control-zoom-in").click();
          await page.locator('button[name="logout"]').click();
          await page.locator("form.login").waitFor();
          await page.waitForTimeout(400); // past the animation's 250 ms fallback timer
          await signIn(page, "root", "not-the-password");
          await page.locator('[data-field="login-error"]').filter({
            hasText: "사용자 이름 또는 비밀번호가 틀렸습니다",
          }).waitFor();
          await page.locator('button[name="lang"]').click();
          assert.equal(await page.locator("form.login h2").innerText(), "Sign in");
          await signIn(page, "root", "still-not-the-password");
          await page.locator('[data-field="login-error"]').filter({
            hasText: "Wrong user name or password",
          }).waitFor();
          await shot(page, "4_login_wrong_en");
          await signIn(page, "root", ADMIN_PASSWORD);
          await page.locator('.user[data-username="root"]').waitFor();
          await page.locator('button[name="lang"]').click(); // back to Korean for the next steps
        },
      );

      await t.step("a viewer sees the charger panel without control buttons", async () => {
        await server.accounts.createAccount({
          username: "viewer01",
          role: "viewer",
          passwordHash: await hashPassword("viewer-password-01", { iterations: MIN_ITERATIONS }),
        });
        const viewerContext = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
        try {
          const viewer = await viewerContext.newPage();
          viewer.on("pageerror", (e) => problems.push(e.message));
          await viewer.goto(server.httpUrl);
          await signIn(viewer, "viewer01", "viewer-password-01");
          await viewer.locator('.user[data-role="viewer"]').waitFor();
          await viewer.locator('.chip[data-charger-id="emart_jeju_01"]').click();
          const panel = viewer.locator('.panel[data-charger-id="emart_jeju_01"]');
          await panel.locator('[data-field="view-only"]').waitFor();
          assert.equal(await panel.locator('button[name="start"]').count(), 0);
          assert.equal(await panel.locator('button[name="apply-limit"]').count(), 0);
          await shot(viewer, "5_viewer_panel");
        } finally {
          await viewerContext.close();
        }
      });

      await t.step(
        "a tab whose session was ended elsewhere returns to the login screen",
        async () => {
          const other = await context.newPage(); // same browser profile, same cookie
          await other.goto(server.httpUrl);
          await other.locator('.user[data-username="root"]').waitFor();
          await other.locator('button[name="logout"]').click();
          await other.locator("form.login").waitFor();
          await other.close();
          // The first tab learns it at its next request.
          await page.locator('.chip[data-charger-id="emart_jeju_02"]').click();
          await page.locator('[data-field="login-notice"]').filter({
            hasText: "세션이 끝났습니다",
          }).waitFor();
          await shot(page, "6_session_ended");
        },
      );

      assert.deepEqual(problems, []);
    } finally {
      await browser?.close();
      await server.close();
    }
  },
});
