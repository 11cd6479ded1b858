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
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    out += arrayItem(values[i]);
  }
  return out + "}";
}

/** Characters an array item must escape or replace: `"`, `\`, U+0000 and surrogates. */
// deno-lint-ignore no-control-regex -- U+0000 is what we look for
const NEEDS_CARE = /["\\\u0000\uD800-\uDFFF]/;

function arrayItem(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return "NULL";
  // Numbers and booleans are array literals as they print; only strings need quoting.
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "NULL";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (!NEEDS_CARE.test(v)) return `"${v}"`;
  return `"${(UNSTORABLE.test(v) ? pgText(v) : v).replace(QUOTE_OR_BACKSLASH, "\\$&")}"`;
}

// deno-lint-ignore no-control-regex -- U+0000 is what we look for
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/;
const QUOTE_OR_BACKSLASH = /["\\]/g;

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
  // Most documents need nothing replaced: check the text JSON.stringify gives, which escapes
  // U+0000 and lone surrogates (the only characters jsonb refuses), rather than copy the tree.
  const text = JSON.stringify(value);
  if (text === undefined || isStorableJsonText(text, MAX_JSON_DEPTH)) return text;
  return JSON.stringify(storable(value, 0));
}

/**
 * Rows for `jsonb_to_recordset($n::text::jsonb)` (through `text`: postgres.js would encode a
 * string sent as `jsonb` once more): a JSON array of flat objects whose string values
 * (and the strings inside JSON-valued ones) are made storable as {@link pgText} does, each
 * value nested at most {@link MAX_JSON_DEPTH} deep as in {@link pgJson}. One parameter carries
 * a whole batch, and the statement text stays the same whatever the row count.
 */
export function pgJsonRows(rows: readonly Record<string, unknown>[]): string {
  const text = JSON.stringify(rows);
  // the array and each row's object add two levels above every value
  if (isStorableJsonText(text, MAX_JSON_DEPTH + 2)) return text;
  return JSON.stringify(rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[pgText(k)] = storable(v, 0);
    return out;
  }));
}

/**
 * Whether `text` (JSON.stringify's output) nests at most `maxDepth` deep and has
 * no `\u0000` or surrogate escape (JSON.stringify writes paired surrogates as they are and
 * escapes only lone ones). An escaped backslash before `u` may look like one: that is only a
 * false alarm, and the careful path then copies the value. The escapes are found by one native
 * search; the depth scan jumps over each string with `indexOf` (most of an OCPP payload's
 * characters are in strings), which halved the check's share of a TransactionEvent's CPU.
 */
function isStorableJsonText(text: string, maxDepth: number): boolean {
  if (REFUSED_ESCAPE.test(text)) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = closingQuote(text, i);
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return false;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return true;
}

/** `\u0000` or `\uD800`–`\uDFFF` (JSON.stringify writes its escapes in lower case). */
const REFUSED_ESCAPE = /\\u(?:0000|d[89abcdef])/;

/** The index of the quote that closes the string opened at `open` (the end if none does). */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at > 0 && isEscaped(text, at)) at = text.indexOf('"', at + 1);
  return at < 0 ? text.length : at;
}

/** Whether an odd number of backslashes stands right before `at`. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
  return backslashes % 2 === 1;
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
