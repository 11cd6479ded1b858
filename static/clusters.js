// Which markers the map shows at a zoom level (no Leaflet here): below CHARGER_ZOOM one marker
// per site with its status mix, sites that would overlap on screen merged by Supercluster;
// from it on, every loaded charger in view and a name label at the centre of each site. Sites
// and their counts come from `GET /stations`, so a network of any size clusters from a few
// hundred site points, and only the chargers of the area in view need loading.
import Supercluster from "supercluster";

/** Chargers of a site are drawn one by one from this zoom level on (they sit ~15 m apart). */
export const CHARGER_ZOOM = 17;

/** Site markers closer than this on screen merge into one, px. */
export const MERGE_PX = 48;

function addCounts(a, b) {
  const sum = { ...a };
  for (const [status, n] of Object.entries(b)) sum[status] = (sum[status] ?? 0) + n;
  return sum;
}

function countByStatus(chargers) {
  const counts = {};
  for (const c of chargers) counts[c.status] = (counts[c.status] ?? 0) + 1;
  return counts;
}

function mean(values) {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * The points to cluster: one per site (its position, else its loaded chargers' mean; its
 * counts from /stations, else from its loaded chargers) and one per loaded charger that
 * belongs to no known site.
 */
export function sitePoints(stations, chargers, lang = "ko") {
  const bySite = Map.groupBy(
    chargers.filter((c) => c.lat != null && c.lng != null),
    (c) => c.station_id ?? "",
  );
  const known = new Set(stations.map((s) => s.station_id));
  const points = [];
  for (const site of stations) {
    const own = bySite.get(site.station_id) ?? [];
    const lat = site.lat ?? (own.length > 0 ? mean(own.map((c) => c.lat)) : null);
    const lng = site.lng ?? (own.length > 0 ? mean(own.map((c) => c.lng)) : null);
    const counts = site.status_counts ?? countByStatus(own);
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (lat == null || lng == null || total === 0) continue;
    const name = ((lang === "ko" ? site.name_ko : undefined) ?? site.name) || site.station_id;
    // A site of one charger is drawn as that charger's pin when it is loaded.
    const chargerId = total === 1 && own.length === 1 ? own[0].charger_id : undefined;
    points.push(point(lng, lat, { id: site.station_id, name, counts, total, chargerId }));
  }
  for (const [siteId, own] of bySite) {
    if (known.has(siteId) && siteId !== "") continue;
    for (const c of own) {
      const counts = { [c.status]: 1 };
      points.push(
        point(c.lng, c.lat, {
          id: `charger:${c.charger_id}`,
          name: c.charger_id,
          counts,
          total: 1,
          chargerId: c.charger_id,
        }),
      );
    }
  }
  return points;
}

function point(lng, lat, properties) {
  return { type: "Feature", geometry: { type: "Point", coordinates: [lng, lat] }, properties };
}

/**
 * A Supercluster index over site points. Its clusters carry the summed status counts, the
 * charger total and the site ids (new objects at each merge: Supercluster copies properties
 * shallowly, so nothing shared is changed in place).
 */
export function siteIndex(points) {
  const index = new Supercluster({
    radius: MERGE_PX,
    extent: 256, // Leaflet's tile size, so `radius` is in screen pixels
    maxZoom: CHARGER_ZOOM - 1,
    map: (p) => ({ counts: p.counts, total: p.total, siteIds: [p.id], names: [p.name] }),
    reduce: (acc, p) => {
      acc.counts = addCounts(acc.counts, p.counts);
      acc.total += p.total;
      acc.siteIds = acc.siteIds.concat(p.siteIds);
      acc.names = acc.names.length < 3 ? acc.names.concat(p.names) : acc.names;
    },
  });
  return index.load(points);
}

function chargerMarker(charger) {
  return {
    kind: "charger",
    key: `charger:${charger.charger_id}`,
    latLng: [charger.lat, charger.lng],
    charger,
  };
}

/** One Supercluster feature (a cluster of sites, or one site) as a marker descriptor. */
function siteMarker(feature, index, chargersById) {
  const [lng, lat] = feature.geometry.coordinates;
  const p = feature.properties;
  if (!p.cluster && p.chargerId && chargersById.has(p.chargerId)) {
    return chargerMarker(chargersById.get(p.chargerId));
  }
  const siteIds = p.cluster ? p.siteIds : [p.id];
  const names = p.cluster ? p.names : [p.name];
  const more = siteIds.length - names.length;
  return {
    kind: "cluster",
    key: p.cluster ? `cluster:${p.cluster_id}` : `site:${p.id}`,
    latLng: [lat, lng],
    siteIds,
    name: names.join(" · ") + (more > 0 ? ` +${more}` : ""),
    counts: p.counts,
    total: p.total,
    expansionZoom: p.cluster ? index.getClusterExpansionZoom(p.cluster_id) : CHARGER_ZOOM + 1,
  };
}

/**
 * The markers for this view. `bounds` is `[west, south, east, north]` of the view (padded),
 * `index` the site index of `points`, `chargers` the loaded chargers (all of a small network,
 * those in view of a large one).
 */
export function markersFor({ index, points, chargers, zoom, bounds }) {
  const [west, south, east, north] = bounds;
  const isVisible = ([lat, lng]) => lat >= south && lat <= north && lng >= west && lng <= east;
  if (zoom >= CHARGER_ZOOM) {
    const labels = points.filter((p) =>
      p.properties.total > 1 && !p.properties.id.startsWith("charger:")
    )
      .map((p) => ({
        kind: "label",
        key: `label:${p.properties.id}`,
        latLng: [p.geometry.coordinates[1], p.geometry.coordinates[0]],
        name: p.properties.name,
      }))
      .filter((m) => isVisible(m.latLng));
    const pins = chargers.filter((c) => c.lat != null && c.lng != null && isVisible([c.lat, c.lng]))
      .map(chargerMarker);
    return [...labels, ...pins];
  }
  const chargersById = new Map(chargers.map((c) => [c.charger_id, c]));
  return index.getClusters(bounds, Math.floor(zoom))
    .map((feature) => siteMarker(feature, index, chargersById));
}
