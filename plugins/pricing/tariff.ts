/**
 * Tariffs, pure: the pricing config, which price applies at an instant (flat or time-of-use
 * by local hour, weekday and month), how energy between two meter readings is split across
 * price periods, and the cost in whole won.
 */
import { z } from "zod";
import { TariffPrices, type TouRule, WEEKDAYS } from "../../actors/csms/tariff_prices.ts";

export { TouRule, WEEKDAYS } from "../../actors/csms/tariff_prices.ts";

const HOUR_MS = 3_600_000;

/**
 * The pricing plugin's config section: the prices of the default tariff (those of chargers with
 * no managed tariff, see docs/network.md), the local time of its time-of-use table, and how
 * often the charger hears the running cost.
 */
export const PricingConfig = TariffPrices.extend({
  /** Local time for the time-of-use table: UTC+9 (KST, no daylight saving) by default. */
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(540),
  /** CostUpdated to the charger at most this often while the cost changes; 0 sends none. */
  costUpdatedIntervalS: z.number().int().min(0).default(60),
  /** …or sooner, once this much energy was delivered since the last one; 0 never. */
  costUpdatedEveryWh: z.number().int().min(0).default(0),
});
export type PricingConfig = z.infer<typeof PricingConfig>;

/** The name under which flat-priced energy is counted. */
export const FLAT_PERIOD = "flat";

function matches(rule: TouRule, day: number, month: number, hour: number): boolean {
  if (rule.days && !rule.days.includes(WEEKDAYS[day])) return false;
  if (rule.months && !rule.months.includes(month)) return false;
  const { fromHour, toHour } = rule;
  return toHour > fromHour ? hour >= fromHour && hour < toHour : hour >= fromHour || hour < toHour;
}

/** The period in force at `atMs` (rules use local time), or {@link FLAT_PERIOD}. */
export function periodAt(config: PricingConfig, atMs: number): string {
  const tou = config.timeOfUse;
  if (!tou) return FLAT_PERIOD;
  const local = new Date(atMs + config.utcOffsetMinutes * 60_000);
  const day = local.getUTCDay();
  const month = local.getUTCMonth() + 1;
  const hour = local.getUTCHours();
  return tou.rules.find((rule) => matches(rule, day, month, hour))?.period ?? FLAT_PERIOD;
}

/** The price of a period in hundredths of a won per kWh (an integer, for exact sums). */
export function centiKrwPerKwh(config: PricingConfig, period: string): number {
  const price = config.timeOfUse?.periods[period] ?? config.priceKrwPerKwh;
  return Math.round(price * 100);
}

/**
 * Splits `energyWh` delivered evenly over [fromMs, toMs] across the periods it crossed,
 * in whole Wh that add up exactly to `energyWh` (cumulative rounding). Energy with no time
 * span goes to the period at `toMs`. Rules change only on the local hour.
 */
export function splitEnergy(
  config: PricingConfig,
  span: { fromMs: number; toMs: number; energyWh: number },
): Record<string, number> {
  const { fromMs, toMs, energyWh } = span;
  if (energyWh === 0) return {};
  if (!config.timeOfUse || toMs <= fromMs) return { [periodAt(config, toMs)]: energyWh };
  const out: Record<string, number> = {};
  const offsetMs = config.utcOffsetMinutes * 60_000;
  const totalMs = toMs - fromMs;
  let bookedWh = 0;
  for (let startMs = fromMs; startMs < toMs;) {
    const nextHourMs = Math.floor((startMs + offsetMs) / HOUR_MS + 1) * HOUR_MS - offsetMs;
    const endMs = Math.min(nextHourMs, toMs);
    const upToWh = Math.round((energyWh * (endMs - fromMs)) / totalMs);
    const period = periodAt(config, startMs);
    out[period] = (out[period] ?? 0) + upToWh - bookedWh;
    bookedWh = upToWh;
    startMs = endMs;
  }
  return out;
}

/** Adds energy per period into a new record. */
export function addEnergy(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const out = { ...a };
  for (const [period, wh] of Object.entries(b)) out[period] = (out[period] ?? 0) + wh;
  return out;
}

/**
 * The cost of energy per period in whole won: Σ Wh × price / 1000, computed exactly in
 * integers and rounded once, half-up (KRW has no minor unit), plus the session fee when any
 * energy was delivered.
 */
export function costKrw(config: PricingConfig, whByPeriod: Readonly<Record<string, number>>) {
  let centiKrwWhPerKwh = 0;
  let energyWh = 0;
  for (const [period, wh] of Object.entries(whByPeriod)) {
    centiKrwWhPerKwh += wh * centiKrwPerKwh(config, period);
    energyWh += wh;
  }
  // Wh × (KRW/100 per kWh) = KRW/100_000; +50_000 makes the floor a half-up rounding.
  const energyKrw = Math.floor((Math.max(0, centiKrwWhPerKwh) + 50_000) / 100_000);
  return energyKrw + (energyWh > 0 ? config.sessionFeeKrw : 0);
}
