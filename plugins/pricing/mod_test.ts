import assert from "node:assert/strict";
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import { startPluginTestBed } from "../testing.ts";
import { pricingPlugin } from "./mod.ts";

const START_MS = Date.UTC(2026, 0, 21, 1, 30); // Wed 10:30 KST

function txEvent(
  seqNo: number,
  eventType: "Started" | "Updated" | "Ended",
  atMs: number,
  energyWh: number,
): RequestOf<"TransactionEvent"> {
  const timestamp = new Date(atMs).toISOString();
  return {
    eventType,
    timestamp,
    triggerReason: eventType === "Ended" ? "StopAuthorized" : "MeterValuePeriodic",
    seqNo,
    transactionInfo: { transactionId: "tx-1" },
    evse: { id: 1, connectorId: 1 },
    meterValue: [{ timestamp, sampledValue: [{ value: energyWh }] }],
  };
}

/** The pricing plugin on a fake clock, and a station answered by the CSMS's handlers. */
async function harness(config: Record<string, unknown> = {}) {
  const bed = await startPluginTestBed([pricingPlugin()], {
    config: { pricing: config },
    startMs: START_MS,
  });
  const cs1 = bed.station("cs1");
  const failed = () =>
    bed.events.flatMap((e) => e.type === "plugin.failed" ? [e.payload.error] : []);
  const station = {
    /** Handles one TransactionEvent at its timestamp on the fake clock; returns the answer. */
    async handle(request: RequestOf<"TransactionEvent">) {
      await bed.clock.advance(Math.max(0, Date.parse(request.timestamp) - bed.clock.now()));
      return cs1.call("TransactionEvent", request);
    },
  };
  /** The final costs the CSMS would store with the Ended events. */
  const costs = () =>
    cs1.stored.flatMap((r) =>
      r.costKrw === undefined ? [] : [[r.chargerId, r.transactionId, r.costKrw]]
    );
  return { clock: bed.clock, host: bed.host, sent: bed.sent, failed, station, costs };
}

Deno.test("pricingPlugin() answers Ended with 150 KRW/kWh of the register delta and stores it with the event", async () => {
  const { host, station, costs } = await harness({});
  try {
    assert.deepEqual(await station.handle(txEvent(0, "Started", START_MS, 1000)), {});
    assert.deepEqual(await station.handle(txEvent(1, "Updated", START_MS + 5_000, 9500)), {});
    assert.deepEqual(await station.handle(txEvent(2, "Ended", START_MS + 10_000, 21150)), {
      totalCost: 3023,
    });
    assert.deepEqual(costs(), [["cs1", "tx-1", 3023]]);
  } finally {
    await host.stop();
  }
});

Deno.test("pricingPlugin() prices energy by the time-of-use period it was delivered in", async () => {
  const { host, station, costs } = await harness({
    sessionFeeKrw: 300,
    timeOfUse: {
      periods: { mid: 145.3, peak: 210.5 },
      rules: [{ period: "peak", fromHour: 11, toHour: 12 }, { period: "mid" }],
    },
  });
  try {
    const HOUR = 3_600_000;
    await station.handle(txEvent(0, "Started", START_MS, 0)); // 10:30 KST
    await station.handle(txEvent(1, "Updated", START_MS + HOUR / 2, 40_000)); // 11:00, mid
    // 11:00–11:45: peak; 11:45–12:15: 30 kWh spread evenly, half peak, half mid.
    await station.handle(txEvent(2, "Updated", START_MS + (5 * HOUR) / 4, 80_000));
    const answer = await station.handle(txEvent(3, "Ended", START_MS + (7 * HOUR) / 4, 110_000));
    // mid 40 + 15 kWh × 145.3 = 7991.5; peak 40 + 15 kWh × 210.5 = 11577.5; + 300 fee.
    assert.deepEqual(answer, { totalCost: 7991.5 + 11577.5 + 300 });
    assert.deepEqual(costs(), [["cs1", "tx-1", 19869]]);
  } finally {
    await host.stop();
  }
});

Deno.test("pricingPlugin() sends CostUpdated at most once per interval while the cost changes", async () => {
  const { host, station, sent } = await harness({ costUpdatedIntervalS: 60 });
  try {
    for (let i = 0; i <= 36; i++) {
      const type = i === 0 ? "Started" : i === 36 ? "Ended" : "Updated";
      await station.handle(txEvent(i, type, START_MS + i * 5_000, i * 1_000));
    }
    // Started at t=0; Updated every 5 s; due at t=60 s and t=120 s; the Ended (t=180 s) is
    // answered with totalCost instead.
    assert.deepEqual(sent, [
      ["cs1", "CostUpdated", { transactionId: "tx-1", totalCost: 1800 }],
      ["cs1", "CostUpdated", { transactionId: "tx-1", totalCost: 3600 }],
    ]);
  } finally {
    await host.stop();
  }
});

Deno.test("pricingPlugin() sends CostUpdated per delivered energy when configured so", async () => {
  const { host, station, sent } = await harness({
    costUpdatedIntervalS: 0,
    costUpdatedEveryWh: 5000,
  });
  try {
    for (let i = 0; i < 12; i++) {
      await station.handle(
        txEvent(i, i === 0 ? "Started" : "Updated", START_MS + i * 1000, i * 1000),
      );
    }
    assert.deepEqual(sent.map(([, , p]) => (p as { totalCost: number }).totalCost), [750, 1500]);
  } finally {
    await host.stop();
  }
});
