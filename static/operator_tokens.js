// The operator's ID tokens: search by value, group or note, block and unblock, add one, import a
// CSV file and export them all as CSV.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { getJson } from "./api.js";
import { fmt, useT } from "./i18n.js";
import { Choice, Field, Outcome, textOf, useRequest } from "./operator_form.js";

const STATUSES = ["Accepted", "Blocked", "Expired", "Invalid"];
const TYPES = ["ISO14443", "ISO15693", "Central", "eMAID", "KeyCode", "Local", "MacAddress"];

function useTokens(query, version) {
  const [state, setState] = useState({ total: 0, tokens: [] });
  const key = JSON.stringify(query);
  useEffect(() => {
    let isCurrent = true;
    getJson("/id-tokens", { ...query, limit: 100 })
      .then((r) => isCurrent && setState({ total: r.total, tokens: r.id_tokens }))
      .catch((error) => console.warn("cannot read /id-tokens", error));
    return () => (isCurrent = false);
  }, [key, version]);
  return state;
}

function AddToken({ request, t }) {
  const [f, setF] = useState({ id_token: "", type: "ISO14443", group_id_token: "", note: "" });
  const set = (key) => (value) => setF((old) => ({ ...old, [key]: value }));
  const add = async () => {
    const body = {
      id_token: textOf(f.id_token),
      type: f.type,
      group_id_token: textOf(f.group_id_token),
      note: textOf(f.note),
    };
    if (await request.run("POST", "/id-tokens", body)) {
      setF((old) => ({ ...old, id_token: "", note: "" }));
    }
  };
  return html`
    <div class="op-form row" data-form="token">
      <${Field} label=${t("op_token")} name="id_token" value=${f.id_token} onInput=${set(
        "id_token",
      )} />
      <${Choice} label=${t("op_type")} name="type" value=${f.type} onInput=${set("type")}
        options=${TYPES.map((x) => [x, x])} />
      <${Field} label=${t("op_group")} name="group_id_token" value=${f.group_id_token}
        onInput=${set("group_id_token")} />
      <${Field} label=${t("op_note")} name="note" value=${f.note} onInput=${set("note")} />
      <button class="primary" name="add-token" disabled=${request.isBusy}
        onClick=${add}>${t("op_add")}</button>
    </div>
  `;
}

function ImportExport({ request, t }) {
  const upload = async (file) => {
    if (!file) return;
    const answer = await request.run("POST", "/id-tokens/import", null, {
      text: await file.text(),
      type: "text/csv",
    });
    if (answer) request.say(t("op_imported", answer));
  };
  return html`
    <div class="controls">
      <label class="button-like">
        ${t("op_import")}
        <input type="file" name="import" accept=".csv,text/csv" hidden
          onChange=${(e) => upload(e.currentTarget.files[0])} />
      </label>
      <a href="/id-tokens?format=csv" download="id_tokens.csv" name="export">${t("op_export")}</a>
    </div>
  `;
}

function TokenRow({ token, request, t }) {
  const isBlocked = token.status === "Blocked";
  const toggle = () =>
    request.run("PATCH", `/id-tokens/${encodeURIComponent(token.id_token)}`, {
      status: isBlocked ? "Accepted" : "Blocked",
    });
  return html`
    <tr data-token=${token.id_token} data-status=${token.status}>
      <td class="mono">${token.id_token}</td>
      <td>${token.type}</td>
      <td><span class=${`badge token-${token.status.toLowerCase()}`}>${token.status}</span></td>
      <td>${token.expires_at ? fmt.time(token.expires_at) : "–"}</td>
      <td>${token.group_id_token ?? ""}</td>
      <td class="hide-narrow">${token.note ?? ""}</td>
      <td>
        <button name=${isBlocked ? "unblock" : "block"} class=${isBlocked ? "" : "danger"}
          disabled=${request.isBusy} onClick=${toggle}>${t(
            isBlocked ? "op_unblock" : "op_block",
          )}</button>
      </td>
    </tr>
  `;
}

/** The tab; `version` changes whenever tokens changed (here or elsewhere). */
export function TokensTab({ version }) {
  const t = useT();
  const request = useRequest();
  const [query, setQuery] = useState({ q: "", status: "" });
  const { total, tokens } = useTokens(query, version);
  return html`
    <div class="op-tokens">
      <div class="filters">
        <${Field} label=${t("op_search")} name="q" value=${query.q}
          onInput=${(q) => setQuery((old) => ({ ...old, q }))} />
        <${Choice} label=${t("op_status")} name="status" value=${query.status}
          onInput=${(status) => setQuery((old) => ({ ...old, status }))}
          options=${[["", t("filter_all")], ...STATUSES.map((s) => [s, s])]} />
        <span class="muted small" data-field="token-total">${t("op_total", { n: total })}</span>
      </div>
      <div class="table-wrap">
        <table class="op-table">
          <thead>
            <tr>
              <th>${t("op_token")}</th>
              <th>${t("op_type")}</th>
              <th>${t("op_status")}</th>
              <th>${t("op_expires")}</th>
              <th>${t("op_group")}</th>
              <th class="hide-narrow">${t("op_note")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>${tokens.map((token) =>
            html`<${TokenRow} key=${token.id_token} token=${token} request=${request} t=${t} />`
          )}</tbody>
        </table>
      </div>
      <h3>${t("op_add_token")}</h3>
      <${AddToken} request=${request} t=${t} />
      <${ImportExport} request=${request} t=${t} />
      <${Outcome} request=${request} />
    </div>
  `;
}
