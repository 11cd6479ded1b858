/**
 * The audit trail: every change made through the HTTP API (any method but GET, HEAD and
 * OPTIONS) by a known caller, and every login and first-run setup attempt, is written to the
 * audit log once its answer is known: who, what (method, path, the body's `action`), when, the
 * charger or other target, the status and the result. Refused changes (403) are recorded too;
 * requests without any credential (401) are not, since nothing was attempted in anyone's name.
 * No body is stored beyond `action`, so no password or secret reaches the log.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getLogger } from "@logtape/logtape";
import type { AuditEntry, AuditLog } from "../actors/csms/accounts.ts";
import { isChange, remoteAddressOf } from "./access.ts";
import { isoOfMs } from "../actors/runtime/clock.ts";

const log = getLogger(["tamna", "audit"]);

/** Login and setup attempts are recorded even without a caller. */
const ATTEMPTS = new Set(["/auth/login", "/auth/setup"]);

/** The charger a path names (`/chargers/{id}/…`), if any. */
function chargerOf(path: string): string | null {
  const match = /^\/chargers\/([^/]+)/.exec(path);
  return match ? decodeURIComponent(match[1]) : null;
}

/** The resource id a path names: the segment after the collection (`/admin/accounts/{x}`). */
function targetOf(path: string): string | null {
  const segments = path.split("/").filter(Boolean);
  const rest = segments[0] === "admin" ? segments.slice(1) : segments;
  return rest.length >= 2 ? decodeURIComponent(rest[1]) : null;
}

/** The `action` field of a JSON body the route has read, if it is a short string. */
async function actionOf(c: Context): Promise<string | null> {
  const text = c.req.bodyCache.text;
  if (!text) return null;
  try {
    const body = JSON.parse(await text);
    return typeof body?.action === "string" ? body.action.slice(0, 64) : null;
  } catch {
    return null;
  }
}

function resultOf(status: number): AuditEntry["result"] {
  if (status < 400) return "ok";
  return status === 401 || status === 403 ? "denied" : "failed";
}

/** Builds the middleware; mount it before the access middleware, so it sees refusals too. */
export function auditTrail(audit: AuditLog, now: () => number): MiddlewareHandler {
  return async (c, next) => {
    if (!isChange(c.req.method)) return await next();
    const at = isoOfMs(now());
    await next();
    const principal = c.get("principal");
    const { path } = c.req;
    const status = c.res.status;
    if (!principal && !ATTEMPTS.has(path)) return;
    if (status === 429 || status === 503) return; // turned away unchecked: nothing was tried
    const entry: AuditEntry = {
      at,
      actor: principal?.name ?? "anonymous",
      actorKind: principal?.kind ?? "anonymous",
      role: principal?.role ?? null,
      method: c.req.method,
      path,
      action: await actionOf(c),
      chargerId: chargerOf(path),
      target: c.get("auditTarget") ?? targetOf(path) ?? chargerOf(path),
      status,
      result: resultOf(status),
      remoteAddress: remoteAddressOf(c) ?? null,
      requestId: (c.get as (key: string) => unknown)("requestId") as string ?? null,
    };
    try {
      await audit.record(entry);
    } catch (error) {
      // The call has happened; losing its trace must at least leave one in the log.
      log.error("Audit entry not stored ({error}): {entry}", { error, entry });
    }
  };
}
