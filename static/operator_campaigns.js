// The operator's firmware and log campaigns: upload a firmware image, send it (or ask for logs)
// to a site or every charger, and follow each campaign's progress per charger, live from its own
// event stream (`/events?types=campaign.progress`).
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { getJson } from "./api.js";
import { fmt, useT } from "./i18n.js";
import { connectLive } from "./live.js";
import { Choice, Outcome, useRequest } from "./operator_form.js";

/** Campaigns, firmware files and the open campaign, re-read when progress arrives. */
function useCampaigns(openId) {
  const [state, setState] = useState({ campaigns: [], files: [], open: null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let timer;
    const bump = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setVersion((v) => v + 1), 300);
    };
    const close = connectLive({
      url: "/events?types=campaign.progress",
      types: ["campaign.progress"],
      onEvent: bump,
      refresh: bump,
    });
    return () => {
      close();
      clearTimeout(timer);
    };
  }, []);
  useEffect(() => {
    let isCurrent = true;
    Promise.all([
      getJson("/firmware/campaigns"),
      getJson("/logs/campaigns"),
      getJson("/firmware/files"),
      openId
        ? getJson(`/${openId.kind === "log" ? "logs" : "firmware"}/campaigns/${openId.id}`)
        : null,
    ]).then(([firmware, logs, files, open]) => {
      if (!isCurrent) return;
      const campaigns = [...firmware.campaigns, ...logs.campaigns]
        .sort((a, b) => b.created_at.localeCompare(a.created_at)).slice(0, 20);
      setState({ campaigns, files: files.files, open });
    }).catch((error) => console.warn("cannot read the campaigns", error));
    return () => (isCurrent = false);
  }, [openId?.id, version]);
  return [state, () => setVersion((v) => v + 1)];
}

function StartForm({ files, sites, onStarted, t }) {
  const request = useRequest();
  const [target, setTarget] = useState("all");
  const [fileId, setFileId] = useState("");
  const chosen = fileId || files[0]?.firmware_id || "";
  const targets = target === "all" ? { all: true } : { station_id: target };
  const upload = async (e) => {
    const file = e.currentTarget.files?.[0];
    if (!file) return;
    const name = file.name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
    const answer = await request.run(
      "POST",
      `/firmware/files?name=${encodeURIComponent(name)}`,
      null,
      {
        type: "application/octet-stream",
        text: file,
      },
    );
    if (answer) {
      setFileId(answer.firmware_id);
      onStarted(null);
    }
  };
  const start = async (kind) => {
    const body = kind === "firmware" ? { firmware_id: chosen, ...targets } : targets;
    const answer = await request.run(
      "POST",
      `/${kind === "log" ? "logs" : "firmware"}/campaigns`,
      body,
    );
    if (answer) onStarted({ id: answer.campaign_id, kind });
  };
  return html`
    <div class="op-form" data-form="campaign">
      <${Choice} label=${t("cp_target")} name="target" value=${target} onInput=${setTarget}
        options=${[
          ["all", t("cp_all")],
          ...sites.map((s) => [s.station_id, s.name ?? s.station_id]),
        ]} />
      <${Choice} label=${t("cp_firmware")} name="firmware" value=${chosen} onInput=${setFileId}
        options=${files.map((f) => [f.firmware_id, `${f.name} (${fmt.int(f.size_bytes)} B)`])} />
      <label class="field"><span>${t("cp_upload")}</span>
        <input type="file" name="firmware-file" onChange=${upload} /></label>
      <div class="controls">
        <button class="primary" name="start-firmware" disabled=${!chosen || request.isBusy}
          onClick=${() => start("firmware")}>${t("cp_send_firmware")}</button>
        <button name="start-logs" disabled=${request.isBusy} onClick=${() => start("log")}>${t(
          "cp_get_logs",
        )}</button>
      </div>
      <${Outcome} request=${request} />
    </div>
  `;
}

function Counts({ counts }) {
  return Object.entries(counts ?? {}).map(([status, n]) =>
    html`
      <span class="count" data-count=${status}>${status} <b>${n}</b></span>
    `
  );
}

function OpenCampaign({ campaign }) {
  return html`
    <ul class="op-list campaign" data-campaign-id=${campaign.campaign_id}>
      ${campaign.targets.map((x) =>
        html`
          <li key=${x.charger_id} data-charger-id=${x.charger_id} data-status=${x.status}>
            <span class="mono">${x.charger_id}</span> <b>${x.status}</b>
            ${x.file_name &&
              html`
                <a href=${`/logs/files/${encodeURIComponent(x.file_name)}`}>${x.file_name}</a>
              `}
          </li>
        `
      )}
    </ul>
  `;
}

/** The campaigns tab; `sites` are the sites to choose from. */
export function CampaignsTab({ sites }) {
  const t = useT();
  const [openId, setOpenId] = useState(null);
  const [state, refresh] = useCampaigns(openId);
  const onStarted = (id) => {
    if (id) setOpenId(id);
    refresh();
  };
  return html`
    <div class="campaigns">
      <${StartForm} files=${state.files} sites=${sites} onStarted=${onStarted} t=${t} />
      <ul class="op-list">
        ${state.campaigns.map((c) =>
          html`
            <li key=${c.campaign_id} data-campaign=${c.campaign_id}>
              <button class="link" onClick=${() => setOpenId({ id: c.campaign_id, kind: c.kind })}>
                ${t(c.kind === "log" ? "cp_log" : "cp_firmware")} · ${fmt.time(c.created_at)}
              </button>
              ${openId?.id === c.campaign_id && state.open &&
                html`
                  <div>
                    <${Counts} counts=${state.open.counts} />
                  </div>
                `}
            </li>
          `
        )}
      </ul>
      ${state.open && html`<${OpenCampaign} campaign=${state.open} />`}
    </div>
  `;
}
