// The site list beside the map: each site with its status counts, power now and a chip per
// charger in its live colour. It needs no map tiles, and on a phone it is the quickest way in.
import { html } from "htm/preact";
import { fmt, siteName, useLang, useT } from "./i18n.js";
import { STATUS_COLORS, STATUS_ORDER } from "./status.js";

function Site({ site, chargers, selectedId, onSelect, t }) {
  const lang = useLang();
  const counts = site.status_counts ?? {};
  return html`
    <li class="site" data-site-id=${site.station_id}>
      <div class="site-head">
        <b>${siteName(site, lang)}</b>
        <span class="muted">${fmt.kw(site.power_kw)} / ${fmt.int(site.capacity_kw)} kW</span>
      </div>
      <div class="muted small">${site.address}</div>
      <div class="counts">
        ${STATUS_ORDER.filter((s) => counts[s]).map((s) =>
          html`
            <span class="count" data-status=${s}>
              <span class="dot" style=${`background:${STATUS_COLORS[s]}`}></span>
              ${t(`status_${s}`)} ${fmt.int(counts[s])}
            </span>
          `
        )}
      </div>
      <div class="chips">
        ${chargers.map((c) =>
          html`
            <button
              class=${`chip${c.charger_id === selectedId ? " selected" : ""}`}
              data-charger-id=${c.charger_id}
              data-status=${c.status}
              style=${`--status:${STATUS_COLORS[c.status]}`}
              title=${`${c.charger_id}: ${t(`status_${c.status}`)}`}
              onClick=${() => onSelect(c.charger_id)}
            >${c.charger_id.replace(/^.*_(\d+)$/, "$1")}</button>
          `
        )}
      </div>
    </li>
  `;
}

/** Sites, then chargers that belong to no known site. */
export function SiteList({ stations, chargers, selectedId, onSelect }) {
  const t = useT();
  const known = new Set(stations.map((s) => s.station_id));
  const others = chargers.filter((c) => !known.has(c.station_id));
  // One pass over the chargers (thousands on a large network), not one per site.
  const bySite = Map.groupBy(chargers, (c) => c.station_id);
  const otherSite = {
    station_id: "",
    name: t("chargers"),
    address: "",
    status_counts: Object.fromEntries(
      STATUS_ORDER.map((s) => [s, others.filter((c) => c.status === s).length]),
    ),
    power_kw: others.reduce((sum, c) => sum + c.power_kw, 0),
    capacity_kw: others.reduce((sum, c) => sum + (c.max_power_kw ?? 0), 0),
  };
  return html`
    <section class="card sites">
      <h2>${t("sites")}</h2>
      <ul>
        ${stations.map((site) =>
          html`
            <${Site}
              key=${site.station_id}
              site=${site}
              chargers=${bySite.get(site.station_id) ?? []}
              selectedId=${selectedId}
              onSelect=${onSelect}
              t=${t}
            />
          `
        )}
        ${others.length > 0 &&
          html`
            <${Site} site=${otherSite} chargers=${others} selectedId=${selectedId} onSelect=${onSelect}
              t=${t} />
          `}
      </ul>
    </section>
  `;
}
