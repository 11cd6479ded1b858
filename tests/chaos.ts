/**
 * The chaos run (`deno task chaos`; a short version runs in `deno task test`, chaos_test.ts):
 * simulated chargers with automatic drivers against a CSMS child process that is killed
 * (SIGKILL) and restarted, whose charger connections are cut (a loopback proxy in front of
 * the OCPP port), and whose database goes away (PostgreSQL: a proxy that is cut; PGlite: the
 * process is killed). At the end every session the simulator ended is in the database once,
 * with the energy the simulator delivered and its price, every event once, none missing, and
 * no charger left with undelivered events.
 */
import { commandLineOrExit, type CommandSpec } from "../actors/runtime/cli_flags.ts";
import postgres from "postgres";
import { openDb } from "../plugins/persistence/db.ts";
import { denoRunArgs, MAIN } from "./support/deno_task.ts";
import type { Db } from "../plugins/persistence/sql.ts";
import { emartJejuFleet } from "../sim/fleet/fleet_file.ts";
import { runFleet } from "../sim/fleet/fleet_runner.ts";
import type { DrivingProfile } from "../sim/fleet/auto_driver.ts";
import { freePorts } from "../bench/procs.ts";
import { ADMIN_URL, startTcpProxy, type TcpProxy } from "./persistence_helpers.ts";

/** How a chaos run goes. */
export interface ChaosOptions {
  engine: "pglite" | "postgres";
  chargers: number;
  /** Faults injected, one every `faultEveryMs` (real time). */
  faults: number;
  faultEveryMs: number;
  /** Simulated time runs this many times faster. */
  speed: number;
  log(line: string): void;
}

/** What the run found; `problems` is empty when every guarantee held. */
export interface ChaosReport {
  sessions: number;
  energyWh: number;
  events: number;
  /** Events chargers gave up after MessageAttempts refusals during outages (not CSMS losses). */
  discarded: number;
  faults: string[];
  problems: string[];
}

/** One session as the simulator delivered it. */
interface Delivered {
  chargerId: string;
  startWh?: number;
  endWh?: number;
  seqNos: Set<number>;
  /** Events the charger gave up after MessageAttempts refusals (its policy, E13). */
  discarded: Set<number>;
  isEnded: boolean;
}

const PRICE_KRW_PER_KWH = 150;

/** Busy chargers: a car every ~20 s (simulated) and short stays, so a short run has sessions. */
const CHAOS_DRIVERS: DrivingProfile = {
  meanGapMs: 20_000,
  cardDelayMs: [1_000, 3_000],
  dwellMs: [60_000, 180_000],
  targetSocPercent: [80, 100],
  unplugDelayMs: [5_000, 15_000],
};

