/**
 * The data of one simulated station: its configuration, its state, the messages its pure
 * transition takes and the effects it returns. Everything here is plain data.
 */
import { z } from "zod";
import type { OcppErrorCode } from "../../actors/ocpp/errors.ts";
import type { ChargerAction } from "../../actors/ocpp/actions.ts";
import {
  IdTokenEnumType,
  type MessageInfoType,
  ReasonEnumType,
} from "../../actors/ocpp/schemas.ts";
import type * as Ocpp from "../../actors/ocpp/payload_types.ts";
import { type ChargingProfile, type InstalledProfile, noProfiles } from "./charging_profiles.ts";
import { type DeviceValues, initialDeviceValues } from "./device_model.ts";
import type { StationFacts } from "./device_model_variables.ts";
import { initialPhysics, type PhysicsState, type Readings } from "./physics.ts";
import type { TimeBase } from "./time_base.ts";
import { EMPTY_LIST, type LocalList } from "./local_list_state.ts";
import type {
  ChargingState,
  ConnectorStatus,
  InternalStatus,
} from "../../actors/ocpp/status_map.ts";

/** The only EVSE and connector of a simulated station (a DC charger with one CCS cable). */
export const EVSE_ID = 1;
export const CONNECTOR_ID = 1;

/** An EV, as a driver brings it (EvSpec of the physics). */
export const EvSpecSchema = z.object({
  batteryWh: z.number().int().positive(),
  startSocPercent: z.number().min(0).max(100),
  maxPowerW: z.number().int().positive(),
});

/** An idToken as a driver presents it: the token and its OCPP 2.0.1 type. */
export type IdToken = {
  idToken: string;
  type: Ocpp.IdTokenEnumType;
};

/** An idToken as OCPP 2.0.1 carries it; it parses to an {@link IdToken}. */
export const IdTokenSchema: z.ZodType<IdToken> = z.object({
  idToken: z.string().min(1).max(36),
  type: IdTokenEnumType,
});

/** Why a transaction ended: OCPP 2.0.1's ReasonEnumType (`Local`, `EVDisconnected`, …). */
export type StoppedReason = Ocpp.ReasonEnumType;

/** The schema of {@link StoppedReason}. */
const StoppedReasonSchema: typeof ReasonEnumType = ReasonEnumType;

/** The station's timers; at most one of each is pending. */
export const TimerName = z.enum([
  "heartbeat",
  "boot",
  "txUpdated",
  "aligned",
  "limit",
  "evConnectionTimeout",
  "reservation",
  "firmware",
]);
export type TimerName = z.infer<typeof TimerName>;

const Payload = z.custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null);

/**
 * Every message a station takes: driver commands (lowerCamel), connection and timer news from
 * the shell, and OCPP traffic named as in the spec (the shell has validated the payloads).
 */
export const ChargerMsg = z.discriminatedUnion("type", [
  z.object({ type: z.literal("plugIn"), ev: EvSpecSchema.optional() }),
  z.object({ type: z.literal("unplug") }),
  z.object({ type: z.literal("authorize"), idToken: IdTokenSchema }),
  z.object({ type: z.literal("startLocal"), idToken: IdTokenSchema, ev: EvSpecSchema.optional() }),
  z.object({ type: z.literal("stopLocal"), reason: StoppedReasonSchema.optional() }),
  z.object({ type: z.literal("fault"), reason: StoppedReasonSchema.optional() }),
  z.object({ type: z.literal("clearFault") }),
  z.object({ type: z.literal("shutdown"), reason: StoppedReasonSchema }),
  z.object({ type: z.literal("connected") }),
  z.object({ type: z.literal("disconnected") }),
  z.object({ type: z.literal("timer"), name: TimerName }),
  z.object({ type: z.literal("call"), id: z.string(), action: z.string(), payload: Payload }),
  z.object({
    type: z.literal("callResult"),
    action: z.string(),
    request: Payload,
    response: Payload,
  }),
  z.object({
    type: z.literal("callError"),
    action: z.string(),
    request: Payload,
    code: z.string(),
    description: z.string(),
  }),
  /** The shell finished a firmware download or a log upload (L01, N01). */
  z.object({
    type: z.literal("transferDone"),
    transfer: z.enum(["firmware", "log"]),
    requestId: z.number().int(),
    ok: z.boolean(),
    /** Firmware: the install that follows fails (the shell drew it from the failure rate). */
    isInstallFailing: z.boolean().optional(),
    error: z.string().optional(),
  }),
  /** The CSMS acknowledged a queued TransactionEvent (or it was given up). */
  z.object({ type: z.literal("txEventDone"), request: Payload, response: Payload.optional() }),
]);
export type ChargerMsg = z.infer<typeof ChargerMsg>;

