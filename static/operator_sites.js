// The operator's sites and chargers: add, edit, place on the map (a click on the map sets the
// position of the open form), decommission, and place chargers that connected without a site.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { getJson } from "./api.js";
import { fmt, siteName, useLang, useT } from "./i18n.js";
import {
  Choice,
  coordinate,
  Field,
  numberOf,
  Outcome,
  Position,
  SaveCancel,
  textOf,
  useRequest,
} from "./operator_form.js";

const CONNECTORS = ["cCCS2", "cCCS1", "cG105", "cType2", "sType2", "cTesla", "Unknown"];

/** The stored records (`GET /inventory`), read again whenever `version` changes. */
function useInventory(version) {
  const [inventory, setInventory] = useState({ stations: [], chargers: [] });
  useEffect(() => {
    getJson("/inventory").then(setInventory).catch((error) =>
      console.warn("cannot read /inventory", error)
    );
  }, [version]);
  return inventory;
}

/** While a form is open, a click on the map sets its position; its point is drawn. */
function usePick(setPick, fields, setFields) {
  useEffect(() => {
    const lat = numberOf(fields.lat);
    const lng = numberOf(fields.lng);
    setPick({
      onPick: (a, b) =>
        setFields((f) => ({ ...f, lat: String(coordinate(a)), lng: String(coordinate(b)) })),
      picked: lat !== undefined && lng !== undefined ? [lat, lng] : null,
    });
  }, [fields.lat, fields.lng]);
  useEffect(() => () => setPick(null), []);
}

function siteBody(f, isNew) {
  return {
    ...(isNew && { station_id: textOf(f.station_id) }),
    name: textOf(f.name),
    name_ko: textOf(f.name_ko, !isNew),
    address: f.address ?? "",
    lat: numberOf(f.lat, !isNew),
    lng: numberOf(f.lng, !isNew),
    grid_capacity_kw: numberOf(f.grid_capacity_kw, !isNew),
    timezone: textOf(f.timezone),
  };
}

function SiteForm({ site, setPick, onDone }) {
  const t = useT();
  const request = useRequest();
  const isNew = !site;
  const [f, setF] = useState(() => ({
    station_id: site?.station_id ?? "",
    name: site?.name ?? "",
    name_ko: site?.name_ko ?? "",
    address: site?.address ?? "",
    lat: site?.lat ?? "",
    lng: site?.lng ?? "",
    grid_capacity_kw: site?.grid_capacity_kw ?? "",
    timezone: site?.timezone ?? "Asia/Seoul",
  }));
  usePick(setPick, f, setF);
  const set = (key) => (value) => setF((old) => ({ ...old, [key]: value }));
  const save = async () => {
    const path = isNew ? "/stations" : `/stations/${encodeURIComponent(site.station_id)}`;
    if (await request.run(isNew ? "POST" : "PATCH", path, siteBody(f, isNew))) onDone();
  };
  return html`
    <div class="op-form" data-form="site">
      <h3>${isNew ? t("op_add_site") : `${t("op_edit")}: ${site.station_id}`}</h3>
      ${isNew && html`
        <${Field} label=${t("op_site_id")} name="station_id" value=${f.station_id}
          onInput=${set("station_id")} />
      `}
      <${Field} label=${t("op_name")} name="name" value=${f.name} onInput=${set("name")} />
      <${Field} label=${t("op_name_ko")} name="name_ko" value=${f.name_ko} onInput=${set(
        "name_ko",
      )} />
      <${Field} label=${t("op_address")} name="address" value=${f.address} onInput=${set(
        "address",
      )} />
      <${Position} fields=${f} set=${set} />
      <${Field} label=${t("op_capacity")} name="grid_capacity_kw" type="number"
        value=${f.grid_capacity_kw} onInput=${set("grid_capacity_kw")} />
      <${Field} label=${t("op_timezone")} name="timezone" value=${f.timezone} onInput=${set(
        "timezone",
      )} />
      <${SaveCancel} request=${request} onSave=${save} onCancel=${onDone} />
    </div>
  `;
}

