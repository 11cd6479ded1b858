/**
 * The REST API's error contract (DESIGN.md, REST): `{"status":"error","error":"…"}` with 400
 * naming the bad field, 401 without the bearer token, 404 unknown charger, 409 offline or wrong
 * state, 502 a CALLERROR (or a malformed answer) from the charger, 504 no answer in time.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { ChargerOfflineError } from "../actors/csms/csms.ts";
import {
  CommandConflictError,
  InvalidCommandError,
  UnknownChargerError,
} from "../actors/csms/commands.ts";
import { OcppError } from "../actors/ocpp/errors.ts";
import { CallAbortedError, CallTimeoutError } from "../actors/ocpp/rpc.ts";

/** A 4xx/5xx answer with the contract's body; thrown from handlers, rendered by {@link onApiError}. */
export function apiError(status: ContentfulStatusCode, message: string): HTTPException {
  return new HTTPException(status, { message });
}

const TARGETS: Record<string, string> = {
  json: "body field",
  query: "query parameter",
  param: "path parameter",
  header: "header",
};

/** One line naming the first bad field, e.g. `Invalid body field power_kw: Too small: …`. */
export function describeZodError(error: z.ZodError, target: string): string {
  const issue = error.issues[0];
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.map(String).join(".");
  const where = TARGETS[target] ?? target;
  if (field === "") return `Invalid ${target === "json" ? "body" : where}: ${issue.message}`;
  const message = issue.code === "unrecognized_keys" ? "unknown field" : issue.message;
  return `Invalid ${where} ${field}: ${message}`;
}

/** The zod-openapi hook: a failed validation becomes a 400 naming the field. */
export function validationHook(
  result: { success: boolean; error?: z.ZodError; target: string },
  c: Context,
): Response | undefined {
  if (result.success || !result.error) return undefined;
  return c.json({ status: "error", error: describeZodError(result.error, result.target) }, 400);
}

/**
 * Turns a failed charger command into the HTTP answer: unknown charger 404, a payload that
 * breaks the schema 400, offline, a dropped connection or the wrong state 409, no answer 504,
 * a CALLERROR or an answer that breaks the schema 502. Anything else is a bug and is rethrown.
 */
export function callFailure(error: unknown, chargerId: string, action: string): HTTPException {
  if (error instanceof UnknownChargerError) return apiError(404, error.message);
  if (error instanceof InvalidCommandError) return apiError(400, error.message);
  if (error instanceof CommandConflictError) return apiError(409, error.message);
  if (error instanceof ChargerOfflineError) {
    return apiError(409, `Charger ${chargerId} is offline`);
  }
  if (error instanceof CallAbortedError) {
    return apiError(409, `Charger ${chargerId} did not take ${action}: ${error.message}`);
  }
  if (error instanceof CallTimeoutError) {
    return apiError(
      504,
      `Charger ${chargerId} did not answer ${action} within ${error.timeoutMs} ms`,
    );
  }
  if (error instanceof OcppError) {
    return apiError(
      502,
      `Charger ${chargerId} answered ${action} with ${error.code}: ${error.message}`,
    );
  }
  throw error;
}

/** The app's one error handler (STYLE.md §10): HTTPException as itself, anything else 500. */
export function onApiError(error: Error, c: Context): Response {
  if (error instanceof HTTPException) {
    const headers: Record<string, string> = error.status === 401
      ? { "WWW-Authenticate": 'Bearer realm="tamna"' }
      : {};
    return c.json({ status: "error", error: error.message }, error.status, headers);
  }
  const requestId = (c.get as (key: string) => unknown)("requestId") ?? "-";
  console.error(`Unhandled error on ${c.req.method} ${c.req.path} (request ${requestId}):`, error);
  return c.json({ status: "error", error: "Internal server error" }, 500);
}
