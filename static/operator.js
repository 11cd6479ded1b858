// The operator area beside the map: sites and chargers, ID tokens and tariffs as managed data,
// and firmware and log campaigns.
// Every change goes through the REST API; other viewers see it through the live event stream.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { useT } from "./i18n.js";
import "./operator_i18n.js";
import { SitesTab } from "./operator_sites.js";
import { TariffsTab } from "./operator_tariffs.js";
import { TokensTab } from "./operator_tokens.js";
import { CampaignsTab } from "./operator_campaigns.js";

const TABS = [
  ["sites", "op_sites"],
  ["tokens", "op_tokens"],
  ["tariffs", "op_tariffs"],
  ["campaigns", "op_campaigns"],
];

/** Whether this server manages the network (it has a database): `/inventory` answers. */
function useIsManaged() {
  const [isManaged, setManaged] = useState(null);
  useEffect(() => {
    fetch("/inventory", { headers: { accept: "application/json" } })
      .then((r) => {
        setManaged(r.ok);
        return r.body?.cancel();
      })
      .catch((error) => {
        console.warn("cannot reach /inventory", error);
        setManaged(false);
      });
  }, []);
  return isManaged;
}

/** The area; `setPick` lets the open form take the map's clicks. */
export function OperatorArea({ fleet, chargers, setPick }) {
  const t = useT();
  const [tab, setTab] = useState("sites");
  const isManaged = useIsManaged();
  if (isManaged === false) {
    return html`
      <section class="card operator">
        <p class="muted">${t("op_needs_db")}</p>
      </section>
    `;
  }
  const netVersion = fleet.netVersion + fleet.txVersion;
  return html`
    <section class="card operator" data-tab=${tab}>
      <nav class="tabs" role="tablist">
        ${TABS.map(([name, label]) =>
          html`
            <button role="tab" name=${`tab-${name}`} aria-selected=${tab === name}
              class=${tab === name ? "active" : ""} onClick=${() => setTab(name)}>${t(
                label,
              )}</button>
          `
        )}
      </nav>
      ${tab === "sites" &&
        html`<${SitesTab} fleet=${fleet} chargers=${chargers} setPick=${setPick} />`}
      ${tab === "tokens" && html`<${TokensTab} version=${fleet.netVersion} />`}
      ${tab === "tariffs" && html`<${TariffsTab} sites=${fleet.stations} version=${netVersion} />`}
      ${tab === "campaigns" && html`<${CampaignsTab} sites=${fleet.stations} />`}
    </section>
  `;
}
