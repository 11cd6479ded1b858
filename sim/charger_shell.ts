/**
 * One incarnation of a simulated station's actor: the WebSocket client, the call queue, the
 * timers and the TransactionEvent pump, running the effects of the pure transition in order.
 * A crash ends the incarnation; the supervisor starts a fresh one from the station's spec.
 */
import type { ActorBehaviour, ActorSelf } from "../actors/actor.ts";
import type { Clock, TimerId } from "../actors/clock.ts";
import { OcppError } from "../actors/ocpp/errors.ts";
import { buildCallError, buildCallResult } from "../actors/ocpp/frames.ts";
import { createProtocolLog } from "../actors/ocpp/protocol_log.ts";
import { CallAbortedError, type CallQueue, createCallQueue } from "../actors/ocpp/rpc.ts";
import { redactSecrets } from "../actors/security/redact.ts";
import { reconnectDelayMs } from "./backoff.ts";
import type { ChargerOptions, SimStats } from "./charger.ts";
import { intSetting } from "./device_model.ts";
import { decodeInbound } from "./inbound.ts";
import { transition } from "./state_machine.ts";
import {
  type ChargerMsg,
  type ChargerState,
  type Effect,
  initialState,
  type SimEvent,
  type TimerName,
} from "./station_state.ts";
import { settingsOf } from "./transactions.ts";
import type { TxQueue } from "./tx_queue.ts";
import { storePasswordSync } from "./password_store.ts";
import { webSocketOptions } from "./station_security.ts";

/** What the actor takes: station messages, a barrier for `settled()`, and network wishes. */
export type ShellMsg =
  | ChargerMsg
  | { type: "barrier"; resolve: () => void }
  | { type: "network"; isWanted: boolean };

/** What outlives an incarnation: options, counters, the queue and the latest state. */
export interface ShellState {
  options: ChargerOptions;
  clock: Clock;
  stats: SimStats;
  queue: TxQueue;
  state: ChargerState;
  isWanted: boolean;
  isStopped: boolean;
  target: EventTarget | undefined;
  /** The Basic-auth password of the next connection (A01 replaces it); never logged. */
  password: string | undefined;
  /** Where a new password is kept; null keeps it in memory. */
  passwordPath: string | null;
  /** Trusts the run's CA for `wss://`; absent: the system's roots. */
  httpClient: Deno.HttpClient | undefined;
  /** Resolvers waiting for the queue to empty. */
  drained: (() => void)[];
}

/** Resolves when the queue is empty, the station is offline, or after `drainMs`. */
export function waitDrained(shell: ShellState, drainMs: number): Promise<void> {
  if (shell.queue.size === 0 || !shell.state.isOnline) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = shell.clock.setTimeout(resolve, drainMs);
    shell.drained.push(() => {
      shell.clock.clearTimeout(timer);
      resolve();
    });
  });
}

const SUBPROTOCOL = "ocpp2.0.1";
/** The seed's `[CHARGER-SEND]`/`[OCPP-…]` debug log (OCPP_PROTOCOL_DEBUG); one check per frame when off. */
const protocolLog = createProtocolLog("CHARGER");

