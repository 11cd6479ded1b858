// Which markers the map shows at a zoom level (pure, no Leaflet): below CHARGER_ZOOM one marker
// per site, merged with neighbours that would overlap on screen; from it on, every charger in
// view and a name label at the centre of each site.

/** Chargers of a site are drawn one by one from this zoom level on (they sit ~15 m apart). */
export const CHARGER_ZOOM = 17;

/** Site markers closer than this on screen merge into one, px. */
export const MERGE_PX = 48;

/** Chargers grouped by site (`station_id`); a charger without a site is a group of its own. */
export function siteGroups(chargers, sites, lang = "ko") {
  const groups = new Map();
  for (const c of chargers) {
    if (c.lat == null || c.lng == null) continue;
    const key = c.station_id ?? `charger:${c.charger_id}`;
    const group = groups.get(key) ?? { id: key, chargers: [] };
    group.chargers.push(c);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const site = sites.find((s) => s.station_id === group.id);
    const n = group.chargers.length;
    group.lat = site?.lat ?? group.chargers.reduce((sum, c) => sum + c.lat, 0) / n;
    group.lng = site?.lng ?? group.chargers.reduce((sum, c) => sum + c.lng, 0) / n;
    const name = site && ((lang === "ko" ? site.name_ko : undefined) ?? site.name);
    group.name = name ?? group.chargers[0].charger_id;
  }
  return [...groups.values()];
}

/**
 * Greedy screen-space clustering: biggest groups first, each joins the first cluster whose
 * anchor is within `radiusPx` of it (`project` maps [lat, lng] to pixels), else starts one.
 */
export function mergeGroups(groups, project, radiusPx = MERGE_PX) {
  const clusters = [];
  const sorted = [...groups].sort((a, b) => b.chargers.length - a.chargers.length);
  for (const group of sorted) {
    const p = project([group.lat, group.lng]);
    const near = clusters.find((c) => Math.hypot(c.x - p.x, c.y - p.y) < radiusPx);
    if (near) near.members.push(group);
    else clusters.push({ x: p.x, y: p.y, members: [group] });
  }
  return clusters.map(({ members }) => members);
}

function countByStatus(chargers) {
  const counts = {};
  for (const c of chargers) counts[c.status] = (counts[c.status] ?? 0) + 1;
  return counts;
}

function clusterOf(members) {
  const chargers = members.flatMap((m) => m.chargers);
  const total = chargers.length;
  const lats = members.map((m) => m.lat);
  const lngs = members.map((m) => m.lng);
  return {
    kind: "cluster",
    key: `site:${members.map((m) => m.id).sort().join("+")}`,
    latLng: [
      members.reduce((sum, m) => sum + m.lat * m.chargers.length, 0) / total,
      members.reduce((sum, m) => sum + m.lng * m.chargers.length, 0) / total,
    ],
    siteIds: members.map((m) => m.id),
    name: members.map((m) => m.name).join(" · "),
    counts: countByStatus(chargers),
    total,
    bounds: [[Math.min(...lats), Math.min(...lngs)], [Math.max(...lats), Math.max(...lngs)]],
  };
}

function chargerMarker(charger) {
  return {
    kind: "charger",
    key: `charger:${charger.charger_id}`,
    latLng: [charger.lat, charger.lng],
    charger,
  };
}

/**
 * The markers for this view: `project` maps [lat, lng] to screen pixels, `isVisible` says
 * whether a point is in (or near) the view, so thousands of chargers cost nothing off screen.
 */
export function markersFor({ chargers, sites, zoom, project, isVisible, lang }) {
  const groups = siteGroups(chargers, sites, lang);
  if (zoom >= CHARGER_ZOOM) {
    const labels = groups.filter((g) => g.chargers.length > 1 && isVisible([g.lat, g.lng]))
      .map((g) => ({ kind: "label", key: `label:${g.id}`, latLng: [g.lat, g.lng], name: g.name }));
    const pins = groups.flatMap((g) => g.chargers).filter((c) => isVisible([c.lat, c.lng]))
      .map(chargerMarker);
    return [...labels, ...pins];
  }
  return mergeGroups(groups, project).map((members) => {
    const only = members.length === 1 && members[0].chargers.length === 1;
    return only ? chargerMarker(members[0].chargers[0]) : clusterOf(members);
  });
}
