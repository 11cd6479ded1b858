import assert from "node:assert/strict";
import { foldIdle, idleFeeKrw, idleMsAt } from "./idle_fee.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 21, 1, minute)).toISOString();
const event = (minute: number, chargingState?: string, eventType = "Updated") => ({
  timestamp: at(minute),
  eventType: eventType as "Updated",
  transactionInfo: { transactionId: "t", ...(chargingState && { chargingState }) } as never,
});

Deno.test("foldIdle() counts time after charging in EVConnected or SuspendedEV until Charging or Ended", () => {
  const steps: [number, string | undefined, string?][] = [
    [0, "EVConnected"], // plugged in before charging: not idle
    [1, "Charging"],
    [10, "SuspendedEV"], // full: idle from here
    [12, undefined], // a meter sample without a state: still idle
    [15, "Charging"], // 5 min idle
    [20, "SuspendedEVSE"], // the charger holds back: not the driver's doing
    [25, "EVConnected"], // idle again
    [40, "EVConnected", "Ended"], // 15 min
  ];
  let state = undefined;
  for (const [minute, chargingState, type] of steps) {
    state = foldIdle(state, event(minute, chargingState, type));
  }
  assert.deepEqual(state, { hasCharged: true, idleMs: 20 * 60_000 });
});

Deno.test("idleFeeKrw() bills whole minutes past the grace, rounded half-up once", () => {
  const open = { hasCharged: true, idleSinceMs: Date.parse(at(0)), idleMs: 60_000 };
  assert.equal(idleMsAt(open, Date.parse(at(5))), 6 * 60_000);
  const prices = { idleFeeKrwPerMinute: 100.25, idleGraceMinutes: 2 };
  assert.equal(idleFeeKrw(prices, open, Date.parse(at(5)) + 59_000), 401); // 4 × 100.25 = 401
  assert.equal(idleFeeKrw(prices, open, Date.parse(at(1))), 0, "within the grace");
  assert.equal(idleFeeKrw({ ...prices, idleFeeKrwPerMinute: 0 }, open, Date.parse(at(50))), 0);
  assert.equal(
    idleFeeKrw({ idleFeeKrwPerMinute: 0.5, idleGraceMinutes: 0 }, open, Date.parse(at(0))),
    1,
  );
});
