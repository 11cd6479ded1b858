/**
 * The light chargers of one load-generator process: raw WebSockets and prebuilt frames, no
 * physics. Each charger boots, reports its status, starts a transaction, then sends
 * TransactionEvents with meter values and Heartbeats, never more than one CALL at a time
 * (OCPP-J), and reconnects with jittered backoff (without booting again) when dropped.
 */
import {
  createHistogram,
  type Histogram,
  type HistogramSnapshot,
} from "../actors/runtime/metrics.ts";
import {
  answerIdOf,
  bootFrame,
  errorCodeOf,
  heartbeatFrame,
  statusFrame,
  txEndedFrame,
  txStartedFrame,
  txUpdatedFrame,
} from "./frames.ts";

/** How a phase sends: `periodic` (a TransactionEvent every `intervalMs`) or `closed` (back to back). */
export interface PhaseSpec {
  mode: "periodic" | "closed";
  /** periodic: each charger's TransactionEvent period. */
  intervalMs: number;
  /** Every `hbEvery`-th message slot also carries a Heartbeat (closed: is a Heartbeat). */
  hbEvery: number;
  /**
   * After a CALLERROR a charger waits this long before its next call, as a real one waits
   * before retrying; default 1,000 ms. Without it a closed loop would hammer a CSMS that sheds.
   */
  errorBackoffMs?: number;
  /** periodic: Heartbeats only, one each period (no TransactionEvents). */
  isHeartbeatOnly?: boolean;
  /**
   * periodic, the realistic shape: a TransactionEvent Updated each period only while charging;
   * a session ends (TransactionEvent Ended) with probability 1/`meanPeriods` per period and an
   * idle charger starts one (Started) with the same probability, so about half charge. In its
   * first period every odd-numbered charger ends the session it opened at boot.
   */
  sessions?: { meanPeriods: number };
}

/** What one phase did, from this process's chargers. */
export interface PhaseReport {
  durationMs: number;
  sent: number;
  completed: number;
  /** CALLERRORs by code, call timeouts, unexpected drops, failed handshakes while up. */
  errors: Record<string, number>;
  /** periodic: periods a charger could not use because its previous call was still open. */
  missed: number;
  /** Calls the CSMS declined because it was overloaded (CALLERROR naming overload): load shed. */
  shed: number;
  /** CALLs the CSMS sent to the chargers, by action (answered, not errors). */
  csmsCalls: Record<string, number>;
  rtt: HistogramSnapshot;
  /** Completed calls per charger, in charger order. */
  done: number[];
  drops: number;
  reconnects: number;
}

const enum Stage {
  Down,
  Connecting,
  Booting,
  Ready,
}

const enum Kind {
  Boot,
  Status,
  TxStart,
  /** From here on: the phase's traffic, counted in its figures. */
  Te,
  Hb,
  SessionStart,
  SessionEnd,
}

/** Which TransactionEvent a charger owes in a periodic phase. */
const enum Owed {
  None,
  Updated,
  Started,
  Ended,
}

interface Charger {
  index: number;
  id: string;
  ws: WebSocket | null;
  stage: Stage;
  isBooted: boolean;
  hasTx: boolean;
  txId: string;
  seqNo: number;
  energyWh: number;
  busyId: string | null;
  busyAtMs: number;
  busyKind: Kind;
  owedTe: Owed;
  /** Sessions started since boot: part of the next transaction id. */
  sessions: number;
  owedHb: number;
  periods: number;
  sentInPhase: number;
  done: number;
  msgSeq: number;
  failures: number;
  connectStartMs: number;
  downAtMs: number;
  backAtMs: number;
  drops: number;
  hasOpened: boolean;
  backoffUntilMs: number;
}

/** Settings of a load fleet. */
export interface LoadFleetOptions {
  url: string;
  /** Station ids are `${prefix}${index}` for index in [from, to). */
  prefix: string;
  from: number;
  to: number;
  /** Makes transaction ids unique across runs on one database. */
  runStamp: string;
  callTimeoutMs: number;
  /** A handshake that has not completed after this is abandoned and retried. */
  handshakeTimeoutMs: number;
}

