// One charger's panel: status, model, power, the running session's energy and cost, its recent
// transactions, remote start/stop, the smart-charging limit (10–100 kW), its device management
// (device_panel.js) and the live protocol log.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { postJson } from "./api.js";
import { FrameLog } from "./frames.js";
import { DevicePanel } from "./device_panel.js";
import { fmt, useT } from "./i18n.js";
import { useCanControl, ViewOnlyNote } from "./login.js";
import { STATUS_COLORS } from "./status.js";
import { useTransactions } from "./transactions.js";

/** The smart-charging slider's range, kW. */
export const LIMIT_MIN_KW = 10;
export const LIMIT_MAX_KW = 100;

function Fact({ label, value, name }) {
  return html`
    <div class="fact">
      <dt>${label}</dt>
      <dd data-field=${name}>${value}</dd>
    </div>
  `;
}

/** Runs a control request and reports the charger's answer or the API's error. */
function useCommand(chargerId, onDone) {
  const t = useT();
  const [state, setState] = useState({ isBusy: false, message: "", isError: false });
  useEffect(() => setState({ isBusy: false, message: "", isError: false }), [chargerId]);
  const run = async (path, body) => {
    setState({ isBusy: true, message: "", isError: false });
    try {
      const url = `/chargers/${encodeURIComponent(chargerId)}/${path}`;
      const result = await postJson(url, body);
      const isError = result.status !== "success";
      setState({
        isBusy: false,
        message: `${result.action}: ${result.ocpp_status ?? result.status}`,
        isError,
      });
    } catch (error) {
      setState({ isBusy: false, message: `${t("error")}: ${error.message}`, isError: true });
    }
    onDone();
  };
  return [state, run];
}

function Controls({ charger, run, state, t }) {
  const [limitKw, setLimitKw] = useState(charger.power_limit_kw ?? charger.max_power_kw ?? 50);
  useEffect(() => setLimitKw(charger.power_limit_kw ?? charger.max_power_kw ?? 50), [
    charger.charger_id,
  ]);
  const evseId = charger.connectors[0]?.evse_id ?? 1;
  const canStart = charger.connected && !charger.current_transaction &&
    charger.status === "available";
  const canStop = charger.connected && !!charger.current_transaction;
  const clamp = Math.min(LIMIT_MAX_KW, Math.max(LIMIT_MIN_KW, limitKw));
  return html`
    <div class="controls">
      <button class="primary" name="start" disabled=${!canStart || state.isBusy}
        onClick=${() => run("start", { evse_id: evseId })}>${t("panel_start")}</button>
      <button class="danger" name="stop" disabled=${!canStop || state.isBusy}
        onClick=${() => run("stop", {})}>${t("panel_stop")}</button>
    </div>
    <div class="smart">
      <label for="limit">${t("panel_smart")}: <b data-field="limit-choice">${fmt.int(
        clamp,
      )} kW</b></label>
      <div class="slider-row">
        <input id="limit" name="limit" type="range" min=${LIMIT_MIN_KW} max=${LIMIT_MAX_KW} step="1"
          value=${clamp} onInput=${(e) => setLimitKw(Number(e.currentTarget.value))} />
        <button name="apply-limit" disabled=${!charger.connected || state.isBusy}
          onClick=${() => run("control", { action: "set_power_limit", power_kw: clamp })}>${t(
            "panel_apply",
          )}</button>
      </div>
    </div>
    ${state.message &&
      html`<p class=${
        state.isError ? "error" : "ok"
      } role="status" data-field="result">${state.message}</p>`}
  `;
}

function Recent({ chargerId, version, t }) {
  const { rows } = useTransactions({ charger_id: chargerId, limit: 5 }, version);
  if (rows.length === 0) return html`<p class="muted">${t("tx_empty")}</p>`;
  return html`
    <ul class="recent">
      ${rows.map((tx) =>
        html`
          <li key=${tx.transaction_id} data-transaction-id=${tx.transaction_id}>
            <span class="mono">${tx.transaction_id}</span>
            <span>${fmt.time(tx.start_time)}</span>
            <span class="num">${fmt.kwh(tx.energy_consumed)}</span>
            <span class="num">${tx.end_time ? fmt.krw(tx.cost) : t("tx_running")}</span>
          </li>
        `
      )}
    </ul>
  `;
}

/**
 * The panel of `charger` (a `GET /chargers/{id}` object); `siteLabel` names its site;
 * `hasDevices` shows device management (the server has it with a database).
 */
export function ChargerPanel({ charger, siteLabel, version, hasDevices, onClose, reload }) {
  const t = useT();
  const [state, run] = useCommand(charger.charger_id, () => reload(charger.charger_id));
  const canControl = useCanControl();
  const tx = charger.current_transaction;
  return html`
    <aside class="card panel" data-charger-id=${charger.charger_id} aria-label=${charger
      .charger_id}>
      <header>
        <h2>
          <span class="dot" style=${`background:${STATUS_COLORS[charger.status]}`}></span>
          ${charger.charger_id}
        </h2>
        <button class="close" onClick=${onClose} aria-label=${t("panel_close")}>×</button>
      </header>
      <p class="status-line" data-field="status" data-status=${charger.status}>
        ${t(`status_${charger.status}`)}
      </p>
      <dl class="facts">
        <${Fact} label=${t("panel_model")} value=${charger.model ?? "–"} />
        <${Fact} label=${t("panel_vendor")} value=${charger.vendor ?? "–"} />
        <${Fact} label=${t("panel_site")} value=${siteLabel ?? "–"} />
        <${Fact} label=${t("panel_max")} value=${fmt.kw(charger.max_power_kw)} />
        <${Fact} name="power" label=${t("panel_power")} value=${fmt.kw(charger.power_kw)} />
        <${Fact} name="power-limit" label=${t("panel_limit")}
          value=${charger.power_limit_kw == null
            ? t("panel_none")
            : fmt.kw(charger.power_limit_kw)} />
        <${Fact} name="energy" label=${t("panel_session")} value=${tx
          ? fmt.kwh(tx.energy_kwh)
          : "–"} />
        <${Fact} name="cost" label=${t("panel_cost")} value=${tx ? fmt.krw(tx.cost_krw) : "–"} />
        <${Fact} label=${t("panel_since")} value=${tx ? fmt.time(tx.start_time) : "–"} />
        <${Fact} label=${t("panel_last_seen")} value=${fmt.time(charger.last_seen)} />
      </dl>
      ${canControl
        ? html`<${Controls} charger=${charger} run=${run} state=${state} t=${t} />`
        : html`<${ViewOnlyNote} />`}
      ${hasDevices &&
        html`<${DevicePanel} charger=${charger} canControl=${canControl} reload=${reload} />`}
      <h3>${t("panel_recent")}</h3>
      <${Recent} chargerId=${charger.charger_id} version=${version} t=${t} />
      <h3>${t("panel_frames")}</h3>
      <${FrameLog} chargerId=${charger.charger_id} />
    </aside>
  `;
}
