// The pricing plugin over managed tariffs: a transaction is priced by the tariff in force when it
// started (its own charger's over its site's), keeps that version to its end, is stored with it,
// reads time-of-use hours in the site's time zone, and pays an idle fee after charging ends.
import assert from "node:assert/strict";
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import type { PricedTariff, TariffLookup } from "../../actors/csms/tariffs.ts";
import { TariffPrices } from "../../actors/csms/tariff_prices.ts";
import { startPluginTestBed } from "../testing.ts";
import { pricingPlugin } from "./mod.ts";

const START_MS = Date.UTC(2026, 0, 21, 1, 30); // Wed 10:30 KST
const MINUTE = 60_000;

function txEvent(
  seqNo: number,
  eventType: "Started" | "Updated" | "Ended",
  options: { atMs: number; wh: number; state?: string; tx?: string },
): RequestOf<"TransactionEvent"> {
  const timestamp = new Date(options.atMs).toISOString();
  return {
    eventType,
    timestamp,
    triggerReason: eventType === "Ended" ? "EVCommunicationLost" : "ChargingStateChanged",
    seqNo,
    transactionInfo: {
      transactionId: options.tx ?? "tx-1",
      ...(options.state && { chargingState: options.state as "Charging" }),
    },
    evse: { id: 1, connectorId: 1 },
    meterValue: [{ timestamp, sampledValue: [{ value: options.wh }] }],
  };
}

/** A lookup over mutable tariffs: `current` is what a new session gets, by version. */
function lookup(current: { version: number; prices: Partial<TariffPrices> }, offset = 540) {
  const versions = new Map<number, TariffPrices>();
  const priced = (version: number): PricedTariff => ({
    tariffId: "site-tariff",
    version,
    prices: versions.get(version)!,
    utcOffsetMinutes: offset,
  });
  const tariffs: TariffLookup = {
    forCharger: () => {
      versions.set(current.version, TariffPrices.parse(current.prices));
      return priced(current.version);
    },
    pinned: (ref) => versions.has(ref.version) ? priced(ref.version) : undefined,
  };
  return tariffs;
}

async function bed(tariffs: TariffLookup) {
  const test = await startPluginTestBed([pricingPlugin({ tariffs })], { startMs: START_MS });
  const cs1 = test.station("cs1");
  const handle = async (request: RequestOf<"TransactionEvent">) => {
    await test.clock.advance(Math.max(0, Date.parse(request.timestamp) - test.clock.now()));
    return await cs1.call("TransactionEvent", request);
  };
  return { test, cs1, handle };
}

Deno.test("pricingPlugin() keeps a running session on its tariff version and stores it with every event", async () => {
  const current = { version: 1, prices: { priceKrwPerKwh: 200 } };
  const { test, cs1, handle } = await bed(lookup(current));
  try {
    await handle(txEvent(0, "Started", { atMs: START_MS, wh: 0 }));
    current.version = 2;
    current.prices = { priceKrwPerKwh: 300 };
    const first = await handle(txEvent(1, "Ended", { atMs: START_MS + MINUTE, wh: 10_000 }));
    assert.deepEqual(first, { totalCost: 2000 }, "10 kWh at version 1's 200 KRW");
    await handle(txEvent(0, "Started", { atMs: START_MS + 2 * MINUTE, wh: 0, tx: "tx-2" }));
    const second = await handle(
      txEvent(1, "Ended", { atMs: START_MS + 3 * MINUTE, wh: 10_000, tx: "tx-2" }),
    );
    assert.deepEqual(second, { totalCost: 3000 }, "the next session: version 2");
    assert.deepEqual(
      cs1.stored.map((r) => [r.transactionId, r.tariffId, r.tariffVersion]),
      [["tx-1", "site-tariff", 1], ["tx-1", "site-tariff", 1], ["tx-2", "site-tariff", 2], [
        "tx-2",
        "site-tariff",
        2,
      ]],
    );
  } finally {
    await test.stop();
  }
});

Deno.test("pricingPlugin() reads time-of-use hours in the site's time zone", async () => {
  const tou = {
    priceKrwPerKwh: 100,
    timeOfUse: {
      periods: { peak: 300 },
      rules: [{ period: "peak", fromHour: 10, toHour: 11 }],
    },
  };
  // 10:30 in Seoul is peak; the same instant in UTC (01:30) is not.
  for (const [offset, expected] of [[540, 3000], [0, 1000]]) {
    const { test, handle } = await bed(lookup({ version: 1, prices: tou }, offset));
    try {
      await handle(txEvent(0, "Started", { atMs: START_MS, wh: 0 }));
      await handle(txEvent(1, "Updated", { atMs: START_MS + MINUTE, wh: 10_000 }));
      const end = await handle(txEvent(2, "Ended", { atMs: START_MS + 2 * MINUTE, wh: 10_000 }));
      assert.deepEqual(end, { totalCost: expected }, `offset ${offset}`);
    } finally {
      await test.stop();
    }
  }
});

Deno.test("pricingPlugin() adds the idle fee for whole minutes plugged in after charging, past the grace", async () => {
  const prices = { priceKrwPerKwh: 100, idleFeeKrwPerMinute: 250.5, idleGraceMinutes: 10 };
  const { test, handle } = await bed(lookup({ version: 1, prices }));
  try {
    await handle(txEvent(0, "Started", { atMs: START_MS, wh: 0, state: "EVConnected" }));
    await handle(txEvent(1, "Updated", { atMs: START_MS + MINUTE, wh: 0, state: "Charging" }));
    await handle(
      txEvent(2, "Updated", { atMs: START_MS + 31 * MINUTE, wh: 10_000, state: "SuspendedEV" }),
    );
    const end = await handle(
      txEvent(3, "Ended", { atMs: START_MS + 55 * MINUTE + 59_000, wh: 10_000 }),
    );
    // 10 kWh × 100 = 1000; idle 24 min 59 s → 24 whole minutes − 10 grace = 14 × 250.5 = 3507.
    assert.deepEqual(end, { totalCost: 1000 + 3507 });
  } finally {
    await test.stop();
  }
});

Deno.test("pricingPlugin() prices a session pinned before a restart by that version, without hook state", async () => {
  const tariffs = lookup({ version: 1, prices: { priceKrwPerKwh: 200 } });
  tariffs.forCharger("cs1", START_MS); // version 1 exists
  const pinned: TariffLookup = {
    forCharger: () => ({
      tariffId: "site-tariff",
      version: 9,
      prices: TariffPrices.parse({ priceKrwPerKwh: 300 }),
      utcOffsetMinutes: 540,
    }),
    pinned: tariffs.pinned,
  };
  const { test, cs1, handle } = await bed(pinned);
  try {
    // A restarted CSMS loads the open transaction with its stored tariff, and no hook state.
    const restored = {
      transactionId: "tx-1",
      meterStartWh: 0,
      lastSeqNo: 4,
      recentSeqNos: [],
      isEnded: false,
      tariff: { tariffId: "site-tariff", version: 1 },
    };
    const transactions = new Map(cs1.state.transactions).set("tx-1", restored);
    Object.assign(cs1.state, { transactions });
    const end = await handle(txEvent(5, "Ended", { atMs: START_MS, wh: 10_000 }));
    assert.deepEqual(end, { totalCost: 2000 }, "version 1's 200 KRW, not the current 300");
    assert.equal(cs1.stored.at(-1)?.tariffVersion, 1);
  } finally {
    await test.stop();
  }
});
