/**
 * What a tariff charges, as data: a price per kWh, time-of-use periods, a per-session fee and an
 * idle fee after charging ends. The managed tariffs (tariffs.ts) store these; the pricing plugin
 * (plugins/pricing/tariff.ts) extends them into its config and computes costs from them.
 */
import { z } from "zod";

/** Weekdays as `Date.getUTCDay()` numbers them, Sunday first. */
export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** A price in KRW, at most two decimals (KEPCO tables use one). */
export const Price = z.number().min(0).max(10_000).refine(
  (p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6,
  "must have at most two decimals",
);

/** One line of a time-of-use table; the first line that matches an hour decides its period. */
export const TouRule = z.strictObject({
  period: z.string().min(1).max(40),
  /** Local weekdays it applies to; all when absent. */
  days: z.array(z.enum(WEEKDAYS)).min(1).optional(),
  /** Months 1–12 it applies to (seasons); all when absent. */
  months: z.array(z.number().int().min(1).max(12)).min(1).optional(),
  /** Local hour it starts at, 0–23. */
  fromHour: z.number().int().min(0).max(23).default(0),
  /** Local hour it ends before, 1–24; at or below `fromHour` it runs past midnight. */
  toHour: z.number().int().min(1).max(24).default(24),
});
export type TouRule = z.infer<typeof TouRule>;

/** Prices by period name and the rules that map local hours to periods. */
export const TimeOfUse = z.strictObject({
  periods: z.record(z.string().min(1).max(40), Price),
  rules: z.array(TouRule).max(200).default([]),
}).refine(
  (tou) => tou.rules.every((rule) => rule.period in tou.periods),
  "every rule's period must be one of the periods",
);
export type TimeOfUse = z.infer<typeof TimeOfUse>;

/** The prices of a tariff. */
export const TariffPrices = z.strictObject({
  /** The flat price, and the price of hours no time-of-use rule covers. Default 150 KRW/kWh. */
  priceKrwPerKwh: Price.default(150),
  /** Added once to a transaction that delivered energy. */
  sessionFeeKrw: z.number().int().min(0).max(1_000_000).default(0),
  /**
   * Per whole minute the EV stays plugged in after charging ended (chargingState EVConnected or
   * SuspendedEV after energy flowed), beyond the grace minutes.
   */
  idleFeeKrwPerMinute: Price.default(0),
  idleGraceMinutes: z.number().int().min(0).max(1_440).default(0),
  timeOfUse: TimeOfUse.optional(),
});
export type TariffPrices = z.infer<typeof TariffPrices>;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building one costs far more than using it. */
function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormats.set(timeZone, format);
  }
  return format;
}

/**
 * The offset from UTC of `timeZone` at `atMs`, minutes (e.g. 540 for Asia/Seoul). Time-of-use
 * rules read local hours; a session keeps the offset it started with.
 */
export function utcOffsetMinutes(timeZone: string, atMs: number): number {
  const name = offsetFormat(timeZone).formatToParts(new Date(atMs))
    .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}
