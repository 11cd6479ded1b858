/**
 * `deno task cluster [--nodes 3] [--database-url …] [--nats-url …]`: starts N nodes and HAProxy
 * on loopback for trying cluster mode on one machine, prints where to connect, and stops
 * everything on Ctrl-C. The same harness as the cluster tests (tests/cluster_harness.ts).
 */
import { commandLineOrExit, type CommandSpec } from "../actors/runtime/cli_flags.ts";
import { startTestCluster } from "./cluster_harness.ts";
import { TEST_API_TOKEN } from "./api_helpers.ts";

/** `deno task cluster`'s flags (`--help`). */
export const CLUSTER_TRY_COMMAND: CommandSpec = {
  usage: "deno task cluster [flags]",
  about:
    "Starts N cluster nodes behind HAProxy on loopback to try cluster mode (needs PostgreSQL,\n" +
    "NATS and haproxy); Ctrl-C stops everything (docs/cluster.md).",
  envPrefix: "TAMNA_",
  flags: [
    {
      name: "nodes",
      placeholder: "N",
      default: "3",
      env: "TAMNA_CLUSTER_NODES",
      description: "how many nodes, 1 to 16",
    },
    {
      name: "database-url",
      placeholder: "URL",
      default: "postgres://postgres@127.0.0.1:5432/test",
      envAliases: ["DATABASE_URL"],
      isSecret: true,
      description: "the PostgreSQL database the nodes share",
    },
    {
      name: "nats-url",
      placeholder: "URL",
      default: "nats://127.0.0.1:4222",
      description: "the NATS server the nodes share",
    },
  ],
};

async function main(): Promise<void> {
  const line = commandLineOrExit(CLUSTER_TRY_COMMAND, "cluster");
  const args = line.values as Record<string, string>;
  const nodes = Number(args.nodes);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) {
    console.error(`cluster: Invalid ${line.describe("nodes")}: expected 1 to 16`);
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
}

if (import.meta.main) await main();
