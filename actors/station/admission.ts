/**
 * Overload admission for the CSMS. Measured by `deno task bench`: when Deno's event loop is
 * saturated it keeps reading a lucky subset of sockets and leaves the rest unread (at 10,000
 * busy connections most chargers completed no call in 15 s, their frames waiting in the
 * kernel). So the CSMS keeps the loop from saturating: while it lags, each station may have one
 * deferrable call handled per `gapMs`, and other deferrable calls are answered at once with a
 * CALLERROR asking to retry later. A station not served for `gapMs` is always taken, so every
 * charger makes progress; the gap grows while the loop lags and shrinks back to 0 when it
 * keeps up. A downstream backlog (the database falling behind) counts as lag, and so does an
 * event loop thread busy nearly all the time: with many cheap calls (Heartbeats from 10,000
 * chargers at twice what the CSMS can do) its timers still fire nearly on time while 15 % of the
 * chargers got no answer at all.
 */
import process from "node:process";
import type { Metrics } from "../runtime/metrics.ts";

/** What a station's connection remembers for admission. */
export interface AdmissionSlot {
  lastAdmittedMs: number;
}

/** The overload gate shared by every station connection. */
export interface Admission {
  /** A new connection's slot (its first deferrable call is always taken). */
  slot(): AdmissionSlot;
  /**
   * Whether the CALL in `text` may be handled now. When it returns a string, that is the
   * CALLERROR to send instead (the call was shed).
   */
  check(slot: AdmissionSlot, text: string): string | undefined;
  /** Current gap between two deferrable calls of one station, ms; 0 when not shedding. */
  readonly gapMs: number;
  /**
   * The last window lagged (one more and shedding starts), or calls are being shed: other work
   * (the REST API) should yield now, before chargers are refused.
   */
  readonly isUnderPressure: boolean;
  /** Starts or stops the lag sampler; the CSMS runs it while stations are connected. */
  setActive(isActive: boolean): void;
  /** The sampler's current period, ms: `sampleMs`, or `quietSampleMs` while the loop is calm. */
  readonly samplePeriodMs: number;
}

/** Tuning; the defaults suit a CSMS whose slowest steady step is a ~20 ms database batch. */
export interface AdmissionOptions {
  metrics: Metrics;
  /** Mean lag over a window above this grows the gap. Default 15 ms. */
  highLagMs?: number;
  /** Mean lag below this shrinks it. Default 5 ms. */
  lowLagMs?: number;
  /** The first gap when shedding starts, and the smallest before it switches off. Default 1 s. */
  minGapMs?: number;
  /** Default 30 s: even a heavily overloaded CSMS serves each station twice a minute. */
  maxGapMs?: number;
  /** Lag sample period. Default 50 ms; the gap is adjusted every 5 samples. */
  sampleMs?: number;
  /**
   * The sample period while the loop is calm: four windows in a row with no gap, lag under
   * `lowLagMs`, the thread less than half busy and no backlog. Each such sample is a window of
   * its own, and the first that is not calm returns the sampler to `sampleMs`. Default 500 ms:
   * a 50 ms timer was most of a quiet CSMS's wake-ups (Deno's timer wheel wakes it twice per
   * firing), and overload still starts shedding within ~1 s.
   */
  quietSampleMs?: number;
  /**
   * A backlog downstream (the database's batched writes) that counts as overload: while it
   * answers true, every window counts as lagging, so chargers slow down before rows would
   * have to be dropped. Default: none.
   */
  isBacklogged?: () => boolean;
  /**
   * A window in which the event loop's thread was on the CPU at least this share of the time
   * counts as lagging, whatever its timers say. Default 0.9.
   */
  highBusy?: number;
  /** While the thread is busy at least this share of a window, the gap does not shrink. Default 0.75. */
  lowBusy?: number;
  /**
   * The first gap when only the busy thread asks for one (its timers keep up), and the smallest
   * before it switches off. Default 100 ms: a few hundred chargers calling back to back keep a
   * thread busy without starving anyone, and a 1 s gap would leave them one call a second.
   */
  busyMinGapMs?: number;
  /**
   * The event loop thread's CPU time so far, ms, or undefined when it cannot be read (then only
   * lag and backlog count). Default {@link threadCpuMs}; called from the event loop.
   */
  cpuTimeMs?: () => number | undefined;
  /** Start already shedding with this gap (tests; a CSMS expecting a storm). Default 0. */
  initialGapMs?: number;
  now?: () => number;
}

