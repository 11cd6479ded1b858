/**
 * `deno task cluster [--nodes 3] [--database-url …] [--nats-url …]`: starts N nodes and HAProxy
 * on loopback for trying cluster mode on one machine, prints where to connect, and stops
 * everything on Ctrl-C. The same harness as the cluster tests (tests/cluster_harness.ts).
 */
import { parseArgs } from "node:util";
import { startTestCluster } from "./cluster_harness.ts";
import { TEST_API_TOKEN } from "./api_helpers.ts";

const args = parseArgs({
  args: Deno.args,
  options: {
    "nodes": { type: "string", default: "3" },
    "database-url": {
      type: "string",
      default: Deno.env.get("DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/test",
    },
    "nats-url": {
      type: "string",
      default: Deno.env.get("TAMNA_NATS_URL") ?? "nats://127.0.0.1:4222",
    },
  },
}).values;
const nodes = Number(args.nodes);
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) {
  console.error(`--nodes: expected 1 to 16, got ${args.nodes}`);
  Deno.exit(2);
}
const cluster = await startTestCluster({
  databaseUrl: args["database-url"]!,
  natsUrl: args["nats-url"]!,
  nodes,
});
console.log(`Tamna cluster ${cluster.clusterName}: ${nodes} nodes behind HAProxy`);
console.log(
  `  chargers: ${cluster.ocppUrl}/<chargerId>   (deno task sim --url ${cluster.ocppUrl})`,
);
console.log(`  HTTP API and dashboard: ${cluster.httpUrl}   (API token ${TEST_API_TOKEN})`);
for (const node of cluster.nodes) console.log(`  ${node.nodeId}: ${node.httpUrl}`);
console.log(`  logs and haproxy.cfg: ${cluster.dir}   Ctrl-C stops everything`);
await new Promise<void>((resolve) => {
  Deno.addSignalListener("SIGINT", resolve);
  Deno.addSignalListener("SIGTERM", resolve);
});
await cluster.close();
