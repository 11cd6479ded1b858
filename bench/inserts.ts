/** Database inserts per second on PGlite and PostgreSQL (issue 4), each in a child process. */
import type { InsertBench } from "../plugins/persistence/bench.ts";
import { spawnChild } from "./procs.ts";

/** One engine's insert throughput. */
export interface InsertResult extends InsertBench {
  engine: "pglite" | "postgres";
  rows: number;
}

const BENCH_DIR = new URL(".", import.meta.url).pathname;

/** Runs `benchInserts` on a fresh database of `engine`. */
export async function runInsertBench(
  engine: "pglite" | "postgres",
  options: { rows: number; runDir: string; databaseUrl?: string; log(line: string): void },
): Promise<InsertResult> {
  options.log(`inserts: ${engine}, ${options.rows} meter samples`);
  const child = await spawnChild("inserts", `${BENCH_DIR}inserts_entry.ts`, [JSON.stringify({
    engine,
    rows: options.rows,
    dataDir: engine === "pglite" ? `${options.runDir}/inserts_pglite` : undefined,
    url: engine === "postgres" ? options.databaseUrl : undefined,
  })], {
    permissions: ["--allow-net", "--allow-read", "--allow-write", "--allow-env", "--allow-sys"],
    logPath: `${options.runDir}/inserts.log`,
  });
  try {
    const result = await child.event<InsertBench>("result", 300_000);
    return { ...result, engine, rows: options.rows };
  } finally {
    await child.stop("SIGTERM", 10_000);
  }
}
