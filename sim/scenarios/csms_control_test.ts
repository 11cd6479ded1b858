import assert from "node:assert/strict";
import { externalCsms } from "./csms_control.ts";

const hooks = (said: string[]) => ({
  waitDown: () => Promise.resolve(),
  say: (line: string) => void said.push(line),
});

Deno.test("externalCsms() runs --csms-command and reports how it ended", async () => {
  const control = externalCsms({ command: "exit 3", restartTimeoutMs: 10_000 });
  assert.equal(control.kind, "command");
  assert.equal(await control.restart(hooks([])), "`exit 3` exited with code 3");
  await control.close();
});

Deno.test("externalCsms() without a command asks the operator and returns at once", async () => {
  const said: string[] = [];
  const control = externalCsms({ restartTimeoutMs: 90_000 });
  assert.equal(control.kind, "operator");
  assert.match(await control.restart(hooks(said)), /asked the operator/);
  assert.match(said.join("\n"), /Restart the CSMS now.*up to 90 s/);
});
