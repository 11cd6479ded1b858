import assert from "node:assert/strict";
import { createBus } from "./events.ts";
import { createMemoryHistory } from "./memory_history.ts";

const AT = "2026-01-21T05:30:00.000Z";
const base = { chargerId: "cs1", transactionId: "tx1", timestamp: AT, at: AT };

Deno.test("createMemoryHistory() takes the start register as the station settles it", async () => {
  const bus = createBus();
  const history = createMemoryHistory({ bus, siteOf: () => "site" });
  try {
    // A Started without a reading; the first reading after it is the start, until the Ended's
    // Transaction.Begin reading replaces it.
    bus.emit("transaction.started", { ...base });
    const updated = {
      ...base,
      seqNo: 1,
      eventType: "Updated" as const,
      triggerReason: "MeterValuePeriodic",
      offline: false,
      isEnded: false,
    };
    bus.emit("transaction.updated", { ...updated, meterStartWh: 2000, energyWh: 2000 });
    bus.emit("transaction.updated", { ...updated, seqNo: 2, meterStartWh: 2000, energyWh: 2600 });
    let [row] = await history.listTransactions({});
    assert.equal(row.energy_wh, 600);
    bus.emit("transaction.ended", { ...base, meterStartWh: 1500, meterStopWh: 5000 });
    [row] = await history.listTransactions({});
    assert.equal(row.energy_wh, 3500, "the Ended's start, as stored");
  } finally {
    history.close();
  }
});
