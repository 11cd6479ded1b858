/**
 * Replays a captured session: reads a JSONL capture and sends one station's charger-side
 * CALLs, in order, to a CSMS over a real WebSocket, waiting for each answer (one outstanding
 * CALL, as OCPP-J requires) and answering the CSMS's own calls minimally, as a simulated
 * station that implements nothing would. The report pairs each answer with the captured one.
 *
 * `deno run --allow-read --allow-net plugins/capture/replay.ts --file frames.jsonl \
 *   --station emart_jeju_01 [--url ws://localhost:9000] [--speed 10]`
 */
import { parseArgs } from "node:util";
import { isCsmsAction } from "../../actors/ocpp/actions.ts";
import { buildCallError, buildCallResult, CALL, parseFrame } from "../../actors/ocpp/frames.ts";
import { defaultResponse } from "../../actors/ocpp/default_responses.ts";
import { CapturedFrame } from "./mod.ts";

/**
 * Reads a capture file, with its rotated predecessors (`path.N` … `path.1`) first when
 * `withRotated` is set. A line that is not a captured frame fails with its file and number.
 */
export async function readCapture(
  path: string,
  options: { withRotated?: boolean } = {},
): Promise<CapturedFrame[]> {
  const paths = [path];
  for (let i = 1; options.withRotated; i++) {
    try {
      await Deno.stat(`${path}.${i}`);
      paths.unshift(`${path}.${i}`);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) break;
      throw error;
    }
  }
  const frames: CapturedFrame[] = [];
  for (const file of paths) {
    const lines = (await Deno.readTextFile(file)).split("\n");
    for (const [i, line] of lines.entries()) {
      if (line.trim() === "") continue;
      const parsed = CapturedFrame.safeParse(JSON.parse(line));
      if (!parsed.success) {
        throw new TypeError(`${file}:${i + 1} is not a captured frame: ${parsed.error.message}`);
      }
      frames.push(parsed.data);
    }
  }
  return frames;
}

/** How to replay. */
export interface ReplayOptions {
  /** The CSMS endpoint without the station id, e.g. `ws://localhost:9000`. */
  url: string;
  chargerId: string;
  frames: readonly CapturedFrame[];
  /** `asap` (default) sends each CALL once the previous one is answered; `original` also keeps the captured gaps. */
  timing?: "asap" | "original";
  /** With `original` timing, gaps are divided by this. Default 1. */
  speed?: number;
  /** How long to wait for each answer, ms. Default 30 000. */
  callTimeoutMs?: number;
}

/** One replayed CALL. */
export interface ReplayedCall {
  id: string;
  action: string;
  /** The CSMS's answer frame now. */
  answer: unknown[];
  /** The answer captured with the original session, if the capture has it. */
  captured?: unknown[];
}

/** What happened. */
export interface ReplayReport {
  calls: ReplayedCall[];
  /** CALLs the CSMS sent during the replay, and the answer given. */
  csmsCalls: { action: string; answer: unknown[] }[];
}

/** Replays the station's captured CALLs against `url`; resolves when all are answered. */
export async function replayCapture(options: ReplayOptions): Promise<ReplayReport> {
  const own = options.frames.filter((f) => f.chargerId === options.chargerId);
  const capturedAnswers = new Map<string, unknown[]>();
  for (const f of own) {
    const frame = JSON.parse(f.text);
    if (f.direction === "out" && frame[0] !== CALL) capturedAnswers.set(frame[1], frame);
  }
  const report: ReplayReport = { calls: [], csmsCalls: [] };
  const socket = await connect(`${options.url}/${encodeURIComponent(options.chargerId)}`);
  const waiting = new Map<string, (frame: unknown[]) => void>();
  socket.onmessage = (event) => {
    const text = String(event.data);
    const parsed = parseFrame(text);
    if (!parsed.ok) return;
    if (parsed.frame.type === CALL) {
      const answer = answerCsms(parsed.frame.id, parsed.frame.action, parsed.frame.payload);
      socket.send(answer);
      report.csmsCalls.push({ action: parsed.frame.action, answer: JSON.parse(answer) });
    } else {
      waiting.get(parsed.frame.id)?.(JSON.parse(text));
    }
  };
  try {
    let previousAtMs: number | undefined;
    for (const f of own) {
      if (f.direction !== "in") continue;
      const parsed = parseFrame(f.text);
      // The charger's answers belong to the CSMS calls of the original session; skip them.
      if (!parsed.ok || parsed.frame.type !== CALL) continue;
      const atMs = Date.parse(f.at);
      if (options.timing === "original" && previousAtMs !== undefined && atMs > previousAtMs) {
        await delay((atMs - previousAtMs) / (options.speed ?? 1));
      }
      previousAtMs = atMs;
      const { id, action } = parsed.frame;
      const answer = await answerTo(socket, waiting, id, f.text, options.callTimeoutMs ?? 30_000);
      report.calls.push({ id, action, answer, captured: capturedAnswers.get(id) });
    }
  } finally {
    await close(socket);
  }
  return report;
}

function answerCsms(id: string, action: string, payload: Record<string, unknown>): string {
  if (!isCsmsAction(action)) {
    return buildCallError(id, "NotImplemented", `Unknown action ${action}`);
  }
  try {
    return buildCallResult(id, defaultResponse(action, payload as never));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return buildCallError(id, "FormatViolation", `Cannot read ${action}: ${message}`);
  }
}

function answerTo(
  socket: WebSocket,
  waiting: Map<string, (frame: unknown[]) => void>,
  id: string,
  text: string,
  timeoutMs: number,
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error(`No answer to message ${id} within ${timeoutMs} ms`));
    }, timeoutMs);
    waiting.set(id, (frame) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(frame);
    });
    socket.send(text);
  });
}

function connect(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, ["ocpp2.0.1"]);
  return new Promise((resolve, reject) => {
    socket.onopen = () => resolve(socket);
    socket.onerror = (e) =>
      reject(new Error(`Cannot connect to ${url}: ${(e as ErrorEvent).message ?? "error"}`));
  });
}

function close(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  const closed = new Promise<void>((resolve) => socket.addEventListener("close", () => resolve()));
  socket.close(1000, "Replay done");
  return closed;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      file: { type: "string" },
      station: { type: "string" },
      url: { type: "string", default: "ws://localhost:9000" },
      speed: { type: "string" },
    },
  });
  if (!values.file || !values.station) {
    console.error("replay: --file and --station are required");
    Deno.exit(2);
  }
  const speed = values.speed === undefined ? undefined : Number(values.speed);
  const report = await replayCapture({
    url: values.url,
    chargerId: values.station,
    frames: await readCapture(values.file, { withRotated: true }),
    timing: speed === undefined ? "asap" : "original",
    speed,
  });
  for (const call of report.calls) console.log(JSON.stringify(call));
}
