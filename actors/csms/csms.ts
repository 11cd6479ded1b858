/**
 * The CSMS core: accepts station connections into supervised station actors, keeps a
 * read-only snapshot of each station's state, and sends CSMS-initiated calls through the
 * station's mailbox with the answer returned to the caller.
 */
import { getLogger } from "@logtape/logtape";
import type { Supervisor } from "../runtime/supervisor.ts";
import { buildCallError } from "../ocpp/frames.ts";
import type { ActorRef } from "../runtime/actor.ts";
import type { Clock } from "../runtime/clock.ts";
import type { AnyEvent, EventType } from "./events.ts";
import { type Metrics, processMetrics } from "../runtime/metrics.ts";
import type { CsmsAction } from "../ocpp/actions.ts";
import { createProtocolLog } from "../ocpp/protocol_log.ts";
import { createReplyTimer, type ReplyTimer } from "../ocpp/reply_timer.ts";
import { type Admission, type AdmissionSlot, createAdmission } from "../station/admission.ts";
import { CallTimeoutError } from "../ocpp/rpc.ts";
import type { RequestOf, ResponseOf } from "../ocpp/schemas.ts";
import type { DurableStore } from "../station/durable.ts";
import type {
  AuthorizationStatus,
  StationConfig,
  StationState,
  TransactionEventHook,
  ValidationMode,
} from "../station/state.ts";
import {
  MAX_QUEUED_FRAMES,
  stationActorSpec,
  type StationMsg,
  type StationSocket,
} from "../station/station_actor.ts";
import { isoNow } from "../runtime/clock.ts";

/** A command was sent to a charger that is not connected. */
export class ChargerOfflineError extends Error {
  /** Always "ChargerOfflineError". */
  override name = "ChargerOfflineError";
  /** The charger (its OCPP identity) that is not connected. */
  constructor(readonly chargerId: string) {
    super(`Charger ${chargerId} is not connected`);
  }
}

/** CSMS settings (from flags, environment and tamna.json). */
export interface CsmsConfig {
  validation: ValidationMode;
  /** Per-station overrides, e.g. lenient validation for one field charger. */
  stations: Record<string, { validation?: ValidationMode }>;
  unknownStationRegistration: "Accepted" | "Pending" | "Rejected";
  heartbeatIntervalS: number;
  authorization: { default: "Accepted" | "Invalid"; allow: string[]; deny: string[] };
  maxBadFrames: number;
  maxFrameChars: number;
  callTimeoutMs: number;
  /** A station with more unsent bytes than this when the next frame is due is cut off. */
  maxSendBufferBytes: number;
}

/** Defaults a CSMS runs with when nothing is configured. */
export const DEFAULT_CSMS_CONFIG: CsmsConfig = {
  validation: "strict",
  stations: {},
  unknownStationRegistration: "Accepted",
  heartbeatIntervalS: 30,
  authorization: { default: "Accepted", allow: [], deny: [] },
  maxBadFrames: 20,
  maxFrameChars: 256 * 1024,
  callTimeoutMs: 30_000,
  maxSendBufferBytes: 1024 * 1024,
};

/** Dependencies of {@link createCsms}. */
export interface CsmsDeps {
  clock: Clock;
  supervisor: Supervisor;
  emit(event: AnyEvent): void;
  /**
   * Whether anyone reads events of `type` (the bus's `hasSubscribers`); the CSMS skips building
   * the per-frame `frame.in` / `frame.out` events nobody reads. Default: everything is read.
   */
  isWanted?(type: EventType): boolean;
  config: CsmsConfig;
  store?: DurableStore;
  /** Adds to TransactionEvent answers: the plugin host's composed billing hooks. */
  transactionEventHook?: TransactionEventHook;
  /** Where frame counts and frame-in to reply-out latencies go; default `processMetrics`. */
  metrics?: Metrics;
  /** The overload gate (see station/admission.ts); default one with its defaults, null for none. */
  admission?: Admission | null;
  /**
   * Answers Authorize and TransactionEvent idTokens (the managed ID tokens, in memory); default
   * {@link configAuthorizer} over `config.authorization`.
   */
  authorize?: StationConfig["authorize"];
}

