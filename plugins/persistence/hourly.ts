/** Power and energy per hour from meter samples, for `GET /statistics/hourly`. */
import type { HourlyRow } from "../../actors/csms/history.ts";
import type { Db } from "./sql.ts";

export type { HourlyRow };

const MAX_SPAN_MS = 366 * 24 * 3600_000;

// The window starts an hour early so the first delta in range has its previous sample.
const HOURLY = `
WITH hours AS (
  SELECT h AS hour,
    extract(epoch FROM LEAST(h + interval '1 hour', $2::timestamptz)
      - GREATEST(h, $1::timestamptz)) / 3600 AS covered_h
  FROM generate_series(date_trunc('hour', $1::timestamptz),
    $2::timestamptz - interval '1 microsecond', interval '1 hour') AS h
),
scoped AS (
  SELECT m.id, m.charger_id, m.evse_id, m.timestamp, m.energy_wh, m.power_w
  FROM meter_samples m
  WHERE m.timestamp >= $1::timestamptz - interval '1 hour' AND m.timestamp < $2::timestamptz
    AND ($3::text IS NULL
      OR m.charger_id IN (SELECT charger_id FROM chargers WHERE station_id = $3::text))
),
deltas AS (
  SELECT timestamp, energy_wh - lag(energy_wh)
    OVER (PARTITION BY charger_id, evse_id ORDER BY timestamp, id) AS delta_wh
  FROM scoped WHERE energy_wh IS NOT NULL
),
energy AS (
  SELECT date_trunc('hour', timestamp) AS hour, sum(delta_wh) AS energy_wh
  FROM deltas WHERE delta_wh > 0 AND timestamp >= $1::timestamptz GROUP BY 1
),
minutes AS (
  SELECT date_trunc('minute', timestamp) AS minute, charger_id, evse_id, avg(power_w) AS power_w
  FROM scoped WHERE power_w IS NOT NULL AND timestamp >= $1::timestamptz GROUP BY 1, 2, 3
),
peaks AS (
  SELECT date_trunc('hour', minute) AS hour, max(site_w) AS peak_w
  FROM (SELECT minute, sum(power_w) AS site_w FROM minutes GROUP BY minute) x GROUP BY 1
),
counts AS (
  SELECT date_trunc('hour', timestamp) AS hour, count(*) AS n
  FROM scoped WHERE timestamp >= $1::timestamptz GROUP BY 1
)
SELECT h.hour,
  round(COALESCE(e.energy_wh, 0)::numeric / 1000, 3) AS energy_kwh,
  round(COALESCE(e.energy_wh, 0)::numeric / 1000 / h.covered_h::numeric, 3) AS avg_power_kw,
  round(COALESCE(p.peak_w, 0)::numeric / 1000, 3) AS peak_power_kw,
  COALESCE(c.n, 0) AS sample_count
FROM hours h
LEFT JOIN energy e ON e.hour = h.hour
LEFT JOIN peaks p ON p.hour = h.hour
LEFT JOIN counts c ON c.hour = h.hour
ORDER BY h.hour`;

/** Hours from `from` (inclusive) to `to` (exclusive), every hour listed, at most 366 days. */
export async function hourlyStats(
  db: Db,
  range: { from: string; to: string; siteId?: string },
): Promise<HourlyRow[]> {
  const fromMs = Date.parse(range.from);
  const toMs = Date.parse(range.to);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs <= fromMs) {
    throw new RangeError(
      `hourly range must be two ISO times, from before to: ${range.from} .. ${range.to}`,
    );
  }
  if (toMs - fromMs > MAX_SPAN_MS) {
    throw new RangeError(`hourly range must be at most 366 days, got ${range.from} .. ${range.to}`);
  }
  return await db.query<HourlyRow>(HOURLY, [range.from, range.to, range.siteId ?? null]);
}
