import assert from "node:assert/strict";
import { parseSimArgs } from "./cli_args.ts";

Deno.test("parseSimArgs() gives the defaults of DESIGN.md", () => {
  assert.deepEqual(parseSimArgs([], () => 7), {
    ok: true,
    args: {
      chargers: 34,
      url: "ws://localhost:9000",
      fleet: "emart-jeju",
      isAuto: true,
      speed: 1,
      durationS: undefined,
      seed: 7,
      stateDir: "./data/sim",
      isHelp: false,
    },
  });
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
