import assert from "node:assert/strict";
import {
  activeLimitW,
  type ChargingProfile,
  checkProfile,
  clearProfiles,
  compositeSchedule,
  dropTxProfiles,
  type InstalledProfile,
  installProfile,
  limitBreakpoints,
  noProfiles,
  type TxContext,
} from "./charging_profiles.ts";

const T0 = Date.UTC(2026, 0, 21, 6, 0);
const TX: TxContext = { transactionId: "tx-1", startedAtMs: T0 };

function profile(
  id: number,
  purpose: ChargingProfile["chargingProfilePurpose"],
  stackLevel: number,
  periods: [startS: number, limit: number][],
  extra: Partial<ChargingProfile> & {
    unit?: "W" | "A";
    startSchedule?: string;
    duration?: number;
  } = {},
): ChargingProfile {
  const { unit = "W", startSchedule, duration, ...rest } = extra;
  return {
    id,
    stackLevel,
    chargingProfilePurpose: purpose,
    chargingProfileKind: startSchedule ? "Absolute" : "Relative",
    chargingSchedule: [{
      id,
      chargingRateUnit: unit,
      startSchedule,
      duration,
      chargingSchedulePeriod: periods.map(([startPeriod, limit]) => ({ startPeriod, limit })),
    }],
    ...rest,
  };
}

function installed(evseId: number, p: ChargingProfile): InstalledProfile {
  return { evseId, profile: p, installedAtMs: T0 };
}

Deno.test("activeLimitW() picks by purpose, stack level and period (K08)", () => {
  const maxP = installed(0, profile(1, "ChargingStationMaxProfile", 0, [[0, 80_000]]));
  const def0 = installed(0, profile(2, "TxDefaultProfile", 0, [[0, 60_000], [600, 20_000]]));
  const def1 = installed(1, profile(3, "TxDefaultProfile", 1, [[0, 40_000]], { duration: 300 }));
  const txP = installed(
    1,
    profile(4, "TxProfile", 0, [[0, 125]], { unit: "A", transactionId: "tx-1" }),
  );
  const rows: [
    name: string,
    profiles: InstalledProfile[],
    tx: TxContext | null,
    atS: number,
    w: number | null,
  ][] = [
    ["no profiles", [], TX, 0, null],
    ["station max alone", [maxP], TX, 0, 80_000],
    ["TxDefault on EVSE 0 under the max", [maxP, def0], TX, 0, 60_000],
    ["TxDefault second period", [maxP, def0], TX, 600, 20_000],
    ["higher stack level wins while in force", [def0, def1], TX, 100, 40_000],
    ["lower stack level after the higher one's duration", [def0, def1], TX, 300, 60_000],
    ["TxProfile in A overrules TxDefault", [def0, def1, txP], TX, 0, 50_000],
    ["TxProfile ignored without a transaction", [def0, txP], null, 0, 60_000],
    [
      "max caps the TxProfile",
      [maxP, txP, installed(0, profile(5, "ChargingStationMaxProfile", 1, [[0, 30_000]]))],
      TX,
      0,
      30_000,
    ],
  ];
  for (const [name, profiles, tx, atS, w] of rows) {
    assert.equal(activeLimitW(profiles, { evseId: 1, tx, atMs: T0 + atS * 1000 }), w, name);
  }
});

Deno.test("activeLimitW() honours Absolute and Recurring start times and validity", () => {
  const abs = installed(
    0,
    profile(1, "TxDefaultProfile", 0, [[0, 11_000], [3600, 22_000]], {
      startSchedule: new Date(T0 + 60_000).toISOString(),
    }),
  );
  assert.equal(activeLimitW([abs], { evseId: 1, tx: TX, atMs: T0 }), null);
  assert.equal(activeLimitW([abs], { evseId: 1, tx: TX, atMs: T0 + 60_000 }), 11_000);
  assert.equal(activeLimitW([abs], { evseId: 1, tx: TX, atMs: T0 + 3_660_000 }), 22_000);
  const daily = installed(0, {
    ...profile(2, "TxDefaultProfile", 0, [[0, 7_000], [43_200, 50_000]], {
      startSchedule: new Date(Date.UTC(2026, 0, 1)).toISOString(),
    }),
    chargingProfileKind: "Recurring",
    recurrencyKind: "Daily",
    validTo: new Date(T0 + 7 * 86_400_000).toISOString(),
  });
  assert.equal(activeLimitW([daily], { evseId: 1, tx: null, atMs: T0 }), 7_000);
  assert.equal(activeLimitW([daily], { evseId: 1, tx: null, atMs: T0 + 6 * 3_600_000 }), 50_000);
  assert.equal(activeLimitW([daily], { evseId: 1, tx: null, atMs: T0 + 8 * 86_400_000 }), null);
});

