import assert from "node:assert/strict";
import { closeLogging, setupLogging } from "../runtime/logging.ts";
import { createProtocolLog } from "./protocol_log.ts";

Deno.test("createProtocolLog() writes the seed's tags with pretty payloads when protocol debug is on", async () => {
  const dir = await Deno.makeTempDir();
  const logFile = `${dir}/ocpp.log`;
  try {
    const sink = new WritableStream<Uint8Array>();
    await setupLogging({ level: "WARNING", protocolDebug: true, logFile, consoleStream: sink });
    const log = createProtocolLog("SERVER");
    assert.equal(log.isEnabled, true);
    log.received("charger_001", '[2,"550e8400","RequestStartTransaction",{"evseId":1}]');
    log.sent("charger_001", '[3,"550e8400",{"status":"Accepted"}]');
    log.sent("charger_001", '[4,"x1","FormatViolation","bad",{}]');
    await closeLogging();
    const text = await Deno.readTextFile(logFile);
    for (
      const line of [
        "[SERVER-RECV] charger_001: [2,",
        "[OCPP-RAW-RECV]",
        "[OCPP-CALL-RECV] Action: RequestStartTransaction, ID: 550e8400",
        '[OCPP-PAYLOAD-RECV] {\n  "evseId": 1\n}',
        "[OCPP-CALLRESULT-SEND] ID: 550e8400",
        '[OCPP-RESPONSE-SEND] {\n  "status": "Accepted"\n}',
        "[OCPP-CALLERROR-SEND] ID: x1",
        "[OCPP-ERROR-SEND] FormatViolation: bad",
        "[SERVER-SEND] charger_001:",
      ]
    ) {
      assert.ok(text.includes(line), `log has ${line}`);
    }
    assert.match(
      text,
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - ocpp_server - DEBUG - \[SERVER-RECV\]/m,
    );
  } finally {
    await closeLogging();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createProtocolLog() logs nothing when protocol debug is off", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await setupLogging({
      level: "INFO",
      protocolDebug: false,
      logFile: `${dir}/x.log`,
      consoleStream: new WritableStream(),
    });
    const log = createProtocolLog("CHARGER");
    assert.equal(log.isEnabled, false);
    log.sent("c", '[2,"a","Heartbeat",{}]');
    await closeLogging();
    const text = await Deno.readTextFile(`${dir}/x.log`).catch(() => "");
    assert.equal(text, "");
  } finally {
    await closeLogging();
    await Deno.remove(dir, { recursive: true });
  }
});
