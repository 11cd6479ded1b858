import assert from "node:assert/strict";
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import { foldPricing, pricedEnergy, type PricingState } from "./meter_fold.ts";
import { PricingConfig } from "./tariff.ts";

const FLAT = PricingConfig.parse({});
const AT = "2026-01-21T01:30:00.000Z";

function request(samples: [string, number][]): RequestOf<"TransactionEvent"> {
  return {
    eventType: "Updated",
    timestamp: AT,
    triggerReason: "MeterValuePeriodic",
    seqNo: 1,
    transactionInfo: { transactionId: "tx-1" },
    meterValue: samples.map(([timestamp, value]) => ({
      timestamp,
      sampledValue: [{ value, measurand: "Energy.Active.Import.Register" as const }],
    })),
  };
}

const tx = (meterStartWh?: number) => ({
  transactionId: "tx-1",
  meterStartWh,
  lastSeqNo: 1,
  isEnded: false,
});

Deno.test("pricedEnergy() counts from the register at start when the fold's state was lost", () => {
  const state = foldPricing(FLAT, {
    request: request([[AT, 5000]]),
    tx: tx(1000),
    state: undefined,
  });
  const atMs = Date.parse(AT);
  assert.deepEqual(state, {
    firstAtMs: atMs,
    firstWh: 5000,
    lastAtMs: atMs,
    lastWh: 5000,
    whByPeriod: {},
  });
  assert.deepEqual(pricedEnergy(FLAT, state, 1000), { flat: 4000 });
  assert.deepEqual(pricedEnergy(FLAT, state, undefined), {}, "no start known: from the reading");
  assert.deepEqual(pricedEnergy(FLAT, undefined, 1000), {});
});

Deno.test("pricedEnergy() follows a start register that became known after the fold began", () => {
  // The Started carried no reading: the fold began at the first Updated (1,000 Wh); the Ended
  // then repeats the Transaction.Begin reading (400 Wh), older than anything folded.
  let state = foldPricing(FLAT, { request: request([[AT, 1000]]), tx: tx(1000), state: undefined });
  state = foldPricing(FLAT, {
    request: request([["2026-01-21T01:00:00.000Z", 400], ["2026-01-21T02:00:00.000Z", 3000]]),
    tx: tx(400),
    state,
  });
  assert.deepEqual(state?.whByPeriod, { flat: 2000 }, "the older reading is not folded");
  assert.deepEqual(pricedEnergy(FLAT, state, 400), { flat: 2600 }, "last register − start");
  assert.deepEqual(pricedEnergy(FLAT, state, 1000), { flat: 2000 });
});

Deno.test("foldPricing() folds every reading of an event and restarts on a register reset", () => {
  const start: PricingState = {
    firstAtMs: Date.parse(AT),
    firstWh: 1000,
    lastAtMs: Date.parse(AT),
    lastWh: 1000,
    whByPeriod: { flat: 0 },
  };
  const state = foldPricing(FLAT, {
    request: request([
      ["2026-01-21T01:31:00.000Z", 1500],
      ["2026-01-21T01:32:00.000Z", 200], // meter replaced
      ["2026-01-21T01:33:00.000Z", 700],
    ]),
    tx: tx(1000),
    state: start,
  });
  assert.deepEqual(state?.whByPeriod, { flat: 1000 });
  assert.equal(state?.lastWh, 700);
});

Deno.test("foldPricing() keeps the state when an event carries no energy register", () => {
  const start: PricingState = {
    firstAtMs: 0,
    firstWh: 0,
    lastAtMs: 0,
    lastWh: 10,
    whByPeriod: { flat: 10 },
  };
  const noEnergy = request([]);
  assert.equal(foldPricing(FLAT, { request: noEnergy, tx: tx(0), state: start }), start);
  assert.equal(foldPricing(FLAT, { request: noEnergy, tx: tx(0), state: undefined }), undefined);
});

Deno.test("foldPricing() skips readings not newer than the last one (an Ended event repeating Begin and periodic samples)", () => {
  const t0 = "2026-01-21T01:30:00.000Z";
  const t1 = "2026-01-21T01:31:00.000Z";
  const t2 = "2026-01-21T01:32:00.000Z";
  let state = foldPricing(FLAT, { request: request([[t0, 0]]), tx: tx(0), state: undefined });
  state = foldPricing(FLAT, { request: request([[t1, 500]]), tx: tx(0), state });
  state = foldPricing(FLAT, {
    request: request([[t0, 0], [t1, 500], [t2, 1000]]),
    tx: tx(0),
    state,
  });
  assert.deepEqual(state?.whByPeriod, { flat: 1000 });
  assert.equal(state?.lastWh, 1000);
});
