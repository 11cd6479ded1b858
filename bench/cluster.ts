/**
 * `deno task bench-cluster`: one node against two nodes behind HAProxy on this machine, the same
 * simulated fleet through the balancer each time: chargers held, messages per second, p99 frame
 * in → reply out (the nodes' own `ocpp.reply_ms`), and CPU per message of the nodes (and of
 * HAProxy, apart). Needs PostgreSQL, NATS and haproxy; every load is on loopback and bounded.
 *
 *   deno task bench-cluster [--chargers 300] [--duration 20] [--nodes 1,2] [--speed 60]
 */
import { commandLineOrExit, type CommandSpec } from "../actors/runtime/cli_flags.ts";
import postgres from "postgres";
import { createFleet } from "../sim/library/create_fleet.ts";
import { type HistogramSnapshot, summarize } from "../actors/runtime/metrics.ts";
import { startTestCluster, type TestCluster } from "../tests/cluster_harness.ts";
import { procStats } from "./procs.ts";

/** One measured configuration. */
export interface ClusterPhase {
  nodes: number;
  chargers: number;
  held: number;
  msgsPerS: number;
  p99Ms: number;
  /** CPU of the Tamna nodes per message (in + out), microseconds. */
  nodeCpuUsPerMsg: number;
  haproxyCpuUsPerMsg: number;
}

const ADMIN_URL = Deno.env.get("TAMNA_TEST_DATABASE_URL") ??
  "postgres://postgres@127.0.0.1:5432/test";

async function withThrowawayDb<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `tamna_bench_cluster_${crypto.randomUUID().slice(0, 8)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await fn(url.href);
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function replyHistogram(cluster: TestCluster): Promise<HistogramSnapshot[]> {
  return await Promise.all(cluster.nodes.map(async (node) => {
    const response = await cluster.api(node.httpUrl, "/metrics?format=json");
    const body = await response.json();
    return body.histograms?.["ocpp.reply_ms"] ??
      { count: 0, sumMs: 0, minMs: 0, maxMs: 0, buckets: {} };
  }));
}

/** end − start, merged over nodes (min and max are the end's: good enough for a p99). */
function mergeDelta(starts: HistogramSnapshot[], ends: HistogramSnapshot[]): HistogramSnapshot {
  const merged: HistogramSnapshot = { count: 0, sumMs: 0, minMs: Infinity, maxMs: 0, buckets: {} };
  ends.forEach((end, i) => {
    const start = starts[i];
    merged.count += end.count - start.count;
    merged.sumMs += end.sumMs - start.sumMs;
    merged.minMs = Math.min(merged.minMs, end.minMs);
    merged.maxMs = Math.max(merged.maxMs, end.maxMs);
    for (const [bucket, n] of Object.entries(end.buckets)) {
      merged.buckets[bucket] = (merged.buckets[bucket] ?? 0) + n - (start.buckets[bucket] ?? 0);
    }
  });
  return merged;
}

async function cpuMs(pids: number[]): Promise<number> {
  return (await Promise.all(pids.map(procStats))).reduce((sum, s) => sum + s.cpuMs, 0);
}

/** Runs one configuration: `nodes` nodes, the fleet, a warm-up, then `durationS` measured. */
export async function measureCluster(
  options: { nodes: number; chargers: number; durationS: number; speed: number },
): Promise<ClusterPhase> {
  return await withThrowawayDb(async (databaseUrl) => {
    const cluster = await startTestCluster({
      databaseUrl,
      natsUrl: Deno.env.get("TAMNA_NATS_URL") ?? "nats://127.0.0.1:4222",
      nodes: options.nodes,
    });
    const fleet = await createFleet({
      url: cluster.ocppUrl,
      count: options.chargers,
      speed: options.speed,
      seed: 5,
      bootTimeoutMs: 60_000,
    }).catch(async (error) => {
      await cluster.close();
      throw error;
    });
    try {
      // Warm-up: boots, first sessions and JIT settle before anything is counted.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const nodePids = cluster.nodes.map((n) => n.process!.pid);
      const c0 = fleet.counters();
      const [n0, h0, r0] = [
        await cpuMs(nodePids),
        await cpuMs([cluster.haproxyPid]),
        await replyHistogram(cluster),
      ];
      await new Promise((resolve) => setTimeout(resolve, options.durationS * 1000));
      const c1 = fleet.counters();
      const [n1, h1, r1] = [
        await cpuMs(nodePids),
        await cpuMs([cluster.haproxyPid]),
        await replyHistogram(cluster),
      ];
      const messages = (c1.sent - c0.sent) + (c1.received - c0.received);
      return {
        nodes: options.nodes,
        chargers: options.chargers,
        held: c1.connected,
        msgsPerS: Math.round(messages / options.durationS),
        p99Ms: Math.round(summarize(mergeDelta(r0, r1)).p99Ms * 10) / 10,
        nodeCpuUsPerMsg: Math.round(((n1 - n0) * 1000) / Math.max(1, messages)),
        haproxyCpuUsPerMsg: Math.round(((h1 - h0) * 1000) / Math.max(1, messages)),
      };
    } finally {
      await fleet.stop();
      await cluster.close();
    }
  });
}

/** `deno task bench-cluster`'s flags (`--help`). */
export const BENCH_CLUSTER_COMMAND: CommandSpec = {
  usage: "deno task bench-cluster [flags]",
  about:
    "Measures one node against N nodes behind HAProxy on this machine (PostgreSQL, NATS and\n" +
    "haproxy needed): chargers held, messages/s, p99 reply, CPU per message (docs/cluster.md).",
  envPrefix: "TAMNA_BENCH_CLUSTER_",
  flags: [
    { name: "chargers", placeholder: "N", default: "300", description: "simulated chargers" },
    { name: "duration", placeholder: "S", default: "20", description: "measured seconds per run" },
    {
      name: "nodes",
      placeholder: "LIST",
      default: "1,2",
      description: "node counts to measure, comma-separated",
    },
    { name: "speed", placeholder: "X", default: "60", description: "the simulator's time factor" },
  ],
};

if (import.meta.main) {
  const line = commandLineOrExit(BENCH_CLUSTER_COMMAND, "bench-cluster");
  const values = line.values as Record<string, string>;
  for (const key of ["chargers", "duration", "speed"]) {
    if (!(Number(values[key]) > 0)) {
      console.error(`bench-cluster: Invalid ${line.describe(key)}: expected a positive number`);
      Deno.exit(2);
    }
  }
  const rows: ClusterPhase[] = [];
  for (const nodes of values.nodes!.split(",").map(Number)) {
    rows.push(
      await measureCluster({
        nodes,
        chargers: Number(values.chargers),
        durationS: Number(values.duration),
        speed: Number(values.speed),
      }),
    );
  }
  console.log(
    "| nodes | chargers held | msgs/s | p99 reply ms | node CPU µs/msg | HAProxy CPU µs/msg |",
  );
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(
      `| ${r.nodes} | ${r.held}/${r.chargers} | ${r.msgsPerS} | ${r.p99Ms} | ${r.nodeCpuUsPerMsg} | ${r.haproxyCpuUsPerMsg} |`,
    );
  }
}
