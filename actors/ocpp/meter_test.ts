import assert from "node:assert/strict";
import { beginRegisterWh, newestOf, readMeterValues } from "./meter.ts";

const AT = "2026-01-21T05:30:00Z";

Deno.test("readMeterValues() reads measurands with their units and multipliers", () => {
  const [reading] = readMeterValues([{
    timestamp: AT,
    sampledValue: [
      { value: 8.5, measurand: "Energy.Active.Import.Register", unitOfMeasure: { unit: "kWh" } },
      { value: 95, measurand: "Power.Active.Import", unitOfMeasure: { unit: "W", multiplier: 3 } },
      { value: 400, measurand: "Voltage" },
      { value: 237.5, measurand: "Current.Import" },
      { value: 57, measurand: "SoC", unitOfMeasure: { unit: "Percent" } },
      { value: 1, measurand: "Temperature" },
    ],
  }]);
  assert.deepEqual(reading, {
    at: AT,
    energyWh: 8500,
    powerW: 95000,
    voltageV: 400,
    currentA: 237.5,
    socPercent: 57,
  });
});

Deno.test("readMeterValues() defaults to the energy register and combines phases", () => {
  const [reading] = readMeterValues([{
    timestamp: AT,
    sampledValue: [
      { value: 1234.4 },
      { value: 1000, measurand: "Power.Active.Import", phase: "L1" },
      { value: 2000, measurand: "Power.Active.Import", phase: "L2" },
      { value: 230, measurand: "Voltage", phase: "L1-N" },
      { value: 232, measurand: "Voltage", phase: "L2-N" },
    ],
  }]);
  assert.equal(reading.energyWh, 1234);
  assert.equal(reading.powerW, 3000);
  assert.equal(reading.voltageV, 231);
});

Deno.test("newestOf() finds the newest reading that has the field, the later one on a tie", () => {
  const readings = [{ at: AT, energyWh: 1 }, { at: AT, powerW: 5 }, { at: AT, energyWh: 2 }];
  assert.equal(newestOf(readings, "energyWh"), 2);
  assert.equal(newestOf(readings, "powerW"), 5);
  assert.equal(newestOf([], "powerW"), undefined);
  const repeated = [{ at: "2026-01-21T06:32:00Z", energyWh: 900 }, { at: AT, energyWh: 0 }];
  assert.equal(newestOf(repeated, "energyWh"), 900, "an older reading after the newest");
});

Deno.test("beginRegisterWh() reads the register marked Transaction.Begin, wherever it is", () => {
  const ended = [
    {
      timestamp: "2026-01-21T06:00:00Z",
      sampledValue: [{ value: 31.2, context: "Transaction.End", unitOfMeasure: { unit: "kWh" } }],
    },
    {
      timestamp: AT,
      sampledValue: [
        { value: 7.4, measurand: "Power.Active.Import", context: "Transaction.Begin" },
        { value: 12.5, context: "Transaction.Begin", unitOfMeasure: { unit: "kWh" } },
      ],
    },
    {
      timestamp: "2026-01-21T05:45:00Z",
      sampledValue: [{ value: 20_000, context: "Sample.Periodic" }],
    },
  ];
  assert.equal(beginRegisterWh(ended), 12_500);
  // Periodic and end readings, or none, are no start.
  assert.equal(beginRegisterWh(ended.filter((mv) => mv.timestamp !== AT)), undefined);
  assert.equal(beginRegisterWh(undefined), undefined);
  // A Transaction.Begin value of another measurand only is no register either.
  assert.equal(
    beginRegisterWh([{
      timestamp: AT,
      sampledValue: [{
        value: 7.4,
        measurand: "Power.Active.Import",
        context: "Transaction.Begin",
      }],
    }]),
    undefined,
  );
});
