/**
 * CPU per TransactionEvent inside Tamna, without the network: starts the real server in this
 * process on PostgreSQL (`--database-url`), PGlite (`--data-dir`) or no database, accepts N
 * chargers on stand-in sockets, boots each and starts a transaction, then sends rounds of
 * TransactionEvent Updated (five sampled values) to every charger and waits for each answer.
 * It reports this thread's CPU per event: Tamna's own cost, which the runtime's WebSocket cost
 * (the raw baseline of `deno task bench`) does not include. Deterministic enough to A/B a change
 * of a few per cent where the full bench's noise would hide it. PGlite's own thread is not
 * counted; `--chargers 1` shows what a lone event costs (a commit and a wake-up each).
 *
 *   deno run -A bench/te_probe.ts [--chargers 2000] [--rounds 10]
 *     [--database-url URL | --data-dir DIR | --no-database]
 */
import { parseArgs } from "node:util";
import v8 from "node:v8";
import { ServerConfig } from "../config.ts";
import { startServer } from "../server.ts";
import { bootFrame, statusFrame, txStartedFrame, txUpdatedFrame } from "./frames.ts";
import { StandInSocket } from "./stand_in_socket.ts";

const { values } = parseArgs({
  options: {
    chargers: { type: "string", default: "2000" },
    rounds: { type: "string", default: "10" },
    "database-url": { type: "string" },
    "data-dir": { type: "string" },
    "no-database": { type: "boolean", default: false },
  },
});
const n = Number(values.chargers);
const rounds = Number(values.rounds);
if (!(n > 0) || !(rounds > 0)) throw new Error("--chargers and --rounds must be positive numbers");

let waiting = 0;
let allAnswered: (() => void) | undefined;
/** Counts down the round's answers (a CALLRESULT or CALLERROR the CSMS sent). */
function onSend(text: string): void {
  const type = text.charCodeAt(1);
  if ((type === 0x33 || type === 0x34) && --waiting === 0) allAnswered?.();
}
/** Sends one frame per socket and resolves once each has been answered. */
function round(sockets: StandInSocket[], frame: (i: number) => string): Promise<void> {
  const done = new Promise<void>((resolve) => allAnswered = resolve);
  waiting = sockets.length;
  for (const [i, s] of sockets.entries()) s.receive(frame(i));
  return done;
}

const config = ServerConfig.parse({
  host: "127.0.0.1",
  ocppPort: 0,
  httpPort: 0,
  databaseUrl: values["database-url"],
  dataDir: values["data-dir"] ?? (await Deno.makeTempDir({ prefix: "tamna_te_probe_" })),
});
const server = await startServer(config, {
  isThreadShared: true,
  ...(values["no-database"] ? { persistence: null } : {}),
});
const engine = values["no-database"]
  ? "no database"
  : values["database-url"]
  ? "PostgreSQL"
  : "PGlite";
const sockets = Array.from({ length: n }, () => new StandInSocket(onSend));
const run = crypto.randomUUID().slice(0, 8);
for (const [i, s] of sockets.entries()) {
  server.csms.accept(`te-${run}-${i}`, s.asWebSocket(), "127.0.0.1");
}
const at = () => new Date().toISOString();
const meter = (k: number) => ({ energyWh: 1000 + 50 * k, powerW: 7000, socPercent: 30 + k });
await round(sockets, (i) => bootFrame(`b${i}`, `SN${i}`));
await round(sockets, (i) => statusFrame(`s${i}`, "Occupied", at()));
await round(
  sockets,
  (i) => txStartedFrame(`t${i}`, { transactionId: `${run}-${i}`, atIso: at(), meter: meter(0) }),
);
const updated = (k: number) => (i: number) =>
  txUpdatedFrame(`u${k}-${i}`, {
    transactionId: `${run}-${i}`,
    seqNo: k,
    atIso: at(),
    meter: meter(k),
  });
await round(sockets, updated(1)); // warm-up
const switchesBefore = voluntarySwitches();
const allocatedBefore = allocatedBytes();
const cpuBefore = process.threadCpuUsage();
const startedMs = performance.now();
for (let k = 2; k < rounds + 2; k++) await round(sockets, updated(k));
const cpu = process.threadCpuUsage(cpuBefore);
const events = n * rounds;
const wakeUps = (voluntarySwitches() - switchesBefore) / events;
const allocatedKb = (allocatedBytes() - allocatedBefore) / 1024 /
  events;
const batches = server.persistence?.store.stats().batches;
console.log(
  `${events} TransactionEvents on ${n} chargers (${engine}): ` +
    `${((cpu.user + cpu.system) / events).toFixed(1)} µs of this thread's CPU per event ` +
    `(system ${(cpu.system / events).toFixed(1)}), ${allocatedKb.toFixed(1)} KB allocated and ` +
    `${wakeUps.toFixed(2)} wake-ups per event, ` +
    `${(events / ((performance.now() - startedMs) / 1000)).toFixed(0)} events/s` +
    `${batches === undefined ? "" : `, ${batches} batched writes since the start`}; ` +
    `last answer ${sockets[n - 1].last.slice(0, 50)}`,
);
await server.close();

/** Bytes V8 has allocated on this thread's heap since it started (garbage included). */
function allocatedBytes(): number {
  const stats = v8.getHeapStatistics() as { total_allocated_bytes?: number };
  return stats.total_allocated_bytes ?? NaN;
}

/** This thread's voluntary context switches: how often it slept and woke up. */
function voluntarySwitches(): number {
  const status = Deno.readTextFileSync("/proc/thread-self/status");
  return Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}
Deno.exit(0);
