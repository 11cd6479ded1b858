/**
 * Lenient validation: repairs the deviations field chargers commonly send (the seed's C#
 * simulator among them) into valid OCPP 2.0.1 payloads, and says what was relaxed. The
 * repaired payload is then validated strictly like any other.
 */

import { ReasonEnumType } from "./schemas.ts";

type Json = Record<string, unknown>;

/** What the repair may ask of the station's state. */
export interface LenientContext {
  /** The next seqNo of a transaction (0 for one not seen yet). */
  nextSeqNo(transactionId: string): number;
  /** Receipt time (ISO 8601), used for a missing or unreadable timestamp. */
  nowIso: string;
}

/** The repaired payload and one line per repair. */
export interface Relaxed {
  payload: Json;
  relaxations: string[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** OCPP 1.6 charge point states and what a 2.0.1 chargingState calls them. */
const CHARGING_STATES: Record<string, string> = {
  Available: "Idle",
  Preparing: "EVConnected",
  Charging: "Charging",
  SuspendedEV: "SuspendedEV",
  SuspendedEVSE: "SuspendedEVSE",
  Finishing: "EVConnected",
  EVConnected: "EVConnected",
  Idle: "Idle",
};

/** OCPP 1.6 connector states and the 2.0.1 connector status they map to. */
const CONNECTOR_STATES: Record<string, string> = {
  Available: "Available",
  Preparing: "Occupied",
  Charging: "Occupied",
  SuspendedEV: "Occupied",
  SuspendedEVSE: "Occupied",
  Finishing: "Occupied",
  Occupied: "Occupied",
  Reserved: "Reserved",
  Unavailable: "Unavailable",
  Faulted: "Faulted",
};

const STOPPED_REASONS: ReadonlySet<string> = new Set(ReasonEnumType.options);

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function fixTimestamp(p: Json, field: string, ctx: LenientContext, out: string[]): void {
  const value = p[field];
  if (typeof value === "string" && RFC3339.test(value)) return;
  out.push(`${field} ${JSON.stringify(value)} replaced by receipt time`);
  p[field] = ctx.nowIso;
}

/** `chargingPeriods[].dimensions[{name,value}]` (an OCPI-like shape) to meterValue. */
function meterFromChargingPeriods(periods: unknown, timestamp: string): Json[] {
  if (!Array.isArray(periods)) return [];
  const units: Record<string, string> = {
    "Energy.Active.Import.Register": "Wh",
    "Power.Active.Import": "W",
  };
  return periods.filter(isObject).flatMap((period) => {
    const dims = Array.isArray(period.dimensions) ? period.dimensions.filter(isObject) : [];
    const sampledValue = dims
      .filter((d) => typeof d.name === "string" && units[d.name] && typeof d.value === "number")
      .map((d) => ({
        value: d.value,
        measurand: d.name,
        unitOfMeasure: { unit: units[d.name as string] },
      }));
    return sampledValue.length ? [{ timestamp, sampledValue }] : [];
  });
}

function repairTransactionInfo(info: Json, p: Json, out: string[]): void {
  const state = info.chargingState;
  if (typeof state === "string" && CHARGING_STATES[state] !== state) {
    const mapped = CHARGING_STATES[state];
    out.push(`chargingState ${state} read as ${mapped ?? "(dropped)"}`);
    if (mapped) info.chargingState = mapped;
    else delete info.chargingState;
  }
  if (typeof info.stoppedReason === "string" && !STOPPED_REASONS.has(info.stoppedReason)) {
    out.push(`stoppedReason ${info.stoppedReason} read as Other`);
    info.stoppedReason = "Other";
  }
  if ("totalCost" in info) {
    out.push("transactionInfo.totalCost ignored (the CSMS computes the cost)");
    delete info.totalCost;
  }
  if ("chargingPeriods" in info) {
    const meterValue = meterFromChargingPeriods(info.chargingPeriods, p.timestamp as string);
    out.push(`chargingPeriods read as ${meterValue.length} meterValue`);
    delete info.chargingPeriods;
    if (meterValue.length && !Array.isArray(p.meterValue)) p.meterValue = meterValue;
  }
}

function inferTriggerReason(p: Json, info: Json): string {
  if (p.eventType === "Started") return "Authorized";
  if (p.eventType === "Ended") {
    return info.stoppedReason === "Remote" ? "RemoteStop" : "StopAuthorized";
  }
  return Array.isArray(p.meterValue) ? "MeterValuePeriodic" : "ChargingStateChanged";
}

function relaxTransactionEvent(p: Json, ctx: LenientContext, out: string[]): void {
  if (!("transactionInfo" in p) && isObject(p.transactionData)) {
    out.push("transactionData read as transactionInfo");
    p.transactionInfo = p.transactionData;
    delete p.transactionData;
  }
  fixTimestamp(p, "timestamp", ctx, out);
  const info = isObject(p.transactionInfo) ? { ...p.transactionInfo } : undefined;
  if (!info) return;
  p.transactionInfo = info;
  repairTransactionInfo(info, p, out);
  if (typeof p.seqNo !== "number" && typeof info.transactionId === "string") {
    p.seqNo = ctx.nextSeqNo(info.transactionId);
    out.push(`missing seqNo set to ${p.seqNo}`);
  }
  if (p.eventType === "Started" && !Array.isArray(p.meterValue)) {
    // Such chargers count the session's energy from zero (the seed's C# `_energyAccumulated`).
    p.meterValue = [{ timestamp: p.timestamp, sampledValue: [{ value: 0 }] }];
    out.push("Started without an energy register: assumed 0 Wh at start");
  }
  if (typeof p.triggerReason !== "string") {
    p.triggerReason = inferTriggerReason(p, info);
    out.push(`missing triggerReason set to ${p.triggerReason}`);
  }
}

function relaxStatusNotification(p: Json, ctx: LenientContext, out: string[]): void {
  if (!("connectorStatus" in p) && typeof p.status === "string") {
    out.push("status read as connectorStatus");
    p.connectorStatus = p.status;
    delete p.status;
  }
  const status = p.connectorStatus;
  if (
    typeof status === "string" && CONNECTOR_STATES[status] && CONNECTOR_STATES[status] !== status
  ) {
    out.push(`connectorStatus ${status} read as ${CONNECTOR_STATES[status]}`);
    p.connectorStatus = CONNECTOR_STATES[status];
  }
  if (typeof p.evseId !== "number") {
    p.evseId = typeof p.connectorId === "number" && p.connectorId > 0 ? p.connectorId : 1;
    out.push(`missing evseId set to ${p.evseId}`);
  }
  if (typeof p.connectorId !== "number") {
    p.connectorId = 1;
    out.push("missing connectorId set to 1");
  }
  fixTimestamp(p, "timestamp", ctx, out);
}

function relaxBootNotification(p: Json, out: string[]): void {
  if (!isObject(p.chargingStation) && typeof p.chargePointModel === "string") {
    out.push("OCPP 1.6 chargePoint fields read as chargingStation");
    p.chargingStation = {
      model: p.chargePointModel,
      vendorName: p.chargePointVendor ?? "unknown",
      ...(typeof p.chargePointSerialNumber === "string" &&
        { serialNumber: p.chargePointSerialNumber }),
      ...(typeof p.firmwareVersion === "string" && { firmwareVersion: p.firmwareVersion }),
    };
    for (const key of Object.keys(p)) {
      if (key !== "chargingStation" && key !== "reason") delete p[key];
    }
  }
  if (typeof p.reason !== "string") {
    p.reason = "PowerUp";
    out.push("missing reason set to PowerUp");
  }
}

/** Repairs a charger-initiated payload; the input is not modified. */
export function relaxPayload(action: string, payload: Json, ctx: LenientContext): Relaxed {
  const p: Json = structuredClone(payload);
  const relaxations: string[] = [];
  if (action === "TransactionEvent") relaxTransactionEvent(p, ctx, relaxations);
  else if (action === "StatusNotification") relaxStatusNotification(p, ctx, relaxations);
  else if (action === "BootNotification") relaxBootNotification(p, relaxations);
  return { payload: p, relaxations };
}
