// Runs the simulator CLI against the loopback CSMS: 30 simulated seconds at ×100 take 300 ms.
import assert from "node:assert/strict";
import { runSimCli } from "./sim_cli.ts";
import { captureCliIo as capture } from "../../tests/support/test_station.ts";
import { startLoopbackCsms } from "../../tests/support/loopback_csms.ts";

Deno.test("runSimCli() runs a fleet for --duration and prints a summary", async () => {
  const csms = startLoopbackCsms();
  const io = capture();
  try {
    const code = await runSimCli(
      [
        "--chargers",
        "3",
        "--url",
        csms.url,
        "--speed",
        "100",
        "--duration",
        "30",
        "--seed",
        "5",
        "--state-dir",
        "none",
      ],
      io,
    );
    assert.equal(code, 0, io.err.join("\n"));
    const text = io.out.join("");
    assert.match(text, /Tamna simulator: 3 stations of emart-jeju/);
    assert.match(text, /Simulated 3 stations for 00:00:3\d .*seed 5/);
    assert.deepEqual(csms.received("emart_jeju_03", "BootNotification").length, 1);
    assert.deepEqual(csms.invalid, []);
  } finally {
    await csms.stop();
  }
});

Deno.test("runSimCli() stops cleanly when aborted, like Ctrl-C", async () => {
  const csms = startLoopbackCsms();
  const controller = new AbortController();
  const io = capture(controller.signal);
  try {
    const running = runSimCli([
      "--chargers",
      "2",
      "--url",
      csms.url,
      "--no-auto",
      "--state-dir",
      "none",
    ], io);
    // The stations connect in real time at ×1; give them a moment before "pressing Ctrl-C".
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    assert.equal(await running, 0);
    assert.match(io.out.join(""), /Stopping: ending sessions \(Other\)/);
  } finally {
    await csms.stop();
  }
});

Deno.test("runSimCli() exits 2 with one line on stderr for bad flags or a bad fleet file", async () => {
  const rows: string[][] = [
    ["--chargers", "0"],
    ["--wat"],
    ["--fleet", "/nonexistent/fleet.json"],
    ["--scenario", "9"],
  ];
  for (const args of rows) {
    const io = capture();
    assert.equal(await runSimCli(args, io), 2, args.join(" "));
    assert.equal(io.err.length, 1, args.join(" "));
    assert.ok(!io.err[0].includes("\n"), io.err[0]);
  }
});

Deno.test("runSimCli() exits 1 and counts errors when no CSMS listens; progress goes to stderr", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now
  const progress: string[] = [];
  const io = { ...capture(), progress: (text: string) => void progress.push(text) };
  const code = await runSimCli(
    ["--chargers", "2", "--url", `ws://127.0.0.1:${port}`, "--speed", "100", "--duration", "600"]
      .concat(["--no-auto", "--state-dir", "none", "--seed", "3"]),
    io,
  );
  assert.equal(code, 1);
  const out = io.out.join("");
  assert.match(out, /Errors: [1-9][\d,]* \([1-9][\d,]* failed connection tries\)/);
  assert.match(out, /2 stations never connected/);
  assert.ok(io.err.some((line) => /2 of 2 stations never connected/.test(line)), io.err.join("\n"));
  // 600 simulated seconds at ×100 are 6 s of real time: one progress line (every 5 s).
  assert.ok(progress.some((line) => / msg\/s /.test(line)), "a progress line on stderr");
  assert.ok(!out.includes(" msg/s"), "no progress line on stdout");
});
