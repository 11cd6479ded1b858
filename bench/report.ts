/** Writes a bench result as JSON (everything) and Markdown (the tables a reader wants). */
import { errorKindsText } from "../sim/cli/progress.ts";
import type { LatencySummary } from "../actors/runtime/metrics.ts";
import { FIXES } from "./fixes.ts";
import type { PhaseResult } from "./measure.ts";
import type { BenchResult } from "./mod.ts";
import type { RampResult, ServerRun } from "./scenarios.ts";

const n0 = (x: number) => Math.round(x).toLocaleString("en-US");
const n1 = (x: number) => x.toFixed(1);
const ms = (x: number) => x < 10 ? x.toFixed(2) : x.toFixed(1);
const lat = (l: LatencySummary) =>
  l.count === 0 ? "–" : `${ms(l.p50Ms)} / ${ms(l.p95Ms)} / ${ms(l.p99Ms)}`;
const errs = (e: Record<string, number>) => {
  const entries = Object.entries(e).filter(([, v]) => v > 0);
  return entries.length === 0 ? "0" : entries.map(([k, v]) => `${v} ${k}`).join(", ");
};

function phaseOf(
  run: ServerRun | undefined,
  chargers: number,
  name: string,
): PhaseResult | undefined {
  return run?.ramps.find((r) => r.chargers === chargers)?.phases.find((p) => p.name === name);
}

function rampOf(run: ServerRun | undefined, chargers: number): RampResult | undefined {
  return run?.ramps.find((r) => r.chargers === chargers);
}

function fair(p: PhaseResult | undefined): string {
  if (!p) return "–";
  const f = p.fairness;
  return `${f.noProgress} / ${f.min}·${f.p50}·${f.max} (fair share ${f.mean})`;
}

