/**
 * The capture plugin's file writer, measured (issue 19): LogTape's rotating file sink blocking
 * (its default: fsync per 8 KiB buffer) and non-blocking (64 KiB buffer, background flush, as
 * plugins/capture uses it). Writes the same frame lines through each into a temp dir and
 * prints lines/s and the longest time one batch of 1,000 held the event loop. The hand-written
 * JSONL writer the plugin had before wrote 380–460k lines/s here, longest batch 8–35 ms.
 *
 *   deno run --allow-read --allow-write bench/capture_sinks.ts [lines]
 */
import { getRotatingFileSink } from "@logtape/file";
import type { LogRecord } from "@logtape/logtape";

const LINES = Number(Deno.args[0] ?? 200_000);
const line = (i: number) =>
  JSON.stringify({
    at: new Date(1_768_900_000_000 + i).toISOString(),
    chargerId: `emart_jeju_${String(i % 34).padStart(2, "0")}`,
    direction: i % 2 ? "in" : "out",
    text:
      `[2,"${crypto.randomUUID()}","MeterValues",{"evseId":1,"meterValue":[{"timestamp":"2026-01-20T10:00:00Z","sampledValue":[{"value":${i}}]}]}]`,
  });
const lines = Array.from({ length: LINES }, (_, i) => line(i));
const bytes = lines.reduce((n, l) => n + l.length + 1, 0);

function record(text: string): LogRecord {
  return {
    category: ["capture"],
    level: "info",
    message: [text],
    rawMessage: text,
    properties: {},
    timestamp: Date.now(),
  };
}

async function closeSink(sink: object): Promise<void> {
  if (Symbol.asyncDispose in sink) await (sink as AsyncDisposable)[Symbol.asyncDispose]();
  else (sink as Disposable)[Symbol.dispose]();
}

async function viaLogTape(dir: string, nonBlocking: boolean) {
  const sink = getRotatingFileSink(`${dir}/frames.jsonl`, {
    formatter: (r: LogRecord) => `${r.message[0]}\n`,
    maxSize: 10 * 1024 * 1024,
    maxFiles: 4,
    ...(nonBlocking ? { nonBlocking: true, bufferSize: 64 * 1024, flushInterval: 200 } : {}),
  });
  let worstMs = 0;
  const start = performance.now();
  // Batches of 1,000 frames with a turn of the loop between, as frames arrive.
  for (let i = 0; i < lines.length; i += 1000) {
    const t0 = performance.now();
    for (const text of lines.slice(i, i + 1000)) sink(record(text));
    worstMs = Math.max(worstMs, performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await closeSink(sink);
  return { totalMs: performance.now() - start, worstMs };
}

const results: Record<string, { totalMs: number; worstMs: number } | undefined> = {};
for (
  const [name, run] of Object.entries({
    "LogTape rotating, blocking (8 KiB, fsync each)": (dir: string) => viaLogTape(dir, false),
    "LogTape rotating, non-blocking (64 KiB)": (dir: string) => viaLogTape(dir, true),
  })
) {
  const dir = await Deno.makeTempDir({ prefix: "tamna_capture_" });
  try {
    results[name] = await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
console.log(`${LINES} lines, ${(bytes / 1024 / 1024).toFixed(1)} MiB, rotating at 10 MiB`);
for (const [name, r] of Object.entries(results)) {
  if (!r) continue;
  const perS = Math.round(LINES / (r.totalMs / 1000));
  console.log(
    `${name.padEnd(48)} ${String(perS).padStart(9)} lines/s  longest call ${
      r.worstMs.toFixed(2)
    } ms`,
  );
}
