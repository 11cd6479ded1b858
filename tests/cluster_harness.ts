/**
 * A real cluster for tests and `deno task cluster`: N `main.ts serve` processes on one
 * PostgreSQL database and NATS, behind an HAProxy started from a generated config, all on
 * loopback ports the OS picked. Nodes can be killed (-9), stopped and started again.
 */
import { connect } from "@nats-io/transport-node";
import { Kvm } from "@nats-io/kv";
import { chargerKey } from "../cluster/presence.ts";
import { TEST_API_TOKEN } from "./api_helpers.ts";
import { denoRunArgs, MAIN } from "./support/deno_task.ts";
import { freePorts } from "../bench/procs.ts";

/** One `serve` process. */
export interface ClusterNodeProcess {
  nodeId: string;
  ocppPort: number;
  httpPort: number;
  httpUrl: string;
  process?: Deno.ChildProcess;
}

/** A running cluster. */
export interface TestCluster {
  clusterName: string;
  nodes: ClusterNodeProcess[];
  /** Where chargers connect: HAProxy's OCPP front, e.g. `ws://127.0.0.1:40000`. */
  ocppUrl: string;
  /** HAProxy's HTTP front. */
  httpUrl: string;
  dir: string;
  /** HAProxy's process id (for its CPU time). */
  readonly haproxyPid: number;
  /** `fetch` on a node (or the balancer) with the admin API token. */
  api(base: string, path: string, init?: RequestInit): Promise<Response>;
  /** The node that holds `chargerId`'s socket now, from NATS KV presence. */
  ownerOf(chargerId: string): Promise<string | undefined>;
  /** The node leading a site's smart charging now. */
  leaderOf(siteId: string): Promise<string | undefined>;
  kill(nodeId: string): Promise<void>;
  stop(nodeId: string): Promise<void>;
  start(nodeId: string): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startTestCluster}. */
export interface TestClusterOptions {
  databaseUrl: string;
  natsUrl: string;
  nodes: number;
  /** tamna.json of every node (plugin sections and the like). */
  config?: Record<string, unknown>;
}

/** HAProxy in front of the nodes: WebSockets and HTTP, round robin, quick health checks. */
export function haproxyConfig(
  fronts: { ocppPort: number; httpPort: number },
  nodes: Pick<ClusterNodeProcess, "nodeId" | "ocppPort" | "httpPort">[],
): string {
  const servers = (kind: "ocppPort" | "httpPort") =>
    nodes.map((n) => `  server ${n.nodeId} 127.0.0.1:${n[kind]} check inter 500 fall 3 rise 2`)
      .join("\n");
  return `global
  maxconn 8000
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  timeout check 2s
  timeout http-request 5s
  option redispatch
  option forwardfor
  retries 3
frontend ocpp
  bind 127.0.0.1:${fronts.ocppPort}
  default_backend ocpp_nodes
backend ocpp_nodes
  balance roundrobin
${servers("ocppPort")}
frontend api
  bind 127.0.0.1:${fronts.httpPort}
  default_backend api_nodes
backend api_nodes
  balance roundrobin
  option httpchk GET /health
${servers("httpPort")}
`;
}

