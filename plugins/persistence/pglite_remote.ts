/**
 * PGlite on its own thread (a Web Worker running pglite_worker.ts) behind the same `Db`
 * interface as in-thread PGlite and postgres.js. This is what `openDb` uses for the embedded
 * database: PGlite executes each statement synchronously, so in the CSMS's thread a batch of
 * TransactionEvents blocked every socket for its whole duration; in a worker it runs on the
 * second core and the event loop stays free (measured in `deno task bench`).
 */
import type { Db } from "./sql.ts";

/** A request from the main thread. */
export type PgliteRequest =
  & { id: number }
  & (
    | { op: "open"; dataDir?: string; loadDataDir?: ArrayBuffer }
    | { op: "query"; sql: string; params?: unknown[]; txId?: number }
    | { op: "exec"; sql: string; txId?: number }
    | { op: "procedure"; name: string; args: unknown }
    | { op: "begin" }
    | { op: "end"; txId: number; isCommit: boolean }
    | { op: "close" }
  );

/** An error as it crosses the thread boundary (PGlite's SQLSTATE fields kept). */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/** The worker's answer to one request. */
export type PgliteReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: WireError };

type Op = PgliteRequest extends infer R ? R extends { op: infer O } ? O : never : never;
type Body<O extends Op> = Omit<Extract<PgliteRequest, { op: O }>, "id" | "op">;

function fromWire(wire: WireError): Error {
  const { name, message, ...fields } = wire;
  return Object.assign(new Error(message), { name }, fields);
}

/**
 * Opens PGlite in a worker thread: `dataDir` on disk (no `dataDir`, or `memory://`, keeps it
 * in memory), optionally starting from a `dumpDataDir()` snapshot.
 */
export async function openPgliteWorker(
  options: { dataDir?: string; loadDataDir?: Blob } = {},
): Promise<Db> {
  const worker = new Worker(new URL("./pglite_worker.ts", import.meta.url).href, {
    type: "module",
  });
  const pending = new Map<number, PromiseWithResolvers<unknown>>();
  let nextId = 1;
  let failure: Error | undefined;

  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.onmessage = (event: MessageEvent<PgliteReply>) => {
    const reply = event.data;
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiting?.resolve(reply.value);
    else waiting?.reject(fromWire(reply.error));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(new Error(`PGlite worker failed: ${event.message}`));
    worker.terminate();
  };

  function call<O extends Op>(op: O, body: Body<O>, transfer: Transferable[] = []) {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    const waiting = Promise.withResolvers<unknown>();
    pending.set(id, waiting);
    worker.postMessage({ id, op, ...body }, transfer);
    return waiting.promise;
  }

  function handle(txId: number | undefined): Pick<Db, "engine" | "query" | "exec"> {
    return {
      engine: "pglite",
      query: <T>(sql: string, params?: unknown[]) =>
        call("query", { sql, params, txId }) as Promise<T[]>,
      exec: async (sql: string) => {
        await call("exec", { sql, txId });
      },
    };
  }

  const db: Db = {
    ...handle(undefined),
    async transaction(fn) {
      const txId = await call("begin", {}) as number;
      const tx: Db = {
        ...handle(txId),
        transaction: (inner) => inner(tx),
        close: () => Promise.reject(new TypeError("cannot close a database inside a transaction")),
      };
      let result;
      try {
        result = await fn(tx);
      } catch (error) {
        await call("end", { txId, isCommit: false }).catch(() => {/* the error below says why */});
        throw error;
      }
      await call("end", { txId, isCommit: true });
      return result;
    },
    runProcedure: (name, args) => call("procedure", { name, args }),
    async close() {
      if (failure) return;
      try {
        await call("close", {});
      } finally {
        failAll(new Error("PGlite is closed"));
        worker.terminate();
      }
    },
  };

  const snapshot = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
  try {
    await call(
      "open",
      { dataDir: options.dataDir, loadDataDir: snapshot },
      snapshot ? [snapshot] : [],
    );
  } catch (error) {
    failAll(error as Error);
    worker.terminate();
    throw error;
  }
  return db;
}