/** The CSMS core. */
export interface Csms {
  /** Takes over a freshly opened socket for `chargerId`, replacing any older connection. */
  accept(chargerId: string, socket: WebSocket, remoteAddress?: string): void;
  /** Sends a CSMS-initiated call through the station's mailbox and resolves with its answer. */
  send<A extends CsmsAction>(
    chargerId: string,
    action: A,
    payload: RequestOf<A>,
  ): Promise<ResponseOf<A>>;
  /**
   * Closes the connection of `chargerId` without publishing `station.disconnected`: the charger
   * connected again elsewhere (another node of a cluster) and this socket is stale.
   */
  drop(chargerId: string, reason: string): void;
  isConnected(chargerId: string): boolean;
  /** The station's latest state, while it is connected. */
  snapshot(chargerId: string): StationState | undefined;
  connectedIds(): string[];
  /** Closes every connection. */
  close(): Promise<void>;
}

/**
 * The simple rule of tamna.json: `deny` is Blocked, `allow` Accepted, anything else `default`.
 * With a database it answers the tokens the managed ID tokens do not hold.
 */
export function configAuthorizer(
  authorization: CsmsConfig["authorization"],
): (idToken: string) => AuthorizationStatus {
  const allow = new Set(authorization.allow);
  const deny = new Set(authorization.deny);
  return (idToken) => {
    if (deny.has(idToken)) return "Blocked";
    if (allow.has(idToken)) return "Accepted";
    return authorization.default;
  };
}

const log = getLogger(["tamna", "csms"]);

// The message id of a CALL, read without parsing the whole frame (it may be huge).
const CALL_ID = /^\s*\[\s*2\s*,\s*"((?:[^"\\]|\\.){1,64})"/;

/**
 * The mailbox side of MAX_QUEUED_FRAMES (half the mailbox's capacity, so commands and the
 * close still fit): each CALL beyond it gets a CALLERROR at once, and a close queues behind
 * the frames already taken, so those are answered too before the connection ends.
 */
function overflowGuard(ref: ActorRef<StationMsg>, socket: WebSocket) {
  let isOverflowing = false;
  return (text: string): boolean => {
    if (!isOverflowing && ref.queued < MAX_QUEUED_FRAMES) return false;
    const reason = `Too many frames queued (${MAX_QUEUED_FRAMES}): send one CALL at a time`;
    if (!isOverflowing) {
      isOverflowing = true;
      log.warn`${ref.id}: ${reason}; closing the connection`;
      ref.send({ type: "shutdown", reason });
    }
    const id = CALL_ID.exec(text.slice(0, 200))?.[1];
    if (id !== undefined) socket.send(buildCallError(id, "RpcFrameworkError", reason));
    return true;
  };
}

/** The size of a binary frame (a Blob or an ArrayBuffer, by the socket's binaryType). */
function binarySize(data: unknown): number {
  if (data instanceof Blob) return data.size;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}

/** Feeds a socket's frames into the actor's mailbox, shedding first under overload. */
function wire(
  ref: ActorRef<StationMsg>,
  socket: WebSocket,
  watch: { timer: ReplyTimer; slot: AdmissionSlot; admission: Admission | null; maxChars: number },
): void {
  const isOverflow = overflowGuard(ref, socket);
  socket.onmessage = (event) => {
    if (typeof event.data !== "string") {
      const sizeChars = binarySize(event.data);
      // A binary frame is refused either way; its size is the better reason when too big.
      ref.send(
        sizeChars > watch.maxChars
          ? { type: "oversized", sizeChars, limitChars: watch.maxChars }
          : { type: "frame", text: "<binary frame>" },
      );
      return;
    }
    // An oversized frame gets its size reason, never a shed answer built from its head.
    if (event.data.length > watch.maxChars) {
      return ref.send({
        type: "oversized",
        sizeChars: event.data.length,
        limitChars: watch.maxChars,
      });
    }
    // Shed before anything else: under overload this answer must cost next to nothing.
    const shed = watch.admission?.check(watch.slot, event.data);
    if (shed !== undefined) return socket.send(shed);
    if (isOverflow(event.data)) return;
    watch.timer.received(event.data);
    ref.send({ type: "frame", text: event.data });
  };
  socket.onclose = (event) => ref.send({ type: "closed", code: event.code, reason: event.reason });
  socket.onerror = () => {}; // a close event always follows and is handled there
}

