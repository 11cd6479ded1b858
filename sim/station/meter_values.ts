/** Builds OCPP 2.0.1 meterValue entries from the physics readings, one sampledValue per measurand. */
import type { PhysicsState } from "./physics.ts";
import { readings } from "./physics.ts";

/** ReadingContextEnumType. */
export type ReadingContext =
  | "Sample.Periodic"
  | "Sample.Clock"
  | "Transaction.Begin"
  | "Transaction.End"
  | "Trigger"
  | "Other";

interface Sample {
  value: number;
  context: ReadingContext;
  measurand: string;
  location?: "EV" | "Outlet";
  unitOfMeasure: Readonly<{ unit: string }>;
}

/**
 * One frozen unitOfMeasure per unit, shared by every sample: a queued TransactionEvent lives
 * until the CSMS answers, and a fresh object per sample was ~150 B more per event.
 */
const UNITS: Readonly<Record<string, Readonly<{ unit: string }>>> = Object.freeze(
  Object.fromEntries(
    ["Wh", "W", "V", "A", "Percent"].map((unit) => [unit, Object.freeze({ unit })]),
  ),
);

/** A meterValue entry with the measurands asked for that the meter can give. */
export function meterValue(
  physics: PhysicsState,
  options: {
    measurands: readonly string[];
    context: ReadingContext;
    atMs: number;
    /** `atMs` as ISO 8601 when the caller has it already (one string per event, not two). */
    timestamp?: string;
  },
): { timestamp: string; sampledValue: Sample[] } {
  const r = readings(physics);
  const { context } = options;
  const sampledValue: Sample[] = [];
  for (const measurand of options.measurands) {
    const sample = (value: number, unit: string, location: Sample["location"] = "Outlet") =>
      sampledValue.push({ value, context, measurand, location, unitOfMeasure: UNITS[unit] });
    switch (measurand) {
      case "Energy.Active.Import.Register":
        sample(r.energyWh, "Wh");
        break;
      case "Power.Active.Import":
        sample(r.powerW, "W");
        break;
      case "Power.Offered":
        sample(Math.min(physics.chargerMaxW, physics.limitW ?? Infinity), "W");
        break;
      case "Voltage":
        sample(r.voltageV, "V");
        break;
      case "Current.Import":
        sample(r.currentA, "A");
        break;
      case "SoC":
        if (r.socPercent !== undefined) sample(r.socPercent, "Percent", "EV");
        break;
    }
  }
  if (sampledValue.length === 0) {
    sampledValue.push({
      value: r.energyWh,
      context,
      measurand: "Energy.Active.Import.Register",
      location: "Outlet",
      unitOfMeasure: UNITS.Wh,
    });
  }
  return { timestamp: options.timestamp ?? new Date(options.atMs).toISOString(), sampledValue };
}
