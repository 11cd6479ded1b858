import assert from "node:assert/strict";
import { parseScenarioArgs, SCENARIO_SPEED } from "./scenario_args.ts";

Deno.test("parseScenarioArgs() takes its own flags and leaves the simulator's", () => {
  const parsed = parseScenarioArgs([
    "--scenario=1,3",
    "--url",
    "ws://csms:9000",
    "--api-url",
    "http://csms:8080",
    "--csms-command",
    "systemctl restart tamna",
    "--speed",
    "50",
  ]);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.args.ids, [1, 3]);
  assert.equal(parsed.args.apiUrl, "http://csms:8080");
  assert.equal(parsed.args.csmsCommand, "systemctl restart tamna");
  assert.equal(parsed.args.isSelfHost, false);
  assert.equal(parsed.args.restartTimeoutS, 120);
  assert.deepEqual(parsed.rest, ["--url", "ws://csms:9000", "--speed", "50"]);
  assert.equal(parsed.isSpeedGiven, true);
});

Deno.test("parseScenarioArgs() defaults: all five need 'all', a local CSMS, ×20", () => {
  const parsed = parseScenarioArgs(["--scenario", "all", "--self-host"]);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.args.ids, [1, 2, 3, 4, 5]);
  assert.equal(parsed.args.apiUrl, "http://localhost:8080");
  assert.equal(parsed.args.isSelfHost, true);
  assert.equal(parsed.args.defaultSpeed, SCENARIO_SPEED);
  assert.equal(parsed.isSpeedGiven, false);
});

Deno.test("parseScenarioArgs() says what is wrong in one line", () => {
  const rows: [string[], RegExp][] = [
    [["--scenario", "0"], /Invalid --scenario 0/],
    [["--scenario", "1,x"], /Invalid --scenario 1,x/],
    [["--scenario"], /--scenario/],
    [["--scenario", "2", "--restart-timeout", "0"], /Invalid --restart-timeout 0/],
    [["--scenario", "2", "--api-url", "localhost"], /Invalid --api-url localhost/],
    [["--scenario", "5", "--self-host", "--csms-command", "x"], /--self-host/],
  ];
  for (const [args, error] of rows) {
    const parsed = parseScenarioArgs(args);
    assert.ok(!parsed.ok, args.join(" "));
    assert.match(parsed.error, error);
  }
});

Deno.test("parseScenarioArgs() reads TAMNA_SIM_* variables and names a bad one", () => {
  const parsed = parseScenarioArgs([], {
    TAMNA_SIM_SCENARIO: "2",
    TAMNA_SIM_SELF_HOST: "true",
    TAMNA_SIM_SPEED: "40",
  });
  assert.ok(parsed.ok);
  assert.deepEqual([parsed.args.ids, parsed.args.isSelfHost, parsed.isSpeedGiven], [
    [2],
    true,
    true,
  ]);
  const bad = parseScenarioArgs(["--scenario", "1"], { TAMNA_SIM_RESTART_TIMEOUT: "never" });
  assert.ok(!bad.ok);
  assert.match(bad.error, /^Invalid TAMNA_SIM_RESTART_TIMEOUT=never: /);
});