function chargerBody(f, { isNew, record }) {
  const rating = numberOf(f.max_power_kw);
  const evses = f.connector
    ? [{
      evse_id: 1,
      connectors: [{ connector_id: 1, type: f.connector, ...(rating && { max_power_kw: rating }) }],
    }]
    : undefined;
  return {
    ...(isNew && { charger_id: textOf(f.charger_id) }),
    station_id: textOf(f.station_id, !isNew),
    lat: numberOf(f.lat, !isNew),
    lng: numberOf(f.lng, !isNew),
    max_power_kw: numberOf(f.max_power_kw, !isNew),
    security_profile: numberOf(f.security_profile),
    ...(evses && (isNew || f.connector !== connectorOf(record)) && { evses }),
  };
}

const connectorOf = (record) => record?.evses?.[0]?.connectors?.[0]?.type ?? "";

function ChargerForm({ charger, record, siteId, sites, setPick, onDone }) {
  const t = useT();
  const lang = useLang();
  const request = useRequest();
  const isNew = !charger;
  const [f, setF] = useState(() => ({
    charger_id: "",
    station_id: charger?.station_id ?? siteId ?? "",
    lat: charger?.lat ?? "",
    lng: charger?.lng ?? "",
    max_power_kw: charger?.max_power_kw ?? "",
    connector: connectorOf(record),
    security_profile: String(record?.security_profile ?? 0),
  }));
  usePick(setPick, f, setF);
  const set = (key) => (value) => setF((old) => ({ ...old, [key]: value }));
  const save = async () => {
    const path = isNew ? "/chargers" : `/chargers/${encodeURIComponent(charger.charger_id)}`;
    const body = chargerBody(f, { isNew, record });
    if (await request.run(isNew ? "POST" : "PATCH", path, body)) onDone();
  };
  const siteOptions = [
    ["", t("op_choose_site")],
    ...sites.map((s) => [s.station_id, siteName(s, lang)]),
  ];
  return html`
    <div class="op-form" data-form="charger">
      <h3>${isNew ? t("op_add_charger") : `${t("op_edit")}: ${charger.charger_id}`}</h3>
      ${isNew && html`
        <${Field} label=${t("op_charger_id")} name="charger_id" value=${f.charger_id}
          onInput=${set("charger_id")} />
      `}
      <${Choice} label=${t("op_site")} name="station_id" value=${f.station_id}
        onInput=${set("station_id")} options=${siteOptions} />
      <${Position} fields=${f} set=${set} />
      <${Field} label=${t("op_rating")} name="max_power_kw" type="number" value=${f.max_power_kw}
        onInput=${set("max_power_kw")} />
      <${Choice} label=${t("op_connector")} name="connector" value=${f.connector}
        onInput=${set("connector")} options=${[["", "–"], ...CONNECTORS.map((c) => [c, c])]} />
      <${Choice} label=${t("op_security")} name="security_profile" value=${f.security_profile}
        onInput=${set("security_profile")} options=${[0, 1, 2, 3].map((
          n,
        ) => [String(n), String(n)])} />
      <${SaveCancel} request=${request} onSave=${save} onCancel=${onDone} />
    </div>
  `;
}

function Unassigned({ chargers, onPlace, t }) {
  const loose = chargers.filter((c) => !c.station_id);
  return html`
    <section class="op-unassigned">
      <h3>${t("op_unassigned")}</h3>
      ${loose.length === 0
        ? html`<p class="muted small">${t("op_unassigned_none")}</p>`
        : html`<ul class="op-list">${
          loose.map((c) =>
            html`
              <li data-unassigned=${c.charger_id}>
                <span class="mono">${c.charger_id}</span>
                <span class="muted small">${c.connected
                  ? t("op_connected")
                  : fmt.time(c.last_seen)}</span>
                <button name="place" onClick=${() => onPlace(c)}>${t("op_place")}</button>
              </li>
            `
          )
        }</ul>`}
    </section>
  `;
}

