// The Leaflet map of Jeju: the island outline shipped with the dashboard (tiles only when a tile
// server is configured), a marker per charger coloured by status, one marker per site with its
// status mix when zoomed out, and an optional heat layer of energy.
import * as L from "leaflet";
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { CHARGER_ZOOM, markersFor } from "./clusters.js";
import { STATUS_COLORS, STATUS_ORDER } from "./status.js";

const JEJU_BOUNDS = [[33.19, 126.14], [33.57, 126.98]];

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
  return {
    map,
    heat: L.layerGroup().addTo(map),
    markers: L.layerGroup().addTo(map),
    byKey: new Map(),
  };
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
      marker.setIcon(look.icon());
    }
    marker.setLatLng(want.latLng);
    if (look.tooltip && marker.look?.tooltip !== look.tooltip) {
      marker.unbindTooltip().bindTooltip(look.tooltip, { direction: "top", offset: [0, -12] });
    }
    marker.want = want;
    marker.look = look;
  }
}

/** A charger opens its panel; a site zooms in to its chargers; merged sites zoom until apart. */
function onClick(map, want, onSelect) {
  if (want.kind === "charger") return onSelect(want.charger.charger_id);
  if (want.siteIds.length === 1) return map.flyTo(want.latLng, CHARGER_ZOOM + 1, { duration: 0.4 });
  map.flyToBounds(want.bounds, { padding: [80, 80], maxZoom: CHARGER_ZOOM - 1, duration: 0.4 });
}

/** Heat: energy summed per ~1 km cell, drawn as translucent discs sized by share of the max. */
function drawHeat(layer, points, isShown) {
  layer.clearLayers();
  if (!isShown) return;
  const cells = new Map();
  for (const p of points) {
    if (!(p.value > 0)) continue;
    const key = `${p.lat.toFixed(2)},${p.lng.toFixed(2)}`;
    const cell = cells.get(key) ?? { lat: 0, lng: 0, value: 0 };
    cell.lat += p.lat * p.value;
    cell.lng += p.lng * p.value;
    cell.value += p.value;
    cells.set(key, cell);
  }
  const max = Math.max(0, ...[...cells.values()].map((c) => c.value));
  for (const cell of cells.values()) {
    const share = Math.sqrt(cell.value / max);
    L.circleMarker([cell.lat / cell.value, cell.lng / cell.value], {
      radius: 16 + 26 * share,
      stroke: false,
      fillColor: "#ff6a00",
      fillOpacity: 0.15 + 0.25 * share,
      interactive: false,
      className: "heat-spot",
    }).addTo(layer);
  }
}

/** The map. `onSelect(chargerId)` fires on a charger click; a site click zooms in to it. */
export function MapView(
  { chargers, sites, heat, showHeat, config, selectedId, onSelect, t, lang },
) {
  const element = useRef(null);
  const leaflet = useRef(null);
  const select = useRef(onSelect);
  const [view, setView] = useState(0);
  select.current = onSelect;

  useEffect(() => {
    leaflet.current = createLeafletMap(element.current, () => setView((v) => v + 1));
    setView((v) => v + 1);
    return () => leaflet.current.map.remove();
  }, []);
  useEffect(() => {
    if (!config?.tile_url) return;
    const tiles = L.tileLayer(config.tile_url, {
      attribution: config.tile_attribution ?? "",
      maxZoom: 19,
    }).addTo(leaflet.current.map);
    return () => tiles.remove();
  }, [config?.tile_url]);
  useEffect(() => {
    const map = leaflet.current.map;
    const bounds = map.getBounds().pad(0.5);
    const markers = markersFor({
      chargers,
      sites,
      zoom: map.getZoom(),
      project: (latLng) => map.latLngToLayerPoint(latLng),
      isVisible: (latLng) => bounds.contains(latLng),
      lang,
    });
    syncMarkers(leaflet.current, markers, { selectedId, label: t, onSelect: select });
  }, [chargers, sites, view, selectedId, t, lang]);
  useEffect(() => drawHeat(leaflet.current.heat, heat, showHeat), [heat, showHeat]);
  useEffect(() => {
    // The map's box changes with the layout (panel open, phone rotation).
    const observer = new ResizeObserver(() => leaflet.current.map.invalidateSize());
    observer.observe(element.current);
    return () => observer.disconnect();
  }, []);

  return html`<div class="map" ref=${element} role="region" aria-label=${t("map_title")}></div>`;
}