function headline(result: BenchResult): string[] {
  const raw = result.servers.find((s) => s.kind === "raw");
  const tamna = result.servers.find((s) => s.kind === "tamna-pglite");
  // the heavy ladder's top (the realistic-only runs above it have their own table)
  // (or, in a --phases run without a steady phase, every N that ran a heavy phase)
  const heavy = (name: string) =>
    (tamna ?? raw)?.ramps.filter((r) => r.phases.some((p) => p.name === name))
      .map((r) => r.chargers) ?? [];
  const sizes = heavy("steady").length > 0 ? heavy("steady") : heavy("saturation");
  const top = Math.max(0, ...sizes);
  const mid = sizes.includes(1_000) ? 1_000 : sizes[0] ?? 0;
  const rows: string[][] = [];
  const add = (what: string, r: string, t: string, target: string) =>
    rows.push([what, r, t, target]);
  const satR = phaseOf(raw, mid, "saturation"), satT = phaseOf(tamna, mid, "saturation");
  const ratio = satR && satT && satR.msgsPerS > 0 ? satT.msgsPerS / satR.msgsPerS : NaN;
  add(
    `max throughput, ${n0(mid)} chargers back to back (msgs/s)`,
    satR ? n0(satR.msgsPerS) : "–",
    satT ? `${n0(satT.msgsPerS)} (**${n1(ratio * 100)} %** of raw)` : "–",
    "≥ 50 % of raw",
  );
  for (const engine of ["pglite", "postgres"] as const) {
    const sat = engine === "pglite"
      ? satT
      : phaseOf(result.servers.find((s) => s.kind === "tamna-postgres"), mid, "saturation");
    const ins = result.inserts.find((i) => i.engine === engine);
    if (!sat?.db || !ins) continue;
    const te = sat.db.transactionEventsPerS;
    const name = engine === "pglite" ? "PGlite" : "PostgreSQL";
    add(
      `durable TransactionEvents/s at saturation on ${name} vs the engine with one database transaction per event (${
        n0(ins.concurrency)
      } parallel writers, same run, no network or validation)`,
      "",
      `${n0(te)} vs ${n0(ins.naiveTransactionEventsPerSec)} (**${
        n1(te / ins.naiveTransactionEventsPerSec)
      }×**); the engine with group commit alone: ${n0(ins.transactionEventsPerSec)}`,
      "≥ 2×",
    );
  }
  const hbR = phaseOf(raw, mid, "saturation-heartbeats");
  const hbT = phaseOf(tamna, mid, "saturation-heartbeats");
  const hbRatio = hbR && hbT && hbR.msgsPerS > 0 ? hbT.msgsPerS / hbR.msgsPerS : NaN;
  add(
    `max throughput, Heartbeats only (no durable write per call), ${n0(mid)} chargers`,
    hbR ? n0(hbR.msgsPerS) : "–",
    hbT ? `${n0(hbT.msgsPerS)} (**${n1(hbRatio * 100)} %** of raw)` : "–",
    "",
  );
  const stR = phaseOf(raw, mid, "steady"), stT = phaseOf(tamna, mid, "steady");
  add(
    `frame in → reply out p50 / p95 / p99 (ms), ${n0(mid)} chargers steady`,
    stR ? lat(stR.inside) : "–",
    stT ? lat(stT.inside) : "–",
    "p99 < 20 ms",
  );
  add(
    `round trip at the charger p50 / p95 / p99 (ms), ${n0(mid)} steady`,
    stR ? lat(stR.rtt) : "–",
    stT ? lat(stT.rtt) : "–",
    "",
  );
  const topR = rampOf(raw, top), topT = rampOf(tamna, top);
  add(
    `chargers held (ready / asked), ${n0(top)}`,
    topR ? `${n0(topR.connect.ready)} / ${n0(top)}` : "–",
    topT ? `${n0(topT.connect.ready)} / ${n0(top)}` : "–",
    "10,000",
  );
  add(
    `server memory per charger (KB RSS), ${n0(top)}`,
    topR ? n1(topR.memory.perChargerKb) : "–",
    topT ? n1(topT.memory.perChargerKb) : "–",
    "< 50 KB",
  );
  add(
    `connection ramp, ${n0(top)} (connections/s; all ready in s)`,
    topR ? `${n0(topR.connect.connectionsPerS)}; ${n1(topR.connect.allReadyS)}` : "–",
    topT ? `${n0(topT.connect.connectionsPerS)}; ${n1(topT.connect.allReadyS)}` : "–",
    "",
  );
  const busyR = phaseOf(raw, top, "saturation"), busyT = phaseOf(tamna, top, "saturation");
  add(
    `fairness, ${n0(top)} busy (no progress / min·p50·max calls)`,
    fair(busyR),
    fair(busyT),
    "0 without progress",
  );
  const over = phaseOf(tamna, top, "overload-2x");
  add(`fairness, 2× overload at ${n0(top)}`, "–", fair(over), "0 without progress");
  const hbOver = phaseOf(tamna, top, "overload-2x-heartbeats");
  add(
    `fairness, Heartbeats only 2× overload at ${n0(top)}`,
    "–",
    fair(hbOver),
    "0 without progress",
  );
  const stormR = topR?.storm, stormT = topT?.storm;
  const storm = (s: typeof stormR) =>
    s ? `${n1(s.allBackS)} s (${n0(s.notBack)} not back, ${s.phase.errorCount} errors)` : "–";
  add(
    `reconnect storm, ${n0(top)}: all back after restart`,
    storm(stormR),
    storm(stormT),
    "all back, 0 errors",
  );
  const errorsT = tamna?.ramps.flatMap((r) => [
    r.connect.errorCount,
    ...r.phases.map((p) => p.errorCount),
    r.storm?.phase.errorCount ?? 0,
  ]).reduce((a, b) => a + b, 0);
  add("errors in all Tamna phases", "", tamna ? String(errorsT) : "–", "0");
  for (const sim of result.sim) {
    add(
      `simulator, ${n0(sim.chargers)} stations: KB per station; CPU µs per message`,
      "",
      `${n1(sim.rssPerChargerKb)} KB; ${n1(sim.cpuUsPerMsg)} µs`,
      "< 50 KB",
    );
  }
  for (const ins of result.inserts) {
    add(
      `inserts/s on ${ins.engine} (batched meter samples; durable TransactionEvents grouped; one per commit)`,
      "",
      `${n0(ins.insertsPerSec)}; ${n0(ins.transactionEventsPerSec)}; ${
        n0(ins.naiveTransactionEventsPerSec)
      }`,
      "",
    );
  }
  return table(["", "raw Deno", "Tamna (PGlite, strict, persistence on)", "target"], rows);
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
  ];
}