/**
 * Queues a command in the actor's mailbox and resolves with the charger's answer. A command
 * dropped by a full mailbox never reaches the call queue and its timeout, so the caller gets
 * its own guard a little after the call timeout.
 */
function command<A extends CsmsAction>(
  ref: ActorRef<StationMsg>,
  call: { action: A; payload: RequestOf<A>; clock: Clock; timeoutMs: number },
): Promise<ResponseOf<A>> {
  const { clock, action } = call;
  return new Promise((resolve, reject) => {
    const guard = clock.setTimeout(
      () => reject(new CallTimeoutError(action, call.timeoutMs)),
      call.timeoutMs + 1_000,
    );
    const settle = <T>(fn: (value: T) => void) => (value: T) => {
      clock.clearTimeout(guard);
      fn(value);
    };
    ref.send({
      type: "command",
      action,
      payload: call.payload as Record<string, unknown>,
      resolve: settle(resolve as (response: Record<string, unknown>) => void),
      reject: settle(reject),
    });
  });
}

/** Who is connected now, and the latest state of each connected charger's actor. */
interface Live {
  sockets: Map<string, WebSocket>;
  snapshots: Map<string, StationState>;
}

/** Lets go of an older connection of `chargerId` so its late events cannot touch the new one. */
function replaceOld(
  live: Live,
  supervisor: Supervisor,
  chargerId: string,
  reason = "Replaced by a new connection",
): void {
  const old = live.sockets.get(chargerId);
  if (old) {
    old.onmessage = old.onclose = null;
    old.close(1000, reason);
    void supervisor.stop(chargerId, "replaced");
    live.snapshots.delete(chargerId);
  } else if (supervisor.get(chargerId)) {
    // The old socket is gone but its actor has not exited yet (its mailbox is still busy,
    // e.g. waiting for storage): a charger that reconnects fast in a storm must not find
    // the id taken, which would throw in this socket handler and end the process.
    void supervisor.stop(chargerId, "replaced");
  }
}

/**
 * The actor's side of the socket. A charger that stopped reading is let go at once: Deno
 * cannot abort a WebSocket whose send buffer is full (close() waits behind the unsent data),
 * so the socket holds at most `maxSendBufferBytes` until the peer goes away.
 */
function stationSocket(
  live: Live,
  connection: { chargerId: string; socket: WebSocket; maxSendBufferBytes: number },
  deps: { timer: ReplyTimer; onCutOff(reason: string): void },
): StationSocket {
  const { chargerId, socket, maxSendBufferBytes } = connection;
  const cutOff = () => {
    if (live.sockets.get(chargerId) !== socket) return;
    const reason = `Station stopped reading: over ${maxSendBufferBytes} bytes unsent`;
    socket.onmessage = socket.onclose = null;
    live.sockets.delete(chargerId);
    live.snapshots.delete(chargerId);
    socket.close(1008, reason);
    deps.onCutOff(reason);
  };
  return {
    send: (text) => {
      // Checked before sending: one large frame may exceed the cap for a moment, a backlog
      // that is still there when the next frame goes out means the station is not reading.
      if (socket.bufferedAmount > maxSendBufferBytes) return cutOff();
      socket.send(text);
      deps.timer.sent(text);
    },
    close: (code, reason) => socket.close(code, reason),
  };
}

