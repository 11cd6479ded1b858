// The REST calls the dashboard makes. The session is an HttpOnly cookie the browser sends by
// itself; changes also carry the session's CSRF token. A 401 outside /auth/ means the session
// ended: the SIGNED_OUT_EVENT tells the login gate (login.js) to show the sign-in screen.

/** Dispatched on `window` when a request finds the session gone. */
export const SIGNED_OUT_EVENT = "tamna:signed-out";

let csrfToken = null;

/** The CSRF token of the current session (from /auth/me or the login answer), or null. */
export function setCsrfToken(token) {
  csrfToken = token;
}

/** An HTTP failure carrying the API's `error` text. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

async function parse(response, url) {
  const body = await response.json().catch(() => null);
  if (response.status === 401 && !url.startsWith("/auth/")) {
    dispatchEvent(new Event(SIGNED_OUT_EVENT));
  }
  if (!response.ok) {
    throw new ApiError(response.status, body?.error ?? `${url} answered ${response.status}`);
  }
  return body;
}

/** GET a JSON resource; `query` entries that are empty are left out. */
export async function getJson(path, query = {}) {
  const params = new URLSearchParams(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ""),
  );
  const url = params.size > 0 ? `${path}?${params}` : path;
  return parse(await fetch(url, { headers: { accept: "application/json" } }), url);
}

/**
 * Sends a change with `method` (POST, PUT, PATCH, DELETE) and the session's CSRF token: a JSON
 * body, or `options.text` as `options.type` (a CSV import).
 */
export async function sendJson(method, path, body, options = {}) {
  const response = await fetch(path, {
    method,
    headers: {
      "content-type": options.type ?? "application/json",
      accept: "application/json",
      ...(csrfToken ? { "x-csrf-token": csrfToken } : {}),
    },
    body: options.text ?? (method === "DELETE" ? undefined : JSON.stringify(body ?? {})),
  });
  return parse(response, path);
}

/** POST JSON. */
export function postJson(path, body) {
  return sendJson("POST", path, body);
}

/** Start of today in Korea (the customer's day), as ISO 8601. */
export function startOfTodayKst(nowMs = Date.now()) {
  const kstMs = nowMs + 9 * 3_600_000;
  const midnightKst = Math.floor(kstMs / 86_400_000) * 86_400_000;
  return new Date(midnightKst - 9 * 3_600_000).toISOString();
}
