// The Leaflet map: the Jeju outline shipped with the dashboard (tiles only when a tile server is
// configured), fitted to the sites in the database; a marker per charger coloured by status,
// one marker per site with its status mix when zoomed out (merged by Supercluster), and an
// optional heat layer of energy (Leaflet.heat).
import * as L from "leaflet";
import { HeatLayer } from "leaflet.heat";
import { html } from "htm/preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { CHARGER_ZOOM, markersFor, siteIndex, sitePoints } from "./clusters.js";
import { STATUS_COLORS, STATUS_ORDER } from "./status.js";

/** Until the sites are known (or when none has a position): the island. */
const JEJU_BOUNDS = [[33.19, 126.14], [33.57, 126.98]];

/** The box around the sites with a position, or undefined when none has one. */
export function siteBounds(sites) {
  const placed = sites.filter((s) => s.lat != null && s.lng != null);
  if (placed.length === 0) return undefined;
  const lats = placed.map((s) => s.lat);
  const lngs = placed.map((s) => s.lng);
  return [[Math.min(...lats), Math.min(...lngs)], [Math.max(...lats), Math.max(...lngs)]];
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function chargerIcon(charger, isSelected) {
  const id = escapeHtml(charger.charger_id);
  const selected = isSelected ? " pin-selected" : "";
  return L.divIcon({
    className: "pin-wrap",
    html: `<span class="pin${selected}" data-charger-id="${id}" data-status="${charger.status}"
      style="background:${STATUS_COLORS[charger.status] ?? STATUS_COLORS.offline}"></span>`,
    iconSize: [20, 20],
    iconAnchor: [10, 10],
  });
}

/** A conic ring showing the chargers by status, with their count in the middle. */
function clusterIcon(cluster) {
  let at = 0;
  const stops = STATUS_ORDER.filter((s) => cluster.counts[s]).map((s) => {
    const from = at;
    at += (cluster.counts[s] / cluster.total) * 360;
    return `${STATUS_COLORS[s]} ${from}deg ${at}deg`;
  });
  const data = STATUS_ORDER.map((s) => `data-${s}="${cluster.counts[s] ?? 0}"`).join(" ");
  const ids = escapeHtml(cluster.siteIds.join(" "));
  return L.divIcon({
    className: "pin-wrap",
    html: `<span class="site-pin" data-site-ids="${ids}" ${data}
      style="background:conic-gradient(${stops.join(",")})"><b>${cluster.total}</b></span>`,
    iconSize: [44, 44],
    iconAnchor: [22, 22],
  });
}

/** Icon, tooltip and a signature (to skip unchanged icons) of a marker descriptor. */
function present(marker, selectedId, label) {
  if (marker.kind === "label") {
    const name = escapeHtml(marker.name);
    return {
      signature: name,
      icon: () =>
        L.divIcon({
          className: "site-label",
          html: `<span>${name}</span>`,
          iconSize: [160, 20],
          iconAnchor: [80, -46], // below the ring of chargers (radius ~35 px at zoom 18)
        }),
    };
  }
  if (marker.kind === "charger") {
    const c = marker.charger;
    const isSelected = c.charger_id === selectedId;
    return {
      signature: `${c.status}|${isSelected}`,
      icon: () => chargerIcon(c, isSelected),
      tooltip: `${escapeHtml(c.charger_id)}: ${label(`status_${c.status}`)}`,
    };
  }
  const parts = STATUS_ORDER.filter((s) => marker.counts[s])
    .map((s) => `${label(`status_${s}`)} ${marker.counts[s]}`);
  return {
    signature: JSON.stringify(marker.counts),
    icon: () => clusterIcon(marker),
    tooltip: `${escapeHtml(marker.name)}: ${parts.join(", ")}`,
  };
}

function createLeafletMap(element, onView) {
  const map = L.map(element, { zoomSnap: 0.5, minZoom: 8, maxZoom: 19, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.fitBounds(JEJU_BOUNDS);
  map.on("zoomend moveend", onView);
  const outline = L.layerGroup().addTo(map);
  fetch("/static/jeju.geojson")
    .then((response) => response.json())
    .then((geojson) => {
      L.geoJSON(geojson, {
        interactive: false,
        style: { color: "#5f7f57", weight: 1.5, fillColor: "#eef3e2", fillOpacity: 1 },
        pointToLayer: (feature, latLng) =>
          L.circleMarker(latLng, { radius: 3, color: "#5f7f57", interactive: false })
            .bindTooltip(`${feature.properties.name_ko} ${feature.properties.name}`, {
              permanent: true,
              className: "peak",
            }),
      }).addTo(outline);
      map.attributionControl.addAttribution("Jeju outline: hand-traced approximation");
    })
    .catch((error) => console.error("cannot load the Jeju outline", error));
  const leaflet = {
    map,
    heat: new HeatLayer([], { radius: 28, blur: 22, minOpacity: 0.25, max: 1 }),
    markers: L.layerGroup().addTo(map),
    byKey: new Map(),
    isFitted: false,
    /** Between Leaflet's `zoomanim` and `zoomend`: see removeMap(). */
    isZooming: false,
  };
  map.on("zoomanim", () => void (leaflet.isZooming = true));
  map.on("zoomend", () => void (leaflet.isZooming = false));
  return leaflet;
}

/**
 * Removes the map, after its zoom animation when one runs: Leaflet 1.9 ends a zoom on a timer
 * that reads the map pane remove() takes away ("Cannot read properties of undefined (reading
 * '_leaflet_pos')" when a person signs out or leaves mid-zoom).
 */
function removeMap(leaflet) {
  if (leaflet.isZooming) leaflet.map.once("zoomend", () => leaflet.map.remove());
  else leaflet.map.remove();
}

function syncMarkers(leaflet, markers, { selectedId, label, onSelect }) {
  const wanted = new Map(markers.map((m) => [m.key, m]));
  for (const [key, marker] of leaflet.byKey) {
    if (!wanted.has(key)) {
      leaflet.markers.removeLayer(marker);
      leaflet.byKey.delete(key);
    }
  }
  for (const [key, want] of wanted) {
    const look = present(want, selectedId, label);
    let marker = leaflet.byKey.get(key);
    if (!marker) {
      const isLabel = want.kind === "label";
      marker = L.marker(want.latLng, {
        icon: look.icon(),
        riseOnHover: true,
        interactive: !isLabel,
      });
      marker.on("click", () => onClick(leaflet.map, marker.want, onSelect.current));
      marker.addTo(leaflet.markers);
      leaflet.byKey.set(key, marker);
    } else if (marker.look.signature !== look.signature) {
      updateIcon(marker, look.icon());
    }
    marker.setLatLng(want.latLng);
    if (look.tooltip && marker.look?.tooltip !== look.tooltip) {
      marker.unbindTooltip().bindTooltip(look.tooltip, { direction: "top", offset: [0, -12] });
    }
    marker.want = want;
    marker.look = look;
  }
}

/**
 * Gives a marker its new icon by changing the element on screen in place (attributes, text),
 * not by replacing it: a network of thousands changes some marker every second, and a replaced
 * element under the pointer swallows the click a person is making on it.
 */
function updateIcon(marker, icon) {
  const element = marker.getElement();
  marker.options.icon = icon; // what Leaflet draws when it re-creates the marker
  if (!element) return;
  const next = document.createElement("div");
  next.innerHTML = icon.options.html;
  if (!morph(element.firstElementChild, next.firstElementChild)) marker.setIcon(icon);
}

/** Makes `old` look like `next` (same tags all the way down); false when the shapes differ. */
function morph(old, next) {
  if (!old || !next || old.tagName !== next.tagName) return false;
  if (old.children.length !== next.children.length) return false;
  for (const { name } of [...old.attributes]) {
    if (!next.hasAttribute(name)) old.removeAttribute(name);
  }
  for (const { name, value } of next.attributes) {
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
  if (next.children.length === 0) {
    if (old.textContent !== next.textContent) old.textContent = next.textContent;
    return true;
  }
  return [...next.children].every((child, i) => morph(old.children[i], child));
}

/** A charger opens its panel; a site zooms in to its chargers; merged sites zoom until apart. */
function onClick(map, want, onSelect) {
  if (want.kind === "charger") return onSelect(want.charger.charger_id);
  const zoom = Math.max(want.expansionZoom, map.getZoom() + 1);
  map.flyTo(want.latLng, Math.min(zoom, CHARGER_ZOOM + 1), { duration: 0.4 });
}

/** Heat: each charger's energy weight (0–1 of the busiest) on Leaflet.heat's canvas. */
function drawHeat(leaflet, points, isShown) {
  const { map, heat } = leaflet;
  if (!isShown) return void heat.remove();
  heat.setLatLngs(points.filter((p) => p.weight > 0).map((p) => [p.lat, p.lng, p.weight]));
  if (!map.hasLayer(heat)) heat.addTo(map);
}

/** The view as the data loader wants it: zoom and `[west, south, east, north]`. */
function viewOf(map, pad = 0) {
  const b = map.getBounds().pad(pad);
  return { zoom: map.getZoom(), bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] };
}

/**
 * The map. `onSelect(chargerId)` fires on a charger click; a site click zooms in to it;
 * `onView({zoom, bounds})` after every move, for loading what the view shows. With
 * `onPick(lat, lng)` (the operator placing a site or charger) a click on the map picks a point,
 * and `picked` ([lat, lng]) is drawn as a ring.
 */
export function MapView(
  {
    chargers,
    sites,
    heat,
    showHeat,
    config,
    selectedId,
    onSelect,
    onView,
    onPick,
    picked,
    t,
    lang,
  },
) {
  const element = useRef(null);
  const leaflet = useRef(null);
  const select = useRef(onSelect);
  const viewChanged = useRef(onView);
  const pick = useRef(onPick);
  const [view, setView] = useState(0);
  select.current = onSelect;
  viewChanged.current = onView;
  pick.current = onPick;

  useEffect(() => {
    leaflet.current = createLeafletMap(element.current, () => {
      if (!leaflet.current) return;
      setView((v) => v + 1);
      viewChanged.current?.(viewOf(leaflet.current.map));
    });
    leaflet.current.map.on("click", (e) => pick.current?.(e.latlng.lat, e.latlng.lng));
    setView((v) => v + 1);
    return () => {
      const current = leaflet.current;
      leaflet.current = null; // no view changes reported from here on
      removeMap(current);
    };
  }, []);
  useEffect(() => {
    // The first time the sites are known, show them all (wherever the network is).
    const bounds = siteBounds(sites);
    if (!bounds || leaflet.current.isFitted) return;
    leaflet.current.isFitted = true;
    leaflet.current.map.fitBounds(bounds, { padding: [40, 40], maxZoom: CHARGER_ZOOM - 2 });
  }, [sites]);
  useEffect(() => {
    element.current.classList.toggle("picking", Boolean(onPick));
    if (!picked) return;
    const ring = L.circleMarker(picked, {
      radius: 9,
      color: "#d7263d",
      weight: 3,
      fill: false,
      interactive: false,
      className: "picked-point",
    }).addTo(leaflet.current.map);
    return () => ring.remove();
  }, [Boolean(onPick), picked?.[0], picked?.[1]]);
  useEffect(() => {
    if (!config?.tile_url) return;
    const tiles = L.tileLayer(config.tile_url, {
      attribution: config.tile_attribution ?? "",
      maxZoom: 19,
    }).addTo(leaflet.current.map);
    return () => tiles.remove();
  }, [config?.tile_url]);
  const points = useMemo(() => sitePoints(sites, chargers, lang), [sites, chargers, lang]);
  const index = useMemo(() => siteIndex(points), [points]);
  useEffect(() => {
    const { zoom, bounds } = viewOf(leaflet.current.map, 0.5);
    const markers = markersFor({ index, points, chargers, zoom, bounds });
    syncMarkers(leaflet.current, markers, { selectedId, label: t, onSelect: select });
  }, [index, chargers, view, selectedId, t]);
  useEffect(() => drawHeat(leaflet.current, heat, showHeat), [heat, showHeat]);
  useEffect(() => {
    // The map's box changes with the layout (panel open, phone rotation).
    const observer = new ResizeObserver(() => leaflet.current.map.invalidateSize());
    observer.observe(element.current);
    return () => observer.disconnect();
  }, []);

  return html`<div class="map" ref=${element} role="region" aria-label=${t("map_title")}></div>`;
}
