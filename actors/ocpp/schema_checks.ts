/**
 * The checks JSON Schema has and zod lacks, used by the generated `schemas.ts`: RFC 3339
 * date-times and a decimal-safe `multipleOf`.
 */
import { z } from "zod";

/**
 * RFC 3339 date-time: a real calendar date, `T` (or `t`), seconds with any fraction, and `Z`
 * (or `z`) or a `±hh:mm` offset. A leap second is accepted only as 23:59:60, like ajv-formats.
 */
export const DATE_TIME_PATTERN =
  /^(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|(?:\d\d(?:[2468][048]|[13579][26]|0[48])|(?:[02468][048]|[13579][26])00)-02-29)[Tt](?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** A zod string checked as an RFC 3339 date-time. */
export const dateTime = z.stringFormat("date-time", DATE_TIME_PATTERN);

/** A number as exact decimal digits and a power of ten: 8.1 is [81n, -1], 1e-7 is [1n, -7]. */
function decimalParts(value: number): [bigint, number] {
  // String() gives the shortest decimal that reads back as the same double, so 8.1 stays 8.1.
  const match = /^(-?\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`Cannot read ${value} as a decimal`);
  const fraction = match[2] ?? "";
  return [BigInt(match[1] + fraction), Number(match[3] ?? 0) - fraction.length];
}

/**
 * Whether `value` is a multiple of `divisor` in decimal arithmetic, as JSON Schema's multipleOf
 * means it: 8.1 is a multiple of 0.1 although 8.1 % 0.1 is not 0 in binary floating point.
 */
export function isMultipleOf(value: number, divisor: number): boolean {
  if (!Number.isFinite(value) || !Number.isFinite(divisor) || divisor <= 0) return false;
  if (Number.isSafeInteger(value) && Number.isSafeInteger(divisor)) return value % divisor === 0;
  const [valueDigits, valueExponent] = decimalParts(value);
  const [divisorDigits, divisorExponent] = decimalParts(divisor);
  // Scale both to the finer of the two decimal exponents, then divide exactly.
  const exponent = Math.min(valueExponent, divisorExponent);
  const scaledValue = valueDigits * 10n ** BigInt(valueExponent - exponent);
  const scaledDivisor = divisorDigits * 10n ** BigInt(divisorExponent - exponent);
  return scaledValue % scaledDivisor === 0n;
}

/** A zod check for JSON Schema's multipleOf; it reports zod's own `not_multiple_of` issue. */
export function multipleOf(divisor: number): z.core.CheckFn<number> {
  return (payload) => {
    if (isMultipleOf(payload.value, divisor)) return;
    payload.issues.push({
      code: "not_multiple_of",
      divisor,
      origin: "number",
      input: payload.value,
    });
  };
}