/**
 * The calling thread's CPU time so far, ms (`process.threadCpuUsage`, 10 ms steps on Linux);
 * undefined where the runtime lacks it.
 */
export function threadCpuMs(): number | undefined {
  const usage = (process as { threadCpuUsage?: () => { user: number; system: number } })
    .threadCpuUsage?.();
  return usage === undefined ? undefined : (usage.user + usage.system) / 1000;
}

// Calls a charger sends again later or that only refresh data: periodic meter data, the
// heartbeat, and TransactionEvent Updated (E12: the station retries transaction messages).
// Boot, status changes, authorization and Started/Ended are always taken.
const DEFERRABLE =
  /^\s*\[\s*2\s*,\s*"([^"\\]{1,36})"\s*,\s*"(Heartbeat|MeterValues|NotifyEvent|TransactionEvent)"/;
const UPDATED = /"eventType"\s*:\s*"Updated"/;
// A window counts as calm while the thread is on the CPU less than this share of it.
const QUIET_BUSY = 0.5;
// Calm windows in a row before the sampler slows to its quiet period.
const CALM_WINDOWS = 4;

/** The controller's state between two windows. */
export interface GapState {
  gapMs: number;
  /** The previous window lagged. */
  isLagging: boolean;
}

/**
 * The next gap after a window whose mean loop lag was `meanLagMs`. It grows (×1.25, from
 * `minGapMs`) only when two windows in a row lag, since one slow batch or a neighbour's burst
 * is not overload, and shrinks fast (×0.7, to 0 below `minGapMs`) when the loop keeps up, so a
 * connection ramp leaves no long gap behind.
 */
export function nextGap(
  state: GapState,
  meanLagMs: number,
  limits: { highLagMs: number; lowLagMs: number; minGapMs: number; maxGapMs: number },
): GapState {
  const isLagging = meanLagMs > limits.highLagMs;
  let gapMs = state.gapMs;
  if (isLagging && state.isLagging) {
    gapMs = Math.min(limits.maxGapMs, Math.max(limits.minGapMs, gapMs * 1.25));
  } else if (meanLagMs < limits.lowLagMs && gapMs > 0) {
    gapMs = gapMs * 0.7 < limits.minGapMs ? 0 : gapMs * 0.7;
  }
  return { gapMs, isLagging };
}

/** Builds the gate. Without overload it costs one comparison per frame. */
export function createAdmission(options: AdmissionOptions): Admission {
  const now = options.now ?? (() => performance.now());
  const limits = {
    highLagMs: options.highLagMs ?? 15,
    lowLagMs: options.lowLagMs ?? 5,
    minGapMs: options.minGapMs ?? 1_000,
    maxGapMs: options.maxGapMs ?? 30_000,
  };
  let gapMs = options.initialGapMs ?? 0;
  let isLagging = false;
  let isUnderPressure = false;
  const highBusy = options.highBusy ?? 0.9;
  const lowBusy = options.lowBusy ?? 0.75;
  const busyLimits = { ...limits, minGapMs: options.busyMinGapMs ?? 100 };
  const sampler = createLagSampler(options, now, (meanLagMs, busy): boolean => {
    // A thread busy nearly all the time is saturated even when its timers are punctual; its
    // gap starts small, as what it sheds costs it little time.
    const isBusyOnly = meanLagMs <= limits.highLagMs && busy !== undefined && busy >= highBusy;
    let pressureMs = isBusyOnly ? Infinity : meanLagMs;
    if (!isBusyOnly && busy !== undefined && busy >= lowBusy) {
      pressureMs = Math.max(meanLagMs, limits.lowLagMs);
    }
    const bounds = isBusyOnly ? busyLimits : limits;
    ({ gapMs, isLagging } = nextGap({ gapMs, isLagging }, pressureMs, bounds));
    isUnderPressure = gapMs > 0 || isLagging;
    options.metrics.histogram("admission.gap_ms").observe(gapMs);
    return gapMs === 0 && meanLagMs < limits.lowLagMs && (busy === undefined || busy < QUIET_BUSY);
  });

  return {
    slot: () => ({ lastAdmittedMs: -Infinity }),
    check(slot, text) {
      if (gapMs === 0) return undefined;
      const id = deferrableCallId(text);
      if (id === undefined) return undefined;
      const t = now();
      if (t - slot.lastAdmittedMs >= gapMs) {
        slot.lastAdmittedMs = t;
        return undefined;
      }
      options.metrics.count("ocpp.shed");
      return shedError(id, gapMs);
    },
    get gapMs() {
      return gapMs;
    },
    get isUnderPressure() {
      return isUnderPressure || gapMs > 0;
    },
    setActive(isActive) {
      if (isActive) sampler.start();
      else if (sampler.isRunning()) {
        sampler.stop();
        gapMs = 0;
        isUnderPressure = false;
      }
    },
    get samplePeriodMs() {
      return sampler.periodMs();
    },
  };
}

