// What the operator area's forms share: a labelled field, a request runner that reports the
// answer or the API's error (which names the bad field), and reading form values.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { sendJson } from "./api.js";
import { useT } from "./i18n.js";

/** A labelled input; `name` is the REST field it fills. */
export function Field({ label, name, value, onInput, type = "text", ...rest }) {
  return html`
    <label class="field">
      <span>${label}</span>
      <input name=${name} type=${type} value=${value ?? ""} step=${type === "number"
        ? "any"
        : undefined}
        onInput=${(e) => onInput(e.currentTarget.value)} ...${rest} />
    </label>
  `;
}

/** A labelled select of `options` ([value, label] pairs). */
export function Choice({ label, name, value, onInput, options }) {
  return html`
    <label class="field">
      <span>${label}</span>
      <select name=${name} value=${value ?? ""} onChange=${(e) => onInput(e.currentTarget.value)}>
        ${options.map(([v, text]) => html`<option value=${v}>${text}</option>`)}
      </select>
    </label>
  `;
}

/**
 * Runs mutating requests and keeps the last outcome: `run(method, path, body)` resolves with the
 * answer, or with null after showing the API's error.
 */
export function useRequest() {
  const t = useT();
  const [state, setState] = useState({ isBusy: false, message: "", isError: false });
  const run = async (method, path, body, options) => {
    setState({ isBusy: true, message: "", isError: false });
    try {
      const answer = await sendJson(method, path, body, options);
      setState({ isBusy: false, message: t("op_saved"), isError: false });
      return answer;
    } catch (error) {
      setState({ isBusy: false, message: `${t("error")}: ${error.message}`, isError: true });
      return null;
    }
  };
  const say = (message, isError = false) => setState({ isBusy: false, message, isError });
  return { ...state, run, say };
}

/** The outcome line of a form. */
export function Outcome({ request }) {
  if (!request.message) return null;
  return html`<p class=${
    request.isError ? "error" : "ok"
  } role="status" data-field="op-result">${request.message}</p>`;
}

/** Latitude and longitude of a form, filled by typing or by a click on the map. */
export function Position({ fields, set }) {
  const t = useT();
  return html`
    <div class="pair">
      <${Field} label=${t("op_lat")} name="lat" type="number" value=${fields.lat} onInput=${set(
        "lat",
      )} />
      <${Field} label=${t("op_lng")} name="lng" type="number" value=${fields.lng} onInput=${set(
        "lng",
      )} />
    </div>
    <p class="muted small">${t("op_pick_hint")}</p>
  `;
}

/** A form's save and cancel buttons and the outcome of its request. */
export function SaveCancel({ request, onSave, onCancel }) {
  const t = useT();
  return html`
    <div class="controls">
      <button class="primary" name="save" disabled=${request.isBusy} onClick=${onSave}>${t(
        "op_save",
      )}</button>
      <button name="cancel" onClick=${onCancel}>${t("op_cancel")}</button>
    </div>
    <${Outcome} request=${request} />
  `;
}

/** A number from an input, or undefined when empty (null with `clearable`, for PATCH). */
export function numberOf(text, clearable = false) {
  if (text === "" || text === undefined || text === null) return clearable ? null : undefined;
  return Number(text);
}

/** A text from an input, or undefined when empty (null with `clearable`). */
export function textOf(text, clearable = false) {
  const trimmed = (text ?? "").trim();
  if (trimmed === "") return clearable ? null : undefined;
  return trimmed;
}

/** Rounds a map click to 6 decimals (~10 cm). */
export function coordinate(value) {
  return Math.round(value * 1e6) / 1e6;
}
