/**
 * The scenario runner passes `--password` on to its stations: scenario 1 against a real CSMS
 * that requires security profile 1 of `charger_001`.
 */
import assert from "node:assert/strict";
import { hashPassword, MIN_ITERATIONS } from "../actors/csms/password.ts";
import { runSimCli } from "../sim/cli/sim_cli.ts";
import { startTestServer, TEST_API_TOKEN } from "./helpers.ts";

const PASSWORD = "Scenario-Password-00001";

Deno.test("runSimCli(--scenario 1 --password) passes against a CSMS that requires Basic auth of charger_001", async () => {
  const server = await startTestServer({
    stations: {
      charger_001: {
        securityProfile: 1,
        passwordHash: await hashPassword(PASSWORD, { iterations: MIN_ITERATIONS }),
      },
    },
  });
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runSimCli([
      "--scenario",
      "1",
      "--url",
      server.ocppUrl,
      "--api-url",
      server.httpUrl,
      "--api-token",
      TEST_API_TOKEN,
      "--speed",
      "60",
      "--password",
      PASSWORD,
    ], {
      write: (text) => void out.push(text),
      error: (line) => void err.push(line),
      isTerminal: false,
      isHandlingSignals: false,
    });
    const text = out.join("");
    assert.equal(code, 0, `${text}\n${err.join("\n")}`);
    assert.match(text, /×60, Basic auth\n/);
    assert.match(text, /^PASS {2}scenario 1: /m);
    assert.ok(!text.includes(PASSWORD));
    assert.ok(!server.events.some((e) => e.type === "security.event"), "no refused attempt");
  } finally {
    await server.close();
  }
});