/** The message id of a deferrable CALL (see DEFERRABLE), or undefined for any other frame. */
function deferrableCallId(text: string): string | undefined {
  // A frame cut short is unreadable: it gets the parser's "-1" answer, not a shed with its id.
  if (!/\]\s*$/.test(text)) return undefined;
  const head = DEFERRABLE.exec(text);
  if (head === null || (head[2] === "TransactionEvent" && !UPDATED.test(text))) return undefined;
  return head[1];
}

/** The CALLERROR that sheds a call, telling the station when to retry. */
function shedError(id: string, gapMs: number): string {
  const retryS = Math.ceil(gapMs / 1000);
  return JSON.stringify([4, id, "InternalError", `CSMS overloaded: retry in ${retryS} s`, {
    retryAfterMs: Math.round(gapMs),
  }]);
}

/**
 * Samples the event loop's lag every `sampleMs` (how late the interval fires) and reports the
 * mean of every 5 samples with the share of the window the thread was on the CPU (undefined
 * when unknown); while the backlog check answers true, a window reports Infinity. `onWindow`
 * answers whether the window was calm: after `CALM_WINDOWS` calm ones the sampler runs every
 * `quietSampleMs`, each sample a window, until one is not.
 */
function createLagSampler(
  options: AdmissionOptions,
  now: () => number,
  onWindow: (meanLagMs: number, busy: number | undefined) => boolean,
) {
  const fastMs = options.sampleMs ?? 50;
  const quietMs = Math.max(fastMs, options.quietSampleMs ?? 500);
  const cpuTimeMs = options.cpuTimeMs ?? threadCpuMs;
  const lag = options.metrics.histogram("loop.lag_ms");
  let timer: ReturnType<typeof setInterval> | undefined;
  let periodMs = fastMs;
  let calmWindows = 0;
  let lastSampleMs = 0;
  let sumLagMs = 0;
  let samples = 0;
  let window = { atMs: 0, cpuMs: undefined as number | undefined };

  function arm(ms: number): void {
    clearInterval(timer);
    periodMs = ms;
    calmWindows = 0;
    lastSampleMs = now();
    window = { atMs: lastSampleMs, cpuMs: cpuTimeMs() };
    sumLagMs = 0;
    samples = 0;
    timer = setInterval(sample, ms);
    Deno.unrefTimer(timer as unknown as number);
  }

  function sample(): void {
    const t = now();
    const lagMs = Math.max(0, t - lastSampleMs - periodMs);
    lastSampleMs = t;
    lag.observe(lagMs);
    sumLagMs += lagMs;
    const isQuiet = periodMs !== fastMs;
    if (++samples < (isQuiet ? 1 : 5)) return;
    const next = { atMs: t, cpuMs: cpuTimeMs() };
    const wallMs = next.atMs - window.atMs;
    const busy = next.cpuMs !== undefined && window.cpuMs !== undefined && wallMs > 0
      ? (next.cpuMs - window.cpuMs) / wallMs
      : undefined;
    window = next;
    const isCalm = onWindow(options.isBacklogged?.() ? Infinity : sumLagMs / samples, busy);
    samples = 0;
    sumLagMs = 0;
    calmWindows = isCalm ? calmWindows + 1 : 0;
    if (isQuiet && !isCalm) arm(fastMs);
    else if (!isQuiet && calmWindows >= CALM_WINDOWS && quietMs > fastMs) arm(quietMs);
  }

  return {
    isRunning: () => timer !== undefined,
    periodMs: () => periodMs,
    start(): void {
      if (timer !== undefined) return;
      arm(fastMs);
    },
    stop(): void {
      clearInterval(timer);
      timer = undefined;
      periodMs = fastMs;
    },
  };
}
