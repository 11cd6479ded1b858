import assert from "node:assert/strict";
import { parseSimArgs, SIM_COMMAND } from "./sim_args.ts";
import { envOf } from "../../actors/runtime/cli_flags.ts";

Deno.test("parseSimArgs() gives the defaults of DESIGN.md", () => {
  assert.deepEqual(parseSimArgs([], () => 7), {
    ok: true,
    args: {
      chargers: 34,
      url: "ws://localhost:9000",
      fleet: "emart-jeju",
      isAuto: true,
      leaveAfterS: 5,
      speed: 1,
      durationS: undefined,
      seed: 7,
      stateDir: "./data/sim",
      password: undefined,
      passwordFile: undefined,
      caFile: undefined,
      firmwareFailureRate: 0,
      failingFirmware: [],
      isHelp: false,
    },
  });
});

Deno.test("parseSimArgs() reads the firmware failure flags and refuses a rate over 1", () => {
  const result = parseSimArgs(
    ["--firmware-failure-rate", "0.25", "--failing-firmware", "emart_jeju_01, emart_jeju_02"],
    () => 7,
  );
  assert.ok(result.ok);
  assert.equal(result.args.firmwareFailureRate, 0.25);
  assert.deepEqual(result.args.failingFirmware, ["emart_jeju_01", "emart_jeju_02"]);
  const bad = parseSimArgs(["--firmware-failure-rate", "2"], () => 7);
  assert.ok(!bad.ok);
  assert.match(bad.error, /^Invalid --firmware-failure-rate 2: /);
});

Deno.test("parseSimArgs() reads every flag", () => {
  const result = parseSimArgs(
    [
      "--chargers",
      "1000",
      "--url",
      "ws://csms:9000/",
      "--no-auto",
      "--speed",
      "60",
      "--duration",
      "30",
      "--seed",
      "3",
      "--state-dir",
      "none",
    ],
    () => 7,
  );
  assert.ok(result.ok);
  const { chargers, url, isAuto, speed, durationS, seed, stateDir } = result.args;
  assert.deepEqual([chargers, url, isAuto, speed, durationS, seed, stateDir], [
    1000,
    "ws://csms:9000",
    false,
    60,
    30,
    3,
    null,
  ]);
});

Deno.test("parseSimArgs() explains a bad flag in one line", () => {
  const rows: [args: string[], error: string][] = [
    [["--bogus"], "Unknown option '--bogus'"],
    [["--chargers", "0"], "Invalid --chargers 0"],
    [["--chargers", "many"], "Invalid --chargers many"],
    [["--speed=-2"], "Invalid --speed -2"],
    [["--speed", "-2"], "Option '--speed' argument is ambiguous"],
    [["--url", "http://x"], "Invalid --url http://x: must be a ws:// or wss:// URL"],
    [["--chargers"], "argument missing"],
  ];
  for (const [args, error] of rows) {
    const result = parseSimArgs(args, () => 1);
    assert.ok(
      !result.ok && result.error.includes(error) && !result.error.includes("\n"),
      `${args}: ${!result.ok && result.error}`,
    );
  }
});

Deno.test("parseSimArgs() reads the security flags and never repeats a password in an error", () => {
  const password = "Station-Password-0001";
  const ok = parseSimArgs([
    "--url",
    "wss://csms:9443",
    "--password",
    password,
    "--ca-file",
    "ca.pem",
  ], () => 1);
  assert.ok(ok.ok);
  assert.deepEqual([ok.args.password, ok.args.caFile], [password, "ca.pem"]);
  const file = parseSimArgs(["--password-file", "passwords.json"], () => 1);
  assert.ok(file.ok && file.args.passwordFile === "passwords.json");
  const rows: [args: string[], error: string, secret?: string][] = [
    [
      ["--password", "short-secret"],
      "Invalid --password: must be 16 to 40 characters, got 12",
      "short-secret",
    ],
    [
      ["--password", password, "--password-file", "p.json"],
      "give --password or --password-file, not both",
    ],
    [["--ca-file", "ca.pem"], "Invalid --ca-file ca.pem: a CA file checks a wss:// CSMS"],
    [
      ["--url", "ws://cs:hunter2-hunter2@csms:9000"],
      "Invalid --url: must not hold credentials",
      "hunter2",
    ],
  ];
  for (const [args, error, secret] of rows) {
    const result = parseSimArgs(args, () => 1);
    assert.ok(!result.ok && result.error.includes(error), `${args}: ${!result.ok && result.error}`);
    if (secret) assert.ok(!result.error.includes(secret), result.error);
  }
});

Deno.test("parseSimArgs() reads TAMNA_SIM_* variables under the flags and names a bad one", () => {
  const env = { TAMNA_SIM_CHARGERS: "12", TAMNA_SIM_AUTO: "false", TAMNA_SIM_SPEED: "30" };
  const fromEnv = parseSimArgs([], () => 1, env);
  assert.ok(fromEnv.ok);
  assert.deepEqual([fromEnv.args.chargers, fromEnv.args.isAuto, fromEnv.args.speed], [
    12,
    false,
    30,
  ]);
  const flagWins = parseSimArgs(["--chargers", "3"], () => 1, env);
  assert.ok(flagWins.ok && flagWins.args.chargers === 3);
  const bad = parseSimArgs([], () => 1, { TAMNA_SIM_CHARGERS: "zero" });
  assert.ok(
    !bad.ok && bad.error.startsWith("Invalid TAMNA_SIM_CHARGERS=zero: "),
    String(!bad.ok && bad.error),
  );
  const secret = parseSimArgs([], () => 1, { TAMNA_SIM_PASSWORD: "short-secret" });
  assert.ok(!secret.ok && secret.error.startsWith("Invalid TAMNA_SIM_PASSWORD: "));
  assert.ok(!secret.error.includes("short-secret"));
});

Deno.test("SIM_COMMAND: every flag has a TAMNA_SIM_* variable that parses", () => {
  for (const flag of SIM_COMMAND.flags) {
    const name = envOf(SIM_COMMAND, flag);
    assert.match(name, /^TAMNA_SIM_[A-Z_]+$/);
    if (flag.default === undefined) continue;
    const parsed = parseSimArgs([], () => 1, { [name]: String(flag.default) });
    assert.ok(parsed.ok, `${name}: ${!parsed.ok && parsed.error}`);
  }
});
