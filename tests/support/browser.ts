/**
 * What the browser tests share: Debian's chromium driven by playwright-core (skipped, with a
 * message, when /usr/bin/chromium is missing), screenshots in test_artifacts/, and polling.
 */
import fs from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import type { Role } from "../../actors/csms/accounts.ts";
import type { TamnaServer } from "../../server.ts";
import { signedIn } from "../helpers.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Loads playwright-core under `deno task test`'s permissions. At load it probes for WSL with
 * `existsSync("/proc/sys/fs/binfmt_misc/WSLInterop")`, which Deno refuses (NotCapable) without
 * --allow-all; for that probe only, "not allowed to look" answers "not there", as it would on
 * any Linux without WSL. The original is back as soon as the module has loaded.
 */
export async function loadPlaywright(): Promise<typeof import("playwright-core")> {
  const existsSync = fs.existsSync;
  fs.existsSync = (path: fs.PathLike) => {
    try {
      return existsSync(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable) return false;
      throw error;
    }
  };
  try {
    return await import("playwright-core");
  } finally {
    fs.existsSync = existsSync;
  }
}

/** Whether chromium is installed; says so once when it is not (the tests are then ignored). */
export const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    console.warn(`${CHROMIUM} not found: browser tests skipped (apt-get install -y chromium)`);
    return false;
  }
})();

/** Polls `check` (which throws until it holds) for up to `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A full-page screenshot `name`.png in `dir`. */
export async function shot(page: Page, dir: URL, name: string): Promise<void> {
  await page.screenshot({ path: new URL(`${name}.png`, dir).pathname, fullPage: true });
}

/** Signs a new account with `role` in to `server` and gives `context` its session cookie. */
export async function signInContext(
  context: BrowserContext,
  server: Pick<TamnaServer, "accounts" | "httpUrl">,
  role: Role = "operator",
): Promise<void> {
  const session = await signedIn(server, role);
  await context.addCookies([{ name: "tamna_session", value: session.cookie, url: server.httpUrl }]);
}
