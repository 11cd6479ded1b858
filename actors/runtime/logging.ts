/**
 * Logging through LogTape, configured once from the seed's switches: OCPP_LOG_LEVEL,
 * OCPP_PROTOCOL_DEBUG and OCPP_LOG_FILE, plus `--log-format`. Text lines look like the seed's
 * Python logs: `2026-01-19 15:26:17,797 - ocpp_messages - DEBUG - [OCPP-CALL-SEND] ...`; JSON
 * lines are LogTape's JSON Lines (`@timestamp`, `level`, `logger`, `message`, `properties`).
 * The log file is LogTape's rotating file sink: it never grows past its size times its count.
 */
import { getRotatingFileSink } from "@logtape/file";
import {
  configure,
  dispose,
  getJsonLinesFormatter,
  getStreamSink,
  type LogLevel,
  type LogRecord,
  type Sink,
  type TextFormatter,
} from "@logtape/logtape";

/** Log levels as the seed names them. */
export type SeedLogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR";

/** How a log line is written: the seed's text, or one JSON object per line. */
export type LogFormat = "text" | "json";

/** Options of {@link setupLogging}. */
export interface LoggingOptions {
  /** The lowest level logged. */
  level: SeedLogLevel;
  /** Log every OCPP frame with the seed's tags, at DEBUG, whatever `level` says. */
  protocolDebug: boolean;
  /** Default "text". */
  format?: LogFormat;
  /** Also append every line to this file, rotated (`<file>.1` … `<file>.<logFileCount>`). */
  logFile?: string;
  /** The file is rotated when a line would take it past this size; default 10 MiB. */
  logFileMaxBytes?: number;
  /** Rotated files kept beside the live one; default 5. */
  logFileCount?: number;
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

/** The log file's rotation defaults: the live file and 5 rotated ones, each at most 10 MiB. */
export const LOG_FILE_DEFAULTS = { maxBytes: 10 * 1024 * 1024, count: 5 } as const;

/** The formatter of a {@link LogFormat}. */
export function formatterOf(format: LogFormat = "text"): TextFormatter {
  return format === "json"
    ? getJsonLinesFormatter({ properties: "nest:properties" })
    : formatSeedLine;
}

/** Configures logging for the process; safe to call again (it reconfigures). */
export async function setupLogging(options: LoggingOptions): Promise<void> {
  const formatter = formatterOf(options.format);
  const sinks: Record<string, Sink> = {
    console: getStreamSink(options.consoleStream ?? Deno.stderr.writable, { formatter }),
  };
  const sinkNames = ["console"];
  if (options.logFile) {
    sinks.file = getRotatingFileSink(options.logFile, {
      formatter,
      maxSize: options.logFileMaxBytes ?? LOG_FILE_DEFAULTS.maxBytes,
      maxFiles: options.logFileCount ?? LOG_FILE_DEFAULTS.count,
    });
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
