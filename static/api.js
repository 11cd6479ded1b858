// The REST calls the dashboard makes. Mutating calls send the API bearer token when the server
// asks for one (401): the operator is prompted once and the token is remembered in this browser.

const TOKEN_KEY = "tamna.apiToken";

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

function token() {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch (error) {
    console.warn("localStorage unavailable, no API token", error);
    return null;
  }
}

/** POST JSON; on 401 asks for the API token once (`askToken` returns it or null) and retries. */
export async function postJson(path, body, askToken) {
  const send = (bearer) =>
    fetch(path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body ?? {}),
    });
  let response = await send(token());
  if (response.status === 401 && askToken) {
    const entered = askToken();
    if (entered) {
      localStorage.setItem(TOKEN_KEY, entered);
      response = await send(entered);
    }
  }
  return parse(response, path);
}

/** Start of today in Korea (the customer's day), as ISO 8601. */
export function startOfTodayKst(nowMs = Date.now()) {
  const kstMs = nowMs + 9 * 3_600_000;
  const midnightKst = Math.floor(kstMs / 86_400_000) * 86_400_000;
  return new Date(midnightKst - 9 * 3_600_000).toISOString();
}