/** Builds the CSMS core. */
export function createCsms(deps: CsmsDeps): Csms {
  const { config, supervisor, clock } = deps;
  const metrics = deps.metrics ?? processMetrics;
  const admission = deps.admission === undefined ? createAdmission({ metrics }) : deps.admission;
  const authorize = deps.authorize ?? configAuthorizer(config.authorization);
  const protocolLog = createProtocolLog("SERVER");
  const live: Live = { sockets: new Map(), snapshots: new Map() };
  const { sockets, snapshots } = live;

  // One shared object for every charger without settings of its own (most of them).
  let shared: StationConfig | undefined;
  function stationConfig(chargerId: string): StationConfig {
    if (!(chargerId in config.stations)) return shared ??= ownConfig(chargerId);
    return ownConfig(chargerId);
  }

  function ownConfig(chargerId: string): StationConfig {
    return {
      validation: config.stations[chargerId]?.validation ?? config.validation,
      heartbeatIntervalS: config.heartbeatIntervalS,
      unknownStationRegistration: config.unknownStationRegistration,
      isKnown: chargerId in config.stations,
      authorize,
      maxBadFrames: config.maxBadFrames,
      transactionEventHook: deps.transactionEventHook,
    };
  }

  function forget(chargerId: string, socket: WebSocket): void {
    metrics.count("ocpp.connections_closed");
    if (sockets.get(chargerId) === socket) {
      sockets.delete(chargerId);
      snapshots.delete(chargerId);
    }
    if (sockets.size === 0) admission?.setActive(false);
  }

  return {
    accept(chargerId, socket, remoteAddress) {
      replaceOld(live, supervisor, chargerId);
      sockets.set(chargerId, socket);
      metrics.count("ocpp.connections_accepted");
      const timer = createReplyTimer(metrics);
      const ref: ActorRef<StationMsg> = supervisor.spawn(stationActorSpec({
        chargerId,
        socket: stationSocket(live, {
          chargerId,
          socket,
          maxSendBufferBytes: config.maxSendBufferBytes,
        }, {
          timer,
          onCutOff: (reason) => ref.send({ type: "closed", code: 1008, reason }),
        }),
        clock,
        emit: deps.emit,
        isWanted: deps.isWanted,
        config: stationConfig(chargerId),
        store: deps.store,
        protocolLog,
        callTimeoutMs: config.callTimeoutMs,
        onState: (state) => {
          if (sockets.get(chargerId) === socket) snapshots.set(chargerId, state);
        },
      }));
      const slot = admission?.slot() ?? { lastAdmittedMs: 0 };
      wire(ref, socket, { timer, slot, admission, maxChars: config.maxFrameChars });
      admission?.setActive(true);
      socket.addEventListener("close", () => forget(chargerId, socket));
      deps.emit({
        type: "station.connected",
        payload: { chargerId, remoteAddress, at: isoNow(clock) },
      });
    },
    send(chargerId, action, payload) {
      const ref = sockets.has(chargerId) ? supervisor.get<StationMsg>(chargerId) : undefined;
      if (!ref) return Promise.reject(new ChargerOfflineError(chargerId));
      return command(ref, { action, payload, clock, timeoutMs: config.callTimeoutMs });
    },
    drop(chargerId, reason) {
      if (!sockets.has(chargerId)) return;
      replaceOld(live, supervisor, chargerId, reason);
      sockets.delete(chargerId);
      if (sockets.size === 0) admission?.setActive(false);
    },
    isConnected: (chargerId) => sockets.has(chargerId),
    snapshot: (chargerId) => snapshots.get(chargerId),
    connectedIds: () => [...sockets.keys()],
    async close() {
      for (const [chargerId, socket] of sockets) {
        socket.close(1001, "CSMS shutting down");
        await supervisor.stop(chargerId, "shutdown");
      }
      sockets.clear();
      snapshots.clear();
      admission?.setActive(false);
    },
  };
}
