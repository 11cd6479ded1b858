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
      : `"${String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  return `{${values.map(item).join(",")}}`;
}
