import assert from "node:assert/strict";
import { validateRequest } from "../ocpp/validate.ts";
import {
  API_POWER_LIMIT_PROFILE_ID,
  clearPowerLimitRequest,
  limitOfProfile,
  powerLimitRequest,
} from "./charging_profile.ts";

Deno.test("powerLimitRequest() builds a valid TxDefaultProfile on EVSE 0 without a transaction", () => {
  const request = powerLimitRequest({ powerKw: 7.4 });
  assert.ok(validateRequest("SetChargingProfile", request).ok);
  assert.equal(request.evseId, 0);
  assert.equal(request.chargingProfile.id, API_POWER_LIMIT_PROFILE_ID);
  assert.equal(request.chargingProfile.chargingProfilePurpose, "TxDefaultProfile");
  assert.equal(request.chargingProfile.transactionId, undefined);
  assert.deepEqual(request.chargingProfile.chargingSchedule[0].chargingSchedulePeriod, [
    { startPeriod: 0, limit: 7400 },
  ]);
  assert.deepEqual(limitOfProfile(request), {
    kw: 7.4,
    purpose: "TxDefaultProfile",
    profileId: API_POWER_LIMIT_PROFILE_ID,
    stackLevel: request.chargingProfile.stackLevel,
  });
});

Deno.test("powerLimitRequest() builds a valid TxProfile for a running transaction on its EVSE", () => {
  const request = powerLimitRequest({ powerKw: 50, transactionId: "tx_1", evseId: 2 });
  assert.ok(validateRequest("SetChargingProfile", request).ok);
  assert.equal(request.evseId, 2);
  assert.equal(request.chargingProfile.chargingProfilePurpose, "TxProfile");
  assert.equal(request.chargingProfile.transactionId, "tx_1");
  assert.deepEqual(limitOfProfile(request), {
    kw: 50,
    purpose: "TxProfile",
    profileId: API_POWER_LIMIT_PROFILE_ID,
    stackLevel: request.chargingProfile.stackLevel,
    transactionId: "tx_1",
  });
});

Deno.test("powerLimitRequest() refuses a limit that is not above 0 kW", () => {
  assert.throws(() => powerLimitRequest({ powerKw: 0 }), RangeError);
  assert.throws(() => powerLimitRequest({ powerKw: Number.NaN }), RangeError);
});

Deno.test("limitOfProfile() ignores amps, station maximum profiles and delayed first periods", () => {
  const base = powerLimitRequest({ powerKw: 10 });
  const schedule = base.chargingProfile.chargingSchedule[0];
  const with_ = (profile: Partial<typeof base.chargingProfile>) => ({
    ...base,
    chargingProfile: { ...base.chargingProfile, ...profile },
  });
  assert.equal(
    limitOfProfile(with_({ chargingSchedule: [{ ...schedule, chargingRateUnit: "A" }] })),
    undefined,
  );
  assert.equal(
    limitOfProfile(with_({ chargingProfilePurpose: "ChargingStationMaxProfile" })),
    undefined,
  );
  assert.equal(
    limitOfProfile(with_({
      chargingSchedule: [{ ...schedule, chargingSchedulePeriod: [{ startPeriod: 60, limit: 1 }] }],
    })),
    undefined,
  );
});

Deno.test("clearPowerLimitRequest() names the API's profile id", () => {
  assert.deepEqual(clearPowerLimitRequest(), { chargingProfileId: API_POWER_LIMIT_PROFILE_ID });
  assert.ok(validateRequest("ClearChargingProfile", clearPowerLimitRequest()).ok);
});
