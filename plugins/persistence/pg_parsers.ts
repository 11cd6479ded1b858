/**
 * How result values are parsed, shared by both adapters (and PGlite's worker), so results do
 * not depend on the engine: int8 and numeric as number, timestamps as ISO 8601 strings (UTC,
 * millisecond precision), date as `YYYY-MM-DD`.
 */

/** Type OIDs of the values we parse ourselves. */
export const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, TIMESTAMP: 1114, TIMESTAMPTZ: 1184 };

/** Postgres prints `2026-01-21 05:30:00+00`; a bare timestamp (no zone) is read as UTC. */
export function toIso(text: string): string {
  const hasZone = /[+-]\d\d(:?\d\d)?$|Z$/.test(text);
  return new Date(hasZone ? text : `${text}Z`).toISOString();
}

/** Parser per type OID. */
export const PARSERS: Record<number, (text: string) => unknown> = {
  [OID.INT8]: (x) => Number(x),
  [OID.NUMERIC]: (x) => Number(x),
  [OID.DATE]: (x) => x,
  [OID.TIMESTAMP]: toIso,
  [OID.TIMESTAMPTZ]: toIso,
};
