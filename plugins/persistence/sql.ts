/**
 * The database contract the persistence layer writes against (both engines' adapters in
 * db.ts implement it) and the helpers that build portable SQL parameters.
 */

/**
 * What the persistence layer needs from a database. The same SQL (with `$1` parameters) runs
 * on both engines, and both return the same JS types for the types we use: int8 and numeric
 * as number, timestamptz and timestamp as ISO 8601 strings (UTC, millisecond precision),
 * date as `YYYY-MM-DD`, json and jsonb parsed. Array-typed results are not normalised (send
 * arrays in with {@link pgArray}; read them back through `unnest`).
 */
export interface Db {
  engine: "pglite" | "postgres";
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs several statements separated by semicolons, without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; inside it, `tx.transaction` joins the same transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Runs a write procedure of procedures.ts beside the database, when this Db can (PGlite in
   * its worker); call it through `runProcedure`, which falls back to running it in place.
   */
  runProcedure?(name: string, args: unknown): Promise<unknown>;
}

/**
 * Builds a multi-row `VALUES` list with numbered parameters: `($1, $2), ($3, $4)`. `casts`
 * names a type per column (`["text", "timestamptz"]`) where Postgres cannot infer it, as in
 * `UPDATE … FROM (VALUES …)`.
 */
export function valuesList(
  rows: readonly unknown[][],
  options: { casts?: readonly string[]; firstParam?: number } = {},
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  let n = options.firstParam ?? 1;
  const tuples = rows.map((row) => {
    const cells = row.map((value, i) => {
      params.push(value);
      const cast = options.casts?.[i];
      return cast ? `$${n++}::${cast}` : `$${n++}`;
    });
    return `(${cells.join(", ")})`;
  });
  return { sql: tuples.join(", "), params };
}

/**
 * An array literal (`{"a",NULL,"b"}`) for a `$n::text[]` (or `int[]`, `timestamptz[]`, …)
 * parameter, so array parameters need no engine-specific serialisation. Used with `unnest`
 * for batch writes: one statement text whatever the row count, so it is prepared once.
 */
export function pgArray(values: readonly (string | number | boolean | null | undefined)[]): string {
  const item = (v: string | number | boolean | null | undefined) =>
    v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))
      ? "NULL"
      : `"${pgText(String(v)).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  return `{${values.map(item).join(",")}}`;
}

/**
 * `text` Postgres can store: U+0000 (refused by `text` and `jsonb`) and lone surrogates (not
 * UTF-8) become U+FFFD. A charger may send either in a schema-valid string; refusing the
 * write would make it retry that event forever.
 */
export function pgText(text: string): string {
  return text.replaceAll("\u0000", "\ufffd").toWellFormed();
}

/** How deep a stored JSON document may nest; deeper parts are replaced by a marker. */
export const MAX_JSON_DEPTH = 32;

/**
 * The JSON text of `value` as `jsonb` can store it: strings and keys through {@link pgText},
 * objects and arrays nested deeper than {@link MAX_JSON_DEPTH} (Postgres's parser recurses, so
 * a few thousand levels exceed its stack) replaced by `"[nested too deep]"`.
 */
export function pgJson(value: unknown): string {
  return JSON.stringify(storable(value, 0));
}

function storable(value: unknown, depth: number): unknown {
  if (typeof value === "string") return pgText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_JSON_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) return value.map((v) => storable(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[pgText(k)] = storable(v, depth + 1);
  return out;
}
