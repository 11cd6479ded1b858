// The five interoperability scenarios of the seed, run by `deno task sim --scenario all
// --self-host`: a Tamna CSMS in-process on free loopback ports with a temporary PGlite
// database, five scenarios at ×20, every check printed, exit code 0. Bounded to a minute.
import assert from "node:assert/strict";
import { startInProcessCsms } from "../main.ts";
import { runSimCli } from "../sim/cli/sim_cli.ts";
import { captureCliIo as capture } from "./support/test_station.ts";

Deno.test("runSimCli(--scenario all --self-host) passes the seed's five scenarios within a minute", async () => {
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(), 60_000);
  const io = { ...capture(limit.signal), startCsms: startInProcessCsms };
  const startedMs = Date.now();
  try {
    const code = await runSimCli(["--scenario", "all", "--self-host"], io);
    const text = io.out.join("");
    assert.equal(limit.signal.aborted, false, `over a minute:\n${text}`);
    assert.equal(code, 0, `${text}\n${io.err.join("\n")}`);
    for (let id = 1; id <= 5; id++) assert.match(text, new RegExp(`^PASS  scenario ${id}: `, "m"));
    assert.doesNotMatch(text, /^ {2}FAIL/m);
    assert.match(text, /^All 5 scenarios passed$/m);
    // The checks name what they measured, e.g. the 400 kW of scenario 4 and its note on 350.
    assert.match(text, /power drawn together at the chargers, kW: 400/);
    assert.match(text, /the seed says 350 kW/);
    assert.match(text, /reconnect tries after 1, 2, 4/);
    assert.ok(Date.now() - startedMs < 60_000);
  } finally {
    clearTimeout(timer);
  }
});

Deno.test("runSimCli(--scenario) exits 2 with one line for bad scenario flags", async () => {
  const rows = [
    ["--scenario", "6"],
    ["--scenario", "1", "--api-url", "ftp://x"],
    ["--scenario", "1", "--self-host", "--csms-command", "true"],
    ["--scenario", "1", "--self-host"], // no in-process CSMS to start: main.ts passes one
    ["--scenario", "1", "--wat"],
    ["--scenario"],
  ];
  for (const args of rows) {
    const io = capture();
    assert.equal(await runSimCli(args, io), 2, args.join(" "));
    assert.equal(io.err.length, 1, args.join(" "));
    assert.ok(!io.err[0].includes("\n"), io.err[0]);
  }
});

Deno.test("runSimCli(--scenario) exits 1 saying so when the CSMS cannot be reached", async () => {
  const io = capture();
  const code = await runSimCli([
    "--scenario",
    "1",
    "--url",
    "ws://127.0.0.1:9",
    "--api-url",
    "http://127.0.0.1:9",
  ], io);
  assert.equal(code, 1);
  assert.match(io.err.join("\n"), /cannot reach the CSMS.*--self-host/);
});