/** A periodic phase's time slot: each charger sends in its own slot of every period. */
export const SLOT_MS = 10;

/**
 * Wall-clock milliseconds with sub-millisecond resolution, the same in every process on this
 * machine: the bench and its load generators agree on a phase's start with it.
 */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** The chargers of one process and the counters of the current phase. */
export function createLoadFleet(options: LoadFleetOptions) {
  const chargers: Charger[] = [];
  for (let i = options.from; i < options.to; i++) {
    chargers.push({
      index: i,
      id: `${options.prefix}${i}`,
      ws: null,
      stage: Stage.Down,
      isBooted: false,
      hasTx: false,
      txId: `${options.runStamp}-${i.toString(36)}`,
      seqNo: 0,
      energyWh: 1000 + i,
      busyId: null,
      busyAtMs: 0,
      busyKind: Kind.Boot,
      owedTe: Owed.None,
      sessions: 0,
      owedHb: 0,
      periods: 0,
      sentInPhase: 0,
      done: 0,
      msgSeq: 0,
      failures: 0,
      connectStartMs: 0,
      downAtMs: 0,
      backAtMs: 0,
      drops: 0,
      hasOpened: false,
      backoffUntilMs: 0,
    });
  }
  let phase: PhaseSpec | null = null;
  let isClosing = false;
  let isExpectingDrops = false;
  let rtt: Histogram = createHistogram();
  let errors: Record<string, number> = {};
  let csmsCalls: Record<string, number> = {};
  let counts = { sent: 0, completed: 0, missed: 0, shed: 0, drops: 0, reconnects: 0 };
  const handshake = createHistogram();
  const readyLatency = createHistogram();
  let everReady = 0;
  let everOpened = 0;
  let connectingNow = 0;

  const error = (key: string) => void (errors[key] = (errors[key] ?? 0) + 1);
  const isoNow = () => new Date().toISOString();

  function send(c: Charger, kind: Kind, text: string, id: string): void {
    c.busyId = id;
    c.busyAtMs = performance.now();
    c.busyKind = kind;
    c.ws!.send(text);
    if (phase !== null && kind >= Kind.Te) {
      counts.sent++;
      c.sentInPhase++;
    }
  }

  function nextId(c: Charger): string {
    return `${c.index.toString(36)}.${(c.msgSeq++).toString(36)}`;
  }

  function sendTe(c: Charger): void {
    c.seqNo++;
    c.energyWh += 70;
    const id = nextId(c);
    const meter = { energyWh: c.energyWh, powerW: 50_000, socPercent: 30 + (c.seqNo % 60) };
    send(c, Kind.Te, txUpdatedFrame(id, { ...txOf(c), atIso: isoNow(), meter }), id);
  }

  const txOf = (c: Charger) => ({ transactionId: c.txId, seqNo: c.seqNo });

  /** The realistic shape's session changes: a new transaction, or the end of the current one. */
  function sendSessionEvent(c: Charger, owed: Owed): void {
    const id = nextId(c);
    const atIso = isoNow();
    if (owed === Owed.Started) {
      c.sessions++;
      c.txId = `${options.runStamp}-${c.index.toString(36)}-${c.sessions}`;
      c.seqNo = 0;
      const meter = { energyWh: c.energyWh, powerW: 0, socPercent: 30 };
      send(c, Kind.SessionStart, txStartedFrame(id, { transactionId: c.txId, atIso, meter }), id);
    } else {
      c.seqNo++;
      const meter = { energyWh: c.energyWh, powerW: 0, socPercent: 80 };
      send(c, Kind.SessionEnd, txEndedFrame(id, { ...txOf(c), atIso, meter }), id);
    }
  }

  /** Sends what the charger owes, if it may (ready, nothing outstanding, a phase running). */
  function pump(c: Charger): void {
    if (c.stage !== Stage.Ready || c.busyId !== null || phase === null) return;
    if (c.backoffUntilMs > 0 && performance.now() < c.backoffUntilMs) return;
    if (phase.mode === "closed") {
      c.periods++;
      if (c.periods % phase.hbEvery === 0) {
        const id = nextId(c);
        send(c, Kind.Hb, heartbeatFrame(id), id);
      } else sendTe(c);
      return;
    }
    if (c.owedTe !== Owed.None) {
      const owed = c.owedTe;
      c.owedTe = Owed.None;
      if (owed === Owed.Updated) sendTe(c);
      else sendSessionEvent(c, owed);
    } else if (c.owedHb > 0) {
      c.owedHb--;
      const id = nextId(c);
      send(c, Kind.Hb, heartbeatFrame(id), id);
    }
  }

  function onReady(c: Charger): void {
    c.stage = Stage.Ready;
    c.failures = 0;
    const nowMs = performance.now();
    if (c.backAtMs === 0) {
      everReady++;
      readyLatency.observe(nowMs - c.connectStartMs);
    }
    c.backAtMs = Date.now();
    pump(c);
  }

  /** The next step of the boot sequence, or the phase's traffic, after an answer. */
  function advance(c: Charger, kind: Kind, isResult: boolean, text: string): void {
    if (kind === Kind.Boot) {
      if (isResult && text.includes('"Accepted"')) {
        c.isBooted = true;
        const id = nextId(c);
        return send(c, Kind.Status, statusFrame(id, "Occupied", isoNow()), id);
      }
      error(isResult ? "boot-not-accepted" : `boot:${errorCodeOf(text)}`);
      c.ws?.close(1000, "boot refused");
      return;
    }
    if (kind === Kind.Status && !c.hasTx) {
      const id = nextId(c);
      const meter = { energyWh: c.energyWh, powerW: 0, socPercent: 30 };
      const atIso = isoNow();
      return send(c, Kind.TxStart, txStartedFrame(id, { transactionId: c.txId, atIso, meter }), id);
    }
    if (kind === Kind.TxStart) c.hasTx = isResult || c.hasTx;
    if (kind === Kind.Status || kind === Kind.TxStart) return onReady(c);
    pump(c);
  }

  /** A CSMS-initiated CALL (e.g. the pricing plugin's CostUpdated, I02): accept it. */
  function answerCsmsCall(c: Charger, text: string): void {
    const head = /^\[\s*2\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"/.exec(text);
    if (!head) return error("unreadable-csms-call");
    const action = head[2];
    csmsCalls[action] = (csmsCalls[action] ?? 0) + 1;
    const payload = action === "CostUpdated" ? "{}" : '{"status":"Accepted"}';
    c.ws?.send(`[3,"${head[1]}",${payload}]`);
  }

  function onFrame(c: Charger, data: unknown): void {
    if (typeof data !== "string") return error("binary-frame");
    if (data.charCodeAt(1) === 0x32) return answerCsmsCall(c, data);
    const id = answerIdOf(data);
    if (id === undefined || id !== c.busyId) return error("unmatched-answer");
    const kind = c.busyKind;
    const isResult = data.charCodeAt(1) === 0x33;
    const elapsedMs = performance.now() - c.busyAtMs;
    c.busyId = null;
    if (!isResult && phase !== null && kind >= Kind.Te) {
      // Overload shedding (a clear answer to retry later) is counted apart from errors.
      if (/overload/i.test(data)) counts.shed++;
      else error(`CALLERROR:${errorCodeOf(data)}`);
      // A CSMS that sheds says when to come back (details.retryAfterMs); a charger that honours
      // it, with jitter, is what makes shedding converge. Other errors: the phase's backoff.
      const hint = /"retryAfterMs"\s*:\s*(\d+)/.exec(data);
      const backoffMs = hint
        ? Number(hint[1]) * (1 + Math.random() / 2)
        : phase.errorBackoffMs ?? 1_000;
      c.backoffUntilMs = performance.now() + backoffMs;
      setTimeout(() => pump(c), backoffMs + 1);
      return;
    }
    if (!isResult) {
      error(`CALLERROR:${errorCodeOf(data)}`);
      // B02: a CSMS that lost the registration asks for a boot.
      if (errorCodeOf(data) === "SecurityError") c.isBooted = false;
    } else if (phase !== null && kind >= Kind.Te) {
      if (kind === Kind.SessionStart) c.hasTx = true;
      if (kind === Kind.SessionEnd) c.hasTx = false;
      counts.completed++;
      c.done++;
      rtt.observe(elapsedMs);
    }
    if (!c.isBooted && kind !== Kind.Boot) {
      const bootId = nextId(c);
      return send(c, Kind.Boot, bootFrame(bootId, `SN${c.index}`), bootId);
    }
    advance(c, kind, isResult, data);
  }

  function connect(c: Charger): void {
    c.stage = Stage.Connecting;
    connectingNow++;
    c.connectStartMs = performance.now();
    const ws = new WebSocket(`${options.url}/${c.id}`, "ocpp2.0.1");
    c.ws = ws;
    ws.onopen = () => {
      connectingNow--;
      if (!c.hasOpened) {
        c.hasOpened = true;
        everOpened++;
        handshake.observe(performance.now() - c.connectStartMs);
      }
      c.stage = Stage.Booting;
      const id = nextId(c);
      if (c.isBooted) send(c, Kind.Status, statusFrame(id, "Occupied", isoNow()), id);
      else send(c, Kind.Boot, bootFrame(id, `SN${c.index}`), id);
    };
    ws.onmessage = (event) => onFrame(c, event.data);
    ws.onerror = () => {}; // the close event follows
    ws.onclose = (event) => onClose(c, ws, event.code);
  }

  function onClose(c: Charger, ws: WebSocket, code: number): void {
    if (c.ws !== ws) return;
    const wasStage = c.stage;
    c.ws = null;
    if (wasStage === Stage.Connecting) connectingNow--;
    c.stage = Stage.Down;
    c.busyId = null;
    if (isClosing) return;
    if (wasStage === Stage.Ready) {
      c.drops++;
      counts.drops++;
      c.downAtMs = Date.now();
      if (!isExpectingDrops) error(`dropped:${code}`);
    } else {
      c.failures++;
      if (!isExpectingDrops) error("handshake-failed");
    }
    counts.reconnects++;
    // Jittered backoff: 0.5, 1, 2 s (capped), times 0.5–1, as RetryBackOff* would spread it.
    const delayMs = Math.min(2_000, 500 * 2 ** Math.min(c.failures, 4)) * (0.5 + Math.random() / 2);
    setTimeout(() => {
      if (!isClosing && c.stage === Stage.Down) connect(c);
    }, delayMs);
  }

  /** Call timeouts and stuck handshakes; once a second. */
  const sweeper = setInterval(() => {
    const nowMs = performance.now();
    for (const c of chargers) {
      if (c.busyId !== null && nowMs - c.busyAtMs > options.callTimeoutMs) {
        error("call-timeout");
        c.busyId = null;
        pump(c);
      } else if (
        c.stage === Stage.Connecting && nowMs - c.connectStartMs > options.handshakeTimeoutMs
      ) {
        c.ws?.close();
      }
    }
  }, 1_000);

  /** What a charger sends this period besides its Heartbeat. */
  function owedFor(c: Charger, spec: PhaseSpec): Owed {
    if (spec.isHeartbeatOnly) return Owed.None;
    if (!spec.sessions) return Owed.Updated;
    const isChange = Math.random() < 1 / spec.sessions.meanPeriods;
    if (c.hasTx) {
      return isChange || (c.periods === 1 && c.index % 2 === 1) ? Owed.Ended : Owed.Updated;
    }
    return isChange ? Owed.Started : Owed.None;
  }

  let ticker: ReturnType<typeof setInterval> | undefined;
  function startTicker(spec: PhaseSpec): void {
    const slots = Math.max(1, Math.round(spec.intervalMs / SLOT_MS));
    const buckets: Charger[][] = Array.from({ length: slots }, () => []);
    for (const c of chargers) buckets[c.index % slots].push(c);
    const startMs = performance.now();
    let lastSlot = -1;
    ticker = setInterval(() => {
      const slot = Math.floor((performance.now() - startMs) / SLOT_MS);
      for (let s = lastSlot + 1; s <= slot; s++) {
        for (const c of buckets[s % slots]) {
          c.periods++;
          if (c.owedTe !== Owed.None) counts.missed++;
          c.owedTe = owedFor(c, spec);
          // offset by charger, so a phase shorter than hbEvery periods still spreads Heartbeats
          if ((c.periods + c.index) % spec.hbEvery === 0) c.owedHb = 1;
          pump(c);
        }
      }
      lastSlot = slot;
    }, SLOT_MS);
  }

  return {
    size: chargers.length,
    /** Opens every connection, at most `maxConnecting` handshakes at a time. */
    async connectAll(maxConnecting: number, timeoutMs: number) {
      const startMs = performance.now();
      let next = 0;
      let allOpenMs = 0;
      const deadline = startMs + timeoutMs;
      while (performance.now() < deadline) {
        while (next < chargers.length && connectingNow < maxConnecting) connect(chargers[next++]);
        if (allOpenMs === 0 && everOpened === chargers.length) {
          allOpenMs = performance.now() - startMs;
        }
        if (everReady === chargers.length) break;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return {
        chargers: chargers.length,
        ready: everReady,
        allOpenMs: allOpenMs || performance.now() - startMs,
        allReadyMs: performance.now() - startMs,
        handshake: handshake.snapshot(),
        ready_latency: readyLatency.snapshot(),
        errors: { ...errors },
      };
    },
    /** Starts a phase; counters start from zero. */
    startPhase(spec: PhaseSpec): void {
      rtt = createHistogram();
      errors = {};
      csmsCalls = {};
      counts = { sent: 0, completed: 0, missed: 0, shed: 0, drops: 0, reconnects: 0 };
      for (const c of chargers) {
        c.done = 0;
        c.sentInPhase = 0;
        c.periods = 0;
        c.owedTe = Owed.None;
        c.owedHb = 0;
      }
      phase = spec;
      if (spec.mode === "periodic") startTicker(spec);
      else for (const c of chargers) pump(c);
    },
    /** Ends the phase and reports it. Calls still open finish uncounted. */
    endPhase(durationMs: number): PhaseReport {
      phase = null;
      if (ticker !== undefined) clearInterval(ticker);
      ticker = undefined;
      return {
        durationMs,
        ...counts,
        errors: { ...errors },
        csmsCalls: { ...csmsCalls },
        rtt: rtt.snapshot(),
        done: chargers.map((c) => c.done),
      };
    },
    expectDrops(value: boolean): void {
      isExpectingDrops = value;
    },
    /** Ready chargers, and those back after a drop (wall-clock ms of their return). */
    status() {
      let ready = 0, dropped = 0, back = 0, lastBackAtMs = 0, firstDownAtMs = Infinity;
      for (const c of chargers) {
        if (c.stage === Stage.Ready) ready++;
        if (c.drops > 0) {
          dropped++;
          firstDownAtMs = Math.min(firstDownAtMs, c.downAtMs);
          if (c.stage === Stage.Ready && c.backAtMs > c.downAtMs) {
            back++;
            lastBackAtMs = Math.max(lastBackAtMs, c.backAtMs);
          }
        }
      }
      return { chargers: chargers.length, ready, dropped, back, lastBackAtMs, firstDownAtMs };
    },
    /** Per charger: ms from its drop to its return (storm fairness), -1 if not back. */
    returnTimes(): number[] {
      return chargers.map((c) =>
        c.drops === 0
          ? -1
          : c.stage === Stage.Ready && c.backAtMs > c.downAtMs
          ? c.backAtMs - c.downAtMs
          : -1
      );
    },
    async close(): Promise<void> {
      isClosing = true;
      clearInterval(sweeper);
      if (ticker !== undefined) clearInterval(ticker);
      for (const c of chargers) c.ws?.close(1000, "bench done");
      const deadline = Date.now() + 5_000;
      while (chargers.some((c) => c.ws !== null) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** A running load fleet. */
export type LoadFleet = ReturnType<typeof createLoadFleet>;
