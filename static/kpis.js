// The KPI cards, straight from `GET /statistics/dashboard` for today (Korean time). Each card
// keeps the API's raw number in `data-value`, so what the screen shows can be checked against it.
import { html } from "htm/preact";
import { fmt, useT } from "./i18n.js";

function Card({ id, label, value, raw, sub, ratio, title }) {
  return html`
    <div class="card kpi" data-kpi=${id} title=${title}>
      <div class="kpi-label">${label}</div>
      <div class="kpi-value" data-value=${raw ?? ""}>${value}</div>
      ${ratio !== undefined &&
        html`<div class="bar"><span style=${`width:${Math.min(100, ratio * 100)}%`}></span></div>`}
      <div class="kpi-sub">${sub}</div>
    </div>
  `;
}

/** The six cards; placeholders until the first answer. */
export function Kpis({ kpis }) {
  const t = useT();
  const k = kpis ?? {};
  const u = k.utilisation ?? {};
  // Revenue includes the running sessions at the flat tariff, shown apart in the sub-line.
  const revenue = k.revenue_krw == null ? undefined : k.revenue_krw + (k.revenue_running_krw ?? 0);
  return html`
    <section class="kpis" aria-label="KPI">
      <${Card}
        id="active"
        label=${t("kpi_active")}
        value=${`${fmt.int(k.active_chargers)} / ${fmt.int(k.total_chargers)}`}
        raw=${k.active_chargers}
        sub=${t("kpi_health", { f: fmt.int(k.faulted_chargers), o: fmt.int(k.offline_chargers) })}
      />
      <${Card}
        id="charging"
        label=${t("kpi_charging")}
        value=${fmt.int(k.charging_now)}
        raw=${k.charging_now}
        sub=${t("kpi_charging_sub", { p: fmt.pct(u.chargers_charging) })}
      />
      <${Card}
        id="power"
        label=${t("kpi_power")}
        value=${fmt.kw(k.power_kw)}
        raw=${k.power_kw}
        ratio=${u.power ?? 0}
        sub=${`${t("kpi_installed")} ${fmt.int(k.installed_kw)} kW · ${fmt.pct(u.power)}`}
      />
      <${Card}
        id="energy"
        label=${t("kpi_energy")}
        value=${fmt.kwh(k.energy_kwh)}
        raw=${k.energy_kwh}
        sub=${`${t("kpi_tx", { n: fmt.int(k.transactions) })} · ${
          t("kpi_energy_running", {
            e: fmt.kwh(k.energy_running_kwh),
            n: fmt.int(k.active_transactions),
          })
        }`}
      />
      <${Card}
        id="revenue"
        label=${t("kpi_revenue")}
        value=${fmt.krw(revenue)}
        raw=${revenue}
        title=${t("kpi_revenue_help")}
        sub=${t("kpi_revenue_running", {
          d: fmt.krw(k.revenue_krw),
          r: fmt.krw(k.revenue_running_krw),
        })}
      />
      <${Card}
        id="utilisation"
        label=${t("kpi_utilisation")}
        value=${fmt.pct(u.energy_time)}
        raw=${u.energy_time}
        ratio=${u.energy_time ?? 0}
        title=${t("kpi_utilisation_help")}
        sub=${t("kpi_utilisation_sub", {
          e: fmt.kwh(k.energy_kwh),
          p: fmt.int(k.installed_kw),
          h: k.hours == null ? "–" : k.hours.toFixed(1),
        })}
      />
    </section>
  `;
}
