// The demo end to end on loopback (the seed's demo.py and demo_protocol_debug.py). The chargers
// run at ×60, so 30 simulated seconds of charging take half a real second.
import assert from "node:assert/strict";
import { startCsms } from "../../mod.ts";
import { type DemoIo, demoLogging, parseDemoArgs, PROTOCOL_DEBUG_LOG, runDemoCli } from "./demo.ts";

function capture(env: Record<string, string | undefined> = {}): DemoIo & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    print: (line) => void lines.push(line),
    error: (line) => void lines.push(`error: ${line}`),
    logStream: new WritableStream(), // protocol lines would flood the test output
    env,
    startCsms: () => startCsms(),
  };
}

Deno.test("runDemoCli() prints the seed's six steps in Korean: 3 chargers, energy, stop, final state", async () => {
  const io = capture();
  const code = await runDemoCli(["--lang", "ko", "--speed", "60", "--charge-s", "30"], io);
  assert.equal(code, 0, io.lines.join("\n"));
  const text = io.lines.join("\n");
  const steps = io.lines.filter((line) => /^\[\d단계\]/.test(line));
  assert.deepEqual(steps, [
    "[1단계] 충전기 연결 중...",
    "[2단계] 현재 연결된 충전기: 3",
    "[3단계] 첫 번째 충전기 거래 시작...",
    "[4단계] 거래 상태 확인...",
    "[5단계] 거래 중지...",
    "[6단계] 최종 상태:",
  ]);
  for (const id of ["charger_001", "charger_002", "charger_003"]) {
    assert.ok(text.includes(`  - ${id}: Boot=True, Connected=True`), text);
    assert.ok(text.includes(`  - ${id}: 연결됨=True`), text);
  }
  const charging = text.match(/ {2}- charger_001: 충전 중 \(에너지: (\d+\.\d\d) kWh\)/);
  assert.ok(charging && Number(charging[1]) > 0, text);
  assert.match(text, /charger_001: Accepted \(에너지: \d+\.\d\d kWh, 요금: \d+원, 사유: Remote\)/);
  assert.ok(io.lines.at(-1) === "데모 완료", text);
});

Deno.test("runDemoCli() --protocol-debug writes the seed's tags to the log file", async () => {
  const logFile = await Deno.makeTempFile({ prefix: "ocpp_protocol_debug_", suffix: ".log" });
  try {
    const io = capture();
    const args = ["--protocol-debug", "--log-file", logFile, "--lang", "en", "--speed", "60"];
    const code = await runDemoCli([...args, "--charge-s", "15"], io);
    assert.equal(code, 0, io.lines.join("\n"));
    assert.ok(io.lines.includes("Step 6: Final state:"), io.lines.join("\n"));
    assert.equal(io.lines.at(-1), `Log: ${logFile}`);
    const log = await Deno.readTextFile(logFile);
    for (
      const tag of ["[OCPP-CALL-SEND]", "[OCPP-PAYLOAD-SEND]", "[CHARGER-SEND]", "[SERVER-RECV]"]
    ) {
      assert.ok(log.includes(tag), `no ${tag} line in the log`);
    }
    assert.match(log, /\[OCPP-CALL-SEND\] Action: RequestStartTransaction, ID: /);
    assert.match(log, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - ocpp_messages - DEBUG - /m);
  } finally {
    await Deno.remove(logFile);
  }
});

Deno.test("demoLogging() writes ocpp_protocol_debug.log for --protocol-debug and honours the seed's variables", () => {
  const flag = parseDemoArgs(["--protocol-debug"]);
  assert.ok(flag.ok);
  assert.deepEqual(demoLogging(flag.args, {}), {
    level: "WARNING",
    protocolDebug: true,
    logFile: PROTOCOL_DEBUG_LOG,
  });
  const plain = parseDemoArgs([]);
  assert.ok(plain.ok);
  assert.deepEqual(
    demoLogging(plain.args, { OCPP_PROTOCOL_DEBUG: "true", OCPP_LOG_LEVEL: "debug" }),
    { level: "DEBUG", protocolDebug: true, logFile: undefined },
  );
  assert.deepEqual(demoLogging(plain.args, { OCPP_LOG_LEVEL: "LOUD" }), {
    error: "invalid environment OCPP_LOG_LEVEL: " +
      'Invalid option: expected one of "DEBUG"|"INFO"|"WARNING"|"ERROR"',
  });
});

Deno.test("parseDemoArgs() refuses an unknown language or flag with a one-line reason", async () => {
  const lang = parseDemoArgs(["--lang", "fr"]);
  assert.ok(!lang.ok && lang.error.startsWith("Invalid --lang fr: "), JSON.stringify(lang));
  const env = parseDemoArgs([], { TAMNA_DEMO_SPEED: "0" });
  assert.ok(!env.ok && env.error.startsWith("Invalid TAMNA_DEMO_SPEED=0: "), JSON.stringify(env));
  const fromEnv = parseDemoArgs([], { TAMNA_DEMO_LANG: "en", TAMNA_DEMO_PROTOCOL_DEBUG: "1" });
  assert.ok(fromEnv.ok && fromEnv.args.lang === "en" && fromEnv.args.isProtocolDebug);
  const io = capture();
  assert.equal(await runDemoCli(["--chargers", "3"], io), 2);
  assert.match(io.lines[0], /^error: demo: Unknown option '--chargers'/);
});
