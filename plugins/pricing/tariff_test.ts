import assert from "node:assert/strict";
import { costKrw, periodAt, PricingConfig, splitEnergy } from "./tariff.ts";

const FLAT = PricingConfig.parse({});

/** A KEPCO-style table (EV charging, summer weekday): light 22–08, peak 11–12 and 13–17. */
const KEPCO = PricingConfig.parse({
  priceKrwPerKwh: 150,
  timeOfUse: {
    periods: { light: 87.3, mid: 145.3, peak: 210.5 },
    rules: [
      { period: "light", days: ["Sat", "Sun"] },
      { period: "light", fromHour: 22, toHour: 8 },
      { period: "peak", fromHour: 11, toHour: 12 },
      { period: "peak", fromHour: 13, toHour: 17 },
      { period: "mid" },
    ],
  },
});

/** KST wall time (UTC+9) as epoch ms. 2026-01-21 is a Wednesday. */
const kst = (day: number, hour: number, minute = 0) => Date.UTC(2026, 0, day, hour - 9, minute);

Deno.test("costKrw() rounds Wh × price / 1000 half-up to whole won", () => {
  const cases: [number, number][] = [
    [0, 0],
    [1, 0], // 0.15
    [3, 0], // 0.45
    [10, 2], // 1.5 → 2
    [20150, 3023], // 3022.5 → 3023
    [20149, 3022], // 3022.35
    [100_000, 15_000],
  ];
  for (const [wh, krw] of cases) assert.equal(costKrw(FLAT, { flat: wh }), krw, `${wh} Wh`);
});

Deno.test("costKrw() prices decimal tariffs exactly and rounds once over all periods", () => {
  // 3 × 0.5 won would round to 3 won if each period were rounded; once it is 1.5 → 2.
  const config = PricingConfig.parse({
    timeOfUse: { periods: { a: 0.5, b: 0.5, c: 0.5 }, rules: [] },
  });
  assert.equal(costKrw(config, { a: 1000, b: 1000, c: 1000 }), 2);
  // 10 kWh × 87.3 + 5 kWh × 210.5 = 873 + 1052.5 = 1925.5 → 1926.
  assert.equal(costKrw(KEPCO, { light: 10_000, peak: 5_000 }), 1926);
});

Deno.test("costKrw() adds the session fee only when energy was delivered", () => {
  const config = PricingConfig.parse({ sessionFeeKrw: 500 });
  assert.equal(costKrw(config, {}), 0);
  assert.equal(costKrw(config, { flat: 0 }), 0);
  assert.equal(costKrw(config, { flat: 1000 }), 650);
});

Deno.test("periodAt() applies the first matching rule in local time (KST)", () => {
  const cases: [number, string][] = [
    [kst(21, 3), "light"], // Wed 03:00, overnight rule
    [kst(21, 7, 59), "light"],
    [kst(21, 8), "mid"],
    [kst(21, 11, 30), "peak"],
    [kst(21, 12, 30), "mid"],
    [kst(21, 16, 59), "peak"],
    [kst(21, 22), "light"],
    [kst(24, 14), "light"], // Saturday
    [kst(25, 14), "light"], // Sunday
  ];
  for (const [atMs, period] of cases) {
    assert.equal(periodAt(KEPCO, atMs), period, new Date(atMs).toISOString());
  }
  assert.equal(periodAt(FLAT, kst(21, 12)), "flat");
});

Deno.test("periodAt() selects seasons by month and falls back to the flat price", () => {
  const config = PricingConfig.parse({
    priceKrwPerKwh: 150,
    timeOfUse: {
      periods: { summerPeak: 250 },
      rules: [{ period: "summerPeak", months: [6, 7, 8], fromHour: 13, toHour: 17 }],
    },
  });
  assert.equal(periodAt(config, Date.UTC(2026, 6, 15, 14 - 9)), "summerPeak");
  assert.equal(periodAt(config, Date.UTC(2026, 0, 15, 14 - 9)), "flat");
  assert.equal(costKrw(config, { flat: 1000, summerPeak: 1000 }), 400);
});

Deno.test("splitEnergy() splits energy across period boundaries by time, summing exactly", () => {
  // 10:30–11:30 KST: half mid, half peak.
  assert.deepEqual(
    splitEnergy(KEPCO, { fromMs: kst(21, 10, 30), toMs: kst(21, 11, 30), energyWh: 50_001 }),
    { mid: 25_001, peak: 25_000 },
  );
  // 21:00–09:00: 1 h mid, 10 h light, 1 h mid.
  const overnight = splitEnergy(KEPCO, {
    fromMs: kst(21, 21),
    toMs: kst(22, 9),
    energyWh: 120_000,
  });
  assert.deepEqual(overnight, { mid: 20_000, light: 100_000 });
  // Odd amounts still sum exactly.
  const odd = splitEnergy(KEPCO, { fromMs: kst(21, 7, 17), toMs: kst(21, 13, 41), energyWh: 7 });
  assert.equal(Object.values(odd).reduce((a, b) => a + b, 0), 7);
});

Deno.test("splitEnergy() books energy without a time span to the period at its end", () => {
  assert.deepEqual(
    splitEnergy(KEPCO, { fromMs: kst(21, 12), toMs: kst(21, 12), energyWh: 10 }),
    { mid: 10 },
  );
  assert.deepEqual(
    splitEnergy(FLAT, { fromMs: kst(21, 9), toMs: kst(21, 12), energyWh: 10 }),
    { flat: 10 },
  );
  assert.deepEqual(splitEnergy(KEPCO, { fromMs: 0, toMs: 1, energyWh: 0 }), {});
});

Deno.test("PricingConfig rejects unknown periods and prices with more than two decimals", () => {
  const bad = [
    { timeOfUse: { periods: { a: 100 }, rules: [{ period: "b" }] } },
    { priceKrwPerKwh: 150.123 },
    { priceKrwPerKwh: -1 },
    { sessionFeeKrw: 0.5 },
    { tariff: 150 },
  ];
  for (const config of bad) {
    assert.equal(PricingConfig.safeParse(config).success, false, JSON.stringify(config));
  }
  assert.equal(PricingConfig.parse({ priceKrwPerKwh: 87.3 }).priceKrwPerKwh, 87.3);
});