function serverTables(run: ServerRun): string[] {
  const ramps = table(
    [
      "chargers",
      "all open (s)",
      "conn/s",
      "all ready (s)",
      "handshake p50/p99 (ms)",
      "KB RSS/charger (JS heap)",
      "loadgen KB/charger",
      "connect errors",
    ],
    run.ramps.map((r) => [
      n0(r.chargers),
      n1(r.connect.allOpenS),
      n0(r.connect.connectionsPerS),
      n1(r.connect.allReadyS),
      `${ms(r.connect.handshake.p50Ms)} / ${ms(r.connect.handshake.p99Ms)}`,
      `${n1(r.memory.perChargerKb)}${
        r.memory.heapPerChargerKb !== undefined ? ` (heap ${n1(r.memory.heapPerChargerKb)})` : ""
      }`,
      n1(r.loadgenRssPerChargerKb),
      errs(r.connect.errors) +
      (r.connect.ready < r.chargers ? ` (${r.chargers - r.connect.ready} not ready)` : ""),
    ]),
  );
  const phases = run.ramps.flatMap((r) => [...r.phases, ...(r.storm ? [r.storm.phase] : [])]);
  const phaseTable = table(
    [
      "chargers",
      "phase",
      "offered/s",
      "msgs/s",
      "inside p50/p95/p99 (ms)",
      "TE inside p99 · TE commit p50/p99 · batch p50/p99",
      "RTT p50/p95/p99 (ms)",
      "server CPU % · µs/msg",
      "µs/msg by thread",
      "loadgen CPU %",
      "DB rows/s · TE/s · max backlog",
      "errors",
      "shed",
      "no progress / min·p50·max",
    ],
    phases.map((p) => [
      n0(p.chargers),
      p.name,
      p.offeredPerS === undefined ? "max" : n0(p.offeredPerS),
      n0(p.msgsPerS),
      lat(p.inside),
      (p.insideByAction.TransactionEvent ? ms(p.insideByAction.TransactionEvent.p99Ms) : "–") +
      (p.commit && p.commit.count > 0 ? ` · ${ms(p.commit.p50Ms)}/${ms(p.commit.p99Ms)}` : "") +
      (p.batchCommit && p.batchCommit.count > 0
        ? ` · ${ms(p.batchCommit.p50Ms)}/${ms(p.batchCommit.p99Ms)}`
        : ""),
      lat(p.rtt),
      `${n0(p.server.cpuPct)} · ${n1(p.server.cpuUsPerMsg)}`,
      threads(p),
      n0(p.loadgen.cpuPct),
      p.db
        ? `${n0(p.db.insertedPerS)} · ${n0(p.db.transactionEventsPerS)} · ${n0(p.db.maxBacklog)}`
        : "–",
      errs(p.errors),
      n0(p.shed),
      fair(p),
    ]),
  );
  const storms = run.ramps.filter((r) => r.storm).map((r) => r.storm!);
  const stormTable = storms.length === 0 ? [] : table(
    [
      "chargers",
      "close (s)",
      "restart (s)",
      "all back after listening (s)",
      "reconnects/s",
      "not back",
      "return time p50/p99/max (s)",
    ],
    storms.map((s) => [
      n0(s.chargers),
      n1(s.closeS),
      n1(s.restartS),
      n1(s.allBackS),
      n0(s.reconnectsPerS),
      n0(s.notBack),
      `${n1(s.returnTime.p50Ms / 1000)} / ${n1(s.returnTime.p99Ms / 1000)} / ${
        n1(s.returnTime.maxMs / 1000)
      }`,
    ]),
  );
  const profiles = run.ramps.flatMap((r) =>
    Object.entries(r.profiles ?? {}).flatMap(([phase, profile]) => [
      `Where ${run.kind}'s CPU went during ${phase} at ${
        n0(r.chargers)
      } chargers (V8 profile, self time): ` +
      Object.entries(profile.categories).filter(([, v]) => v >= 0.5)
        .map(([k, v]) => `${k} ${n1(v)} %`).join(", ") +
      ".",
      "",
    ])
  );
  return [`### ${run.kind}`, "", ...ramps, ...phaseTable, ...stormTable, ...profiles];
}

