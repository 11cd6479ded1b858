// The dashboard's root: header (live state, language), KPI cards, the map with the site list or
// the selected charger's panel, the hourly chart and the transactions table.
import { html, render } from "htm/preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { getJson } from "./api.js";
import { HourlyChart } from "./chart.js";
import { useFleet } from "./fleet.js";
import { LangContext, savedLang, saveLang, siteName, useT } from "./i18n.js";
import { Kpis } from "./kpis.js";
import { AuthGate, useCanControl, UserMenu } from "./login.js";
import { MapView } from "./map.js";
import { ChargerPanel } from "./panel.js";
import { OperatorArea } from "./operator.js";
import { SiteList } from "./sites.js";
import { Transactions } from "./transactions.js";

function Header({ mode, lang, setLang, errors, view, setView }) {
  const t = useT();
  // The operator area is for those who may change things; viewers see the monitor only.
  const canControl = useCanControl();
  const label = { live: t("live"), polling: t("polling"), connecting: t("connecting") }[mode];
  return html`
    <header class="top">
      <div>
        <h1>${t("title")}</h1>
        <p class="muted">${t("subtitle")}</p>
      </div>
      <div class="top-right">
        ${canControl && html`<nav class="views">
          ${
          ["monitor", "operate"].map((name) =>
            html`
              <button name=${`view-${name}`} class=${view === name ? "active" : ""}
                aria-pressed=${view === name} onClick=${() => setView(name)}>${t(
                  `view_${name}`,
                )}</button>
            `
          )
        }
        </nav>`}
        ${mode &&
          html`<span class=${`mode ${mode}`} data-mode=${mode} title=${
            errors.map(([n, m]) => `${n}: ${m}`).join("\n")
          }>
          <span class="pulse"></span>${label}
        </span>`}
        <${UserMenu} />
        <button class="lang" name="lang" onClick=${() => setLang(lang === "ko" ? "en" : "ko")}>
          ${t("language")}
        </button>
      </div>
    </header>
  `;
}

function Dashboard({ lang, setLang }) {
  const t = useT();
  const fleet = useFleet();
  const [selectedId, setSelectedId] = useState(null);
  const [showHeat, setShowHeat] = useState(true);
  const [config, setConfig] = useState(null);
  const [view, setView] = useState("monitor");
  const [pick, setPick] = useState(null);
  useEffect(() => {
    getJson("/dashboard/config").then(setConfig).catch((error) =>
      console.warn("no dashboard config, drawing without tiles", error)
    );
  }, []);
  const chargers = useMemo(
    () => Object.values(fleet.chargers).sort((a, b) => a.charger_id.localeCompare(b.charger_id)),
    [fleet.chargers],
  );
  const selected = selectedId ? fleet.chargers[selectedId] : undefined;
  const site = fleet.stations.find((s) => s.station_id === selected?.station_id);
  const select = (id) => {
    setSelectedId(id);
    // On a phone the panel sits below the map: bring it into view.
    requestAnimationFrame(() =>
      document.querySelector(".side")?.scrollIntoView({ block: "nearest" })
    );
  };
  return html`
    <${Header} mode=${fleet.mode} lang=${lang} setLang=${setLang} errors=${fleet.errors}
      view=${view} setView=${setView} />
    <${Kpis} kpis=${fleet.kpis} />
    <main class="grid">
      <section class="card map-card">
        <div class="map-head">
          <h2>${t("map_title")}</h2>
          <label class="toggle">
            <input type="checkbox" name="heat" checked=${showHeat}
              onChange=${(e) => setShowHeat(e.currentTarget.checked)} />
            ${t("heat")}
          </label>
        </div>
        <${MapView}
          chargers=${chargers}
          sites=${fleet.stations}
          heat=${fleet.heat}
          showHeat=${showHeat}
          config=${config}
          selectedId=${selectedId}
          onSelect=${select}
          onView=${fleet.setView}
          onPick=${view === "operate" ? pick?.onPick : undefined}
          picked=${view === "operate" ? pick?.picked : undefined}
          t=${t}
          lang=${lang}
        />
        <${Legend} />
      </section>
      <div class="side">
        ${view === "operate"
          ? html`<${OperatorArea} fleet=${fleet} chargers=${chargers} setPick=${setPick} />`
          : selected
          ? html`
            <${ChargerPanel}
              charger=${selected}
              siteLabel=${site ? siteName(site, lang) : selected.station_id}
              version=${fleet.txVersion}
              hasDevices=${config?.device_management === true}
              onClose=${() => setSelectedId(null)}
              reload=${fleet.reloadCharger}
            />
          `
          : html`
            <${SiteList}
              stations=${fleet.stations}
              chargers=${chargers}
              selectedId=${selectedId}
              onSelect=${select}
            />
          `}
      </div>
      <${HourlyChart} hourly=${fleet.hourly} />
      <${Transactions}
        stations=${fleet.stations}
        chargerIds=${chargers.map((c) => c.charger_id)}
        version=${fleet.txVersion}
        onSelect=${select}
      />
    </main>
  `;
}

function Legend() {
  const t = useT();
  return html`
    <div class="legend map-legend">
      ${["available", "charging", "occupied", "reserved", "faulted", "offline", "unavailable"].map((
        s,
      ) =>
        html`
          <span><span class=${`dot status-${s}`}></span>${t(`status_${s}`)}</span>
        `
      )}
    </div>
  `;
}

function App() {
  const [lang, setLangState] = useState(savedLang);
  const setLang = (next) => {
    saveLang(next);
    setLangState(next);
  };
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = lang === "ko" ? "탐라 충전 관제" : "Tamna charging control";
  }, [lang]);
  return html`
    <${LangContext.Provider} value=${lang}>
      <${AuthGate} header=${html`
        <${Header} mode=${null} lang=${lang} setLang=${setLang}
          errors=${[]} />
      `}>
        <${Dashboard} lang=${lang} setLang=${setLang} />
        </${AuthGate}>
        </${LangContext.Provider}>
  `;
}

render(html`<${App} />`, document.getElementById("app"));