Deno.test("checkProfile() refuses what K01 forbids", () => {
  const ctx = { evseIds: [1], tx: TX };
  const rows: [evseId: number, p: ChargingProfile, tx: TxContext | null, ok: boolean][] = [
    [0, profile(1, "ChargingStationMaxProfile", 0, [[0, 1]]), TX, true],
    [1, profile(1, "ChargingStationMaxProfile", 0, [[0, 1]]), TX, false],
    [1, profile(1, "TxProfile", 0, [[0, 1]]), null, false],
    [1, profile(1, "TxProfile", 0, [[0, 1]], { transactionId: "other" }), TX, false],
    [1, profile(1, "TxProfile", 0, [[0, 1]], { transactionId: "tx-1" }), TX, true],
    [0, profile(1, "TxProfile", 0, [[0, 1]]), TX, false],
    [2, profile(1, "TxDefaultProfile", 0, [[0, 1]]), TX, false],
    [1, profile(1, "TxDefaultProfile", 0, [[10, 1]]), TX, false],
  ];
  for (const [i, [evseId, p, tx, ok]] of rows.entries()) {
    assert.equal(checkProfile(evseId, p, { ...ctx, tx }) === null, ok, `row ${i}`);
  }
});

Deno.test("installProfile() replaces the same id or the same purpose, level and EVSE; clear and drop remove", () => {
  let ps = noProfiles();
  ps = installProfile(ps, installed(1, profile(1, "TxDefaultProfile", 0, [[0, 1]])));
  ps = installProfile(ps, installed(1, profile(2, "TxDefaultProfile", 0, [[0, 2]])));
  assert.deepEqual(ps.map((e) => e.profile.id), [2]);
  ps = installProfile(ps, installed(1, profile(2, "TxDefaultProfile", 3, [[0, 3]])));
  ps = installProfile(ps, installed(1, profile(4, "TxProfile", 0, [[0, 4]])));
  assert.deepEqual(ps.map((e) => e.profile.stackLevel), [3, 0]);
  assert.deepEqual(dropTxProfiles(ps).map((e) => e.profile.id), [2]);
  assert.equal(clearProfiles(ps, { chargingProfileId: 9 }).cleared, false);
  const cleared = clearProfiles(ps, { chargingProfilePurpose: "TxDefaultProfile" });
  assert.deepEqual([cleared.cleared, cleared.profiles.map((e) => e.profile.id)], [true, [4]]);
});

Deno.test("limitBreakpoints() and compositeSchedule() merge periods in W or A", () => {
  const ps = [
    installed(0, profile(1, "ChargingStationMaxProfile", 0, [[0, 90_000]])),
    installed(1, profile(2, "TxDefaultProfile", 0, [[0, 120_000], [600, 40_000], [1200, 40_000]])),
  ];
  assert.deepEqual(limitBreakpoints(ps, { tx: TX, fromMs: T0, toMs: T0 + 900_000 }), [
    T0 + 600_000,
  ]);
  const w = compositeSchedule(ps, {
    evseId: 1,
    tx: TX,
    atMs: T0,
    durationS: 1800,
    unit: "W",
    ratingW: 100_000,
  });
  assert.deepEqual(w.chargingSchedulePeriod, [{ startPeriod: 0, limit: 90_000 }, {
    startPeriod: 600,
    limit: 40_000,
  }]);
  const a = compositeSchedule(ps, {
    evseId: 1,
    tx: TX,
    atMs: T0 + 300_000,
    durationS: 60,
    unit: "A",
    ratingW: 100_000,
  });
  assert.deepEqual(a.chargingSchedulePeriod, [{ startPeriod: 0, limit: 225 }]);
  assert.equal(a.scheduleStart, new Date(T0 + 300_000).toISOString());
  const none = compositeSchedule([], {
    evseId: 1,
    tx: null,
    atMs: T0,
    durationS: 60,
    unit: "W",
    ratingW: 50_000,
  });
  assert.deepEqual(none.chargingSchedulePeriod, [{ startPeriod: 0, limit: 50_000 }]);
});
