/**
 * The protocol-capture plugin: records every raw OCPP-J frame (`frame.in`, `frame.out`) to a
 * rotating JSONL file, one `{at, chargerId, direction, text}` per line, so a session can be
 * inspected with grep/jq and replayed later (`replay.ts`). For capture into the database use
 * the persistence plugin's `captureFrames` (`--protocol-capture`) instead.
 */
import { z } from "zod";
import type { TimerId } from "../../actors/runtime/clock.ts";
import { definePlugin, type Plugin } from "../mod.ts";
import { openJsonlWriter } from "./jsonl_writer.ts";

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
  /** The file rotates (to `path.1`, `path.2`, …) at this size. Default 10 MiB. */
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
      const writer = await openJsonlWriter(config.path, config);
      const stations = config.stations ? new Set(config.stations) : undefined;
      let buffer: string[] = [];
      let droppedLines = 0;
      let timer: TimerId | undefined;
      let writing = Promise.resolve();

      function flush(): Promise<void> {
        if (timer !== undefined) ctx.clock.clearTimeout(timer);
        timer = undefined;
        const lines = buffer;
        buffer = [];
        writing = writing.then(() => writer.write(lines)).catch((error) => {
          ctx.log.error("Cannot write {count} frames to {path}: {error}", {
            count: lines.length,
            path: config.path,
            error,
          });
        });
        return writing;
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
          timer ??= ctx.clock.setTimeout(() => void flush(), config.flushMs);
        };
      bus.on("frame.in", record("in"));
      bus.on("frame.out", record("out"));

      return async () => {
        await flush();
        writer.close();
      };
    },
  });
}
