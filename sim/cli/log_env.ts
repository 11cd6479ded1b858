/** The seed's logging switches for the simulator (OCPP_PROTOCOL_DEBUG, OCPP_LOG_LEVEL, OCPP_LOG_FILE), validated. */
import { z } from "zod";
import type { LoggingOptions } from "../../actors/runtime/logging.ts";

const LogEnv = z.object({
  OCPP_PROTOCOL_DEBUG: z.enum(["true", "false", "1", "0"]).default("false"),
  OCPP_LOG_LEVEL: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]).default("WARNING"),
  OCPP_LOG_FILE: z.string().optional(),
});

/** The logging options the environment asks for, or one line saying which variable is wrong. */
export function loggingFromEnv(
  env: Record<string, string> = Deno.env.toObject(),
): { ok: true; options: LoggingOptions } | { ok: false; error: string } {
  const parsed = LogEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `invalid environment ${String(issue.path[0])}: ${issue.message}` };
  }
  return {
    ok: true,
    options: {
      level: parsed.data.OCPP_LOG_LEVEL,
      protocolDebug: ["true", "1"].includes(parsed.data.OCPP_PROTOCOL_DEBUG),
      logFile: parsed.data.OCPP_LOG_FILE,
    },
  };
}
