import assert from "node:assert/strict";
import { relaxPayload } from "./lenient.ts";
import { validateRequest } from "./validate.ts";

const CTX = { nowIso: "2026-01-21T05:30:00.000Z", nextSeqNo: () => 4 };

Deno.test("relaxPayload() repairs a 1.6-style StatusNotification into a valid one", () => {
  const { payload, relaxations } = relaxPayload("StatusNotification", {
    connectorId: 2,
    status: "Charging",
  }, CTX);
  assert.deepEqual(payload, {
    connectorId: 2,
    connectorStatus: "Occupied",
    evseId: 2,
    timestamp: CTX.nowIso,
  });
  assert.ok(validateRequest("StatusNotification", payload).ok);
  assert.equal(relaxations.length, 4);
});

Deno.test("relaxPayload() reads an OCPP 1.6 BootNotification", () => {
  const { payload } = relaxPayload("BootNotification", {
    chargePointVendor: "ABB",
    chargePointModel: "Terra 53",
    chargePointSerialNumber: "SN1",
  }, CTX);
  assert.deepEqual(payload, {
    chargingStation: { model: "Terra 53", vendorName: "ABB", serialNumber: "SN1" },
    reason: "PowerUp",
  });
  assert.ok(validateRequest("BootNotification", payload).ok);
});

Deno.test("relaxPayload() fills a missing seqNo from the station and infers triggerReason", () => {
  const { payload } = relaxPayload("TransactionEvent", {
    eventType: "Ended",
    timestamp: "2026-01-21T05:30:00Z",
    transactionInfo: { transactionId: "t", stoppedReason: "Remote" },
  }, CTX);
  assert.equal(payload.seqNo, 4);
  assert.equal(payload.triggerReason, "RemoteStop");
  assert.ok(validateRequest("TransactionEvent", payload).ok);
});

Deno.test("relaxPayload() leaves valid payloads alone and never modifies its input", () => {
  const input = {
    eventType: "Updated",
    timestamp: "2026-01-21T05:30:00Z",
    triggerReason: "MeterValuePeriodic",
    seqNo: 1,
    transactionInfo: { transactionId: "t", chargingState: "Charging" },
  };
  const copy = structuredClone(input);
  const { payload, relaxations } = relaxPayload("TransactionEvent", input, CTX);
  assert.deepEqual(payload, input);
  assert.deepEqual(relaxations, []);
  assert.deepEqual(input, copy);
});