/** Starts the nodes (the first alone, so it migrates the database), then HAProxy. */
export async function startTestCluster(options: TestClusterOptions): Promise<TestCluster> {
  const dir = await Deno.makeTempDir({ prefix: "tamna_cluster_" });
  const clusterName = `c${crypto.randomUUID().slice(0, 8)}`;
  await Deno.writeTextFile(`${dir}/tamna.json`, JSON.stringify(options.config ?? {}));
  const ports = freePorts(2 * options.nodes + 2);
  const nodes: ClusterNodeProcess[] = [];
  for (let i = 1; i <= options.nodes; i++) {
    const [ocppPort, httpPort] = ports.splice(0, 2);
    nodes.push({ nodeId: `n${i}`, ocppPort, httpPort, httpUrl: `http://127.0.0.1:${httpPort}` });
  }
  const fronts = { ocppPort: ports[0], httpPort: ports[1] };
  await Deno.writeTextFile(`${dir}/haproxy.cfg`, haproxyConfig(fronts, nodes));
  const nc = await connect({ servers: options.natsUrl });
  const kvm = new Kvm(nc);
  const byId = (nodeId: string) => nodes.find((n) => n.nodeId === nodeId)!;

  async function start(nodeId: string): Promise<void> {
    const node = byId(nodeId);
    node.process = new Deno.Command(Deno.execPath(), {
      args: denoRunArgs("serve", MAIN, [
        "serve",
        ...["--config", `${dir}/tamna.json`, "--host", "127.0.0.1"],
        ...["--ocpp-port", String(node.ocppPort), "--http-port", String(node.httpPort)],
        ...["--database-url", options.databaseUrl, "--nats-url", options.natsUrl],
        ...["--cluster-name", clusterName, "--node-id", nodeId, "--api-token", TEST_API_TOKEN],
        ...["--log-file", `${dir}/${nodeId}.log`, "--data-dir", dir],
      ]),
      cwd: new URL("../", import.meta.url).pathname,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    // What a node says before its logger runs (a port in use, a bad flag) goes to <node>.stderr.
    const stderr = await Deno.open(`${dir}/${nodeId}.stderr`, { append: true, create: true });
    void node.process.stderr.pipeTo(stderr.writable).catch(() => {});
    await healthy(node, dir);
  }

  /** Ends a node's process with `signal` and waits for it; one that already exited is fine. */
  async function end(nodeId: string, signal: Deno.Signal): Promise<void> {
    const node = byId(nodeId);
    try {
      node.process?.kill(signal);
    } catch {
      // it exited already (a crash the test reports)
    }
    await node.process?.status;
    node.process = undefined;
  }

  const haproxy = { process: undefined as Deno.ChildProcess | undefined };
  const cluster: TestCluster = {
    clusterName,
    nodes,
    ocppUrl: `ws://127.0.0.1:${fronts.ocppPort}`,
    httpUrl: `http://127.0.0.1:${fronts.httpPort}`,
    dir,
    get haproxyPid() {
      return haproxy.process?.pid ?? 0;
    },
    api(base, path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${TEST_API_TOKEN}`);
      if (init.body !== undefined) headers.set("content-type", "application/json");
      return fetch(`${base}${path}`, { ...init, headers });
    },
    async ownerOf(chargerId) {
      const kv = await kvm.open(`${clusterName}_chargers`);
      const entry = await kv.get(chargerKey(chargerId));
      return entry?.operation === "PUT" ? entry.string() : undefined;
    },
    async leaderOf(siteId) {
      const kv = await kvm.open(`${clusterName}_leaders`);
      const entry = await kv.get(`site.${chargerKey(siteId)}`);
      return entry?.operation === "PUT" ? entry.string() : undefined;
    },
    kill: (nodeId) => end(nodeId, "SIGKILL"),
    stop: (nodeId) => end(nodeId, "SIGTERM"),
    start,
    async close() {
      await Promise.all(nodes.map((n) => cluster.stop(n.nodeId)));
      try {
        haproxy.process?.kill("SIGTERM");
      } catch {
        // it already exited (a bad config): its status below says how
      }
      await haproxy.process?.status;
      for (const bucket of ["nodes", "chargers", "leaders"]) {
        await kvm.open(`${clusterName}_${bucket}`).then((kv) => kv.destroy()).catch(() => {});
      }
      await nc.close();
      // TAMNA_KEEP_CLUSTER=1 keeps the nodes' logs and haproxy.cfg for a look after a failure.
      if (!Deno.env.get("TAMNA_KEEP_CLUSTER")) await Deno.remove(dir, { recursive: true });
    },
  };
  try {
    await start(nodes[0].nodeId);
    await Promise.all(nodes.slice(1).map((n) => start(n.nodeId)));
    haproxy.process = new Deno.Command(haproxyPath(), {
      args: ["-f", `${dir}/haproxy.cfg`, "-db"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    await healthy({ nodeId: "haproxy", httpUrl: cluster.httpUrl }, dir);
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}

/** Debian's HAProxy (`apt-get install haproxy`), or the one on PATH. */
export function haproxyPath(): string {
  try {
    Deno.statSync("/usr/sbin/haproxy");
    return "/usr/sbin/haproxy";
  } catch {
    return "haproxy";
  }
}

/** Whether HAProxy is installed here. */
export function hasHaproxy(): boolean {
  try {
    return new Deno.Command(haproxyPath(), { args: ["-v"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** Polls `/health` until it answers 200 (a node needs a few seconds to start). */
async function healthy(
  node: { nodeId: string; httpUrl: string; process?: Deno.ChildProcess },
  dir: string,
): Promise<void> {
  // Bounded: a node that has not answered in 60 s failed to start; its log says why.
  const deadline = Date.now() + 60_000;
  let exit: Deno.CommandStatus | undefined;
  void node.process?.status.then((status) => exit = status);
  while (Date.now() < deadline && exit === undefined) {
    try {
      const response = await fetch(`${node.httpUrl}/health`);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const read = (name: string) => Deno.readTextFile(`${dir}/${name}`).catch(() => "");
  const said = `${await read(`${node.nodeId}.log`)}${await read(`${node.nodeId}.stderr`)}`;
  const how = exit ? `exited with code ${exit.code}` : "did not become healthy in 60 s";
  throw new Error(`${node.nodeId} ${how}:\n${said.slice(-2000) || "(no output)"}`);
}