/** Starts one incarnation: restores state after a crash, connects, and returns the behaviour. */
export function startIncarnation(
  shell: ShellState,
  self: ActorSelf<ShellMsg>,
): ActorBehaviour<ShellMsg> {
  const { options, clock, stats, queue } = shell;
  const random = options.random ?? Math.random;
  const id = options.config.stationId;
  const timers = new Map<TimerName, TimerId>();
  let socket: WebSocket | null = null;
  let calls: CallQueue | null = null;
  let attempt = 0;
  let reconnectTimer: TimerId | undefined;
  let isRebooting = false;
  let isPumping = false;
  let isOver = false;
  let failedAttempts = 0;
  let crash: unknown;
  /** Why the last connection failed, as the WebSocket client said. */
  let lastError: string | undefined;

  if (shell.state.registration !== "None" || shell.state.isOnline) {
    // A restart after a crash: the station powers up again, cutting off what was running.
    shell.state = initialState(options.config, {
      nowMs: clock.now(),
      registerWh: Math.max(shell.state.physics.registerWh, queue.registerWh ?? 0),
      hasPassword: shell.password !== undefined,
    });
  }
  queue.closeOpenTransactions();
  shell.state = { ...shell.state, unackedTxEvents: queue.size };

  function emit(event: SimEvent): void {
    options.onEvent?.(id, event);
    shell.target?.dispatchEvent(new CustomEvent(event.type, { detail: event }));
  }

  /** Logs and reports a frame; a BasicAuthPassword value in it shows as `<redacted>` (A01). */
  function observe(direction: "in" | "out", text: string): void {
    if (!protocolLog.isEnabled && !options.onFrame) return;
    const visible = redactSecrets(text);
    if (direction === "out") protocolLog.sent(id, visible);
    else protocolLog.received(id, visible);
    options.onFrame?.(id, direction, visible);
  }

  function sendText(text: string): void {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(text);
    stats.sent++;
    observe("out", text);
  }

  function call(
    action: Extract<Effect, { kind: "call" }>["action"],
    payload: Record<string, unknown>,
  ): void {
    const failed = (code: string, description: string) => {
      if (isOver) return; // abandoned at shutdown, not a failure
      stats.errors++;
      self.send({ type: "callError", action, request: payload, code, description });
    };
    if (!calls) return failed("Offline", "not connected");
    calls.call(action, payload).then(
      (response) => self.send({ type: "callResult", action, request: payload, response }),
      (error) =>
        error instanceof OcppError
          ? failed(error.code, error.message)
          : failed("Offline", error instanceof Error ? error.message : String(error)),
    );
  }

  function setTimer(name: TimerName, delayMs: number): void {
    cancelTimer(name);
    timers.set(
      name,
      clock.setTimeout(() => {
        timers.delete(name);
        self.send({ type: "timer", name });
      }, delayMs),
    );
  }

  function cancelTimer(name: TimerName): void {
    const timer = timers.get(name);
    if (timer === undefined) return;
    clock.clearTimeout(timer);
    timers.delete(name);
  }

  function run(effects: Effect[]): void {
    for (const e of effects) {
      switch (e.kind) {
        case "call":
          call(e.action, e.payload);
          break;
        case "txEvent":
          queue.push(e.payload);
          break;
        case "reply":
          sendText(buildCallResult(e.id, e.payload));
          break;
        case "replyError":
          stats.errors++;
          sendText(buildCallError(e.id, e.code, e.description));
          break;
        case "setTimer":
          setTimer(e.name, e.delayMs);
          break;
        case "cancelTimer":
          cancelTimer(e.name);
          break;
        case "reboot":
          isRebooting = true;
          closeSocket();
          break;
        case "storePassword":
          // A disk that cannot take it throws: the actor crashes before answering Accepted.
          if (shell.passwordPath) storePasswordSync(shell.passwordPath, e.password, clock.now());
          shell.password = e.password;
          break;
        case "emit":
          emit(e.event);
          break;
      }
    }
  }

  /** Delivers queued TransactionEvents in order, one at a time, while registered (E04). */
  async function pump(): Promise<void> {
    if (isPumping) return;
    isPumping = true;
    try {
      while (!isOver && calls && shell.state.registration === "Accepted" && queue.head) {
        const payload = queue.head;
        await queue.flush();
        const current = calls;
        if (!current) break;
        try {
          const response = await current.call("TransactionEvent", payload);
          failedAttempts = 0;
          queue.ack();
          self.send({ type: "txEventDone", request: payload, response });
        } catch (error) {
          if (!(error instanceof OcppError)) break; // the connection went: retry after reconnecting
          stats.errors++;
          if (error.code === "SecurityError") {
            // Not registered at the CSMS any more: the state machine boots again, then we go on.
            self.send({
              type: "callError",
              action: "TransactionEvent",
              request: payload,
              code: error.code,
              description: error.message,
            });
            break;
          }
          if (!(await refused(payload, error))) break;
        }
      }
    } finally {
      isPumping = false;
      if (queue.size === 0) { for (const resolve of shell.drained.splice(0)) resolve(); }
    }
  }

  /** The CSMS refused an event: retry MessageAttempts times, then give it up. True to go on. */
  async function refused(payload: Record<string, unknown>, error: OcppError): Promise<boolean> {
    const settings = settingsOf(shell.state);
    const attempts = intSetting(settings, "OCPPCommCtrlr", "MessageAttempts", "TransactionEvent");
    if (++failedAttempts >= attempts) {
      failedAttempts = 0;
      queue.ack();
      emit({
        type: "rejected",
        command: "TransactionEvent",
        reason: `CSMS refused it: ${error.message}`,
      });
      self.send({ type: "txEventDone", request: payload });
      return true;
    }
    const intervalS = intSetting(
      settings,
      "OCPPCommCtrlr",
      "MessageAttemptInterval",
      "TransactionEvent",
    );
    await new Promise((resolve) => clock.setTimeout(() => resolve(undefined), intervalS * 1000));
    return !isOver;
  }

  function connect(): void {
    reconnectTimer = undefined;
    if (isOver || !shell.isWanted || socket) return;
    const ws = new WebSocket(
      `${options.url}/${encodeURIComponent(id)}`,
      webSocketOptions(id, {
        subprotocol: SUBPROTOCOL,
        password: shell.password,
        client: shell.httpClient,
      }),
    );
    socket = ws;
    lastError = undefined;
    let isOpen = false;
    ws.onopen = () => {
      if (ws.protocol !== SUBPROTOCOL) {
        // The CSMS must agree on ocpp2.0.1 (OCPP-J 2.0.1 §3.1); anything else is a failed attempt.
        stats.errors++;
        ws.close();
        return;
      }
      isOpen = true;
      attempt = 0;
      isRebooting = false;
      calls = createCallQueue({
        clock,
        send: (text) => ws.send(text),
        timeoutMs: options.callTimeoutMs ?? 30_000,
        onSent: (text) => {
          stats.sent++;
          observe("out", text);
        },
      });
      self.send({ type: "connected" });
    };
    ws.onmessage = (event) => onText(String(event.data));
    ws.onerror = (event) => {
      // A close event always follows; the reconnect is scheduled there, naming this error.
      lastError = event instanceof ErrorEvent ? event.message : undefined;
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      calls?.failAll(new CallAbortedError("Connection closed"));
      calls = null;
      if (isOpen) self.send({ type: "disconnected" });
      scheduleReconnect();
    };
  }

  function onText(text: string): void {
    stats.received++;
    observe("in", text);
    const inbound = decodeInbound(text);
    if (inbound.kind === "call") {
      self.send({ type: "call", id: inbound.id, action: inbound.action, payload: inbound.payload });
    } else if (inbound.kind === "response") {
      calls?.handleFrame(inbound.frame);
    } else {
      stats.errors++;
      sendText(inbound.reply);
    }
  }

  function scheduleReconnect(): void {
    if (isOver || !shell.isWanted || reconnectTimer !== undefined) return;
    const settings = settingsOf(shell.state);
    const delayMs = isRebooting ? options.rebootDelayMs ?? 2_000 : reconnectDelayMs(attempt++, {
      waitMinimumS: intSetting(settings, "OCPPCommCtrlr", "RetryBackOffWaitMinimum"),
      randomRangeS: intSetting(settings, "OCPPCommCtrlr", "RetryBackOffRandomRange"),
      repeatTimes: intSetting(settings, "OCPPCommCtrlr", "RetryBackOffRepeatTimes"),
    }, random);
    reconnectTimer = clock.setTimeout(connect, delayMs);
    if (isRebooting) return;
    emit(
      lastError === undefined
        ? { type: "reconnecting", attempt, delayMs }
        : { type: "reconnecting", attempt, delayMs, error: lastError },
    );
  }

  function closeSocket(): void {
    if (socket) socket.close();
    else scheduleReconnect();
  }

  connect();

  return {
    receive(msg: ShellMsg) {
      if (crash !== undefined) throw crash;
      if (msg.type === "barrier") return msg.resolve();
      if (msg.type === "network") {
        shell.isWanted = msg.isWanted;
        if (!msg.isWanted) {
          if (reconnectTimer !== undefined) clock.clearTimeout(reconnectTimer);
          reconnectTimer = undefined;
          socket?.close();
        } else if (!socket) {
          attempt = 0;
          connect();
        }
        return;
      }
      const { state, effects } = transition(shell.state, msg, clock.now());
      shell.state = state;
      run(effects);
      if (calls && state.registration === "Accepted" && queue.size > 0) {
        pump().catch((error) => {
          // A queue that cannot be written is a broken invariant: crash on the next message.
          crash = error;
          self.send({ type: "barrier", resolve: () => {} });
        });
      }
    },
    cleanup() {
      isOver = true;
      for (const timer of timers.values()) clock.clearTimeout(timer);
      timers.clear();
      if (reconnectTimer !== undefined) clock.clearTimeout(reconnectTimer);
      calls?.failAll(new CallAbortedError("Station stopped"));
      calls = null;
      const ws = socket;
      socket = null;
      if (!ws || ws.readyState === WebSocket.CLOSED) return;
      const closed = new Promise<void>((resolve) => ws.addEventListener("close", () => resolve()));
      ws.close();
      return closed;
    },
  };
}
