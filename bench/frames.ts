/**
 * The OCPP-J frames the load generator sends, built by string concatenation so that the
 * generator spends as little CPU per message as the server it measures. Each one is a
 * schema-valid OCPP 2.0.1 request (frames_test.ts checks them against the CSMS's schemas).
 */

/** What a charger reports with each TransactionEvent. */
export interface MeterReading {
  energyWh: number;
  powerW: number;
  socPercent: number;
}

/** `[2,"id","BootNotification",{…}]` */
export function bootFrame(id: string, serial: string): string {
  return `[2,"${id}","BootNotification",{"chargingStation":{"model":"Bench 100","vendorName":"Tamna",` +
    `"serialNumber":"${serial}","firmwareVersion":"1.0.0"},"reason":"PowerUp"}]`;
}

/** `[2,"id","StatusNotification",{…}]` for EVSE 1, connector 1. */
export function statusFrame(id: string, status: "Available" | "Occupied", atIso: string): string {
  return `[2,"${id}","StatusNotification",{"timestamp":"${atIso}","connectorStatus":"${status}",` +
    `"evseId":1,"connectorId":1}]`;
}

/** `[2,"id","Heartbeat",{}]` */
export function heartbeatFrame(id: string): string {
  return `[2,"${id}","Heartbeat",{}]`;
}

function meterValue(atIso: string, m: MeterReading): string {
  const currentA = Math.round(m.powerW / 400);
  return `[{"timestamp":"${atIso}","sampledValue":[` +
    `{"value":${m.energyWh},"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"Wh"}},` +
    `{"value":${m.powerW},"measurand":"Power.Active.Import","unitOfMeasure":{"unit":"W"}},` +
    `{"value":${currentA},"measurand":"Current.Import","unitOfMeasure":{"unit":"A"}},` +
    `{"value":400,"measurand":"Voltage","unitOfMeasure":{"unit":"V"}},` +
    `{"value":${m.socPercent},"measurand":"SoC","location":"EV","unitOfMeasure":{"unit":"Percent"}}]}]`;
}

/** A TransactionEvent Started (seqNo 0) with an idToken and the meter at the start. */
export function txStartedFrame(
  id: string,
  tx: { transactionId: string; atIso: string; meter: MeterReading },
): string {
  return `[2,"${id}","TransactionEvent",{"eventType":"Started","timestamp":"${tx.atIso}",` +
    `"triggerReason":"Authorized","seqNo":0,"transactionInfo":{"transactionId":"${tx.transactionId}",` +
    `"chargingState":"Charging"},"evse":{"id":1,"connectorId":1},` +
    `"idToken":{"idToken":"BENCH0001","type":"ISO14443"},"meterValue":${
      meterValue(tx.atIso, tx.meter)
    }}]`;
}

/** A periodic TransactionEvent Updated with five sampled values (E02, MeterValuePeriodic). */
export function txUpdatedFrame(
  id: string,
  tx: { transactionId: string; seqNo: number; atIso: string; meter: MeterReading },
): string {
  return `[2,"${id}","TransactionEvent",{"eventType":"Updated","timestamp":"${tx.atIso}",` +
    `"triggerReason":"MeterValuePeriodic","seqNo":${tx.seqNo},"transactionInfo":{"transactionId":` +
    `"${tx.transactionId}","chargingState":"Charging"},"evse":{"id":1,"connectorId":1},` +
    `"meterValue":${meterValue(tx.atIso, tx.meter)}}]`;
}

/** A TransactionEvent Ended: the driver unplugged (E07), with the meter at the end. */
export function txEndedFrame(
  id: string,
  tx: { transactionId: string; seqNo: number; atIso: string; meter: MeterReading },
): string {
  return `[2,"${id}","TransactionEvent",{"eventType":"Ended","timestamp":"${tx.atIso}",` +
    `"triggerReason":"EVDeparted","seqNo":${tx.seqNo},"transactionInfo":{"transactionId":` +
    `"${tx.transactionId}","chargingState":"Idle","stoppedReason":"EVDisconnected"},` +
    `"evse":{"id":1,"connectorId":1},"meterValue":${meterValue(tx.atIso, tx.meter)}}]`;
}

/** The message id of an answer frame (`[3,"id",…` or `[4,"id",…`), without parsing JSON. */
export function answerIdOf(text: string): string | undefined {
  if (text.charCodeAt(0) !== 0x5b || text.charCodeAt(2) !== 0x2c) return undefined;
  const quote = text.indexOf('"', 3);
  if (quote < 0) return undefined;
  const end = text.indexOf('"', quote + 1);
  return end > quote ? text.slice(quote + 1, end) : undefined;
}

/** The error code of a CALLERROR frame (`[4,"id","Code",…`). */
export function errorCodeOf(text: string): string {
  const match = /^\[\s*4\s*,\s*"[^"]*"\s*,\s*"([^"]*)"/.exec(text);
  return match?.[1] ?? "unreadable";
}
