/**
 * The servers under test, each in its own process: the raw baseline (raw_server.ts) and Tamna
 * (csms_entry.ts) on PGlite or PostgreSQL, started on a given loopback port and read through
 * their `/metrics` endpoint.
 */
import type { HistogramSnapshot } from "../actors/runtime/metrics.ts";
import type { BatchStats } from "../plugins/persistence/batch.ts";
import { type Child, spawnChild } from "./procs.ts";

/** Which server a scenario runs against. */
export type ServerKind = "raw" | "tamna-pglite" | "tamna-postgres";

/** Where a server keeps its data and logs. */
export interface ServerPlace {
  kind: ServerKind;
  port: number;
  logPath: string;
  /** tamna-pglite: the data directory (reused across restarts and runs). */
  dataDir?: string;
  /** tamna-postgres: the throwaway database. */
  databaseUrl?: string;
  /** Starts the process with the V8 inspector on this port, for CPU profiles. */
  inspectPort?: number;
  /** Built-in plugins to switch off (A/B runs). */
  pluginsOff?: string[];
  /** OCPP ports to listen on (loopback gives one client address ~28,000 ports per server port). */
  ocppPorts?: number;
  /** RLIMIT_NOFILE the process is started with (see procs.ts), one per socket and more. */
  maxOpenFiles?: number;
}

/** A running server process. */
export interface ServerProc {
  place: ServerPlace;
  child: Child;
  ocppUrl: string;
  /** Every OCPP port's URL, `ocppUrl` first. */
  ocppUrls: string[];
  metricsUrl: string;
  /** The bearer token `/metrics` needs (none for the raw server). */
  metricsToken?: string;
  /** Time from process start to listening, as the parent saw it. */
  startMs: number;
}

/** What `/metrics` answers. */
export interface ServerMetrics {
  counters: Record<string, number>;
  histograms: Record<string, HistogramSnapshot>;
  memory: Deno.MemoryUsage;
  connected: number;
  store?: BatchStats | null;
}

const BENCH_DIR = new URL(".", import.meta.url).pathname;
const TAMNA_PERMISSIONS = [
  "--allow-net",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-sys",
];

/** Starts the server of `place` and waits until it listens. */
export async function startServerProc(place: ServerPlace): Promise<ServerProc> {
  const startedMs = performance.now();
  const lifetime = String(30 * 60_000);
  const child = place.kind === "raw"
    ? await spawnChild("raw-server", `${BENCH_DIR}raw_server.ts`, [
      String(place.port),
      lifetime,
      String(place.ocppPorts ?? 1),
    ], {
      permissions: ["--allow-net"],
      logPath: place.logPath,
      maxOpenFiles: place.maxOpenFiles,
    })
    : await spawnChild("tamna", `${BENCH_DIR}csms_entry.ts`, [
      "--ocpp-port",
      String(place.port),
      "--max-lifetime-ms",
      lifetime,
      ...(place.dataDir ? ["--data-dir", place.dataDir] : []),
      ...(place.databaseUrl ? ["--database-url", place.databaseUrl] : []),
      ...(place.pluginsOff ?? []).flatMap((name) => ["--plugin-off", name]),
      "--ocpp-ports",
      String(place.ocppPorts ?? 1),
    ], {
      permissions: TAMNA_PERMISSIONS,
      logPath: place.logPath,
      maxOpenFiles: place.maxOpenFiles,
      denoFlags: place.inspectPort ? [`--inspect=127.0.0.1:${place.inspectPort}`] : [],
      // A/B runs of V8 settings, e.g. TAMNA_BENCH_SERVER_V8_FLAGS=--trace-gc (to its log)
      v8Flags: Deno.env.get("TAMNA_BENCH_SERVER_V8_FLAGS")?.split(",").filter((f) => f !== ""),
    });
  type Ready = { ocppUrl: string; ocppUrls?: string[]; metricsUrl: string; metricsToken?: string };
  let ready: Ready;
  try {
    ready = await child.event<Ready>("ready", 120_000);
  } catch (error) {
    await child.stop("SIGKILL", 0); // never ready: it must not go on holding its ports and CPU
    throw error;
  }
  return {
    place,
    child,
    ocppUrl: ready.ocppUrl,
    ocppUrls: ready.ocppUrls ?? [ready.ocppUrl],
    metricsUrl: ready.metricsUrl,
    metricsToken: ready.metricsToken,
    startMs: performance.now() - startedMs,
  };
}

/** Reads the server's `/metrics`. */
export async function fetchMetrics(server: ServerProc): Promise<ServerMetrics> {
  const response = await fetch(server.metricsUrl, {
    headers: server.metricsToken ? { authorization: `Bearer ${server.metricsToken}` } : {},
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return await response.json();
}

/** Stops a server the way an operator would (SIGTERM); returns how long it took. */
export async function stopServerProc(server: ServerProc): Promise<number> {
  const startedMs = performance.now();
  await server.child.stop("SIGTERM", 30_000);
  return performance.now() - startedMs;
}
