// I02 end to end: while a simulated charger charges, the pricing plugin sends it CostUpdated with
// the running cost; the charger answers, keeps the cost with its transaction, and its protocol
// debug log shows the call (`[CHARGER-RECV]`, `[OCPP-CALL-RECV] Action: CostUpdated`).
import assert from "node:assert/strict";
import { closeLogging, setupLogging } from "../actors/runtime/logging.ts";
import { startCharger } from "../sim/station/charger.ts";
import { scaledClock } from "../sim/fleet/scaled_clock.ts";
import { TEST_CONFIG } from "./support/test_station.ts";
import { startTestServer } from "./helpers.ts";
import { eventually } from "./support/browser.ts";

Deno.test("I02 the simulator answers CostUpdated, keeps the running cost and logs the call", async () => {
  const dir = await Deno.makeTempDir();
  const logFile = `${dir}/ocpp_protocol_debug.log`;
  await setupLogging({
    level: "WARNING",
    protocolDebug: true,
    logFile,
    consoleStream: new WritableStream(),
  });
  const server = await startTestServer({
    pluginConfig: { pricing: { costUpdatedIntervalS: 0, costUpdatedEveryWh: 100 } },
  });
  const sim = await startCharger({
    url: server.ocppUrl,
    config: { ...TEST_CONFIG, txIdPrefix: crypto.randomUUID().slice(0, 8) },
    clock: scaledClock(50),
    stateDir: null,
  });
  try {
    await eventually(() => assert.equal(sim.registration, "Accepted"));
    const { response } = await server.commands.start(TEST_CONFIG.chargerId, { evseId: 1 });
    assert.equal(response.status, "Accepted");
    const cost = await eventually(() => {
      const totalCost = sim.snapshot().tx?.totalCost;
      assert.ok(totalCost !== undefined && totalCost > 0, `cost ${totalCost}`);
      return totalCost;
    });
    // The charger holds the cost once the call arrives; its answer reaches the CSMS after.
    await eventually(() => {
      const sent = server.events.filter((e) =>
        e.type === "command.answered" &&
        (e.payload as { action: string }).action === "CostUpdated"
      );
      assert.ok(sent.length > 0, "the CSMS heard the charger's answer to CostUpdated");
    });
    assert.ok(cost > 0);
    await sim.stop();
    await server.close();
    await closeLogging();
    const log = await Deno.readTextFile(logFile);
    assert.match(log, /\[CHARGER-RECV\] emart_jeju_01: \[2,"[^"]+","CostUpdated",\{/);
    assert.match(log, /\[OCPP-CALL-RECV\] Action: CostUpdated/);
    assert.match(log, /\[OCPP-CALLRESULT-SEND\]/);
  } finally {
    await sim.stop();
    await server.close();
    await closeLogging();
    await Deno.remove(dir, { recursive: true });
  }
});