/** Observations for tests, the fleet runner and the progress line. */
export type SimEvent =
  | { type: "status"; status: InternalStatus; connectorStatus: ConnectorStatus }
  | { type: "registration"; status: "Accepted" | "Pending" | "Rejected" }
  | {
    type: "transaction";
    eventType: "Started" | "Updated" | "Ended";
    transactionId: string;
    seqNo: number;
    triggerReason: string;
    stoppedReason?: string;
    offline: boolean;
    /** The energy register the event carries, whole Wh (absent when it carries none). */
    energyWh?: number;
  }
  | { type: "meter"; readings: Readings; chargingState?: ChargingState }
  | {
    type: "rejected";
    command: string;
    reason: string;
    /** A TransactionEvent given up after MessageAttempts refusals: which one. */
    transactionId?: string;
    seqNo?: number;
  }
  /** CostUpdated from the CSMS (I02): the running cost of a transaction. */
  | { type: "cost"; transactionId: string; totalCost: number }
  | { type: "reboot"; reason: string }
  /**
   * The connection is down; try number `attempt` (from 1) follows in `delayMs` (B05). `error`
   * says why the last try failed when the WebSocket client told (e.g. `… status code: 401`).
   */
  | { type: "reconnecting"; attempt: number; delayMs: number; error?: string };

/**
 * One inbound CALL as the handlers see it, already validated against its request schema by
 * the shell (the `call` message with the time it arrived).
 */
export interface InboundCall {
  nowMs: number;
  id: string;
  action: string;
  payload: Record<string, unknown>;
}

/** What the shell does for the state machine, in order. */
export type Effect =
  | { kind: "call"; action: ChargerAction; payload: Record<string, unknown> }
  | { kind: "txEvent"; payload: Record<string, unknown> }
  | { kind: "reply"; id: string; payload: Record<string, unknown> }
  | { kind: "replyError"; id: string; code: OcppErrorCode; description: string }
  | { kind: "setTimer"; name: TimerName; delayMs: number }
  | { kind: "cancelTimer"; name: TimerName }
  | { kind: "reboot"; reason: string }
  /** Download a firmware image over HTTP(S) (L01); `transferDone` follows. */
  | { kind: "download"; requestId: number; url: string }
  /** Upload a log file to `url` over HTTP(S) (N01); `transferDone` follows. */
  | { kind: "upload"; requestId: number; url: string; fileName: string; text: string }
  /** Keep this Basic-auth password for every later connection (A01); runs before the reply. */
  | { kind: "storePassword"; password: string }
  | { kind: "emit"; event: SimEvent };

/** What a station is (from its fleet entry) and how it behaves. */
export interface StationConfig extends StationFacts {
  serialNumber: string;
  firmwareVersion: string;
  /** Prefix of this run's transaction ids (random per process start, so ids never repeat). */
  txIdPrefix: string;
  /** The EV a remote start or a bare plugIn brings when none is given. */
  defaultEv: z.infer<typeof EvSpecSchema>;
  /** On a remote start with nothing plugged in, plug the default EV at once (the driver is there). */
  isAutoPlugOnRemoteStart: boolean;
  /** How simulated time maps to the wall clock the station reports; absent: real time. */
  timeBase?: TimeBase;
  /** Whether the CSMS endpoint is `wss://` (set by `startCharger` from the URL). */
  isTls?: boolean;
  /** The share of firmware installs that fail (0–1; default 0): InstallationFailed. */
  firmwareFailureRate?: number;
}

