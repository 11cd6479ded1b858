/**
 * The browser tests' chromium: Debian's /usr/bin/chromium driven by playwright-core, with the
 * flags that work on this kind of machine (docs: /work/shared/ENVIRONMENT.md).
 */
import fs from "node:fs";

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
