/** Reads OCPP 2.0.1 meterValue arrays into plain readings in Wh, W, V, A and percent. */

/** A meter reading taken from sampled values, in units named by the field. */
export interface MeterReading {
  /** When the sample was taken (ISO 8601, from the charger's meterValue timestamp). */
  at: string;
  /** Energy.Active.Import.Register in Wh, integer. */
  energyWh?: number;
  /** Power.Active.Import in W. */
  powerW?: number;
  /** Voltage in V. */
  voltageV?: number;
  /** Current.Import in A. */
  currentA?: number;
  /** SoC in percent. */
  socPercent?: number;
}

interface SampledValue {
  value: number;
  measurand?: string;
  phase?: string;
  context?: string;
  unitOfMeasure?: { unit?: string; multiplier?: number };
}

interface MeterValue {
  timestamp: string;
  sampledValue: SampledValue[];
}

type Field = "energyWh" | "powerW" | "voltageV" | "currentA" | "socPercent";

/** Measurands we read, the reading field each fills and the unit OCPP defaults to. */
const MEASURANDS: Record<string, { field: Field; baseUnit: string; kiloUnit?: string }> = {
  "Energy.Active.Import.Register": { field: "energyWh", baseUnit: "Wh", kiloUnit: "kWh" },
  "Power.Active.Import": { field: "powerW", baseUnit: "W", kiloUnit: "kW" },
  "Voltage": { field: "voltageV", baseUnit: "V" },
  "Current.Import": { field: "currentA", baseUnit: "A" },
  "SoC": { field: "socPercent", baseUnit: "Percent" },
};

function scaled(sample: SampledValue, kiloUnit: string | undefined): number {
  const unit = sample.unitOfMeasure?.unit;
  const multiplier = sample.unitOfMeasure?.multiplier ?? 0;
  const kilo = kiloUnit !== undefined && unit === kiloUnit ? 3 : 0;
  return sample.value * 10 ** (multiplier + kilo);
}

/**
 * One reading per meterValue. A value without a phase wins; otherwise phase values are summed
 * (energy, power, current) or averaged (voltage). The measurand defaults to the energy
 * register, as OCPP says. Energy is rounded to whole Wh.
 */
export function readMeterValues(meterValues: readonly MeterValue[] | undefined): MeterReading[] {
  return (meterValues ?? []).map((mv) => {
    const reading: MeterReading = { at: mv.timestamp };
    const phased: Partial<Record<Field, number[]>> = {};
    for (const sample of mv.sampledValue) {
      const spec = MEASURANDS[sample.measurand ?? "Energy.Active.Import.Register"];
      if (!spec) continue;
      const value = scaled(sample, spec.kiloUnit);
      if (sample.phase === undefined) reading[spec.field] = value;
      else (phased[spec.field] ??= []).push(value);
    }
    for (const [field, values] of Object.entries(phased) as [Field, number[]][]) {
      if (reading[field] !== undefined) continue;
      const sum = values.reduce((a, b) => a + b, 0);
      reading[field] = field === "voltageV" ? sum / values.length : sum;
    }
    if (reading.energyWh !== undefined) reading.energyWh = Math.round(reading.energyWh);
    return reading;
  });
}

/**
 * The value of `field` in the reading with the newest timestamp (the later one on a tie), so
 * an event that repeats older readings after its newest one still reports the newest.
 */
export function newestOf(readings: readonly MeterReading[], field: Field): number | undefined {
  return pick(readings, field, (atMs, bestMs) => atMs >= bestMs);
}

/**
 * The value of `field` in the reading with the oldest timestamp (the earlier one on a tie):
 * the register at the start of what an event covers (an Ended event may repeat the
 * Transaction.Begin reading).
 */
export function oldestOf(readings: readonly MeterReading[], field: Field): number | undefined {
  return pick(readings, field, (atMs, bestMs) => atMs < bestMs);
}

/**
 * The energy register the charger marked as the transaction's start (a sampled value with
 * context Transaction.Begin, in whichever event carries it: the Started, or an Ended that
 * repeats it), whole Wh; undefined when no such value. The oldest one wins.
 */
export function beginRegisterWh(
  meterValues: readonly MeterValue[] | undefined,
): number | undefined {
  let begun: MeterValue[] | undefined;
  for (const mv of meterValues ?? []) {
    const sampledValue = mv.sampledValue.filter((s) => s.context === "Transaction.Begin");
    if (sampledValue.length > 0) (begun ??= []).push({ timestamp: mv.timestamp, sampledValue });
  }
  return begun && oldestOf(readMeterValues(begun), "energyWh");
}

function pick(
  readings: readonly MeterReading[],
  field: Field,
  isBetter: (atMs: number, bestMs: number) => boolean,
): number | undefined {
  let best: { atMs: number; value: number } | undefined;
  for (const reading of readings) {
    const value = reading[field];
    if (value === undefined) continue;
    const parsedMs = Date.parse(reading.at);
    const atMs = Number.isNaN(parsedMs) ? -Infinity : parsedMs;
    if (best === undefined || isBetter(atMs, best.atMs)) best = { atMs, value };
  }
  return best?.value;
}
