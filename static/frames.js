// The live protocol log of one charger: its own event stream (`/events?charger_id=…&frames=1`)
// carries every raw OCPP-J frame in and out (`frame.in`/`frame.out`) and the charger's station,
// status, transaction and meter events, newest first.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { fmt, useT } from "./i18n.js";
import { connectLive } from "./live.js";

const MAX_ENTRIES = 100;
const MESSAGE_TYPES = { 2: "CALL", 3: "CALLRESULT", 4: "CALLERROR" };

/**
 * A one-line summary of a raw OCPP-J frame: `CALL BootNotification`, `CALLRESULT
 * BootNotification`, `CALLERROR FormatViolation`. `actions` remembers each CALL's action by
 * message id, so an answer names what it answers.
 */
export function describeFrame(text, actions = new Map()) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch (error) {
    return { summary: `unreadable frame (${error.message})`, body: text };
  }
  if (!Array.isArray(frame)) return { summary: "not an OCPP-J array", body: text };
  const [type, id, third] = frame;
  const kind = MESSAGE_TYPES[type] ?? `type ${type}`;
  if (type === 2) actions.set(id, third);
  const action = type === 2 ? third : actions.get(id) ?? "";
  const code = type === 4 ? ` ${third}` : "";
  const shortId = String(id).slice(0, 8);
  return { summary: `${kind} ${action}${code} #${shortId}`, body: JSON.stringify(frame, null, 2) };
}

function entryOf(event, actions) {
  const p = event.payload;
  if (event.type === "frame.in" || event.type === "frame.out") {
    const direction = event.type === "frame.in" ? "in" : "out";
    return { at: p.at, direction, ...describeFrame(p.text, actions) };
  }
  const { type: _type, charger_id: _c, station_id: _s, at, ...rest } = p;
  return { at, direction: "event", summary: event.type, body: JSON.stringify(rest, null, 2) };
}

/** The last 100 log entries of `chargerId`, newest first, live. */
export function useChargerLog(chargerId) {
  const [entries, setEntries] = useState([]);
  useEffect(() => {
    setEntries([]);
    if (!chargerId) return;
    const query = new URLSearchParams({ charger_id: chargerId, frames: "1" });
    const actions = new Map();
    return connectLive({
      url: `/events?${query}`,
      onEvent: (event) => {
        const entry = entryOf(event, actions);
        if (actions.size > 500) actions.clear(); // ids of answered calls are not needed again
        setEntries((old) => [entry, ...old].slice(0, MAX_ENTRIES));
      },
    });
  }, [chargerId]);
  return entries;
}

const ARROWS = { in: "→ CSMS", out: "← CSMS", event: "•" };

/** The log list; each entry opens to its pretty-printed JSON. */
export function FrameLog({ chargerId }) {
  const t = useT();
  const entries = useChargerLog(chargerId);
  return html`
    <div class="frame-log" data-entries=${entries.length}>
      ${entries.length === 0 && html`<p class="muted">${t("panel_frames_empty")}</p>`}
      ${entries.map((e, i) =>
        html`
          <details key=${entries.length - i} class=${`frame ${e.direction}`}>
            <summary>
              <span class="frame-time">${fmt.time(e.at)}</span>
              <span class="frame-dir">${ARROWS[e.direction]}</span>
              <span class="frame-summary">${e.summary}</span>
            </summary>
            <pre>${e.body}</pre>
          </details>
        `
      )}
    </div>
  `;
}
