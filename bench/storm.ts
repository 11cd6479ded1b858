/**
 * The reconnect storm: the server is stopped (SIGTERM, as an operator restarts it) and started
 * again on the same port while every charger retries with jittered backoff (0.5–2 s) and keeps
 * its periodic traffic. Measures the restart, the time until every charger is back, and
 * whether each one made progress in the storm.
 */
import { type LatencySummary, summarize } from "../actors/runtime/metrics.ts";
import { createHistogram } from "../actors/runtime/metrics.ts";
import type { PhaseReport, PhaseSpec } from "./load_fleet.ts";
import { baseline, mergeReports, type PhaseResult, phaseResult, watchServer } from "./measure.ts";
import type { Child } from "./procs.ts";
import { type ServerProc, startServerProc, stopServerProc } from "./servers.ts";

/** How the storm went. */
export interface StormResult {
  chargers: number;
  /** SIGTERM to exit (closing every connection, flushing the database). */
  closeS: number;
  /** SIGTERM to the new process listening. */
  restartS: number;
  /** New process listening to the last charger back (connected and status answered). */
  allBackS: number;
  /** Chargers dropped that were back when the storm phase ended, and those never back. */
  back: number;
  notBack: number;
  reconnectsPerS: number;
  /** Per charger: from its drop to its return. */
  returnTime: LatencySummary;
  /** The periodic traffic from the restart until all were back plus the settle time. */
  phase: PhaseResult;
}

interface Status {
  chargers: number;
  ready: number;
  dropped: number;
  back: number;
  lastBackAtMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitAllBack(
  loadgens: Child[],
  chargers: number,
  deadlineMs: number,
): Promise<Status[]> {
  while (true) {
    const all = await Promise.all(loadgens.map((l) => l.request<Status>("status")));
    const back = all.reduce((a, s) => a + s.back, 0);
    const dropped = all.reduce((a, s) => a + s.dropped, 0);
    if ((dropped === chargers && back === chargers) || Date.now() > deadlineMs) return all;
    await sleep(250);
  }
}

/** Restarts the server under load; returns the new server process and the result. */
export async function runStorm(
  server: ServerProc,
  loadgens: Child[],
  spec: PhaseSpec,
  plan: { stormTimeoutMs: number; stormSettleMs: number },
  log: (line: string) => void,
): Promise<{ server: ServerProc; storm: StormResult }> {
  await Promise.all(loadgens.map((l) => l.request("expectDrops", { value: true })));
  const killAtMs = Date.now();
  const closeMs = await stopServerProc(server);
  const restarted = await startServerProc(server.place);
  const listenAtMs = Date.now();
  log(
    `    closed in ${(closeMs / 1000).toFixed(1)} s, listening again after ${
      ((listenAtMs - killAtMs) / 1000).toFixed(1)
    } s`,
  );
  const context = { server: restarted, loadgens };
  const before = await baseline(restarted, loadgens);
  const maxima = watchServer(restarted);
  const maxMs = plan.stormTimeoutMs + plan.stormSettleMs;
  const reports = Promise.all(
    loadgens.map((l) =>
      l.request<PhaseReport>("phase", { spec, durationMs: maxMs }, maxMs + 60_000)
    ),
  );
  const chargers = loadgens.length === 0 ? 0 : (await Promise.all(
    loadgens.map((l) => l.request<Status>("status")),
  )).reduce((a, s) => a + s.chargers, 0);
  const statuses = await waitAllBack(loadgens, chargers, listenAtMs + plan.stormTimeoutMs);
  const lastBackAtMs = Math.max(...statuses.map((s) => s.lastBackAtMs));
  await sleep(plan.stormSettleMs);
  await Promise.all(loadgens.map((l) => l.request("end")));
  const merged = mergeReports(await reports);
  await Promise.all(loadgens.map((l) => l.request("expectDrops", { value: false })));
  const returns = (await Promise.all(loadgens.map((l) => l.request<number[]>("returnTimes"))))
    .flat();
  const returnTimes = createHistogram();
  for (const ms of returns) if (ms >= 0) returnTimes.observe(ms);
  const back = returns.filter((ms) => ms >= 0).length;
  const allBackS = Math.max(0, lastBackAtMs - listenAtMs) / 1000;
  const phase = await phaseResult("storm", spec, merged, { ...context, before, maxima });
  return {
    server: restarted,
    storm: {
      chargers,
      closeS: closeMs / 1000,
      restartS: (listenAtMs - killAtMs) / 1000,
      allBackS,
      back,
      notBack: chargers - back,
      reconnectsPerS: allBackS > 0 ? Math.round(back / allBackS) : 0,
      returnTime: summarize(returnTimes.snapshot()),
      phase,
    },
  };
}