/** The running transaction. */
export interface Tx {
  transactionId: string;
  /** The next seqNo to send (from 0 per transaction). */
  seqNo: number;
  startedAtMs: number;
  idToken?: IdToken;
  remoteStartId?: number;
  /** The chargingState last reported in a TransactionEvent. */
  chargingState: ChargingState;
  /** Time spent with energy flowing, ms, up to `physicsAtMs`. */
  chargingMs: number;
  /** The running cost the CSMS last sent (CostUpdated, I02). */
  totalCost?: number;
}

/** A start that is authorized but waits for the cable (or a remote start waiting for it). */
export interface PendingStart {
  idToken: IdToken;
  remoteStartId?: number;
  /** The TxProfile that came with RequestStartTransaction (K05). */
  chargingProfile?: ChargingProfile;
}

/** The state of one simulated station. */
export interface ChargerState {
  config: StationConfig;
  registration: "None" | "Booting" | "Pending" | "Rejected" | "Accepted";
  /** The reason the next BootNotification gives. */
  bootReason: "PowerUp" | "RemoteReset" | "Triggered" | "Unknown";
  isOnline: boolean;
  status: InternalStatus;
  /** The connector status last sent in a StatusNotification, null when the CSMS must be told. */
  reportedStatus: ConnectorStatus | null;
  isOperative: boolean;
  isInoperativeScheduled: boolean;
  resetScheduled: boolean;
  /** Authorize sent, answer awaited. */
  authorizing: IdToken | null;
  pending: PendingStart | null;
  tx: Tx | null;
  txCount: number;
  /** TransactionEvents handed to the shell and not yet acknowledged. */
  unackedTxEvents: number;
  physics: PhysicsState;
  physicsAtMs: number;
  profiles: readonly InstalledProfile[];
  values: DeviceValues;
  /** Whether the station logs in with a Basic-auth password (the shell keeps the password). */
  hasPassword: boolean;
  /** The Local Authorization List the CSMS sent (D01–D04). */
  localList: LocalList;
  /** The reservation holding the EVSE (H01), expiring at `expiresAtMs` of station time. */
  reservation: Reservation | null;
  /** The firmware update under way (L01). */
  firmware: FirmwareJob | null;
  /** The log upload under way (N01). */
  logUpload: { requestId: number } | null;
  /** What the display shows (O01–O06). */
  displayMessages: readonly MessageInfoType[];
}

/** A firmware update: waiting to download, downloading, or installing. */
export interface FirmwareJob {
  requestId: number;
  location: string;
  phase: "scheduled" | "downloading" | "installing";
  /** Set when the download is done: the install will fail. */
  isFailing?: boolean;
}

/** A reservation the station holds. */
export interface Reservation {
  id: number;
  idToken: string;
  groupIdToken?: string;
  expiresAtMs: number;
}

/** A station just powered up, offline, nothing plugged in. */
export function initialState(
  config: StationConfig,
  options: { nowMs: number; registerWh?: number; hasPassword?: boolean },
): ChargerState {
  return {
    config,
    registration: "None",
    bootReason: "PowerUp",
    isOnline: false,
    status: "Available",
    reportedStatus: null,
    isOperative: true,
    isInoperativeScheduled: false,
    resetScheduled: false,
    authorizing: null,
    pending: null,
    tx: null,
    txCount: 0,
    unackedTxEvents: 0,
    physics: initialPhysics(config.maxPowerW, options.registerWh ?? 0),
    physicsAtMs: options.nowMs,
    profiles: noProfiles(),
    values: initialDeviceValues(),
    hasPassword: options.hasPassword ?? false,
    localList: EMPTY_LIST,
    reservation: null,
    firmware: null,
    logUpload: null,
    displayMessages: [],
  };
}
