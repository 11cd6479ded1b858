/**
 * Logging through LogTape, configured once from the seed's switches: OCPP_LOG_LEVEL,
 * OCPP_PROTOCOL_DEBUG and OCPP_LOG_FILE. Lines look like the seed's Python logs:
 * `2026-01-19 15:26:17,797 - ocpp_messages - DEBUG - [OCPP-CALL-SEND] ...`.
 */
import { getFileSink } from "@logtape/file";
import {
  configure,
  dispose,
  getStreamSink,
  type LogLevel,
  type LogRecord,
  type Sink,
} from "@logtape/logtape";

/** Log levels as the seed names them. */
export type SeedLogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR";

/** Options of {@link setupLogging}. */
export interface LoggingOptions {
  level: SeedLogLevel;
  /** Log every OCPP frame with the seed's tags, at DEBUG, whatever `level` says. */
  protocolDebug: boolean;
  /** Also append every line to this file. */
  logFile?: string;
  /** Where console lines go; standard error by default so stdout stays for program output. */
  consoleStream?: WritableStream<Uint8Array>;
}

const LEVELS: Record<SeedLogLevel, LogLevel> = {
  DEBUG: "debug",
  INFO: "info",
  WARNING: "warning",
  ERROR: "error",
};

const SEED_LEVEL_NAMES: Record<LogLevel, string> = {
  trace: "DEBUG",
  debug: "DEBUG",
  info: "INFO",
  warning: "WARNING",
  error: "ERROR",
  fatal: "CRITICAL",
};

/** Categories of the protocol log, named after the seed's Python loggers. */
export const PROTOCOL_CATEGORIES = ["ocpp_messages", "ocpp_server", "charger_simulator"] as const;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Formats a record the way the seed's Python logging did. */
export function formatSeedLine(record: LogRecord): string {
  const d = new Date(record.timestamp);
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${
      pad(d.getMilliseconds(), 3)
    }`;
  const message = record.message.map((part) => typeof part === "string" ? part : String(part))
    .join("");
  return `${stamp} - ${record.category.join(".")} - ${
    SEED_LEVEL_NAMES[record.level]
  } - ${message}\n`;
}

let configured = false;

/** Configures logging for the process; safe to call again (it reconfigures). */
export async function setupLogging(options: LoggingOptions): Promise<void> {
  const sinks: Record<string, Sink> = {
    console: getStreamSink(options.consoleStream ?? Deno.stderr.writable, {
      formatter: formatSeedLine,
    }),
  };
  const sinkNames = ["console"];
  if (options.logFile) {
    sinks.file = getFileSink(options.logFile, { formatter: formatSeedLine, lazy: true });
    sinkNames.push("file");
  }
  const level = LEVELS[options.level];
  await configure({
    reset: true,
    sinks,
    loggers: [
      { category: ["logtape", "meta"], sinks: sinkNames, lowestLevel: "warning" },
      { category: ["tamna"], sinks: sinkNames, lowestLevel: level },
      ...PROTOCOL_CATEGORIES.map((category) => ({
        category: [category],
        sinks: sinkNames,
        lowestLevel: options.protocolDebug ? "debug" as const : level,
      })),
    ],
  });
  configured = true;
}

/** Flushes and closes the sinks; call before exit or file sinks lose lines. */
export async function closeLogging(): Promise<void> {
  if (configured) await dispose();
  configured = false;
}
