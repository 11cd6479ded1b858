/**
 * Pure handlers for every charger-initiated OCPP 2.0.1 action: the answer, the new state,
 * the events to publish and what must be stored before answering. No I/O, no clock.
 */
import { isoOfMs } from "../runtime/clock.ts";
import type { ChargerAction } from "../ocpp/actions.ts";
import type { RequestOf, ResponseOf } from "../ocpp/schemas.ts";
import type { AnyEvent } from "../csms/events.ts";
import type { CallContext, CallOutcome } from "./call.ts";
import { handleTransactionEvent } from "./transaction_event.ts";
import { meterEvents } from "./meter_events.ts";
import { idTokenInfo } from "./authorization.ts";

type Handler<A extends ChargerAction> = (ctx: CallContext, request: RequestOf<A>) => CallOutcome;

function answer<A extends ChargerAction>(
  ctx: CallContext,
  response: ResponseOf<A>,
  events: AnyEvent[] = [],
): CallOutcome {
  return { state: ctx.state, response: response as Record<string, unknown>, events };
}

/** B01–B03: accept known stations (and unknown ones unless configured otherwise). */
const bootNotification: Handler<"BootNotification"> = (ctx, req) => {
  const status = ctx.config.isKnown || ctx.state.registration === "Accepted"
    ? "Accepted"
    : ctx.config.unknownStationRegistration;
  const at = isoOfMs(ctx.nowMs);
  const cs = req.chargingStation;
  return {
    state: { ...ctx.state, registration: status, model: cs.model, vendorName: cs.vendorName },
    response: { currentTime: at, interval: ctx.config.heartbeatIntervalS, status },
    events: [{
      type: "station.booted",
      payload: {
        chargerId: ctx.state.chargerId,
        model: cs.model,
        vendorName: cs.vendorName,
        serialNumber: cs.serialNumber,
        firmwareVersion: cs.firmwareVersion,
        reason: req.reason,
        status,
        intervalS: ctx.config.heartbeatIntervalS,
        at,
      },
    }],
  };
};

const heartbeat: Handler<"Heartbeat"> = (ctx) => {
  const at = isoOfMs(ctx.nowMs);
  return answer<"Heartbeat">(ctx, { currentTime: at }, [
    { type: "station.heartbeat", payload: { chargerId: ctx.state.chargerId, at } },
  ]);
};

const statusNotification: Handler<"StatusNotification"> = (ctx, req) => {
  const key = `${req.evseId}/${req.connectorId}`;
  return {
    state: { ...ctx.state, connectors: { ...ctx.state.connectors, [key]: req.connectorStatus } },
    response: {},
    events: [{
      type: "status.changed",
      payload: {
        chargerId: ctx.state.chargerId,
        evseId: req.evseId,
        connectorId: req.connectorId,
        status: req.connectorStatus,
        timestamp: req.timestamp,
        at: isoOfMs(ctx.nowMs),
      },
    }],
  };
};

const authorize: Handler<"Authorize"> = (ctx, req) =>
  answer<"Authorize">(ctx, { idTokenInfo: idTokenInfo(ctx.config, req.idToken, ctx.nowMs) });

const meterValues: Handler<"MeterValues"> = (ctx, req) =>
  answer<"MeterValues">(ctx, {}, meterEvents(ctx, req.evseId, undefined, req.meterValue));

const securityEventNotification: Handler<"SecurityEventNotification"> = (ctx, req) =>
  answer<"SecurityEventNotification">(ctx, {}, [{
    type: "security.event",
    payload: {
      chargerId: ctx.state.chargerId,
      type: req.type,
      techInfo: req.techInfo,
      timestamp: req.timestamp,
      at: isoOfMs(ctx.nowMs),
    },
  }]);

/** B07/B08: each part of a report goes on the bus; the device model service stores them. */
const notifyReport: Handler<"NotifyReport"> = (ctx, req) =>
  answer<"NotifyReport">(ctx, {}, [{
    type: "device-model.reported",
    payload: {
      chargerId: ctx.state.chargerId,
      requestId: req.requestId,
      seqNo: req.seqNo,
      tbc: req.tbc ?? false,
      generatedAt: req.generatedAt,
      reportData: req.reportData ?? [],
      at: isoOfMs(ctx.nowMs),
    },
  }]);

