/**
 * `GET /events`: server-sent events for the dashboard. Station, status, transaction and meter
 * events as snake_case JSON (`charger_id` for the runtime's chargerId, plus the site as
 * `station_id`), filterable by site or charger, with a heartbeat comment every 15 s. Each
 * client has its own bounded bus queue, so a slow client loses its oldest events, never the CSMS.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import type { Bus } from "../actors/csms/events.ts";
import type { AnyEvent, EventType } from "../actors/csms/events.ts";
import { type ApiContext, newApi } from "./context.ts";

/** The event types the feed carries. */
export const FEED_EVENTS = [
  "station.connected",
  "station.disconnected",
  "station.booted",
  "station.heartbeat",
  "status.changed",
  "transaction.started",
  "transaction.updated",
  "transaction.ended",
  "meter.sampled",
  "inventory.changed",
  "id-token.changed",
  "tariff.changed",
  "local-list.sent",
  "device-model.stored",
  "device-model.variables",
  "reservation.changed",
  "campaign.progress",
  "display-message.changed",
] as const satisfies readonly EventType[];

/** Options of the feed. */
export interface EventFeedOptions {
  bus: Pick<Bus, "on" | "createQueue">;
  /** Default 15 000. */
  heartbeatMs?: number;
  /** Events a slow client may fall behind by before the oldest are dropped; default 1 000. */
  queueCapacity?: number;
  /**
   * Ends every open stream when aborted. `Deno.serve`'s shutdown waits for open responses and
   * an event stream never ends by itself, so the server aborts this before shutting down.
   */
  signal?: AbortSignal;
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [snakeCase(key), snakeKeys(v)]),
  );
}

/**
 * An event as the feed sends it: `chargerId` becomes `charger_id`, the site is added as
 * `station_id` (an event about a site, such as `inventory.changed`, names it as `siteId`).
 */
export function feedData(event: AnyEvent, siteOf: (chargerId: string) => string | undefined) {
  const { chargerId, siteId, ...rest } = event.payload as { chargerId: string; siteId?: string };
  return {
    type: event.type,
    charger_id: chargerId,
    station_id: siteId ?? siteOf(chargerId) ?? null,
    ...(snakeKeys(rest) as Record<string, unknown>),
  };
}

function isFeedEvent(type: string): type is typeof FEED_EVENTS[number] {
  return (FEED_EVENTS as readonly string[]).includes(type);
}

/** Raw OCPP-J frames, in and out: only on request (`frames=1`), as they are many. */
export const FRAME_EVENTS = ["frame.in", "frame.out"] as const satisfies readonly EventType[];

const EventsQuery = z.object({
  station_id: z.string().optional().openapi({ description: "Only this site's chargers" }),
  charger_id: z.string().optional(),
  types: z.string().optional().refine(
    (list) => list === undefined || list.split(",").every((t) => isFeedEvent(t.trim())),
    `must be a comma-separated list of ${FEED_EVENTS.join(", ")}`,
  ).openapi({
    description:
      "Only these event types, comma-separated (e.g. `status.changed,transaction.ended`" +
      ": a large network's dashboard leaves out the meter samples)",
  }),
  frames: z.enum(["1", "0", "true", "false"]).optional().openapi({
    description: "1: also every raw OCPP-J frame (`frame.in`, `frame.out` with `text`), " +
      "for a charger's protocol log",
  }),
});

let feedCount = 0;

/** The `/events` sub-app. */
export function eventRoutes(ctx: ApiContext, options: EventFeedOptions): OpenAPIHono {
  const app = newApi();
  const siteOf = (chargerId: string) => ctx.view.get(chargerId)?.siteId;
  app.openapi(
    createRoute({
      method: "get",
      path: "/events",
      tags: ["events"],
      summary: "Live server-sent events: " + FEED_EVENTS.join(", ") + " (and frames on request)",
      description: "`event:` is the type, `data:` snake_case JSON; a `: heartbeat` comment " +
        "every 15 s keeps proxies from closing the stream.",
      request: { query: EventsQuery },
      responses: {
        200: {
          description: "An endless text/event-stream",
          content: { "text/event-stream": { schema: z.string() } },
        },
      },
    }),
    (c) => {
      const filter = c.req.valid("query");
      const isWanted = (chargerId: string) =>
        (filter.charger_id === undefined || chargerId === filter.charger_id) &&
        (filter.station_id === undefined || siteOf(chargerId) === filter.station_id);
      const asked = filter.types?.split(",").map((t) => t.trim()).filter(isFeedEvent);
      const feed = asked ?? FEED_EVENTS;
      const types = filter.frames === "1" || filter.frames === "true"
        ? [...feed, ...FRAME_EVENTS]
        : feed;
      return streamSSE(c, (stream) => runFeed(stream, options, { types, isWanted, siteOf }));
    },
  );
  return app;
}

/** What one client asked for. */
interface Feed {
  types: readonly EventType[];
  isWanted(chargerId: string): boolean;
  siteOf(chargerId: string): string | undefined;
}

/**
 * Streams the wanted events to one client, on its own bus queue, until the client goes away or
 * the server shuts down; then unsubscribes and closes the queue.
 */
async function runFeed(
  stream: SSEStreamingApi,
  options: EventFeedOptions,
  feed: Feed,
): Promise<void> {
  const queue = options.bus.createQueue(`sse-${++feedCount}`, {
    capacity: options.queueCapacity ?? 1_000,
  });
  let id = 0;
  const send = async (event: AnyEvent) => {
    const chargerId = (event.payload as { chargerId: string }).chargerId;
    if (stream.aborted || !feed.isWanted(chargerId)) return;
    const data = JSON.stringify(feedData(event, feed.siteOf));
    await stream.writeSSE({ event: event.type, id: String(++id), data });
  };
  const unsubscribes = feed.types.map((type) =>
    options.bus.on(type, (payload) => send({ type, payload } as AnyEvent), { queue })
  );
  const heartbeat = setInterval(() => {
    if (!stream.aborted) void stream.write(": heartbeat\n\n");
  }, options.heartbeatMs ?? 15_000);
  const ended = Promise.withResolvers<void>();
  const end = () => ended.resolve();
  stream.onAbort(end);
  options.signal?.addEventListener("abort", end);
  if (options.signal?.aborted) end();
  try {
    await stream.write(": connected\n\n");
    await ended.promise;
  } finally {
    options.signal?.removeEventListener("abort", end);
    clearInterval(heartbeat);
    for (const unsubscribe of unsubscribes) unsubscribe();
    queue.close();
  }
}
