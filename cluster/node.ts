/**
 * Joins a cluster (docs/cluster.md): connects to NATS, takes part in presence, answers and
 * routes commands, relays events and leads sites. It returns a {@link Csms} that behaves like the
 * local one for chargers connected here and reaches the others through their nodes, so the
 * REST API, the library and plugins need not know whether they run in a cluster.
 */
import { connect, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import type { OcppSecurity } from "../routes/ocpp/listeners.ts";
import { getLogger } from "@logtape/logtape";
import { ChargerOfflineError, type Csms } from "../actors/csms/csms.ts";
import type { Bus, EventType } from "../actors/csms/events.ts";
import { sendToNode, serveCommands } from "./commands.ts";
import { relayEvents } from "./events.ts";
import { type Leadership, openLeadership } from "./leadership.ts";
import { openPresence, type Presence, type PresenceOptions } from "./presence.ts";
import { isoOfMs } from "../actors/runtime/clock.ts";

/** Options of {@link joinCluster}. */
export interface ClusterOptions {
  natsUrl: string;
  clusterName: string;
  /** Default: host name, process id and a random suffix. */
  nodeId?: string;
  /** Presence and site leases; default 6 s. */
  leaseMs?: number;
  /** Plugins' own events to relay besides the CSMS's (e.g. `smart-charging.allocated`). */
  extraEvents?: readonly EventType[];
}

/** This node's membership. */
export interface ClusterNode {
  nodeId: string;
  /** The CSMS over the whole cluster (see the module comment). */
  csms: Csms;
  presence: Presence;
  leadership: Leadership;
  /**
   * Shares the OCPP authentication rate limit: each failed attempt here is counted on every
   * node, so an address that spreads its guesses over the nodes still gets one budget.
   */
  shareAuthFailures(security: { shareFailures: OcppSecurity["shareFailures"] }): void;
  /** Calls `listener` with every event relayed from another node (after the bus got it). */
  onRemoteEvent(listener: (type: EventType, payload: unknown) => void): void;
  /** Leaves: gives up the lease and the sites, stops relaying, closes the connection. */
  close(): Promise<void>;
}

const log = getLogger(["tamna", "cluster"]);

/** A node id unique enough for one cluster: host, process and 6 random hex digits. */
export function defaultNodeId(): string {
  const host = Deno.hostname().replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 40);
  const random = crypto.getRandomValues(new Uint8Array(3));
  return `${host}-${Deno.pid}-${[...random].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Joins the cluster with the local CSMS and bus; call `close` before closing the CSMS. */
export async function joinCluster(
  local: Csms,
  deps: { bus: Bus; callTimeoutMs: number; now(): number },
  options: ClusterOptions,
): Promise<ClusterNode> {
  const nodeId = options.nodeId ?? defaultNodeId();
  const { clusterName } = options;
  const nc: NatsConnection = await connect({
    servers: options.natsUrl,
    name: `tamna-${nodeId}`,
    maxReconnectAttempts: -1,
  });
  const presence = await openPresence(nc, {
    nodeId,
    clusterName,
    leaseMs: options.leaseMs,
    ...presenceHandlers(local, deps),
  });
  const leadership = await openLeadership(nc, { nodeId, clusterName, leaseMs: options.leaseMs });
  const commands = serveCommands(nc, { clusterName, nodeId, local });
  const subscriptions: Subscription[] = [];
  const remoteListeners: ((type: EventType, payload: unknown) => void)[] = [];
  const stopRelay = relayEvents(nc, {
    clusterName,
    nodeId,
    bus: deps.bus,
    extra: options.extraEvents,
    onRemote: (type, payload) => {
      for (const listener of remoteListeners) listener(type, payload);
    },
    // A disconnect that arrives after the charger connected to another node is old news.
    isStale: (type, payload, fromNode) => {
      if (type !== "station.disconnected") return false;
      const owner = presence.ownerOf((payload as { chargerId: string }).chargerId);
      return owner !== undefined && owner !== fromNode;
    },
  });
  log.info("Node {nodeId} joined cluster {clusterName} at {natsUrl}", {
    nodeId,
    clusterName,
    natsUrl: options.natsUrl,
  });

  const csms = clusterCsms(local, {
    nc,
    presence,
    clusterName,
    nodeId,
    callTimeoutMs: deps.callTimeoutMs,
  });

  return {
    nodeId,
    csms,
    presence,
    leadership,
    onRemoteEvent: (listener) => void remoteListeners.push(listener),
    shareAuthFailures(security) {
      subscriptions.push(shareAuthFailures(nc, { clusterName, nodeId, security }));
    },
    async close() {
      stopRelay();
      commands.unsubscribe();
      for (const sub of subscriptions) sub.unsubscribe();
      await leadership.close();
      await presence.close();
      await nc.drain();
    },
  };
}

/** The CSMS interface over the whole cluster: local chargers here, the others through NATS. */
function clusterCsms(
  local: Csms,
  deps: {
    nc: NatsConnection;
    presence: Presence;
    clusterName: string;
    nodeId: string;
    callTimeoutMs: number;
  },
): Csms {
  const { presence } = deps;
  return {
    accept(chargerId, socket, remoteAddress) {
      local.accept(chargerId, socket, remoteAddress);
      presence.claim(chargerId).catch((error) =>
        log.error("Cannot record {chargerId} as connected here: {error}", { chargerId, error })
      );
      // After the CSMS's own close handling: a newer socket of the same charger keeps the claim.
      socket.addEventListener("close", () => {
        if (!local.isConnected(chargerId)) void presence.release(chargerId);
      });
    },
    send(chargerId, action, payload) {
      if (local.isConnected(chargerId)) return local.send(chargerId, action, payload);
      const owner = presence.ownerOf(chargerId);
      if (owner === undefined || owner === deps.nodeId) {
        return Promise.reject(new ChargerOfflineError(chargerId));
      }
      const target = {
        clusterName: deps.clusterName,
        nodeId: owner,
        timeoutMs: deps.callTimeoutMs,
      };
      return sendToNode(deps.nc, target, { chargerId, action, payload });
    },
    drop: (chargerId, reason) => local.drop(chargerId, reason),
    isConnected: (chargerId) =>
      local.isConnected(chargerId) || presence.ownerOf(chargerId) !== undefined,
    snapshot: (chargerId) => local.snapshot(chargerId),
    connectedIds: () => [...new Set([...local.connectedIds(), ...presence.connectedIds()])],
    close: () => local.close(),
  };
}

/** Publishes this node's failed OCPP logins and counts the other nodes' here. */
function shareAuthFailures(
  nc: NatsConnection,
  options: {
    clusterName: string;
    nodeId: string;
    security: { shareFailures: OcppSecurity["shareFailures"] };
  },
): Subscription {
  const own = `${options.clusterName}.auth-failed.${options.nodeId}`;
  const countElsewhere = options.security.shareFailures((address) => nc.publish(own, address));
  return nc.subscribe(`${options.clusterName}.auth-failed.*`, {
    callback: (error, msg) => {
      if (error) return log.error("Rate limit subscription failed: {error}", { error });
      if (msg.subject !== own) countElsewhere(msg.string());
    },
  });
}

/** What a node does when presence says a charger moved away or a node died. */
function presenceHandlers(
  local: Csms,
  deps: { bus: Bus; now(): number },
): Pick<PresenceOptions, "onTakenOver" | "onNodeLost"> {
  return {
    onTakenOver: (chargerId, other) => {
      log.info("{chargerId} connected to {other}: dropping its stale socket here", {
        chargerId,
        other,
      });
      local.drop(chargerId, `Connected to another node (${other})`);
    },
    onNodeLost: (lostNode, chargerIds) => {
      // Nobody else will say so: the node that held these sockets is gone.
      const at = isoOfMs(deps.now());
      for (const chargerId of chargerIds) {
        deps.bus.emitRemote("station.disconnected", {
          chargerId,
          code: 1006,
          reason: `Node ${lostNode} lost`,
          at,
        });
      }
    },
  };
}
