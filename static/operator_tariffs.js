// The operator's tariffs: each site's (or charger's) prices with their version, editing them (a
// new version for the next sessions), adding one for a site, and the sessions each version priced.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { getJson } from "./api.js";
import { fmt, siteName, useLang, useT } from "./i18n.js";
import { Choice, Field, numberOf, SaveCancel, useRequest } from "./operator_form.js";

function useTariffs(version) {
  const [tariffs, setTariffs] = useState([]);
  useEffect(() => {
    getJson("/tariffs").then((r) => setTariffs(r.tariffs)).catch((error) =>
      console.warn("cannot read /tariffs", error)
    );
  }, [version]);
  return tariffs;
}

const PRICE_FIELDS = [
  ["price_krw_per_kwh", "op_price"],
  ["session_fee_krw", "op_session_fee"],
  ["idle_fee_krw_per_minute", "op_idle_fee"],
  ["idle_grace_minutes", "op_idle_grace"],
];

function pricesBody(f) {
  return Object.fromEntries(
    PRICE_FIELDS.map(([key]) => [key, numberOf(f[key])]).filter(([, v]) => v !== undefined),
  );
}

function TariffForm({ tariff, sites, onDone, t }) {
  const lang = useLang();
  const request = useRequest();
  const isNew = !tariff;
  const [f, setF] = useState(() => ({
    station_id: "",
    ...Object.fromEntries(PRICE_FIELDS.map(([key]) => [key, tariff?.[key] ?? ""])),
  }));
  const set = (key) => (value) => setF((old) => ({ ...old, [key]: value }));
  const save = async () => {
    const body = isNew ? { station_id: f.station_id, ...pricesBody(f) } : pricesBody(f);
    const path = isNew ? "/tariffs" : `/tariffs/${encodeURIComponent(tariff.tariff_id)}`;
    if (await request.run(isNew ? "POST" : "PATCH", path, body)) onDone();
  };
  return html`
    <div class="op-form" data-form="tariff">
      <h3>${isNew ? t("op_add_tariff") : `${t("op_edit")}: ${tariff.tariff_id}`}</h3>
      ${isNew && html`
        <${Choice} label=${t("op_site")} name="station_id" value=${f.station_id}
          onInput=${set("station_id")}
          options=${[
            ["", t("op_choose_site")],
            ...sites.map((s) => [s.station_id, siteName(s, lang)]),
          ]} />
      `}
      ${PRICE_FIELDS.map(([key, label]) =>
        html`
          <${Field} label=${t(label)} name=${key} type="number" value=${f[key]}
            onInput=${set(key)} />
        `
      )}
      <${SaveCancel} request=${request} onSave=${save} onCancel=${onDone} />
    </div>
  `;
}

function Sessions({ tariff, version, t }) {
  const [sessions, setSessions] = useState(null);
  useEffect(() => {
    getJson(`/tariffs/${encodeURIComponent(tariff.tariff_id)}/sessions`, { limit: 20 })
      .then((r) => setSessions(r.sessions))
      .catch((error) => console.warn("cannot read the tariff's sessions", error));
  }, [tariff.tariff_id, version]);
  if (sessions === null) return null;
  if (sessions.length === 0) return html`<p class="muted small">${t("op_sessions_none")}</p>`;
  return html`
    <div class="table-wrap">
      <table class="op-table" data-sessions-of=${tariff.tariff_id}>
        <thead>
          <tr>
            <th>${t("tx_id")}</th>
            <th>${t("tx_charger")}</th>
            <th>${t("op_version")}</th>
            <th>${t("tx_start")}</th>
            <th class="num">${t("tx_energy")}</th>
            <th class="num">${t("tx_cost")}</th>
          </tr>
        </thead>
        <tbody>${sessions.map((s) =>
          html`
            <tr data-transaction-id=${s.transaction_id} data-version=${s.tariff_version}>
              <td class="mono">${s.transaction_id}</td>
              <td>${s.charger_id}</td>
              <td class="num">v${s.tariff_version}</td>
              <td>${fmt.time(s.start_time)}</td>
              <td class="num">${fmt.kwh(s.energy_kwh)}</td>
              <td class="num">${s.end_time ? fmt.krw(s.cost) : t("tx_running")}</td>
            </tr>
          `
        )}</tbody>
      </table>
    </div>
  `;
}

function TariffRow({ tariff, sites, version, onEdit, t }) {
  const lang = useLang();
  const [isOpen, setOpen] = useState(false);
  const site = sites.find((s) => s.station_id === tariff.station_id);
  const tou = tariff.time_of_use;
  return html`
    <li class="op-tariff" data-tariff=${tariff.tariff_id} data-version=${tariff.version}>
      <div class="site-head">
        <b>${site ? siteName(site, lang) : tariff.charger_id ?? tariff.station_id}</b>
        <span class="muted small">${t("op_version")} ${tariff.version}</span>
      </div>
      <div data-field="price">${fmt.krw(tariff.price_krw_per_kwh)}/kWh
        ${tariff.session_fee_krw > 0 && html`
          · ${fmt.krw(tariff.session_fee_krw)}
        `}
        ${tariff.idle_fee_krw_per_minute > 0 &&
          html`
            · ${fmt.krw(tariff.idle_fee_krw_per_minute)}/min (+${tariff.idle_grace_minutes})
          `}
      </div>
      ${tou && html`<div class="muted small">${t("op_tou")}: ${
        Object.entries(tou.periods)
          .map(([name, price]) => `${name} ${fmt.krw(price)}`).join(", ")
      }</div>`}
      <div class="controls">
        <button name="edit-tariff" onClick=${() => onEdit(tariff)}>${t("op_edit")}</button>
        <button name="tariff-sessions" onClick=${() => setOpen(!isOpen)}>${t(
          "op_sessions",
        )}</button>
      </div>
      ${isOpen && html`<${Sessions} tariff=${tariff} version=${version} t=${t} />`}
    </li>
  `;
}

/** The tab; `version` changes whenever tariffs (or transactions) changed. */
export function TariffsTab({ sites, version }) {
  const t = useT();
  const tariffs = useTariffs(version);
  const [editing, setEditing] = useState(null);
  if (editing) {
    const tariff = editing === "new" ? undefined : editing;
    return html`<${TariffForm} tariff=${tariff} sites=${sites} t=${t} onDone=${() =>
      setEditing(null)} />`;
  }
  const priced = new Set(tariffs.map((x) => x.station_id));
  return html`
    <div class="op-tariffs">
      <p class="muted small">${t("op_default_price")}</p>
      <ul class="op-list">${tariffs.map((tariff) =>
        html`
          <${TariffRow} key=${tariff.tariff_id} tariff=${tariff} sites=${sites} version=${version}
            onEdit=${setEditing} t=${t} />
        `
      )}</ul>
      <div class="controls">
        <button class="primary" name="add-tariff" disabled=${sites.every((s) =>
          priced.has(s.station_id)
        )}
          onClick=${() => setEditing("new")}>${t("op_add_tariff")}</button>
      </div>
    </div>
  `;
}