/** A CSMS child process on fixed ports, which can be killed and started again. */
function csmsProcess(args: string[]) {
  let child: Deno.ChildProcess | undefined;
  return {
    async start(ocppPort: number): Promise<void> {
      child = new Deno.Command(Deno.execPath(), {
        args: denoRunArgs("serve", MAIN, [
          "serve",
          ...args,
        ]),
        stdout: "null",
        stderr: Deno.env.get("CHAOS_CSMS_STDERR") ? "inherit" : "null",
        env: { OCPP_LOG_LEVEL: "error" },
      }).spawn();
      await waitForPort(ocppPort);
    },
    async kill(): Promise<void> {
      if (!child) return;
      try {
        child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
      await child.status;
      child = undefined;
    },
    /** Stops it gently; false when it had already exited on its own (a crash). */
    async stop(): Promise<boolean> {
      if (!child) return true;
      let isRunning = true;
      try {
        child.kill("SIGTERM");
      } catch {
        isRunning = false; // it exited by itself
      }
      await child.status;
      child = undefined;
      return isRunning;
    },
  };
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`CSMS did not listen on ${port}: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function adminSql(text: string): Promise<void> {
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(text);
  } finally {
    await sql.end();
  }
}

/** Runs one chaos run and checks the database against what the simulator delivered. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const dir = await Deno.makeTempDir({ prefix: "tamna_chaos_" });
  const [ocppPort, httpPort] = freePorts(2);
  const dbName = `tamna_chaos_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  let dbProxy: TcpProxy | undefined;
  const args = ["--ocpp-port", String(ocppPort), "--http-port", String(httpPort)];
  args.push("--host", "127.0.0.1", "--data-dir", `${dir}/csms`, "--insecure-http");
  if (options.engine === "postgres") {
    await adminSql(`CREATE DATABASE ${dbName}`);
    const target = new URL(ADMIN_URL);
    dbProxy = startTcpProxy({ hostname: "127.0.0.1", port: Number(target.port) || 5432 });
    target.port = String(dbProxy.port);
    target.pathname = `/${dbName}`;
    args.push("--database-url", target.href);
  }
  const csms = csmsProcess(args);
  const ocppProxy = startTcpProxy({ hostname: "127.0.0.1", port: ocppPort });
  const delivered = new Map<string, Delivered>();
  const faults: string[] = [];
  try {
    await csms.start(ocppPort);
    const fleet = await runFleet({
      url: `ws://127.0.0.1:${ocppProxy.port}`,
      fleet: await emartJejuFleet(),
      count: options.chargers,
      speed: options.speed,
      stateDir: `${dir}/sim`,
      seed: 7,
      profile: CHAOS_DRIVERS,
      onEvent: (chargerId, event) => {
        if (event.type === "rejected" && event.transactionId && event.seqNo !== undefined) {
          delivered.get(event.transactionId)?.discarded.add(event.seqNo);
        }
        if (event.type !== "transaction") return;
        const s = delivered.get(event.transactionId) ??
          { chargerId, seqNos: new Set<number>(), discarded: new Set<number>(), isEnded: false };
        s.seqNos.add(event.seqNo);
        if (event.eventType === "Started") s.startWh = event.energyWh;
        if (event.eventType === "Ended") s.isEnded = true;
        if (event.energyWh !== undefined) s.endWh = event.energyWh;
        delivered.set(event.transactionId, s);
      },
    });
    for (let i = 0; i < options.faults; i++) {
      await new Promise((resolve) => setTimeout(resolve, options.faultEveryMs));
      const fault = await inject(i, { csms, ocppPort, ocppProxy, dbProxy });
      faults.push(fault);
      options.log(`fault ${i + 1}/${options.faults}: ${fault}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.faultEveryMs));
    // Quiet now: end the sessions still running and let every charger deliver its queue
    // (up to a minute of real time, in simulated ms).
    const drainMs = options.speed * 60_000;
    await Promise.all(fleet.chargers.map((c) => c.stop({ reason: "Other", drainMs })));
    const stuck = fleet.chargers.filter((c) => c.queuedTxEvents > 0).map((c) => c.id);
    await fleet.stop("Other");
    if (!(await csms.stop())) faults.push("the CSMS exited by itself (crash)");
    const db = options.engine === "postgres"
      ? await openDb({ url: new URL(`/${dbName}`, ADMIN_URL).href })
      : await openDb({ dataDir: `${dir}/csms/pglite` });
    try {
      return await compare(db, delivered, { faults, stuck });
    } finally {
      await db.close();
    }
  } finally {
    await csms.kill();
    await ocppProxy.close();
    await dbProxy?.close();
    if (options.engine === "postgres") {
      await adminSql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    }
    await Deno.remove(dir, { recursive: true });
  }
}

/** The i-th fault, in turn: kill the CSMS, cut the chargers' connections, lose the database. */
async function inject(
  i: number,
  at: {
    csms: ReturnType<typeof csmsProcess>;
    ocppPort: number;
    ocppProxy: TcpProxy;
    dbProxy?: TcpProxy;
  },
): Promise<string> {
  const kind = i % 3;
  if (kind === 0) {
    await at.csms.kill();
    await at.csms.start(at.ocppPort);
    return "CSMS killed (SIGKILL) and restarted";
  }
  if (kind === 1) {
    await at.ocppProxy.cut();
    at.ocppProxy.restore();
    return "charger connections cut";
  }
  if (at.dbProxy) {
    await at.dbProxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    at.dbProxy.restore();
    return "database unreachable for 1.5 s";
  }
  // PGlite lives in the CSMS process: losing it is losing the process.
  await at.csms.kill();
  await at.csms.start(at.ocppPort);
  return "CSMS with its embedded database killed and restarted";
}

async function compare(
  db: Db,
  delivered: Map<string, Delivered>,
  run: { faults: string[]; stuck: string[] },
): Promise<ChaosReport> {
  const problems = run.stuck.map((id) => `${id} still holds undelivered events`);
  if (run.faults.some((f) => f.includes("crash"))) problems.push("the CSMS crashed");
  const rows = await db.query<
    {
      transaction_id: string;
      energy_wh: number | null;
      cost_krw: number | null;
      events: number;
      seq_nos: string;
    }
  >(
    `SELECT t.transaction_id, t.energy_wh, t.cost_krw,
       (SELECT count(*) FROM transaction_events e WHERE e.charger_id = t.charger_id
         AND e.transaction_id = t.transaction_id) AS events,
       (SELECT string_agg(e.seq_no::text, ',') FROM transaction_events e
         WHERE e.charger_id = t.charger_id AND e.transaction_id = t.transaction_id) AS seq_nos
     FROM transactions t`,
  );
  const stored = new Map(rows.map((r) => [r.transaction_id, r]));
  let energyWh = 0;
  let events = 0;
  let sessions = 0;
  let discarded = 0;
  for (const [txId, s] of delivered) {
    discarded += s.discarded.size;
    const row = stored.get(txId);
    if (!row) {
      if (s.discarded.size < s.seqNos.size) problems.push(`${txId}: delivered, not stored`);
      continue;
    }
    events += Number(row.events);
    const have = new Set((row.seq_nos ?? "").split(",").map(Number));
    const missing = [...s.seqNos].filter((n) => !have.has(n) && !s.discarded.has(n));
    if (missing.length > 0 || have.size !== Number(row.events)) {
      problems.push(`${txId}: ${row.events} events stored; missing seqNo ${missing.slice(0, 10)}`);
    }
    // A session whose Started or Ended the charger gave up cannot be priced from the database;
    // a lost Updated changes nothing (energy is the register delta).
    if (s.discarded.has(0) || s.discarded.has(Math.max(...s.seqNos))) continue;
    if (!s.isEnded || s.startWh === undefined || s.endWh === undefined) continue;
    sessions++;
    const wh = s.endWh - s.startWh;
    energyWh += wh;
    const costKrw = Math.floor((wh * PRICE_KRW_PER_KWH) / 1000 + 0.5);
    if (Number(row.energy_wh) !== wh) {
      problems.push(`${txId}: ${row.energy_wh} Wh stored, ${wh} Wh delivered`);
    }
    if (Number(row.cost_krw) !== costKrw) {
      problems.push(`${txId}: ${row.cost_krw} KRW stored, ${costKrw} KRW expected`);
    }
  }
  for (const txId of stored.keys()) {
    if (!delivered.has(txId)) problems.push(`${txId}: stored, never sent`);
  }
  return { sessions, energyWh, events, discarded, faults: run.faults, problems };
}

/** `deno task chaos`'s flags (`--help`). */
export const CHAOS_COMMAND: CommandSpec = {
  usage: "deno task chaos [flags]",
  about:
    "Runs simulated chargers while the CSMS is killed and restarted, connections are cut and\n" +
    "the database is cut off, then checks the database against what the chargers delivered\n" +
    "(docs/reliability.md). Exit code 1 on any problem, 2 bad flags.",
  envPrefix: "TAMNA_CHAOS_",
  flags: [
    {
      name: "engine",
      placeholder: "pglite|postgres|both",
      default: "pglite",
      description: "the database engine (the task passes both)",
    },
    { name: "chargers", placeholder: "N", default: "12", description: "simulated chargers" },
    { name: "faults", placeholder: "N", default: "9", description: "faults injected" },
    {
      name: "fault-every-ms",
      placeholder: "MS",
      default: "4000",
      description: "real time between faults",
    },
    { name: "speed", placeholder: "X", default: "10", description: "the simulator's time factor" },
  ],
};

if (import.meta.main) {
  const line = commandLineOrExit(CHAOS_COMMAND, "chaos");
  const values = line.values as Record<string, string>;
  if (!["pglite", "postgres", "both"].includes(values.engine)) {
    console.error(`chaos: Invalid ${line.describe("engine")}: expected pglite, postgres or both`);
    Deno.exit(2);
  }
  for (const key of ["chargers", "faults", "faultEveryMs", "speed"]) {
    if (!(Number(values[key]) > 0)) {
      console.error(`chaos: Invalid ${line.describe(key)}: expected a positive number`);
      Deno.exit(2);
    }
  }
  const engines = values.engine === "both" ? ["pglite", "postgres"] : [values.engine];
  let failed = false;
  for (const engine of engines) {
    const report = await runChaos({
      engine: engine as ChaosOptions["engine"],
      chargers: Number(values.chargers),
      faults: Number(values.faults),
      faultEveryMs: Number(values.faultEveryMs),
      speed: Number(values.speed),
      log: (line) => console.log(`[${engine}] ${line}`),
    });
    console.log(
      `[${engine}] ${report.sessions} sessions, ${report.energyWh} Wh, ${report.events} events, ` +
        `${report.faults.length} faults, ${report.discarded} events given up by chargers, ` +
        `${report.problems.length} problems`,
    );
    for (const problem of report.problems) console.log(`[${engine}]   ${problem}`);
    failed ||= report.problems.length > 0;
  }
  Deno.exit(failed ? 1 : 0);
}
