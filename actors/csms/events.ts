/**
 * The typed event map of the bus: every event an actor, the runtime or a plugin publishes.
 * Plugins add their own events by augmenting {@link TamnaEvents} (module augmentation).
 */

import type {
  AnyEventHandler as AnyHandlerOf,
  BusErrorHandler,
  EventBus,
  EventHandler as HandlerOf,
  EventOf,
  RuntimeEvents,
} from "../runtime/bus.ts";

export type { RuntimeEvents };
export type { SupervisorEvents };
import { createEventBus } from "../runtime/bus.ts";
import type { Clock } from "../runtime/clock.ts";
import type { SupervisorEvents } from "../runtime/supervisor.ts";
import type { MeterReading } from "../ocpp/meter.ts";
import type { MessageInfoType, ReportDataType } from "../ocpp/payload_types.ts";

export type { MeterReading };

/**
 * A reservation's state: `Active` while it holds the charger, `Rejected` (or the charger's own
 * refusal: `Occupied`, `Faulted`, `Unavailable`) when it never did, and how it ended.
 */
export type ReservationStatus =
  | "Active"
  | "Rejected"
  | "Occupied"
  | "Faulted"
  | "Unavailable"
  | "Cancelled"
  | "Expired"
  | "Removed"
  | "Used";

/** Connector status as OCPP 2.0.1 reports it. */
export type ConnectorStatus = "Available" | "Occupied" | "Reserved" | "Unavailable" | "Faulted";

/**
 * Every event on the bus, by type. Payloads are plain JSON-able data. `at` is the
 * CSMS's own ISO 8601 time of the event unless said otherwise.
 */
