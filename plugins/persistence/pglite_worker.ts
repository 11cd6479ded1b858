/**
 * The worker side of {@link openPgliteWorker}: PGlite runs here, on its own thread, and serves
 * the `Db` operations the main thread posts. PGlite is WebAssembly that runs each statement to
 * completion synchronously, so on the main thread a 500-row batch stalled every WebSocket for
 * tens of milliseconds; here it uses the second core while the CSMS keeps answering.
 *
 * A transaction stays open across messages: `begin` starts `db.transaction()` and holds it
 * until `end` commits or rolls it back; statements naming its id run inside it, and PGlite's
 * own lock makes every other statement wait for it, as on one connection.
 */
import { openPglite } from "./db.ts";
import { type Db } from "./sql.ts";
import type { PgliteReply, PgliteRequest, WireError } from "./pglite_remote.ts";
import { type ProcedureName, PROCEDURES } from "./procedures.ts";

const ROLLBACK = Symbol("rollback");

interface OpenTx {
  tx: Db;
  finish(isCommit: boolean): void;
  settled: Promise<unknown>;
}

let db: Db | undefined;
let nextTxId = 1;
const txs = new Map<number, OpenTx>();

function toWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const wire: WireError = { name: error.name, message: error.message };
  for (const key of ["code", "detail", "hint", "constraint", "table", "column"] as const) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === "string") wire[key] = value;
  }
  return wire;
}

function target(txId: number | undefined): Db {
  if (txId === undefined) {
    if (!db) throw new Error("PGlite is not open");
    return db;
  }
  const open = txs.get(txId);
  if (!open) throw new Error(`transaction ${txId} is not open`);
  return open.tx;
}

function begin(): Promise<number> {
  const opened = Promise.withResolvers<number>();
  const txId = nextTxId++;
  const done = Promise.withResolvers<void>();
  const settled = target(undefined).transaction(async (tx) => {
    txs.set(txId, {
      tx,
      finish: (isCommit) => isCommit ? done.resolve() : done.reject(ROLLBACK),
      settled,
    });
    opened.resolve(txId);
    await done.promise;
  }).finally(() => txs.delete(txId));
  // A failed BEGIN rejects before the callback runs.
  settled.catch((error) => opened.reject(error));
  return opened.promise;
}

async function end(txId: number, isCommit: boolean): Promise<void> {
  const open = txs.get(txId);
  if (!open) throw new Error(`transaction ${txId} is not open`);
  open.finish(isCommit);
  try {
    await open.settled;
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
}

async function handle(request: PgliteRequest): Promise<unknown> {
  switch (request.op) {
    case "open": {
      const loadDataDir = request.loadDataDir ? new Blob([request.loadDataDir]) : undefined;
      db = (await openPglite({ dataDir: request.dataDir, loadDataDir })).db;
      return null;
    }
    case "query":
      return await target(request.txId).query(request.sql, request.params);
    case "exec":
      return await target(request.txId).exec(request.sql);
    case "procedure": {
      const procedure = PROCEDURES[request.name as ProcedureName] as
        | ((db: Db, args: unknown) => Promise<unknown>)
        | undefined;
      if (!procedure) throw new TypeError(`unknown procedure ${request.name}`);
      return await procedure(target(undefined), request.args);
    }
    case "begin":
      return await begin();
    case "end":
      return await end(request.txId, request.isCommit);
    case "close": {
      const closing = db;
      db = undefined;
      await closing?.close();
      return null;
    }
  }
}

// The project is type-checked as one window-scoped program; this is the worker's global.
const scope = self as unknown as {
  onmessage: (event: MessageEvent<PgliteRequest>) => void;
  postMessage(reply: PgliteReply): void;
};

scope.onmessage = async (event) => {
  const { id } = event.data;
  let reply: PgliteReply;
  try {
    reply = { id, ok: true, value: await handle(event.data) };
  } catch (error) {
    reply = { id, ok: false, error: toWire(error) };
  }
  scope.postMessage(reply);
};
