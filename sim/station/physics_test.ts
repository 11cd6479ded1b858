import assert from "node:assert/strict";
import {
  ampsToWatts,
  evAcceptanceW,
  type EvSpec,
  initialPhysics,
  isEvFull,
  type PhysicsState,
  plugEv,
  readings,
  step,
  WMS_PER_WH,
} from "./physics.ts";

const EV: EvSpec = { batteryWh: 60_000, startSocPercent: 20, maxPowerW: 150_000 };

function charging(chargerMaxW: number, ev: EvSpec = EV): PhysicsState {
  return { ...plugEv(initialPhysics(chargerMaxW), ev), isEnergizing: true };
}

Deno.test("step() ramps a 100 kW charger up over 4 s and books whole Wh with the remainder carried", () => {
  const rows: [dtMs: number, powerW: number, registerWh: number, carryWms: number][] = [
    [1_000, 25_000, 0, 0],
    [1_000, 50_000, 6, 3_400_000],
    [1_000, 75_000, 20, 3_000_000],
    [1_000, 100_000, 41, 2_400_000],
    [1_000, 100_000, 69, 1_600_000],
    [500, 100_000, 83, 1_200_000],
  ];
  let s = charging(100_000);
  for (const [dtMs, powerW, registerWh, carryWms] of rows) {
    s = step(s, dtMs);
    assert.deepEqual([s.powerW, s.registerWh, s.carryWms], [powerW, registerWh, carryWms]);
    assert.equal(s.sessionWh, s.registerWh);
  }
});

Deno.test("step() gives the same result for one long step as for whole-second pieces", () => {
  const once = step(charging(50_000), 7_000);
  let pieces = charging(50_000);
  for (const dt of [1_000, 2_000, 3_000, 1_000]) pieces = step(pieces, dt);
  assert.deepEqual(once, pieces);
});

Deno.test("step() never loses or double counts energy: register·3.6e6 + carry = Σ P·dt", () => {
  let s = { ...charging(100_000), powerW: 0 };
  let expectedWms = 0;
  const limits = [null, 33_333, 7, 99_999, 12_345, null, 0, 64_001];
  for (let i = 0; i < 400; i++) {
    s = { ...s, limitW: limits[i % limits.length] };
    const dt = 1 + ((i * 7_919) % 1_000);
    expectedWms += s.powerW * dt;
    s = step(s, dt);
  }
  assert.equal(s.registerWh * WMS_PER_WH + s.carryWms, expectedWms);
  assert.ok(s.carryWms >= 0 && s.carryWms < WMS_PER_WH);
});

Deno.test("step() delivers exactly P·t for a constant power over an hour", () => {
  const big: EvSpec = { batteryWh: 1_000_000, startSocPercent: 0, maxPowerW: 50_000 };
  const s = step({ ...charging(50_000, big), powerW: 50_000 }, 3_600_000);
  assert.deepEqual([s.registerWh, s.carryWms, s.powerW], [50_000, 0, 50_000]);
});

Deno.test("step() drops to a lower limit at once and ramps back up when it is lifted", () => {
  const rows: [limitW: number | null, dtMs: number, powerW: number][] = [
    [null, 4_000, 100_000],
    [30_000, 1_000, 30_000],
    [30_000, 1_000, 30_000],
    [null, 1_000, 55_000],
    [null, 1_000, 80_000],
    [null, 1_000, 100_000],
    [0, 1_000, 0],
  ];
  let s = charging(100_000);
  for (const [limitW, dtMs, powerW] of rows) {
    s = step({ ...s, limitW }, dtMs);
    assert.equal(s.powerW, powerW, `limit ${limitW}`);
  }
});

Deno.test("evAcceptanceW() is flat to 80 % SoC and tapers linearly to 10 % at 100 %", () => {
  const rows: [soc: number, watts: number][] = [
    [0, 150_000],
    [80, 150_000],
    [90, 82_500],
    [95, 48_750],
    [99.9, 15_675],
    [85, 116_250],
    [100, 0],
  ];
  for (const [soc, watts] of rows) assert.equal(evAcceptanceW(EV, soc), watts, `SoC ${soc}`);
});

Deno.test("step() tapers power above 80 % SoC and stops when the EV is full", () => {
  const small: EvSpec = { batteryWh: 1_000, startSocPercent: 79, maxPowerW: 50_000 };
  let s = { ...charging(50_000, small), powerW: 50_000 };
  s = step(s, 1_000);
  assert.equal(readings(s).socPercent, 80);
  s = step(s, 1_000);
  assert.ok(s.powerW < 50_000, `power ${s.powerW} should taper`);
  s = step(s, 600_000);
  assert.ok(isEvFull(s));
  assert.equal(s.powerW, 0);
  // 210 Wh fill the battery; the last second was booked at the power held while crossing 100 %.
  assert.equal(s.sessionWh, 211);
});

Deno.test("step() holds power at 0 and books nothing when not energizing", () => {
  const s = { ...charging(50_000), isEnergizing: false };
  assert.equal(step(s, 60_000), s);
});

Deno.test("readings() derive voltage from SoC and current from P / V", () => {
  const s = {
    ...charging(100_000, { ...EV, startSocPercent: 50 }),
    powerW: 100_000,
    registerWh: 1_234,
  };
  assert.deepEqual(readings(s), {
    energyWh: 1_234,
    powerW: 100_000,
    voltageV: 390,
    currentA: 256.4,
    socPercent: 50,
  });
  assert.deepEqual(readings(initialPhysics(50_000, 7)), {
    energyWh: 7,
    powerW: 0,
    voltageV: 0,
    currentA: 0,
    socPercent: undefined,
  });
});

Deno.test("ampsToWatts() multiplies A by the voltage and the phases", () => {
  assert.equal(ampsToWatts(125), 50_000);
  assert.equal(ampsToWatts(32, 230, 3), 22_080);
});
