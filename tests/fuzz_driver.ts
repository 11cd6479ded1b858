/**
 * Runs the fuzzer against a real CSMS on loopback: a booted station receives the hostile
 * frames in batches, each batch closed by a Heartbeat whose answer proves every earlier frame
 * was answered (the station actor is FIFO); a bystander station heartbeats between batches.
 */
import type { AnyEvent } from "../actors/csms/events.ts";
import type { CommandSpec } from "../actors/runtime/cli_flags.ts";
import { ServerConfig } from "../config.ts";
import { startServer } from "../server.ts";
import { openPersistence } from "../plugins/persistence/mod.ts";
import { createFuzzer, expectedAnswer, type FuzzFrame, loadSamples } from "./fuzz_frames.ts";
import { connectRaw } from "./ocpp_client.ts";

/** The fuzz run's flags: the table that parses them and writes `deno task fuzz --help`. */
export const FUZZ_COMMAND: CommandSpec = {
  usage: "deno task fuzz [flags]",
  about:
    "Sends malformed and hostile OCPP frames at an in-process CSMS and checks that every id\n" +
    "is answered once, nothing restarts and the heap stays flat. Exit code 1 when an invariant\n" +
    "breaks, 2 bad flags.",
  envPrefix: "TAMNA_FUZZ_",
  flags: [
    { name: "frames", placeholder: "N", default: "200000", description: "frames to send" },
    { name: "seed", placeholder: "N", description: "seed of the frames (default: from the clock)" },
    {
      name: "storage",
      type: "boolean",
      default: true,
      description:
        "store TransactionEvents in PGlite: poison events must be stored, not retried forever",
    },
    {
      name: "rest-flood",
      placeholder: "N",
      default: "20000",
      description: "REST GETs from another process beside the run (0: none)",
    },
  ],
};

/** What a run saw. */
export interface FuzzReport {
  seed: number;
  frames: number;
  /** Frames that had to get an answer with their own id, and with "-1". */
  expectedOwnId: number;
  expectedMinusOne: number;
  expectedNone: number;
  minusOneAnswers: number;
  /** Ids answered more than once, never, or not expected at all (all must be empty). */
  duplicates: string[];
  missing: string[];
  unexpected: string[];
  /** Answer kinds: CALLRESULT, or the CALLERROR code. */
  answers: Record<string, number>;
  bystanderHeartbeats: number;
  /** Bystander heartbeats refused (the admission gate shed them: starvation). */
  bystanderRefusals: number;
  /** The bystander's slowest heartbeat round trip, ms. */
  bystanderMaxMs: number;
  /** InternalError answers other than overload shedding: what a charger would retry. */
  internalErrors: number;
  /** The REST flood's answers by status, when one ran. */
  restStatuses?: Record<string, number>;
  actorRestarts: number;
  /** MiB, after the warm-up and at the end (after a GC when --expose-gc is on). */
  heapUsedMb: { afterWarmup: number; atEnd: number };
  rssMb: { afterWarmup: number; atEnd: number };
  isGcExposed: boolean;
}

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  seed: number;
  frames: number;
  /** Frames sent before the first memory reading. */
  warmupFrames: number;
  /** Frames between two syncs (and bystander heartbeats); default 50, well under the mailbox's 1,000. */
  batch?: number;
  /** Progress lines for the long run. */
  log?(line: string): void;
  /**
   * Store TransactionEvents in an in-memory PGlite (poison events must be stored, not refused
   * with InternalError, which a charger would retry forever). Syncs are then TransactionEvents,
   * which wait for the writes before them.
   */
  isStoring?: boolean;
  /**
   * The bystander heartbeats at most this often (default: after every batch); at a charger's
   * pace (over the admission gate's 1 s smallest gap) a refusal means starvation.
   */
  bystanderEveryMs?: number;
  /** A REST flood from another process (tests/support/rest_flood.ts) beside the run. */
  restFlood?: { requests: number; parallel: number };
}

const MAX_FRAME_CHARS = 256 * 1024;
const MB = 1024 * 1024;

function memory(): { heapUsed: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = Deno.memoryUsage();
  return { heapUsed: heapUsed / MB, rss: rss / MB };
}

