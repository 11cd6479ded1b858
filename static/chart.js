// The hourly power chart as hand-written SVG: a bar per hour of average power (energy of the hour
// ÷ its length, from `GET /statistics/hourly`) and a line of the hour's peak fleet power.
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { fmt, useT } from "./i18n.js";

const H = 220;
// The top padding leaves a line above the highest tick for the unit label, so they never overlap.
const PAD = { left: 52, right: 12, top: 28, bottom: 28 };

/** A round axis maximum at or above `max`: 1, 2 or 5 times a power of ten. */
export function niceMax(max) {
  if (!(max > 0)) return 10;
  const step = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * step).find((v) => v >= max);
}

/** The element's width in px, following resizes (so the SVG is drawn 1:1 and text stays legible). */
function useWidth(fallback) {
  const ref = useRef(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width)));
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, []);
  return [ref, Math.max(280, width)];
}

function axis(W, yMax, y) {
  return [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const value = yMax * f;
    return html`
      <g class="grid">
        <line x1=${PAD.left} x2=${W - PAD.right} y1=${y(value)} y2=${y(value)} />
        <text x=${PAD.left - 6} y=${y(value) + 4} text-anchor="end">${fmt.num(value)}</text>
      </g>
    `;
  });
}

/** The chart; `hourly` is the API's answer (or null while loading). */
export function HourlyChart({ hourly }) {
  const t = useT();
  const [box, W] = useWidth(720);
  const hours = hourly?.hours ?? [];
  const yMax = niceMax(Math.max(0, ...hours.map((h) => Math.max(h.avg_power_kw, h.peak_power_kw))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, hours.length);
  const x = (i) => PAD.left + i * slot;
  const y = (kw) => PAD.top + plotH - (kw / yMax) * plotH;
  const peak = hours.map((h, i) => `${x(i) + slot / 2},${y(h.peak_power_kw)}`).join(" ");
  const isEmpty = hours.every((h) => h.peak_power_kw === 0 && h.avg_power_kw === 0);
  return html`
    <section class="card chart">
      <h2>${t("chart_title")}</h2>
      <div class="legend">
        <span class="swatch avg" title=${t("chart_avg_help")}></span> ${t("chart_avg")} (kW)
        <span class="swatch peak"></span> ${t("chart_peak")} (kW)
        <span class="total">${t("chart_energy")} ${fmt.kwh(hourly?.energy_kwh)}</span>
      </div>
      <div ref=${box}>
        <svg width=${W} height=${H} viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${t(
          "chart_title",
        )}>
        ${axis(W, yMax, y)}
        <text class="unit" x=${PAD.left - 6} y=${PAD.top - 14} text-anchor="end">kW</text>
        ${hours.map((h, i) =>
          html`
            <g class="hour" data-hour=${h.hour}>
              <title>${fmt.time(h.hour)}: ${fmt.kw(h.avg_power_kw)} · ${t("chart_peak")} ${fmt.kw(
                h.peak_power_kw,
              )} · ${fmt.kwh(h.energy_kwh)}</title>
              <rect
                class="avg"
                x=${x(i) + slot * 0.15}
                width=${slot * 0.7}
                y=${y(h.avg_power_kw)}
                height=${Math.max(0, PAD.top + plotH - y(h.avg_power_kw))}
              />
              ${i % (W < 500 ? 6 : 3) === 0 &&
                html`<text class="tick" x=${x(i) + slot / 2} y=${H - 8} text-anchor="middle">${
                  fmt.hour(h.hour)
                }</text>`}
            </g>
          `
        )}
        ${hours.length > 0 && html`<polyline class="peak" points=${peak} />`}
        ${isEmpty &&
          html`<text class="empty" x=${W / 2} y=${H / 2} text-anchor="middle">${
            t("chart_empty")
          }</text>`}
      </svg>
      </div>
    </section>
  `;
}
