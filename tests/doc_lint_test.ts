/** The public API's documentation stays complete: `deno doc --lint` on both entry points. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

Deno.test("deno doc --lint finds nothing in mod.ts and plugins/mod.ts", async () => {
  for (const entry of ["mod.ts", "plugins/mod.ts"]) {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["doc", "--lint", entry],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "null",
      stderr: "piped",
    }).output();
    const problems = new TextDecoder().decode(stderr).split("\n").filter((l) => /^error/.test(l));
    assert.equal(code, 0, `${entry}:\n${problems.join("\n")}`);
  }
});
