/**
 * A Tamna server over a throwaway database seeded with Emart Jeju (as on a first start), and a
 * small JSON client for its REST API, for the managed-network tests on every engine.
 */
import { seedIfEmpty } from "../plugins/persistence/seed.ts";
import { createStore } from "../plugins/persistence/store.ts";
import type { ServerConfig } from "../config.ts";
import { startTestServer, TEST_API_TOKEN, type TestServer } from "./helpers.ts";
import type { TestDb } from "./persistence_helpers.ts";

/** A response's status and parsed JSON body (null when the body is not JSON). */
export interface Answer {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
  text: string;
}

/** The REST client of one server. */
export interface Rest {
  get(path: string): Promise<Answer>;
  post(path: string, body?: unknown): Promise<Answer>;
  put(path: string, body?: unknown): Promise<Answer>;
  patch(path: string, body?: unknown): Promise<Answer>;
  delete(path: string): Promise<Answer>;
  /** Sends `text` as it is, with `contentType`. */
  send(method: string, path: string, text: string, contentType: string): Promise<Answer>;
}

/** A client for `baseUrl`, sending `token` as the bearer token when given. */
export function restClient(baseUrl: string, token?: string): Rest {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const send = async (method: string, path: string, text: string | undefined, type?: string) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...auth, ...(type ? { "content-type": type } : {}) },
      body: text,
    });
    const raw = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(raw);
    } catch {
      // CSV and empty bodies are read through `text`.
    }
    return { status: response.status, body, text: raw };
  };
  const json = (method: string) => (path: string, body?: unknown) =>
    send(method, path, body === undefined ? undefined : JSON.stringify(body), "application/json");
  return {
    get: (path) => send("GET", path, undefined),
    post: json("POST"),
    put: json("PUT"),
    patch: json("PATCH"),
    delete: (path) => send("DELETE", path, undefined),
    send: (method, path, text, type) => send(method, path, text, type),
  };
}

/** A server on `t`'s database (seeded with Emart Jeju); close it with `close()`. */
export async function startNetworkServer(
  t: TestDb,
  config: Partial<ServerConfig> = {},
): Promise<{ server: TestServer; rest: Rest; close(): Promise<void> }> {
  await seedIfEmpty(t.db);
  const store = createStore(t.db);
  const server = await startTestServer(config, {
    persistence: { db: t.db, store, close: () => store.close() },
  });
  return {
    server,
    rest: restClient(server.httpUrl, config.apiToken ?? TEST_API_TOKEN),
    async close() {
      await server.close();
      await store.close();
    },
  };
}

export { eventually } from "./support/browser.ts";