/**
 * CPU µs per message by thread kind (main, workers, gc, io), those above 0, then the wake-ups
 * per message of the threads that run JavaScript (main, workers).
 */
function threads(p: PhaseResult): string {
  const t = p.server.threadUsPerMsg;
  if (!t) return "–";
  const cpu = Object.entries(t).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${n0(v)}`);
  const w = p.server.threadWakeupsPerMsg;
  const wakeups = w
    ? Object.entries(w).filter(([k, v]) => v > 0 && (k === "main" || k === "workers"))
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    : [];
  return cpu.join(", ") + (wakeups.length > 0 ? `; wake-ups/msg ${wakeups.join(", ")}` : "");
}

/** The realistic shape at every N and server that ran it (issue 18). */
function realisticTable(result: BenchResult): string[] {
  const rows = result.servers.flatMap((run) =>
    run.ramps.flatMap((r) => {
      const p = r.phases.find((p) => p.name === "realistic");
      if (!p) return [];
      return [[
        run.kind,
        `${n0(r.connect.ready)} / ${n0(r.asked ?? r.chargers)}`,
        n0(p.msgsPerS),
        `${n0(p.server.cpuPct)} · ${n1(p.server.cpuUsPerMsg)}`,
        threads(p),
        `${ms(p.inside.p50Ms)} / ${ms(p.inside.p99Ms)}`,
        `${ms(p.rtt.p50Ms)} / ${ms(p.rtt.p99Ms)}`,
        `${n1(r.memory.perChargerKb)}${
          r.memory.heapPerChargerKb !== undefined ? ` (heap ${n1(r.memory.heapPerChargerKb)})` : ""
        }`,
        n1(r.loadgenRssPerChargerKb),
        errs(p.errors),
        n0(p.shed),
      ]];
    })
  );
  if (rows.length === 0) return [];
  return [
    "## Realistic shape",
    "",
    "Each charger's period is 60 s: a TransactionEvent Updated each period while charging (about",
    "half are; sessions last 30 periods on average, idle chargers start new ones as often), a",
    "Heartbeat every 300 s. One period of warm-up, then the measured phase. Chargers held are",
    "ready / asked: the open-files limit (Notes) can hold a run below the N asked.",
    "",
    ...table(
      [
        "server",
        "chargers held",
        "msgs/s",
        "server CPU % · µs/msg",
        "µs/msg by thread",
        "inside p50 / p99 (ms)",
        "RTT p50 / p99 (ms)",
        "server KB RSS/charger (JS heap)",
        "loadgen KB/charger",
        "errors",
        "shed",
      ],
      rows,
    ),
  ];
}

/** The Markdown report. */
export function markdownReport(result: BenchResult): string {
  const m = result.machine;
  const lines = [
    `# Tamna benchmark, ${m.date.slice(0, 10)}`,
    "",
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}; Deno ${m.deno} (V8 ${m.v8}); ` +
    `commit ${m.gitCommit}${
      m.isDirty ? " (with uncommitted changes)" : ""
    }; load average at start ${m.loadAverageAtStart}; ` +
    `run took ${result.durationS} s. Flags: \`${JSON.stringify(result.args)}\`.`,
    "",
    "Every server and every load generator runs in its own process on 127.0.0.1. The raw baseline",
    "is a bare `Deno.serve` WebSocket server answering each CALL with a fixed CALLRESULT; Tamna runs",
    "with strict validation, persistence on PGlite (TransactionEvents durable before their answer)",
    "and the default log level. Light chargers: BootNotification, StatusNotification, TransactionEvent",
    "Started, then a TransactionEvent Updated with 5 sampled values every 5 s and a Heartbeat every",
    '30 s; one CALL outstanding per charger. "Inside" latency is frame in → reply out measured in',
    "the server (actors/metrics.ts); RTT is what the charger saw. Fairness: chargers that completed",
    "no call in the phase / min·p50·max completed calls per charger.",
    "",
    "## Headline",
    "",
    ...headline(result),
    "## Servers",
    "",
    ...result.servers.flatMap(serverTables),
  ];
  lines.push(...realisticTable(result));
  if (result.sim.length > 0) {
    lines.push(
      "## The real simulator (sim/fleet/fleet_runner.ts, full physics)",
      "",
      ...table(
        [
          "stations",
          "connected",
          "charging",
          "connect (s)",
          "RSS KB/station",
          "heap KB/station",
          "msgs/s",
          "CPU µs/msg",
          "CPU %",
          "errors: window / since start",
          "CSMS KB/charger",
          "CSMS shed",
        ],
        result.sim.map((s) => [
          n0(s.chargers),
          n0(s.connected),
          n0(s.charging),
          n1(s.connectS),
          n1(s.rssPerChargerKb),
          n1(s.heapPerChargerKb),
          n0(s.msgsPerS),
          n1(s.cpuUsPerMsg),
          n0(s.cpuPct),
          `${s.errorsInWindow === undefined ? "–" : n0(s.errorsInWindow)} / ${n0(s.errors)}`,
          n1(s.csmsRssPerChargerKb),
          n0(s.csmsShed ?? 0),
        ]),
      ),
      ...result.sim.filter((s) => s.errors > 0 && s.errorsByKind).map((s) =>
        `\nSimulator errors by kind at ${n0(s.chargers)} stations: since the start ` +
        `${errorKindsText(s.errorsByKind!)}; in the window ${
          errorKindsText(s.errorsByKindInWindow ?? {}) || "none"
        }.`
      ),
    );
  }
  if (result.inserts.length > 0) {
    lines.push(
      "## Database inserts (plugins/persistence/bench.ts)",
      "",
      ...table(
        [
          "engine",
          "meter samples",
          "batched inserts/s",
          "batch rows",
          "durable TransactionEvents/s (group commit)",
          "one per commit",
          "parallel streams",
        ],
        result.inserts.map((i) => [
          i.engine,
          n0(i.rows),
          n0(i.insertsPerSec),
          n0(i.batchRows),
          n0(i.transactionEventsPerSec),
          n0(i.naiveTransactionEventsPerSec),
          n0(i.concurrency),
        ]),
      ),
    );
  }
  if (result.cluster && result.cluster.length > 0) {
    lines.push(
      "## Cluster: one node against two behind HAProxy (bench/cluster.ts, docs/cluster.md)",
      "",
      ...table(
        [
          "nodes",
          "chargers held",
          "msgs/s",
          "p99 reply ms",
          "node CPU µs/msg",
          "HAProxy CPU µs/msg",
        ],
        result.cluster.map((c) => [
          String(c.nodes),
          `${n0(c.held)}/${n0(c.chargers)}`,
          n0(c.msgsPerS),
          String(c.p99Ms),
          n0(c.nodeCpuUsPerMsg),
          n0(c.haproxyCpuUsPerMsg),
        ]),
      ),
    );
  }
  if (FIXES.length > 0) {
    lines.push("## What was fixed (before → after, same harness)", "");
    for (const fix of FIXES) {
      lines.push(`- **${fix.title}** (${fix.commit}): ${fix.before} → ${fix.after}. ${fix.why}`);
    }
    lines.push("");
  }
  if ((result.notes ?? []).length > 0) {
    lines.push("## Notes", "", ...result.notes!.map((s) => `- ${s}`), "");
  }
  if (result.skipped.length > 0) {
    lines.push(
      "## Skipped",
      "",
      ...result.skipped.map((s) => `- ${s}`),
      "",
    );
  }
  if (result.failures.length > 0) {
    lines.push(
      "## Failures",
      "",
      ...result.failures.map((s) => `- ${s}`),
      "",
    );
  }
  lines.push(
    "## Reproduce",
    "",
    "```sh",
    "deno task bench            # full, ~40 min; writes bench/reports/latest.{md,json}",
    "deno task bench --quick    # seconds, 100 chargers, for CI",
    "deno task bench --chargers 2000 --servers raw,tamna-pglite",
    "```",
    "",
  );
  return lines.join("\n");
}

/** Writes `latest.md` and `latest.json` into `dir`; returns their paths. */
export async function writeReports(result: BenchResult, dir: string): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const md = `${dir}/latest.md`;
  const json = `${dir}/latest.json`;
  await Deno.writeTextFile(md, markdownReport(result));
  await Deno.writeTextFile(json, JSON.stringify(result, null, 2) + "\n");
  return [md, json];
}
