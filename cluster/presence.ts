/**
 * Which node of a cluster holds each charger's WebSocket, kept in NATS KV. Every node renews its
 * own lease (`<cluster>_nodes`: one key per node, put again every third of the lease), and each
 * charger's key (`<cluster>_chargers`) names the node that accepted it last. A charger counts as
 * connected while that node's lease holds, so a node that dies (kill -9, power loss) lets go of
 * all its chargers at once when its lease lapses, without a sweeper writing per charger. Every
 * node watches both buckets and keeps a copy in memory: lookups on the command path are
 * synchronous and cost no round trip.
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { type KV, type KvEntry, Kvm } from "@nats-io/kv";
import { getLogger } from "@logtape/logtape";

/** Where a charger is connected. */
interface Holder {
  nodeId: string;
  /** The KV revision of the claim: a release deletes only the claim it made. */
  revision: number;
}

/** Presence as one node sees it. */
export interface Presence {
  /** The node holding `chargerId`'s socket while its lease holds, else undefined. */
  ownerOf(chargerId: string): string | undefined;
  /** Every charger connected to a live node. */
  connectedIds(): string[];
  /** Nodes whose lease holds, this one included. */
  liveNodes(): string[];
  /** Records that this node accepted `chargerId` (the newest claim wins). */
  claim(chargerId: string): Promise<void>;
  /** Removes this node's claim of `chargerId`, unless another node claimed it since. */
  release(chargerId: string): Promise<void>;
  /** Ends the lease at once (a clean shutdown), so the others need not wait for it to lapse. */
  close(): Promise<void>;
}

/** Options of {@link openPresence}. */
export interface PresenceOptions {
  nodeId: string;
  clusterName: string;
  /** How long a silent node keeps its chargers; default 6 s. */
  leaseMs?: number;
  /** Another node claimed a charger this node holds: its socket here is stale. */
  onTakenOver(chargerId: string, nodeId: string): void;
  /** A node's lease lapsed while it held these chargers (none reconnected elsewhere yet). */
  onNodeLost(nodeId: string, chargerIds: string[]): void;
}

const log = getLogger(["tamna", "cluster", "presence"]);