export interface TamnaEvents extends RuntimeEvents, SupervisorEvents {
  /** A charger's WebSocket was accepted. */
  "station.connected": { chargerId: string; remoteAddress?: string; at: string };
  /** A charger's WebSocket closed (`code` and `reason` of the close). */
  "station.disconnected": { chargerId: string; code: number; reason: string; at: string };
  /** A BootNotification was answered (`status`, `intervalS` as answered). */
  "station.booted": {
    chargerId: string;
    model: string;
    vendorName: string;
    serialNumber?: string;
    firmwareVersion?: string;
    reason: string;
    status: "Accepted" | "Pending" | "Rejected";
    intervalS: number;
    at: string;
  };
  /** A Heartbeat arrived. */
  "station.heartbeat": { chargerId: string; at: string };
  /** Deviations from the schema accepted in lenient mode, per frame. */
  "station.relaxed": { chargerId: string; action: string; relaxations: string[]; at: string };
  /** A connector's status changed (StatusNotification, G01). */
  "status.changed": {
    chargerId: string;
    evseId: number;
    connectorId: number;
    status: ConnectorStatus;
    /** The charger's timestamp of the change. */
    timestamp: string;
    at: string;
  };
  /** A transaction started (TransactionEvent Started, or its first event seen). */
  "transaction.started": {
    chargerId: string;
    transactionId: string;
    evseId?: number;
    connectorId?: number;
    idToken?: string;
    remoteStartId?: number;
    /** Energy register at start, Wh, when the charger sent one. */
    meterStartWh?: number;
    /** The charger's timestamp of the Started event. */
    timestamp: string;
    at: string;
  };
  /** Every stored TransactionEvent of a transaction, Started and Ended included. */
  "transaction.updated": {
    chargerId: string;
    transactionId: string;
    seqNo: number;
    eventType: "Started" | "Updated" | "Ended";
    triggerReason: string;
    chargingState?: string;
    offline: boolean;
    /**
     * The transaction has ended, by this event or an earlier one: an event delivered after the
     * Ended (queued offline) is the past and opens nothing.
     */
    isEnded: boolean;
    /**
     * The transaction's start register in Wh, once known. It may become known after the
     * Started: the first reading after a Started without one, or a Transaction.Begin reading.
     */
    meterStartWh?: number;
    /** The transaction's latest energy register in Wh (by seqNo), if any. */
    energyWh?: number;
    /** Latest active power in W seen in this event, if any. */
    powerW?: number;
    timestamp: string;
    at: string;
  };
  /** A transaction ended (TransactionEvent Ended). */
  "transaction.ended": {
    chargerId: string;
    transactionId: string;
    stoppedReason?: string;
    /** Energy register at start and end, Wh; `energyWh` is their difference. */
    meterStartWh?: number;
    meterStopWh?: number;
    energyWh?: number;
    timestamp: string;
    at: string;
  };
  /**
   * The cost the TransactionEvent hooks decided for a transaction, after every hook ran
   * (published once the event is stored). `isFinal` on the Ended event, whose answer
   * carried it as `totalCost`.
   */
  "transaction.costed": {
    chargerId: string;
    transactionId: string;
    seqNo: number;
    eventType: "Started" | "Updated" | "Ended";
    /** The running (or, when `isFinal`, the final) total cost. */
    costKrw: number;
    /** Energy so far: the latest register minus the register at start, Wh. */
    energyWh?: number;
    isFinal: boolean;
    /** The charger's timestamp of the event. */
    timestamp: string;
    at: string;
  };
  /** A meter reading (MeterValues, or the sampled values of a TransactionEvent). */
  "meter.sampled": {
    chargerId: string;
    evseId: number;
    transactionId?: string;
    reading: MeterReading;
    at: string;
  };
  /** A SecurityEventNotification from a charger, or a security event of the CSMS. */
  "security.event": {
    chargerId: string;
    type: string;
    techInfo?: string;
    timestamp: string;
    at: string;
  };
  /** Every raw frame in or out, for protocol capture and the dashboard's frame log. */
  "frame.in": { chargerId: string; text: string; at: string };
  /** Every raw frame out, as `frame.in` for frames in. */
  "frame.out": { chargerId: string; text: string; at: string };
  /** A site or charger was created, changed or decommissioned (the managed inventory). */
  "inventory.changed": {
    kind: "site" | "charger";
    /** The site changed, or the charger's site after the change. */
    siteId?: string;
    chargerId?: string;
    change: "created" | "updated" | "decommissioned";
    at: string;
  };
  /** An ID token was created, changed or deleted; an import is one event with its count. */
  "id-token.changed": {
    idToken?: string;
    status?: "Accepted" | "Blocked" | "Expired" | "Invalid";
    change: "created" | "updated" | "deleted" | "imported";
    count?: number;
    at: string;
  };
  /** A tariff got a new version (created or updated) or was retired. */
  "tariff.changed": {
    tariffId: string;
    version: number;
    siteId?: string;
    chargerId?: string;
    change: "created" | "updated" | "retired";
    at: string;
  };
  /** A SendLocalList (D01/D02) went to a charger, and what it answered. */
  "local-list.sent": {
    chargerId: string;
    version: number;
    updateType: "Full" | "Differential";
    /** The charger's answer, or `Offline` / `Error` when it could not take it. */
    status: string;
    /** Entries in the message (added, changed or removed). */
    entries: number;
    at: string;
  };
  /** One NotifyReport part (B07/B08) as the charger sent it; `tbc` false on the last part. */
  "device-model.reported": {
    chargerId: string;
    requestId: number;
    seqNo: number;
    tbc: boolean;
    generatedAt: string;
    reportData: ReportDataType[];
    at: string;
  };
  /** A whole report (every part of `requestId`) is stored; `variables` it holds now. */
  "device-model.stored": {
    chargerId: string;
    requestId: number;
    reportBase: string;
    variables: number;
    at: string;
  };
  /** Get/SetVariables results stored with their variables (B05/B06). */
  "device-model.variables": {
    chargerId: string;
    action: "GetVariables" | "SetVariables";
    results: { component: string; variable: string; status: string; value?: string }[];
    at: string;
  };
  /** ReservationStatusUpdate (H01/H03): the charger let a reservation go (Expired, Removed). */
  "reservation.updated": {
    chargerId: string;
    reservationId: number;
    status: "Expired" | "Removed";
    at: string;
  };
  /** A reservation's record changed: made (Active or refused), cancelled, expired, removed, used. */
  "reservation.changed": {
    chargerId: string;
    reservationId: number;
    status: ReservationStatus;
    idToken: string;
    evseId?: number;
    expiresAt: string;
    at: string;
  };
  /** FirmwareStatusNotification (L01): where the charger is with firmware request `requestId`. */
  "firmware.status": { chargerId: string; status: string; requestId?: number; at: string };
  /** LogStatusNotification (N01): where the charger is with log upload `requestId`. */
  "log.status": { chargerId: string; status: string; requestId?: number; at: string };
  /**
   * A charger's part of a firmware or log campaign moved on: the answer to UpdateFirmware or
   * GetLog, each status notification, an uploaded log file (`fileName`, `sizeBytes`).
   */
  "campaign.progress": {
    campaignId: string;
    kind: "firmware" | "log";
    chargerId: string;
    requestId: number;
    status: string;
    isFinal: boolean;
    fileName?: string;
    sizeBytes?: number;
    at: string;
  };
  /** One NotifyDisplayMessages part (O04) answering GetDisplayMessages `requestId`. */
  "display-messages.reported": {
    chargerId: string;
    requestId: number;
    tbc: boolean;
    messages: MessageInfoType[];
    at: string;
  };
  /** A display message was set, cleared or found gone (O01–O06). */
  "display-message.changed": {
    chargerId: string;
    messageId: number;
    status: string;
    isActive: boolean;
    at: string;
  };
  /** A CSMS-initiated call and how the charger answered it (`error` when it did not). */
  "command.answered": {
    chargerId: string;
    action: string;
    request: Record<string, unknown>;
    response?: Record<string, unknown>;
    error?: string;
    at: string;
  };
}

/** The name of an event. */
export type EventType = keyof TamnaEvents;

/** An event with its type, as `onAny` subscribers and the live feed see it. */
// Written out (the same type as the bus's generic EventOf<TamnaEvents>) so the documented API
// names no runtime-internal generic.
export type AnyEvent = { [K in EventType]: { type: K; payload: TamnaEvents[K] } }[EventType];

/** The CSMS's bus: typed by {@link TamnaEvents}, plugins' augmentations included. */
export type Bus = EventBus<TamnaEvents>;

/** Handles one event type of the CSMS's bus; gets the payload and the type. */
export type EventHandler<K extends EventType> = (
  payload: TamnaEvents[K],
  type: K,
) => void | Promise<void>;

/** Handles every event of the CSMS's bus. */
export type AnyEventHandler = (event: AnyEvent) => void | Promise<void>;

// The written-out types above must stay the bus's own: these fail to compile if they drift.
const _sameEvent: [AnyEvent] extends [EventOf<TamnaEvents>] ? true : false = true;
const _sameHandler: [AnyHandlerOf<TamnaEvents>] extends [AnyEventHandler] ? true : false = true;
const _sameOne: [HandlerOf<TamnaEvents, "meter.sampled">] extends [EventHandler<"meter.sampled">]
  ? true
  : false = true;
void [_sameEvent, _sameHandler, _sameOne];

/** Builds the CSMS's bus. */
export function createBus(options: { clock?: Clock; onError?: BusErrorHandler } = {}): Bus {
  return createEventBus<TamnaEvents>(options);
}
