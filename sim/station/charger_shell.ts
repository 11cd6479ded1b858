/**
 * One incarnation of a simulated station's actor: the WebSocket client, the call queue, the
 * timers and the TransactionEvent pump, running the effects of the pure transition in order.
 * A crash ends the incarnation; the supervisor starts a fresh one from the station's spec.
 */
import type { ActorBehaviour, ActorSelf } from "../../actors/runtime/actor.ts";
import type { TimerId } from "../../actors/runtime/clock.ts";
import { OcppError } from "../../actors/ocpp/errors.ts";
import { buildCallError, buildCallResult } from "../../actors/ocpp/frames.ts";
import { createProtocolLog } from "../../actors/ocpp/protocol_log.ts";
import { CallAbortedError, type CallQueue, createCallQueue } from "../../actors/ocpp/rpc.ts";
import { redactSecrets } from "../../actors/ocpp/redact.ts";
import { reconnectDelayMs } from "../transport/backoff.ts";
import { intSetting } from "./device_model.ts";
import { decodeInbound } from "./inbound.ts";
import { transition } from "./state_machine.ts";
import { type Effect, initialState, type SimEvent, type TimerName } from "./station_state.ts";
import { settingsOf } from "./transactions.ts";
import type { ShellMsg, ShellState } from "./shell_state.ts";
import { storePasswordSync } from "./password_store.ts";
import { webSocketOptions } from "../transport/station_security.ts";
import { WS_STATE, WsClient, type WsClose, type WsListener } from "../transport/ws_client.ts";
import { type PumpHost, TxPump } from "./tx_pump.ts";
import { responseProblem } from "./responses.ts";
import { callErrorKind, countError } from "./charger_options.ts";

const SUBPROTOCOL = "ocpp2.0.1";
/** How long a firmware download or log upload may take before it counts as failed. */
const TRANSFER_TIMEOUT_MS = 120_000;
/** The seed's `[CHARGER-SEND]`/`[OCPP-…]` debug log (OCPP_PROTOCOL_DEBUG); one check per frame when off. */
const protocolLog = createProtocolLog("CHARGER");

/** Starts one incarnation: restores state after a crash, connects, and returns the behaviour. */
export function startIncarnation(
  shell: ShellState,
  self: ActorSelf<ShellMsg>,
): ActorBehaviour<ShellMsg> {
  return new Incarnation(shell, self);
}

/** The pending timer of each name (a plain object: a fleet has one per station). */
type Timers = Record<TimerName, TimerId | undefined>;

/**
 * One incarnation. A class whose methods live on the prototype: a fleet runs 10,000 of these,
 * and the closures of a function-built actor (~20 per station) cost ~2 KB a station. It is
 * also the listener of its own WebSocket client, so a connection adds no closures either.
 */