function send(socket: WebSocket, frame: FuzzFrame): void {
  socket.send("text" in frame ? frame.text : frame.binary);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Checks one batch's answers against its expected ids, then forgets both (flat memory). */
function settle(expected: Set<string>, answered: Map<string, number>, report: FuzzReport): void {
  for (const [id, count] of answered) {
    if (!expected.has(id)) report.unexpected.push(id);
    else if (count > 1) report.duplicates.push(id);
  }
  for (const id of expected) if (!answered.has(id)) report.missing.push(id);
  expected.clear();
  answered.clear();
}

/**
 * A TransactionEvent used as a sync point: a Started of its own transaction, which the
 * admission gate never sheds (an Updated could be answered at once by the gate, before the
 * writes it must wait for).
 */
function syncEvent(sent: number): Record<string, unknown> {
  return {
    eventType: "Started",
    timestamp: "2026-01-21T05:30:00Z",
    triggerReason: "Authorized",
    seqNo: 0,
    transactionInfo: { transactionId: `fuzz-sync-${sent}` },
  };
}

/** Starts the REST flood child; resolves with its answers' status counts. */
async function startRestFlood(
  httpUrl: string,
  flood: { requests: number; parallel: number },
): Promise<Record<string, number>> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net=127.0.0.1",
      "--allow-env=FLOOD_PATHS",
      new URL("./support/rest_flood.ts", import.meta.url).pathname,
      httpUrl,
      String(flood.requests),
      String(flood.parallel),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

/** Runs the fuzzer and reports; throws only when the CSMS stops answering. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const batch = options.batch ?? 50;
  const samples = await loadSamples();
  const fuzzer = createFuzzer(options.seed, samples, { maxFrameChars: MAX_FRAME_CHARS });
  const persistence = options.isStoring ? await openPersistence({ dataDir: "memory://" }) : null;
  const server = await startServer(
    ServerConfig.parse({
      ocppPort: 0,
      httpPort: 0,
      host: "127.0.0.1",
      maxFrameChars: MAX_FRAME_CHARS,
      maxBadFrames: Number.MAX_SAFE_INTEGER, // keep the fuzzed station connected
      maxSendBufferBytes: 64 * MB,
    }),
    { persistence, isThreadShared: true }, // the fuzzer runs on the server's thread
  );
  const flood = options.restFlood && startRestFlood(server.httpUrl, options.restFlood);
  let actorRestarts = 0;
  server.bus.onAny((event: AnyEvent) => {
    if (event.type === "actor.restarted" || event.type === "actor.gave-up") actorRestarts++;
  });
  const fuzzed = await connectRaw(`${server.ocppUrl}/fuzz_target`);
  const bystander = await connectRaw(`${server.ocppUrl}/fuzz_bystander`);
  const report: FuzzReport = {
    seed: options.seed,
    frames: 0,
    expectedOwnId: 0,
    expectedMinusOne: 0,
    expectedNone: 0,
    minusOneAnswers: 0,
    duplicates: [],
    missing: [],
    unexpected: [],
    answers: {},
    bystanderHeartbeats: 0,
    bystanderRefusals: 0,
    bystanderMaxMs: 0,
    internalErrors: 0,
    actorRestarts: 0,
    heapUsedMb: { afterWarmup: 0, atEnd: 0 },
    rssMb: { afterWarmup: 0, atEnd: 0 },
    isGcExposed: typeof (globalThis as { gc?: unknown }).gc === "function",
  };
  const expected = new Set<string>();
  const answered = new Map<string, number>();
  // Counting replaces connectRaw's store of every frame, which would itself grow memory.
  fuzzed.socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data as string) as unknown[];
    if (frame[0] !== 3 && frame[0] !== 4) return; // the CSMS's own calls (e.g. smart charging)
    const id = frame[1] as string;
    const kind = frame[0] === 3 ? "CALLRESULT" : String(frame[2]);
    const isShed = String(frame[3]).startsWith("CSMS overloaded");
    if (kind === "InternalError" && !isShed) report.internalErrors++;
    report.answers[kind] = (report.answers[kind] ?? 0) + 1;
    if (id === "-1") report.minusOneAnswers++;
    else answered.set(id, (answered.get(id) ?? 0) + 1);
  });
  fuzzed.received.length = 0;
  try {
    const boot = { chargingStation: { model: "Fuzz", vendorName: "Tamna" }, reason: "PowerUp" };
    await fuzzed.call("BootNotification", boot, "boot-fuzz");
    await bystander.call("BootNotification", boot);
    answered.delete("boot-fuzz");
    let isWarm = false;
    let lastBeatMs = -Infinity;
    for (let sent = 0; sent < options.frames;) {
      for (let i = 0; i < batch && sent < options.frames; i++, sent++) {
        const id = `f${sent}`;
        const frame = fuzzer.next(id);
        const answer = expectedAnswer(frame, MAX_FRAME_CHARS);
        if (answer === "-1") report.expectedMinusOne++;
        else if (answer === null) report.expectedNone++;
        else {
          report.expectedOwnId++;
          expected.add(answer);
        }
        send(fuzzed.socket, frame);
      }
      report.frames = sent;
      const sync = `sync${sent}`;
      // With storage, a TransactionEvent: it is answered only after the writes before it.
      const syncCall = options.isStoring
        ? fuzzed.call("TransactionEvent", syncEvent(sent), sync)
        : fuzzed.call("Heartbeat", {}, sync);
      await withTimeout(syncCall, 20_000, `sync after ${sent} frames`);
      answered.delete(sync);
      // FIFO: every answer to this batch came before the sync's, so the batch is settled.
      settle(expected, answered, report);
      fuzzed.received.length = 0;
      bystander.received.length = 0;
      if (performance.now() - lastBeatMs >= (options.bystanderEveryMs ?? 0)) {
        lastBeatMs = performance.now();
        const [type] = await withTimeout(bystander.call("Heartbeat", {}), 20_000, "bystander");
        report.bystanderMaxMs = Math.max(report.bystanderMaxMs, performance.now() - lastBeatMs);
        if (type === 3) report.bystanderHeartbeats++;
        else report.bystanderRefusals++;
      }
      if (!isWarm && sent >= options.warmupFrames) {
        isWarm = true;
        const m = memory();
        report.heapUsedMb.afterWarmup = m.heapUsed;
        report.rssMb.afterWarmup = m.rss;
      }
      if (sent % (batch * 40) === 0) {
        options.log?.(
          `${sent} frames, ${report.minusOneAnswers} answered "-1", heap ${
            memory().heapUsed.toFixed(1)
          } MiB`,
        );
      }
    }
    const m = memory();
    report.heapUsedMb.atEnd = m.heapUsed;
    report.rssMb.atEnd = m.rss;
    report.actorRestarts = actorRestarts;
    if (flood) report.restStatuses = await flood;
    return report;
  } finally {
    await flood?.catch(() => undefined);
    await fuzzed.close();
    await bystander.close();
    await server.close();
    await persistence?.close();
  }
}
