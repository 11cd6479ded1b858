/**
 * Where a connected charger's JS heap goes in Tamna: starts the real server in this process
 * (PostgreSQL or none), accepts N chargers on stand-in sockets, boots each (Boot, Status,
 * TransactionEvent Started), then reports heap per charger and, from a heap snapshot, the
 * object kinds that grew, per charger. The native WebSocket (~19 KB RSS) is not in it.
 *
 *   deno run -A --v8-flags=--expose-gc bench/heap_probe.ts [N] [--database-url URL]
 */
import v8 from "node:v8";
import { ServerConfig } from "../config.ts";
import { startServer } from "../server.ts";
import { bootFrame, statusFrame, txStartedFrame } from "./frames.ts";
import { StandInSocket } from "./stand_in_socket.ts";

const n = Number(Deno.args[0] ?? 2_000);
const gc = (globalThis as unknown as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --v8-flags=--expose-gc");

const config = ServerConfig.parse({ host: "127.0.0.1", ocppPort: 0, httpPort: 0 });
const server = await startServer(config, { persistence: null, isThreadShared: true });
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 50));
    gc();
  }
};
await settle();
const dir = await Deno.makeTempDir({ prefix: "tamna_heap_" });
const kindsBefore = await heapKinds(`${dir}/before.heapsnapshot`);
await settle();
const before = Deno.memoryUsage().heapUsed;
const sockets: StandInSocket[] = [];
const at = new Date().toISOString();
for (let i = 0; i < n; i++) {
  const socket = new StandInSocket();
  sockets.push(socket);
  server.csms.accept(`probe${i}`, socket.asWebSocket(), "127.0.0.1");
}
await settle();
for (const [i, s] of sockets.entries()) s.receive(bootFrame(`b${i}`, `SN${i}`));
await settle();
for (const [i, s] of sockets.entries()) s.receive(statusFrame(`s${i}`, "Occupied", at));
await settle();
const meter = { energyWh: 1000, powerW: 0, socPercent: 30 };
for (const [i, s] of sockets.entries()) {
  s.receive(txStartedFrame(`t${i}`, { transactionId: `probe-${i}`, atIso: at, meter }));
}
await settle();
const after = Deno.memoryUsage().heapUsed;
console.log(
  `${n} chargers: ${((after - before) / 1024 / n).toFixed(2)} KB JS heap per charger; ` +
    `last answer ${sockets[n - 1].last.slice(0, 60)}`,
);
const kindsAfter = await heapKinds(`${dir}/after.heapsnapshot`);
const grown = [...kindsAfter.entries()].map(([kind, a]) => {
  const b = kindsBefore.get(kind) ?? { count: 0, bytes: 0 };
  return { kind, count: (a.count - b.count) / n, bytes: (a.bytes - b.bytes) / n };
}).filter((g) => g.bytes > 16).sort((x, y) => y.bytes - x.bytes);
for (const g of grown.slice(0, 40)) {
  console.log(`${g.bytes.toFixed(0).padStart(6)} B ${g.count.toFixed(1).padStart(6)} × ${g.kind}`);
}
if (!Deno.env.get("KEEP_HEAP")) await Deno.remove(dir, { recursive: true });
else console.log(dir);
await server.close();
Deno.exit(0);

/** Self size and count per (node type, name) in a fresh heap snapshot. */
async function heapKinds(path: string): Promise<Map<string, { count: number; bytes: number }>> {
  v8.writeHeapSnapshot(path);
  const snapshot = JSON.parse(await Deno.readTextFile(path));
  const meta = snapshot.snapshot.meta;
  const fields: string[] = meta.node_fields;
  const types: string[] = meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const kinds = new Map<string, { count: number; bytes: number }>();
  const nodes: number[] = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + iType]];
    const rawName: string = snapshot.strings[nodes[i + iName]];
    const name = type === "string" || type === "concatenated string" || type === "sliced string"
      ? ""
      : rawName.slice(0, 60);
    const key = `${type} ${name}`;
    const entry = kinds.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += nodes[i + iSize];
    kinds.set(key, entry);
  }
  return kinds;
}