/** A KV key for any charger identity: base64url of its UTF-8 bytes (KV keys are restricted). */
export function chargerKey(chargerId: string): string {
  const bytes = new TextEncoder().encode(chargerId);
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

function chargerIdOf(key: string): string {
  const b64 = key.replaceAll("-", "+").replaceAll("_", "/");
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Joins presence: starts the lease and the watches, resolved once both hold current data. */
export async function openPresence(
  nc: NatsConnection,
  options: PresenceOptions,
): Promise<Presence> {
  const { nodeId } = options;
  const leaseMs = options.leaseMs ?? 6_000;
  const kvm = new Kvm(nc);
  const nodes = await kvm.create(`${options.clusterName}_nodes`, { ttl: leaseMs });
  const chargers = await kvm.create(`${options.clusterName}_chargers`, { history: 1 });
  const holders = new Map<string, Holder>();
  /** Chargers connected here, to claim again if their keys were cleared (see `reclaim`). */
  const mine = new Set<string>();
  /** When each node's lease was last renewed, by this node's own clock. */
  const renewedMs = new Map<string, number>();
  const isLive = (id: string) =>
    id === nodeId || (Date.now() - (renewedMs.get(id) ?? -Infinity)) < leaseMs;

  await nodes.put(nodeId, JSON.stringify({ startedAt: new Date().toISOString() }));
  const stopNodes = await watchAll(nodes, (entry) => {
    if (entry.operation === "PUT") renewedMs.set(entry.key, Date.now());
    else renewedMs.delete(entry.key);
  });
  const stopChargers = await watchAll(chargers, (entry) => {
    const chargerId = chargerIdOf(entry.key);
    const known = holders.get(chargerId);
    if (known && known.revision >= entry.revision) return;
    if (entry.operation !== "PUT") return void holders.delete(chargerId);
    const holder = { nodeId: entry.string(), revision: entry.revision };
    holders.set(chargerId, holder);
    if (known?.nodeId === nodeId && holder.nodeId !== nodeId) {
      mine.delete(chargerId);
      options.onTakenOver(chargerId, holder.nodeId);
    }
  });
  const renew = setInterval(() => {
    nodes.put(nodeId, JSON.stringify({ renewedAt: new Date().toISOString() }))
      .catch((error) => log.warn("Cannot renew the lease of {nodeId}: {error}", { nodeId, error }));
    sweep();
    reclaim();
  }, Math.max(100, Math.floor(leaseMs / 3)));

  /**
   * Claims again the chargers connected here whose keys are gone: a node whose loop stalled
   * longer than the lease was taken for dead and its keys cleared, though its sockets lived.
   */
  function reclaim(): void {
    for (const chargerId of mine) {
      if (holders.has(chargerId)) continue;
      chargers.put(chargerKey(chargerId), nodeId).then((revision) => {
        if (mine.has(chargerId) && !holders.has(chargerId)) {
          holders.set(chargerId, { nodeId, revision });
        }
      }).catch((error) =>
        log.warn("Cannot claim {chargerId} again: {error}", { chargerId, error })
      );
    }
  }

  /** Forgets the chargers of nodes whose lease lapsed, and clears their keys. */
  function sweep(): void {
    const lost = new Map<string, string[]>();
    for (const [chargerId, holder] of holders) {
      if (isLive(holder.nodeId)) continue;
      holders.delete(chargerId);
      lost.set(holder.nodeId, [...(lost.get(holder.nodeId) ?? []), chargerId]);
      // Any node may clear it; the revision keeps a newer claim from being deleted.
      chargers.delete(chargerKey(chargerId), { previousSeq: holder.revision }).catch(() => {});
    }
    for (const [lostNode, ids] of lost) {
      log.warn("Node {lostNode} lost its lease with {count} chargers", {
        lostNode,
        count: ids.length,
      });
      renewedMs.delete(lostNode);
      options.onNodeLost(lostNode, ids);
    }
  }

  return {
    ownerOf(chargerId) {
      const holder = holders.get(chargerId);
      return holder && isLive(holder.nodeId) ? holder.nodeId : undefined;
    },
    connectedIds: () => [...holders].filter(([, h]) => isLive(h.nodeId)).map(([id]) => id),
    liveNodes: () => [nodeId, ...[...renewedMs.keys()].filter((id) => id !== nodeId && isLive(id))],
    async claim(chargerId) {
      mine.add(chargerId);
      const revision = await chargers.put(chargerKey(chargerId), nodeId);
      const known = holders.get(chargerId);
      if (!known || known.revision < revision) holders.set(chargerId, { nodeId, revision });
    },
    async release(chargerId) {
      mine.delete(chargerId);
      const holder = holders.get(chargerId);
      if (holder?.nodeId !== nodeId) return;
      holders.delete(chargerId);
      await chargers.delete(chargerKey(chargerId), { previousSeq: holder.revision })
        .catch(() => {}); // claimed by another node meanwhile: theirs stands
    },
    async close() {
      clearInterval(renew);
      stopNodes();
      stopChargers();
      await nodes.delete(nodeId).catch((error) =>
        log.warn("Cannot end the lease of {nodeId}: {error}", { nodeId, error })
      );
    },
  };
}

/**
 * Watches every key of a bucket, current values first; resolves once those are applied. The
 * returned function stops the watch.
 */
async function watchAll(kv: KV, apply: (entry: KvEntry) => void): Promise<() => void> {
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  // The watch marks its last current value with delta 0; an empty bucket sends none.
  if ((await kv.status()).values === 0) ready();
  const fallback = setTimeout(ready, 2_000); // emptied between status() and watch()
  const watch = await kv.watch({ key: ">" });
  void (async () => {
    for await (const entry of watch) {
      apply(entry);
      if (!entry.isUpdate && entry.delta === 0) ready();
    }
  })().catch((error) => log.error("A presence watch ended: {error}", { error }));
  await isReady;
  clearTimeout(fallback);
  return () => watch.stop();
}
