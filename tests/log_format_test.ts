/** `--log-format`: parsed at the boundary like every flag, and a bad value is one line. */
import assert from "node:assert/strict";
import { ConfigError, loadServerConfig } from "../config.ts";

Deno.test("loadServerConfig() reads --log-format text|json and refuses anything else", async () => {
  assert.equal((await loadServerConfig([], {})).logFormat, "text");
  assert.equal((await loadServerConfig(["--log-format", "json"], {})).logFormat, "json");
  await assert.rejects(
    () => loadServerConfig(["--log-format", "xml"], {}),
    (error: Error) => error instanceof ConfigError && /--log-format/.test(error.message),
  );
});
