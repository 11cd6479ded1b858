/**
 * A first plugin, run without a server: `deno run plugins/examples/energy_report.ts`. It
 * reports each finished session on the bus and prices it in the charger's answer.
 */
import { definePlugin } from "../mod.ts";
import { startPluginTestBed } from "../testing.ts";

export const energyReport = definePlugin({
  name: "energy-report",
  setup(bus, ctx) {
    // Bus handlers run on this plugin's own queue, after the charger was answered.
    bus.on("transaction.ended", ({ chargerId, transactionId, energyWh }) => {
      console.log(`${chargerId} ${transactionId}: ${energyWh} Wh`);
    });
    // A response hook runs while the charger waits: pure, no I/O. 200 KRW/kWh, half-up.
    ctx.onTransactionEventResponse(({ tx }) => {
      const energyWh = (tx.lastEnergyWh ?? 0) - (tx.meterStartWh ?? 0);
      return { costKrw: Math.floor((energyWh * 200 + 500) / 1000) };
    });
  },
});

if (import.meta.main) {
  // The test bed feeds a station's calls through the CSMS's own handlers on a fake clock.
  const bed = await startPluginTestBed([energyReport]);
  const station = bed.station("emart_jeju_01");
  for (const [seqNo, eventType, value] of [[0, "Started", 1000], [1, "Ended", 21150]] as const) {
    const answer = await station.call("TransactionEvent", {
      eventType,
      seqNo,
      timestamp: new Date(bed.clock.now()).toISOString(),
      triggerReason: eventType === "Started" ? "Authorized" : "StopAuthorized",
      transactionInfo: { transactionId: "tx-1" },
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value }] }],
    });
    console.log(eventType, "answered", JSON.stringify(answer));
  }
  await bed.stop(); // prints "emart_jeju_01 tx-1: 20150 Wh"; Ended was answered {"totalCost":4030}
}
