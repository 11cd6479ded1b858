// The device management part of a charger's panel: key variables of its stored device model
// (heartbeat interval, meter sample interval, TxStartPoint) with a form to set a writable one,
// its reservation, and its latest firmware and log progress. Its own event stream
// (`/events?charger_id=…&types=…`) keeps it live.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { getJson, postJson, sendJson } from "./api.js";
import { fmt, useT } from "./i18n.js";
import { connectLive } from "./live.js";

/** The variables the panel shows, as component and variable. */
export const KEY_VARIABLES = [
  { component: "OCPPCommCtrlr", variable: "HeartbeatInterval" },
  { component: "SampledDataCtrlr", variable: "TxUpdatedInterval" },
  { component: "TxCtrlr", variable: "TxStartPoint" },
];

const DEVICE_EVENTS = [
  "device-model.stored",
  "device-model.variables",
  "campaign.progress",
  "reservation.changed",
];

const isKey = (v) =>
  v.evse_id === null &&
  KEY_VARIABLES.some((k) => k.component === v.component && k.variable === v.variable);

/** The charger's key variables and campaign progress, re-read when its device events arrive. */
function useDevice(chargerId) {
  const [state, setState] = useState({ variables: [], campaigns: null, error: "" });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let timer;
    const bump = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setVersion((v) => v + 1), 200);
    };
    const id = encodeURIComponent(chargerId);
    const close = connectLive({
      url: `/events?charger_id=${id}&types=${DEVICE_EVENTS.join(",")}`,
      types: DEVICE_EVENTS,
      onEvent: bump,
      refresh: bump,
    });
    return () => {
      close();
      clearTimeout(timer);
    };
  }, [chargerId]);
  useEffect(() => {
    let isCurrent = true;
    const id = encodeURIComponent(chargerId);
    const names = KEY_VARIABLES.map((k) => k.variable).join(",");
    Promise.all([
      getJson(`/chargers/${id}/device-model`, { variable: names }),
      getJson(`/chargers/${id}/campaigns`),
    ]).then(([model, campaigns]) => {
      if (!isCurrent) return;
      setState({ variables: model.variables.filter(isKey), campaigns, error: "" });
    }).catch((error) => isCurrent && setState((old) => ({ ...old, error: error.message })));
    return () => {
      isCurrent = false;
    };
  }, [chargerId, version]);
  return [state, () => setVersion((v) => v + 1)];
}

function VariableRow({ chargerId, v, canControl, onDone, t }) {
  const [value, setValue] = useState(v.value ?? "");
  const [result, setResult] = useState(null);
  useEffect(() => setValue(v.value ?? ""), [v.value]);
  const set = async () => {
    try {
      const answer = await postJson(`/chargers/${encodeURIComponent(chargerId)}/variables/set`, {
        variables: [{ component: v.component, variable: v.variable, value }],
      });
      const status = answer.results[0]?.attribute_status;
      setResult({ isError: status !== "Accepted", text: `${v.variable}: ${status}` });
    } catch (error) {
      setResult({ isError: true, text: `${t("error")}: ${error.message}` });
    }
    onDone();
  };
  const isWritable = canControl && v.mutability === "ReadWrite";
  return html`
    <li data-variable=${v.variable}>
      <span class="mono">${v.component}.${v.variable}</span>
      ${isWritable
        ? html`
          <span class="value">
            <input name=${`var-${v.variable}`} value=${value} size="8"
              onInput=${(e) => setValue(e.currentTarget.value)} />
            <button name=${`set-${v.variable}`} onClick=${set}>${t("device_set")}</button>
          </span>
        `
        : html`<b class="value" data-field=${`var-${v.variable}`}>${v.value ?? "–"}</b>`}
      <span class="muted">${v.unit ?? ""}</span>
      <span class="muted" data-field=${`status-${v.variable}`}>${v.last_status ?? ""}</span>
      ${result &&
        html`<p class=${result.isError ? "error" : "ok"} role="status">${result.text}</p>`}
    </li>
  `;
}

function Progress({ label, part, name }) {
  if (!part) return "";
  return html`
    <div class="fact">
      <dt>${label}</dt>
      <dd data-field=${name} data-status=${part.status}>
        ${part.status} <span class="muted">${fmt.time(part.updated_at)}</span>
        ${part.file_name &&
          html`
            <a href=${`/logs/files/${encodeURIComponent(part.file_name)}`}>${part
              .file_name}</a>
          `}
      </dd>
    </div>
  `;
}

function Reservation({ charger, canControl, onDone, t }) {
  const r = charger.reservation;
  if (!r) return "";
  const cancel = async () => {
    try {
      const id = encodeURIComponent(charger.charger_id);
      await sendJson("DELETE", `/chargers/${id}/reservations/${r.reservation_id}`);
    } catch (error) {
      console.warn("cancelling the reservation failed", error);
    }
    onDone();
  };
  return html`
    <p data-field="reservation">
      ${t("device_reserved")} <b>${r.id_token}</b> (${t("device_until")} ${fmt.time(
        r.expires_at,
      )})
      ${canControl &&
        html`
          <button name="cancel-reservation" onClick=${cancel}>${t("device_cancel")}</button>
        `}
    </p>
  `;
}

/** The device part of `charger`'s panel; `canControl` shows the set and cancel buttons. */
export function DevicePanel({ charger, canControl, reload }) {
  const t = useT();
  const [state, refresh] = useDevice(charger.charger_id);
  const onDone = () => {
    refresh();
    reload?.(charger.charger_id);
  };
  return html`
    <section class="device" data-section="device">
      <h3>${t("device_title")}</h3>
      <${Reservation} charger=${charger} canControl=${canControl} onDone=${onDone} t=${t} />
      ${state.error
        ? html`<p class="muted">${state.error}</p>`
        : state.variables.length === 0
        ? html`<p class="muted" data-field="no-model">${t("device_no_model")}</p>`
        : html`
          <ul class="variables">
            ${state.variables.map((v) =>
              html`
                <${VariableRow} key=${v.variable} chargerId=${charger.charger_id} v=${v}
                  canControl=${canControl} onDone=${onDone} t=${t} />
              `
            )}
          </ul>
        `}
      <dl class="facts">
        <${Progress} label=${t("device_firmware")} part=${state.campaigns?.firmware}
          name="firmware" />
        <${Progress} label=${t("device_log")} part=${state.campaigns?.log} name="log" />
      </dl>
    </section>
  `;
}
