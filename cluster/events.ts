/**
 * Events across nodes: each node publishes the events of its own chargers on
 * `<cluster>.events.<nodeId>` (core NATS, fire and forget) and hands the other nodes' events to
 * its bus with `emitRemote`, which reaches the subscribers that see the whole network (the live
 * view, `/events`, smart charging, plugins with `events: "network"`) but not those that act once
 * per event on the node that received the frame (persistence, pricing, local lists).
 */
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { getLogger } from "@logtape/logtape";
import type { Bus, EventType } from "../actors/csms/events.ts";

/**
 * The events other nodes need to show the whole network. Raw frames stay where they arrived
 * (capture stores them there), and the runtime's own events describe one process.
 */
export const RELAYED_EVENTS: readonly EventType[] = [
  "station.connected",
  "station.disconnected",
  "station.booted",
  "station.heartbeat",
  "status.changed",
  "transaction.started",
  "transaction.updated",
  "transaction.ended",
  "transaction.costed",
  "meter.sampled",
  "security.event",
  "command.answered",
  "local-list.sent",
  "inventory.changed",
  "id-token.changed",
  "tariff.changed",
  "device-model.stored",
  "device-model.variables",
  "reservation.changed",
  "campaign.progress",
  "display-message.changed",
];

const log = getLogger(["tamna", "cluster", "events"]);

/** Relays this node's events out and the other nodes' events in; returns a stop function. */
export function relayEvents(
  nc: NatsConnection,
  options: {
    clusterName: string;
    nodeId: string;
    bus: Bus;
    extra?: readonly EventType[];
    /** Called with each event from another node after the bus got it. */
    onRemote?(type: EventType, payload: unknown): void;
    /** Whether an event from `fromNode` is out of date on arrival (and is dropped). */
    isStale?(type: EventType, payload: unknown, fromNode: string): boolean;
  },
): () => void {
  const { bus, clusterName, nodeId } = options;
  const prefix = `${clusterName}.events.`;
  const own = `${prefix}${nodeId}`;
  const offs = [...RELAYED_EVENTS, ...(options.extra ?? [])].map((type) =>
    bus.on(
      type,
      (payload) => nc.publish(own, JSON.stringify({ type, payload })),
      { scope: "node", name: "cluster-relay" },
    )
  );
  const sub: Subscription = nc.subscribe(`${prefix}*`, {
    callback: (error, msg) => {
      if (error) return log.error("Event subscription failed: {error}", { error });
      if (msg.subject === own) return;
      try {
        const { type, payload } = JSON.parse(msg.string());
        if (options.isStale?.(type, payload, msg.subject.slice(prefix.length))) return;
        bus.emitRemote(type, payload);
        options.onRemote?.(type, payload);
      } catch (parseError) {
        log.warn("Unreadable event from {subject}: {parseError}", {
          subject: msg.subject,
          parseError,
        });
      }
    },
  });
  return () => {
    for (const off of offs) off();
    sub.unsubscribe();
  };
}
