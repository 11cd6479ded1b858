// Recent transactions with filters (site, charger, date range, rows), from `GET /transactions`.
// Reloads when a filter changes and whenever the live feed reports a start or an end.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { getJson } from "./api.js";
import { fmt, siteName, useLang, useT } from "./i18n.js";

/** A `yyyy-mm-dd` date input as the start of that day in Korea, ISO 8601. */
export function kstDay(date, plusDays = 0) {
  if (!date) return undefined;
  const ms = Date.parse(`${date}T00:00:00+09:00`) + plusDays * 86_400_000;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Loads transactions for `query`, again whenever `version` changes. */
export function useTransactions(query, version) {
  const [state, setState] = useState({ rows: [], error: null });
  const key = JSON.stringify(query);
  useEffect(() => {
    let isCurrent = true;
    getJson("/transactions", query)
      .then((r) => isCurrent && setState({ rows: r.transactions, error: null }))
      .catch((error) => isCurrent && setState((old) => ({ ...old, error: error.message })));
    return () => (isCurrent = false);
  }, [key, version]);
  return state;
}

function Row({ tx, onSelect, t }) {
  const isRunning = tx.end_time === null;
  return html`
    <tr data-transaction-id=${tx.transaction_id} class=${isRunning ? "running" : ""}>
      <td class="mono">${tx.transaction_id}</td>
      <td>
        <button class="link" onClick=${() => onSelect(tx.charger_id)}>${tx.charger_id}</button>
      </td>
      <td class="hide-narrow">${tx.station_id ?? "–"}</td>
      <td>${fmt.time(tx.start_time)}</td>
      <td>${isRunning ? html`<span class="badge charging">${t("tx_running")}</span>` : fmt.time(
        tx.end_time,
      )}</td>
      <td class="num">${fmt.kwh(tx.energy_consumed)}</td>
      <td class="num">${fmt.krw(tx.cost)}</td>
      <td class="hide-narrow">${tx.stopped_reason ?? ""}</td>
    </tr>
  `;
}

/** The filterable table. */
export function Transactions({ stations, chargerIds, version, onSelect }) {
  const t = useT();
  const lang = useLang();
  const [filter, setFilter] = useState({ station: "", charger: "", from: "", to: "", limit: 20 });
  const query = {
    station_id: filter.station,
    charger_id: filter.charger.trim(),
    from: kstDay(filter.from),
    to: kstDay(filter.to, 1),
    limit: filter.limit,
  };
  const { rows, error } = useTransactions(query, version);
  const set = (name) => (e) => setFilter({ ...filter, [name]: e.currentTarget.value });
  return html`
    <section class="card transactions">
      <h2>${t("tx_title")}</h2>
      <form class="filters" onSubmit=${(e) => e.preventDefault()}>
        <select aria-label=${t("tx_station")} name="station" value=${filter.station} onChange=${set(
          "station",
        )}>
          <option value="">${t("tx_station")}: ${t("filter_all")}</option>
          ${stations.map((s) => html`<option value=${s.station_id}>${siteName(s, lang)}</option>`)}
        </select>
        <input name="charger" list="charger-ids" placeholder=${t("filter_charger")} value=${filter
          .charger} onInput=${set("charger")} />
        <datalist id="charger-ids">${chargerIds.map((id) =>
          html`<option value=${id} />`
        )}</datalist>
        <label>${t("filter_from")} <input type="date" name="from" value=${filter
          .from} onChange=${set("from")} /></label>
        <label>${t("filter_to")} <input type="date" name="to" value=${filter.to} onChange=${set(
          "to",
        )} /></label>
        <label>${t("filter_limit")} <select name="limit" value=${filter.limit} onChange=${set(
          "limit",
        )}>
          ${[10, 20, 50, 100].map((n) => html`<option value=${n}>${n}</option>`)}
        </select></label>
      </form>
      ${error && html`<p class="error">${t("error")}: ${error}</p>`}
      <div class="table-wrap">
        <table>
          <thead><tr>
            <th>${t("tx_id")}</th><th>${t("tx_charger")}</th>
            <th class="hide-narrow">${t("tx_station")}</th>
            <th>${t("tx_start")}</th><th>${t("tx_end")}</th>
            <th class="num">${t("tx_energy")}</th><th class="num">${t("tx_cost")}</th>
            <th class="hide-narrow">${t("tx_reason")}</th>
          </tr></thead>
          <tbody>
            ${rows.map((tx) =>
              html`<${Row} key=${`${tx.charger_id}/${tx.transaction_id}`} tx=${tx} onSelect=${onSelect} t=${t} />`
            )}
            ${rows.length === 0 && html`
              <tr>
                <td colspan="8" class="empty">${t("tx_empty")}</td>
              </tr>
            `}
          </tbody>
        </table>
      </div>
    </section>
  `;
}
