/**
 * Server-side prepared statements for PGlite. PGlite parses and plans every parameterised
 * query anew (its query() uses the unnamed statement), which in WebAssembly costs more than
 * running our hot statements: measured here, ~0.8 ms for the TransactionEvent statement
 * against ~0.3 ms through PREPARE/EXECUTE. So each parameterised statement text is prepared
 * once per session and then run with EXECUTE.
 *
 * EXECUTE takes no bind parameters, so the values travel as SQL literals, each one quoted
 * string that Postgres coerces to the parameter's type exactly as it coerces a bound text
 * parameter. Quoting doubles single quotes, which is the whole escaping Postgres does when
 * standard_conforming_strings is on (checked at the start; otherwise nothing is prepared).
 * Values of other types (objects, dates, binary) take the ordinary path.
 *
 * An EXECUTE has no parameters of its own, so it goes through PGlite's simple-query path
 * (`exec`): one message into the WebAssembly instead of parse, bind, describe and execute.
 * Measured in one process, an EXECUTE that changes nothing took 269 µs through query() and
 * 180 µs through exec(). The rows come back through the same type parsers.
 */
import type { PGlite, Results } from "@electric-sql/pglite";

type Queryable = Pick<PGlite, "query" | "exec">;

/** The most statement texts prepared per session; beyond it, queries take the ordinary path. */
const MAX_PREPARED = 256;

function isLiteral(value: unknown): boolean {
  return value === null || value === undefined || typeof value === "string" ||
    typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** One session's prepared statements. */
export interface PreparedStatements {
  /** Runs `sql` with `params` on `pg` (the session or a transaction of it). */
  query<T>(pg: Queryable, sql: string, params?: unknown[]): Promise<Results<T>>;
}

/** Prepares statements on the session of `session`, if its settings allow it. */
export async function createPreparedStatements(session: Queryable): Promise<PreparedStatements> {
  const [setting] = (await session.query<{ standard_conforming_strings: string }>(
    "SHOW standard_conforming_strings",
  )).rows;
  const isEnabled = setting?.standard_conforming_strings === "on";
  // Statement text -> its name, once PREPARE succeeded (a promise while it runs).
  const names = new Map<string, Promise<string>>();
  let count = 0;

  function nameOf(pg: Queryable, sql: string): Promise<string> {
    let name = names.get(sql);
    if (name === undefined) {
      const chosen = `tamna_${++count}`;
      name = pg.query(`PREPARE ${chosen} AS ${sql}`).then(() => chosen);
      // A statement that cannot be prepared fails as the query itself would; not cached.
      name.catch(() => names.delete(sql));
      names.set(sql, name);
    }
    return name;
  }

  return {
    async query<T>(pg: Queryable, sql: string, params: unknown[] = []) {
      const isPreparable = isEnabled && params.length > 0 && params.every(isLiteral) &&
        (names.has(sql) || names.size < MAX_PREPARED);
      if (!isPreparable) return pg.query<T>(sql, params);
      const name = await nameOf(pg, sql);
      const [result] = await pg.exec(`EXECUTE ${name}(${params.map(literal).join(", ")})`);
      return result as Results<T>;
    },
  };
}
