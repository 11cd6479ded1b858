/**
 * The CSMS's REST API as the scenarios use it (the seed's curl calls): JSON in and out, an
 * optional bearer token, a bounded wait, and errors that say which request failed and why.
 */

/** An answer: the HTTP status and the parsed JSON body (null when there was none). */
export interface ApiAnswer {
  status: number;
  // deno-lint-ignore no-explicit-any -- REST bodies are checked field by field by the scenarios
  body: any;
}

/** A REST client for one CSMS. */
export interface CsmsApi {
  readonly baseUrl: string;
  get(path: string): Promise<ApiAnswer>;
  post(path: string, body: unknown): Promise<ApiAnswer>;
}

const TIMEOUT_MS = 10_000;

/** A client for `baseUrl` (e.g. `http://localhost:8080`); `token` is sent as a bearer token. */
export function csmsApi(baseUrl: string, options: { token?: string } = {}): CsmsApi {
  const base = baseUrl.replace(/\/+$/, "");
  async function request(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${method} ${base}${path} failed: ${reason}`, { cause: error });
    }
    const text = await response.text();
    try {
      return { status: response.status, body: text ? JSON.parse(text) : null };
    } catch (error) {
      throw new Error(
        `${method} ${base}${path} answered ${response.status} with non-JSON: ${text.slice(0, 80)}`,
        { cause: error },
      );
    }
  }
  return {
    baseUrl: base,
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body),
  };
}
