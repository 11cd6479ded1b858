/**
 * The protocol-capture plugin: records every raw OCPP-J frame (`frame.in`, `frame.out`) to a
 * rotating JSONL file, one `{at, chargerId, direction, text}` per line, so a session can be
 * inspected with grep/jq and replayed later (`replay.ts`). For capture into the database use
 * the persistence plugin's `captureFrames` (`--protocol-capture`) instead.
 *
 * The file is LogTape's rotating file sink in its non-blocking mode, used directly (not through
 * the global logging configuration, which `setupLogging` resets): measured with
 * `bench/capture_sinks.ts`, it writes as fast as the hand-written writer it replaced (~400–500k
 * lines/s here) while its blocking mode, which fsyncs every 8 KiB, managed only 43–72k.
 */
import { dirname } from "node:path";
import { getRotatingFileSink } from "@logtape/file";
import type { LogRecord, Sink } from "@logtape/logtape";
import { z } from "zod";
import type { TimerId } from "../../actors/runtime/clock.ts";
import { definePlugin, type Plugin } from "../mod.ts";

/** One line of a capture file. */
export const CapturedFrame = z.object({
  /** The CSMS's time of the frame, ISO 8601. */
  at: z.string(),
  chargerId: z.string(),
  /** `in`: sent by the charger; `out`: sent by the CSMS. */
  direction: z.enum(["in", "out"]),
  /** The frame exactly as it went over the wire. */
  text: z.string(),
});
export type CapturedFrame = z.infer<typeof CapturedFrame>;

/** The config section (`pluginConfig.capture` in tamna.json). */
export const CaptureConfig = z.strictObject({
  path: z.string().min(1).default("./data/capture/frames.jsonl"),
  /**
   * The file rotates (to `path.1`, `path.2`, …) at this size, between writes of whole lines
   * (a write may take it past the size by what was buffered since the last). Default 10 MiB.
   */
  maxBytes: z.number().int().min(1024).default(10 * 1024 * 1024),
  /** Files kept, the current one included. */
  maxFiles: z.number().int().min(1).max(1000).default(5),
  /** Only these stations; every station when absent. */
  stations: z.array(z.string()).optional(),
  /** Lines are written in batches at most this long after the frame. */
  flushMs: z.number().int().min(0).default(200),
  /** Lines held while the disk lags before the oldest are dropped (and counted). */
  maxBufferedLines: z.number().int().min(1).default(100_000),
});
export type CaptureConfig = z.infer<typeof CaptureConfig>;

/** The capture plugin; the file is opened at startup and flushed and closed at shutdown. */
export function capturePlugin(): Plugin<CaptureConfig> {
  return definePlugin({
    name: "capture",
    configSchema: CaptureConfig,
    async setup(bus, ctx) {
      const config = ctx.config;
      const file = await openCaptureFile(config);
      const stations = config.stations ? new Set(config.stations) : undefined;
      let buffer: string[] = [];
      let droppedLines = 0;
      let timer: TimerId | undefined;

      function flush(): void {
        if (timer !== undefined) ctx.clock.clearTimeout(timer);
        timer = undefined;
        for (const line of buffer) file.write(line);
        buffer = [];
      }

      const record =
        (direction: "in" | "out") => (e: { chargerId: string; text: string; at: string }) => {
          if (stations && !stations.has(e.chargerId)) return;
          const line: CapturedFrame = { at: e.at, chargerId: e.chargerId, direction, text: e.text };
          buffer.push(JSON.stringify(line));
          if (buffer.length > config.maxBufferedLines) {
            buffer.shift();
            if (droppedLines++ % 10_000 === 0) {
              ctx.log.warn("The disk lags: {droppedLines} frames dropped", { droppedLines });
            }
          }
          timer ??= ctx.clock.setTimeout(flush, config.flushMs);
        };
      bus.on("frame.in", record("in"));
      bus.on("frame.out", record("out"));

      return async () => {
        flush();
        await file.close();
      };
    },
  });
}

/** The capture file: whole lines in, LogTape's sink writing them behind the event loop. */
interface CaptureFile {
  write(line: string): void;
  close(): Promise<void>;
}

async function openCaptureFile(config: CaptureConfig): Promise<CaptureFile> {
  await Deno.mkdir(dirname(config.path), { recursive: true });
  const sink: Sink & Partial<AsyncDisposable & Disposable> = getRotatingFileSink(config.path, {
    formatter: (record: LogRecord) => `${record.message[0]}\n`,
    maxSize: config.maxBytes,
    maxFiles: config.maxFiles - 1, // LogTape counts the rotated files only
    nonBlocking: true,
    bufferSize: 64 * 1024,
    flushInterval: Math.max(1, config.flushMs),
  });
  const record = (line: string): LogRecord => ({
    category: ["capture"],
    level: "info",
    message: [line],
    rawMessage: line,
    properties: {},
    timestamp: Date.now(),
  });
  return {
    write: (line) => sink(record(line)),
    // The non-blocking sink disposes asynchronously (flushing what it holds), though typed sync.
    close: async () => {
      if (sink[Symbol.asyncDispose]) await sink[Symbol.asyncDispose]!();
      else sink[Symbol.dispose]?.();
    },
  };
}