function SiteRow({ site, chargers, isOpen, onToggle, setEditing, request, t }) {
  const lang = useLang();
  const decommission = async (kind, id) => {
    if (!confirm(t("op_confirm_decommission", { id }))) return;
    const path = kind === "site"
      ? `/stations/${encodeURIComponent(id)}`
      : `/chargers/${encodeURIComponent(id)}`;
    await request.run("DELETE", path);
  };
  return html`
    <li class="op-site" data-op-site=${site.station_id}>
      <div class="site-head">
        <button class="link" name="open-site" onClick=${onToggle}>${siteName(site, lang)}</button>
        <span class="muted small">${fmt.int(site.charger_count)} · ${fmt.int(
          site.grid_capacity_kw,
        )} kW</span>
      </div>
      <div class="controls">
        <button name="edit-site" onClick=${() => setEditing({ kind: "site", site })}>${t(
          "op_edit",
        )}</button>
        <button name="add-charger" onClick=${() =>
          setEditing({ kind: "charger", siteId: site.station_id })}>${t("op_add_charger")}</button>
        <button class="danger" name="decommission-site" onClick=${() =>
          decommission("site", site.station_id)}>${t("op_decommission")}</button>
      </div>
      ${isOpen && html`
        <ul class="op-list">${chargers.map((c) =>
          html`
            <li data-op-charger=${c.charger_id}>
              <span class="mono">${c.charger_id}</span>
              <span class="muted small">${fmt.kw(c.max_power_kw)}</span>
              <button name="edit-charger" onClick=${() =>
                setEditing({ kind: "charger", charger: c })}>${t(
                  "op_edit",
                )}</button>
              <button class="danger" name="decommission-charger" onClick=${() =>
                decommission("charger", c.charger_id)}>${t("op_decommission")}</button>
            </li>
          `
        )}</ul>
      `}
    </li>
  `;
}

/** The tab. `setPick` hands the map's click to the open form. */
export function SitesTab({ fleet, chargers, setPick }) {
  const t = useT();
  const inventory = useInventory(fleet.netVersion);
  const request = useRequest();
  const [editing, setEditing] = useState(null);
  const [openSite, setOpenSite] = useState(null);
  const done = () => {
    setEditing(null);
    fleet.reloadAll();
  };
  const record = (id) => inventory.chargers.find((c) => c.charger_id === id);
  if (editing?.kind === "site") {
    return html`<${SiteForm} site=${editing.site} setPick=${setPick} onDone=${done} />`;
  }
  if (editing?.kind === "charger") {
    return html`
      <${ChargerForm} charger=${editing.charger} record=${record(editing.charger?.charger_id)}
        siteId=${editing.siteId} sites=${fleet.stations} setPick=${setPick} onDone=${done} />
    `;
  }
  return html`
    <div class="op-sites">
      <${Unassigned} chargers=${chargers} t=${t}
        onPlace=${(c) => setEditing({ kind: "charger", charger: c })} />
      <h3>${t("sites")}</h3>
      <ul class="op-list">
        ${fleet.stations.map((site) =>
          html`
            <${SiteRow} key=${site.station_id} site=${site} t=${t} request=${request}
              chargers=${chargers.filter((c) => c.station_id === site.station_id)}
              isOpen=${openSite === site.station_id} setEditing=${setEditing}
              onToggle=${() =>
                setOpenSite(openSite === site.station_id ? null : site.station_id)} />
          `
        )}
      </ul>
      <div class="controls">
        <button class="primary" name="add-site" onClick=${() => setEditing({ kind: "site" })}>${t(
          "op_add_site",
        )}</button>
      </div>
      <${Outcome} request=${request} />
    </div>
  `;
}
