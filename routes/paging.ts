/**
 * Paging and the map-area filter of the charger lists (`GET /chargers`, `GET /geo/chargers`):
 * `bbox=west,south,east,north` (degrees, GeoJSON's order) keeps the chargers inside it, then
 * `offset` and `limit` cut a page from the list in `charger_id` order. The answer carries the
 * `total` before the cut and the `next_offset` to ask for next (null on the last page), so a map
 * of a large network asks only for what it shows and a client pages through the rest.
 */
import { z } from "@hono/zod-openapi";
import type { ChargerView } from "../actors/csms/live_view.ts";

/** The largest page. */
export const MAX_PAGE = 10_000;

const Bbox = z.string().transform((text, ctx) => {
  const parts = text.split(",").map((part) => Number(part.trim()));
  const [west, south, east, north] = parts;
  const isValid = parts.length === 4 && parts.every(Number.isFinite) &&
    west >= -180 && east <= 180 && south >= -90 && north <= 90 && west <= east && south <= north;
  if (!isValid) {
    ctx.addIssue({
      code: "custom",
      message: "must be west,south,east,north in degrees (west ≤ east, south ≤ north)",
    });
    return z.NEVER;
  }
  return { west, south, east, north };
}).openapi({
  description: "Only chargers inside this area: `west,south,east,north` (lng, lat, lng, lat)",
  example: "126.1,33.1,127.0,33.6",
});

/** The query parameters of a paged, area-filtered charger list. */
export const PageQuery = z.object({
  bbox: Bbox.optional(),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: "Skip this many" }),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional().openapi({
    description: `Page size, at most ${MAX_PAGE}; default: every match`,
  }),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** The paging fields of an answer. */
export const PageInfo = {
  total: z.number().int().openapi({ description: "Matches before offset and limit" }),
  offset: z.number().int(),
  next_offset: z.number().int().nullable().openapi({
    description: "The offset of the next page; null when this is the last",
  }),
};

/** Whether a charger is inside the area (a charger without a position never is). */
function isInside(view: ChargerView, bbox: PageQuery["bbox"]): boolean {
  if (bbox === undefined) return true;
  if (view.lat === undefined || view.lng === undefined) return false;
  return view.lng >= bbox.west && view.lng <= bbox.east && view.lat >= bbox.south &&
    view.lat <= bbox.north;
}

/** The page of `views` the query asks for, in `charger_id` order, and its paging fields. */
export function pageOf<V extends ChargerView>(
  views: readonly V[],
  query: PageQuery,
): { items: V[]; total: number; offset: number; next_offset: number | null } {
  const matching = views.filter((v) => isInside(v, query.bbox))
    .sort((a, b) => a.chargerId < b.chargerId ? -1 : a.chargerId > b.chargerId ? 1 : 0);
  const end = query.limit === undefined ? matching.length : query.offset + query.limit;
  const items = matching.slice(query.offset, end);
  return {
    items,
    total: matching.length,
    offset: query.offset,
    next_offset: end < matching.length ? end : null,
  };
}
