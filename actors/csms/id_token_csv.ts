/**
 * ID tokens as CSV (RFC 4180: comma separated, double quotes around fields with commas, quotes
 * or line breaks): the header `id_token,type,status,expires_at,group_id_token,note`, one token
 * per line. Import checks every line before anything is stored; the error names line and field.
 */
import { IdTokenWrite } from "./id_tokens.ts";
import type { IdTokenRecord } from "./id_tokens.ts";
import { badField } from "./network_common.ts";

/** The columns, in order, and the token field each fills. */
export const CSV_COLUMNS = [
  ["id_token", "idToken"],
  ["type", "type"],
  ["status", "status"],
  ["expires_at", "expiresAt"],
  ["group_id_token", "groupIdToken"],
  ["note", "note"],
] as const;

/** Most lines one import takes. */
export const MAX_CSV_ROWS = 10_000;

function quoted(value: string | undefined): string {
  if (value === undefined) return "";
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The tokens as CSV, header first, one line each (CRLF line ends, as RFC 4180 has them). */
export function tokensToCsv(tokens: readonly IdTokenRecord[]): string {
  const lines = [CSV_COLUMNS.map(([column]) => column).join(",")];
  for (const token of tokens) {
    lines.push(CSV_COLUMNS.map(([, field]) => quoted(token[field])).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

/** Splits CSV text into rows of fields; a quote left open is an error naming its line. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let isQuoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (isQuoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') isQuoted = false;
      else field += ch;
      if (ch === "\n") line++;
    } else if (ch === '"' && field === "") isQuoted = true;
    else if (ch === ",") [row, field] = [[...row, field], ""];
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      rows.push([...row, field]);
      [row, field] = [[], ""];
      line++;
    } else field += ch;
  }
  if (isQuoted) throw badField("csv", `line ${line} has a quote that is never closed`);
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => !(r.length === 1 && r[0].trim() === ""));
}

function headerIndex(header: readonly string[]): Map<string, number> {
  const index = new Map(header.map((name, i) => [name.trim().toLowerCase(), i]));
  for (const name of index.keys()) {
    if (!CSV_COLUMNS.some(([column]) => column === name)) {
      throw badField("csv", `line 1 names an unknown column ${name}`);
    }
  }
  if (!index.has("id_token")) throw badField("csv", "line 1 must name the column id_token");
  return index;
}

/** Reads tokens from CSV; throws a 400 naming the line and column of the first bad value. */
export function tokensFromCsv(text: string): IdTokenWrite[] {
  const [header, ...rows] = parseCsvRows(text.replace(/^\uFEFF/, ""));
  if (!header) throw badField("csv", "the file is empty: it needs a header line");
  if (rows.length > MAX_CSV_ROWS) {
    throw badField("csv", `${rows.length} lines is more than ${MAX_CSV_ROWS} in one import`);
  }
  const index = headerIndex(header);
  const seen = new Set<string>();
  return rows.map((cells, i) => {
    const line = i + 2;
    const raw: Record<string, string> = {};
    for (const [column, field] of CSV_COLUMNS) {
      const value = cells[index.get(column) ?? -1]?.trim();
      if (value) raw[field] = value;
    }
    const parsed = IdTokenWrite.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const column = CSV_COLUMNS.find(([, field]) => field === issue.path[0])?.[0] ?? "id_token";
      throw badField("csv", `line ${line} column ${column}: ${issue.message}`);
    }
    if (seen.has(parsed.data.idToken)) {
      throw badField("csv", `line ${line} repeats id_token ${parsed.data.idToken}`);
    }
    seen.add(parsed.data.idToken);
    return parsed.data;
  });
}