/** H01/H03: the charger ended a reservation itself; the reservation service records it. */
const reservationStatusUpdate: Handler<"ReservationStatusUpdate"> = (ctx, req) =>
  answer<"ReservationStatusUpdate">(ctx, {}, [{
    type: "reservation.updated",
    payload: {
      chargerId: ctx.state.chargerId,
      reservationId: req.reservationId,
      status: req.reservationUpdateStatus,
      at: isoOfMs(ctx.nowMs),
    },
  }]);

/** L01/N01: progress of a firmware update or a log upload; the campaigns record it. */
const firmwareStatusNotification: Handler<"FirmwareStatusNotification"> = (ctx, req) =>
  answer<"FirmwareStatusNotification">(ctx, {}, [{
    type: "firmware.status",
    payload: {
      chargerId: ctx.state.chargerId,
      status: req.status,
      requestId: req.requestId,
      at: isoOfMs(ctx.nowMs),
    },
  }]);

const logStatusNotification: Handler<"LogStatusNotification"> = (ctx, req) =>
  answer<"LogStatusNotification">(ctx, {}, [{
    type: "log.status",
    payload: {
      chargerId: ctx.state.chargerId,
      status: req.status,
      requestId: req.requestId,
      at: isoOfMs(ctx.nowMs),
    },
  }]);

/** O04: a part of the charger's display messages; the display message service stores them. */
const notifyDisplayMessages: Handler<"NotifyDisplayMessages"> = (ctx, req) =>
  answer<"NotifyDisplayMessages">(ctx, {}, [{
    type: "display-messages.reported",
    payload: {
      chargerId: ctx.state.chargerId,
      requestId: req.requestId,
      tbc: req.tbc ?? false,
      messages: req.messageInfo ?? [],
      at: isoOfMs(ctx.nowMs),
    },
  }]);

/** Actions answered with an empty payload or a fixed status: acknowledged, nothing to decide. */
const FIXED_ANSWERS: { [A in ChargerAction]?: ResponseOf<A> } = {
  ClearedChargingLimit: {},
  // No vendor extensions are registered, so every DataTransfer is for an unknown vendor.
  DataTransfer: { status: "UnknownVendorId" },
  // ISO 15118 certificate services need a V2G PKI the CSMS is not connected to.
  Get15118EVCertificate: { status: "Failed", exiResponse: "" },
  GetCertificateStatus: { status: "Failed" },
  NotifyChargingLimit: {},
  NotifyCustomerInformation: {},
  NotifyEVChargingNeeds: { status: "Rejected" },
  NotifyEVChargingSchedule: { status: "Accepted" },
  NotifyEvent: {},
  NotifyMonitoringReport: {},
  PublishFirmwareStatusNotification: {},
  ReportChargingProfiles: {},
  // No certificate authority is configured to sign station certificates.
  SignCertificate: { status: "Rejected" },
};

const HANDLERS: { [A in ChargerAction]?: Handler<A> } = {
  Authorize: authorize,
  BootNotification: bootNotification,
  Heartbeat: heartbeat,
  FirmwareStatusNotification: firmwareStatusNotification,
  LogStatusNotification: logStatusNotification,
  MeterValues: meterValues,
  NotifyDisplayMessages: notifyDisplayMessages,
  NotifyReport: notifyReport,
  ReservationStatusUpdate: reservationStatusUpdate,
  SecurityEventNotification: securityEventNotification,
  StatusNotification: statusNotification,
  TransactionEvent: handleTransactionEvent,
};

/** Decides the answer to a validated charger-initiated CALL. */
export function handleCall<A extends ChargerAction>(
  ctx: CallContext,
  action: A,
  request: RequestOf<A>,
): CallOutcome {
  const handler = HANDLERS[action] as Handler<A> | undefined;
  if (handler) return handler(ctx, request);
  return answer(ctx, (FIXED_ANSWERS[action] ?? {}) as ResponseOf<A>);
}

/** The fixed answers, exported so a test can check each against its response schema. */
export const fixedAnswers = FIXED_ANSWERS;