class Incarnation implements ActorBehaviour<ShellMsg>, WsListener, PumpHost {
  readonly #shell: ShellState;
  readonly #self: ActorSelf<ShellMsg>;
  readonly #timers: Timers = {
    heartbeat: undefined,
    boot: undefined,
    txUpdated: undefined,
    aligned: undefined,
    limit: undefined,
    evConnectionTimeout: undefined,
    reservation: undefined,
    firmware: undefined,
  };
  #socket: WsClient | null = null;
  /** Whether the current socket got as far as open with ocpp2.0.1. */
  #isOpen = false;
  #calls: CallQueue | null = null;
  #attempt = 0;
  #reconnectTimer: TimerId | undefined;
  #isRebooting = false;
  #isOver = false;
  readonly #pump: TxPump = new TxPump(this);
  /** One callback per timer name, made on first use (not one closure per timer set). */
  readonly #onTimer: Partial<Record<TimerName, () => void>> = {};
  #crash: unknown;
  /** Why the last connection failed, as the WebSocket client said. */
  #lastError: string | undefined;
  /** Resolves the cleanup that waits for the socket to close. */
  #onSocketClosed: (() => void) | undefined;

  constructor(shell: ShellState, self: ActorSelf<ShellMsg>) {
    this.#shell = shell;
    this.#self = self;
    const { queue, clock, options } = shell;
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
    this.#connect();
  }

  /** For the pump: the station's lasting state. */
  get shell(): ShellState {
    return this.#shell;
  }
  /** For the pump: the call queue of the open connection. */
  get calls(): CallQueue | null {
    return this.#calls;
  }
  get isOver(): boolean {
    return this.#isOver;
  }
  send(msg: ShellMsg): void {
    this.#self.send(msg);
  }
  emit(event: SimEvent): void {
    this.#emit(event);
  }
  crash(error: unknown): void {
    // A broken invariant (a queue that cannot be written): crash on the next message.
    this.#crash = error;
    this.#self.send({ type: "barrier", resolve: () => {} });
  }

  receive(msg: ShellMsg): void {
    if (this.#crash !== undefined) throw this.#crash;
    if (msg.type === "barrier") return msg.resolve();
    if (msg.type === "network") return this.#network(msg.isWanted);
    const shell = this.#shell;
    const { state, effects } = transition(shell.state, msg, shell.clock.now());
    shell.state = state;
    this.#run(effects);
    // Checked here too: while a TransactionEvent is out, every message would start a pump
    // that returns at once, a promise and a closure each time.
    if (
      !this.#pump.isPumping && this.#calls && state.registration === "Accepted" &&
      shell.queue.size > 0
    ) {
      this.#pump.start();
    }
  }

  cleanup(): Promise<void> | undefined {
    const { clock } = this.#shell;
    this.#isOver = true;
    for (const name of Object.keys(this.#timers) as TimerName[]) this.#cancelTimer(name);
    if (this.#reconnectTimer !== undefined) clock.clearTimeout(this.#reconnectTimer);
    this.#calls?.failAll(new CallAbortedError("Station stopped"));
    this.#calls = null;
    const ws = this.#socket;
    this.#socket = null;
    if (!ws || ws.readyState === WS_STATE.closed) return;
    const closed = new Promise<void>((resolve) => this.#onSocketClosed = resolve);
    ws.close();
    return closed;
  }

  onOpen(protocol: string): void {
    const socket = this.#socket;
    if (!socket) return;
    const { stats, clock, options } = this.#shell;
    if (protocol !== SUBPROTOCOL) {
      // The CSMS must agree on ocpp2.0.1 (OCPP-J 2.0.1 §3.1); anything else is a failed attempt
      // (counted when it closes, below).
      socket.close();
      return;
    }
    this.#isOpen = true;
    this.#attempt = 0;
    this.#isRebooting = false;
    this.#calls = createCallQueue({
      clock,
      send: (text) => socket.send(text),
      timeoutMs: options.callTimeoutMs ?? 30_000,
      validate: false,
      onSent: (text) => {
        stats.sent++;
        this.#observe("out", text);
      },
    });
    this.#self.send({ type: "connected" });
  }

  onText(text: string): void {
    this.#shell.stats.received++;
    this.#observe("in", text);
    const inbound = decodeInbound(text);
    if (inbound.kind === "call") {
      const { id, action, payload } = inbound;
      this.#self.send({ type: "call", id, action, payload });
    } else if (inbound.kind === "response") {
      this.#calls?.handleFrame(inbound.frame);
    } else {
      countError(this.#shell.stats, "unreadable frame");
      this.#sendText(inbound.reply);
    }
  }

  onClose(close: WsClose): void {
    if (!this.#socket) {
      // Closed by cleanup: nothing follows.
      this.#onSocketClosed?.();
      return;
    }
    this.#socket = null;
    // The reconnect is scheduled below, naming this error.
    this.#lastError = close.error;
    if (!this.#isOpen) {
      // A try that never opened: nobody listening, a 401, a TLS failure, a wrong subprotocol.
      countError(this.#shell.stats, "connect");
    }
    this.#calls?.failAll(new CallAbortedError("Connection closed"));
    this.#calls = null;
    if (this.#isOpen) this.#self.send({ type: "disconnected" });
    this.#isOpen = false;
    this.#scheduleReconnect();
  }

  #network(isWanted: boolean): void {
    const shell = this.#shell;
    shell.isWanted = isWanted;
    if (!isWanted) {
      if (this.#reconnectTimer !== undefined) shell.clock.clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = undefined;
      this.#socket?.close();
    } else if (!this.#socket) {
      this.#attempt = 0;
      this.#connect();
    }
  }

  #emit(event: SimEvent): void {
    const shell = this.#shell;
    shell.options.onEvent?.(shell.options.config.chargerId, event);
    shell.target?.dispatchEvent(new CustomEvent(event.type, { detail: event }));
  }

  /** Logs and reports a frame; a BasicAuthPassword value in it shows as `<redacted>` (A01). */
  #observe(direction: "in" | "out", text: string): void {
    const { options } = this.#shell;
    if (!protocolLog.isEnabled && !options.onFrame) return;
    const id = options.config.chargerId;
    const visible = redactSecrets(text);
    if (direction === "out") protocolLog.sent(id, visible);
    else protocolLog.received(id, visible);
    options.onFrame?.(id, direction, visible);
  }

  #sendText(text: string): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WS_STATE.open) return;
    socket.send(text);
    this.#shell.stats.sent++;
    this.#observe("out", text);
  }

  #call(
    action: Extract<Effect, { kind: "call" }>["action"],
    payload: Record<string, unknown>,
  ): void {
    const self = this.#self;
    const failed = (code: string, description: string, details?: unknown) => {
      if (this.#isOver) return; // abandoned at shutdown, not a failure
      countError(this.#shell.stats, callErrorKind(action, code, details));
      self.send({ type: "callError", action, request: payload, code, description });
    };
    if (!this.#calls) return failed("Offline", "not connected");
    this.#calls.call(action, payload).then(
      (response) => {
        // The answer is checked here, at the boundary (see responses.ts).
        const problem = responseProblem(action, response);
        if (problem) return failed(problem.code, problem.message);
        self.send({ type: "callResult", action, request: payload, response });
      },
      (error) =>
        error instanceof OcppError
          ? failed(error.code, error.message, error.details)
          : failed("Offline", error instanceof Error ? error.message : String(error)),
    );
  }

  #setTimer(name: TimerName, delayMs: number): void {
    this.#cancelTimer(name);
    const fire = this.#onTimer[name] ??= () => {
      this.#timers[name] = undefined;
      this.#self.send({ type: "timer", name });
    };
    this.#timers[name] = this.#shell.clock.setTimeout(fire, delayMs);
  }

  #cancelTimer(name: TimerName): void {
    const timer = this.#timers[name];
    if (timer === undefined) return;
    this.#shell.clock.clearTimeout(timer);
    this.#timers[name] = undefined;
  }

  #run(effects: Effect[]): void {
    const shell = this.#shell;
    for (const e of effects) {
      switch (e.kind) {
        case "call":
          this.#call(e.action, e.payload);
          break;
        case "txEvent":
          shell.queue.push(e.payload);
          break;
        case "reply":
          this.#sendText(buildCallResult(e.id, e.payload));
          break;
        case "replyError":
          countError(shell.stats, `answered a CSMS call with ${e.code}`);
          this.#sendText(buildCallError(e.id, e.code, e.description));
          break;
        case "setTimer":
          this.#setTimer(e.name, e.delayMs);
          break;
        case "cancelTimer":
          this.#cancelTimer(e.name);
          break;
        case "reboot":
          this.#isRebooting = true;
          this.#closeSocket();
          break;
        case "storePassword":
          // A disk that cannot take it throws: the actor crashes before answering Accepted.
          if (shell.passwordPath) {
            storePasswordSync(shell.passwordPath, e.password, shell.clock.now());
          }
          shell.password = e.password;
          break;
        case "emit":
          this.#emit(e.event);
          break;
        case "download":
        case "upload":
          void this.#transfer(e);
          break;
      }
    }
  }

  /**
   * Downloads a firmware image (read through and dropped) or uploads a log as a multipart form,
   * then tells the state machine how it went. An install's failure is drawn here, from the
   * station's `firmwareFailureRate`, so the transition stays free of randomness.
   */
  async #transfer(e: Extract<Effect, { kind: "download" | "upload" }>): Promise<void> {
    const { options } = this.#shell;
    const transfer = e.kind === "download" ? "firmware" : "log";
    let ok = false;
    let error: string | undefined;
    const abort = new AbortController();
    // Wall time on purpose: a network transfer does not speed up with the station's clock.
    const timer = setTimeout(() => abort.abort(), TRANSFER_TIMEOUT_MS);
    try {
      if (!/^https?:\/\//i.test(e.url)) throw new Error(`cannot transfer over ${e.url}`);
      const signal = abort.signal;
      if (e.kind === "download") {
        const response = await fetch(e.url, { signal });
        let sizeBytes = 0;
        for await (const chunk of response.body ?? []) sizeBytes += chunk.byteLength;
        ok = response.ok && sizeBytes > 0;
        if (!ok) error = `download answered ${response.status} with ${sizeBytes} bytes`;
      } else {
        const form = new FormData();
        form.append("file", new Blob([e.text], { type: "text/plain" }), e.fileName);
        const response = await fetch(e.url, { method: "POST", body: form, signal });
        await response.body?.cancel();
        ok = response.ok;
        if (!ok) error = `upload answered ${response.status}`;
      }
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    } finally {
      clearTimeout(timer);
    }
    if (this.#isOver) return;
    const rate = options.config.firmwareFailureRate ?? 0;
    const isInstallFailing = transfer === "firmware" && ok && rate > 0 &&
      (options.random ?? Math.random)() < rate;
    this.#self.send({
      type: "transferDone",
      transfer,
      requestId: e.requestId,
      ok,
      ...(isInstallFailing && { isInstallFailing }),
      ...(error !== undefined && { error }),
    });
  }

  #connect(): void {
    this.#reconnectTimer = undefined;
    const shell = this.#shell;
    if (this.#isOver || !shell.isWanted || this.#socket) return;
    const id = shell.options.config.chargerId;
    this.#lastError = undefined;
    this.#isOpen = false;
    this.#socket = new WsClient(
      `${shell.options.url}/${encodeURIComponent(id)}`,
      webSocketOptions(id, {
        subprotocol: SUBPROTOCOL,
        password: shell.password,
        caCerts: shell.caCerts,
      }),
      this,
    );
  }

  #scheduleReconnect(): void {
    const shell = this.#shell;
    if (this.#isOver || !shell.isWanted || this.#reconnectTimer !== undefined) return;
    const { options, clock } = shell;
    const settings = settingsOf(shell.state);
    const delayMs = this.#isRebooting
      ? options.rebootDelayMs ?? 2_000
      : reconnectDelayMs(this.#attempt++, {
        waitMinimumS: intSetting(settings, "OCPPCommCtrlr", "RetryBackOffWaitMinimum"),
        randomRangeS: intSetting(settings, "OCPPCommCtrlr", "RetryBackOffRandomRange"),
        repeatTimes: intSetting(settings, "OCPPCommCtrlr", "RetryBackOffRepeatTimes"),
      }, options.random ?? Math.random);
    this.#reconnectTimer = clock.setTimeout(() => this.#connect(), delayMs);
    if (this.#isRebooting) return;
    const attempt = this.#attempt;
    const error = this.#lastError;
    this.#emit(
      error === undefined
        ? { type: "reconnecting", attempt, delayMs }
        : { type: "reconnecting", attempt, delayMs, error },
    );
  }

  #closeSocket(): void {
    if (this.#socket) this.#socket.close();
    else this.#scheduleReconnect();
  }
}
