/**
 * One leader per site for smart charging, through NATS KV: the key `site.<siteId>` of the bucket
 * `<cluster>_leaders` (entries lapse after the lease) names the node that allocates the site.
 * A node takes a free key with `create` (which fails while another node holds it), and renews
 * its own keys with `update` at their revision, so two nodes can never both believe they lead:
 * whoever loses the compare-and-set stops leading. When the leader dies its keys lapse and the
 * next node to ask takes them over. No home-made election: the KV's compare-and-set decides.
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { type KV, Kvm } from "@nats-io/kv";
import { getLogger } from "@logtape/logtape";
import { chargerKey } from "./presence.ts";

/** Site leadership as one node sees it. */
export interface Leadership {
  /**
   * Whether this node leads `siteId` now. Asking also makes the node try for it: a site nobody
   * leads is taken within one renewal round.
   */
  isLeader(siteId: string): boolean;
  /** Sites this node leads. */
  ledSites(): string[];
  /** Gives up every site at once (a clean shutdown). */
  close(): Promise<void>;
}

const log = getLogger(["tamna", "cluster", "leadership"]);

/** The KV key of a site ("_" for chargers without one, which no encoded id can be). */
function siteKey(siteId: string): string {
  return `site.${chargerKey(siteId) || "_"}`;
}

/** Starts taking and renewing site leases for `nodeId`. */
export async function openLeadership(
  nc: NatsConnection,
  options: { nodeId: string; clusterName: string; leaseMs?: number },
): Promise<Leadership> {
  const { nodeId } = options;
  const leaseMs = options.leaseMs ?? 6_000;
  const kv: KV = await new Kvm(nc).create(`${options.clusterName}_leaders`, { ttl: leaseMs });
  /** Sites this node leads, with the revision of its lease. */
  const held = new Map<string, number>();
  /** Sites asked about (the ones with sessions here or anywhere): tried every round. */
  const wanted = new Set<string>();
  let isRunning = false;

  async function tryOne(siteId: string): Promise<void> {
    const key = siteKey(siteId);
    const revision = held.get(siteId);
    try {
      held.set(
        siteId,
        revision === undefined
          ? await kv.create(key, nodeId)
          : await kv.update(key, nodeId, revision),
      );
      if (revision === undefined) log.info("Node {nodeId} leads site {siteId}", { nodeId, siteId });
    } catch {
      // Another node holds the key (create), or took it after ours lapsed (update).
      if (revision !== undefined) log.warn("Node {nodeId} lost site {siteId}", { nodeId, siteId });
      held.delete(siteId);
    }
  }

  async function round(): Promise<void> {
    if (isRunning) return;
    isRunning = true;
    try {
      await Promise.all([...wanted].map(tryOne));
    } finally {
      isRunning = false;
    }
  }
  const timer = setInterval(() => void round(), Math.max(100, Math.floor(leaseMs / 3)));

  return {
    isLeader(siteId) {
      if (!wanted.has(siteId)) {
        wanted.add(siteId);
        void tryOne(siteId);
      }
      return held.has(siteId);
    },
    ledSites: () => [...held.keys()],
    async close() {
      clearInterval(timer);
      const mine = [...held];
      held.clear();
      await Promise.all(
        mine.map(([siteId, revision]) =>
          kv.delete(siteKey(siteId), { previousSeq: revision }).catch(() => {})
        ),
      );
    },
  };
}
