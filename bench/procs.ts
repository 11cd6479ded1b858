/**
 * Child processes of the bench and what the kernel says about them: a JSON-lines handle over
 * `Deno.Command`, CPU time and RSS from `/proc`, and free loopback ports.
 */
import { readLines } from "./child_io.ts";

/** CPU time (user + system, all threads) and resident memory of a process. */
export interface ProcStats {
  cpuMs: number;
  rssKb: number;
}

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux this runs on. */
const CLK_TCK = 100;
const decoder = new TextDecoder();

/** Reads a /proc file through `cat`: Deno itself wants --allow-all for /proc, the task has --allow-run. */
export async function readProcFiles(paths: string[]): Promise<string> {
  const out = await new Deno.Command("cat", { args: paths, stdout: "piped", stderr: "null" })
    .output();
  return decoder.decode(out.stdout);
}

/** Parses `cat /proc/<pid>/stat /proc/<pid>/status`. */
export function parseProcStats(text: string): ProcStats {
  const close = text.indexOf(")");
  if (close < 0) return { cpuMs: 0, rssKb: 0 };
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = text.slice(close + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  const rss = /VmRSS:\s+(\d+) kB/.exec(text);
  return { cpuMs: (ticks * 1000) / CLK_TCK, rssKb: rss ? Number(rss[1]) : 0 };
}

/** CPU time and RSS of a process; zeros once it is gone. */
export async function procStats(pid: number): Promise<ProcStats> {
  return parseProcStats(await readProcFiles([`/proc/${pid}/stat`, `/proc/${pid}/status`]));
}

/** CPU time and wake-ups of a process's threads, summed by kind of thread. */
export interface ThreadStats {
  /** CPU time (ms, user + system) per kind. */
  cpuMs: Record<string, number>;
  /**
   * Voluntary context switches per kind: how often a thread went to sleep waiting for
   * something (a socket, a timer, another thread) and was woken again. At a low message rate
   * each wake-up costs more CPU than the work it wakes for.
   */
  wakeups: Record<string, number>;
}

/**
 * Per kind of thread of a process: `main` (the JavaScript event loop), `workers` (other
 * threads named like the main one: Web Workers such as PGlite's), `gc` (V8's helper threads)
 * and `io` (tokio). Read from /proc/<pid>/task/<tid>/stat and …/status.
 */
export async function threadStats(pid: number): Promise<ThreadStats> {
  const out = await new Deno.Command("sh", {
    args: [
      "-c",
      `for t in /proc/${pid}/task/*; do cat "$t/stat"; echo; grep '^voluntary_ctxt' "$t/status"; done`,
    ],
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => null);
  const zero = () => ({ main: 0, workers: 0, gc: 0, io: 0 } as Record<string, number>);
  const stats: ThreadStats = { cpuMs: zero(), wakeups: zero() };
  let kind = "";
  for (const line of decoder.decode(out?.stdout ?? new Uint8Array()).split("\n")) {
    if (line.startsWith("voluntary_ctxt_switches:")) {
      if (kind) stats.wakeups[kind] += Number(line.slice(24).trim()) || 0;
      continue;
    }
    const open = line.indexOf("("), close = line.lastIndexOf(")");
    if (open < 0 || close < 0) continue;
    const tid = Number(line.slice(0, open).trim());
    const comm = line.slice(open + 1, close);
    const fields = line.slice(close + 2).split(" ");
    kind = tid === pid
      ? "main"
      : comm.startsWith("V8")
      ? "gc"
      : comm.startsWith("tokio")
      ? "io"
      : "workers";
    stats.cpuMs[kind] += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  }
  return stats;
}

/**
 * Splits a child's stdout line into its protocol message (`{"id":…}` or `{"event":…}`) and
 * whatever else is on the line: output another thread wrote without a newline (V8's
 * `--trace-gc` in a Web Worker) can run into the message's line.
 */
export function splitProtocolLine(
  line: string,
): { message?: Record<string, unknown>; stray: string } {
  const at = Math.max(line.lastIndexOf('{"event":'), line.lastIndexOf('{"id":'));
  for (const start of at > 0 ? [0, at] : [0]) {
    try {
      const message = JSON.parse(line.slice(start));
      if (message !== null && typeof message === "object" && !Array.isArray(message)) {
        return { message, stray: line.slice(0, start) };
      }
    } catch { /* try the next start */ }
  }
  return { stray: line };
}

/** The sum over several processes. */
export async function sumStats(pids: number[]): Promise<ProcStats> {
  return (await Promise.all(pids.map(procStats))).reduce(
    (a, b) => ({ cpuMs: a.cpuMs + b.cpuMs, rssKb: a.rssKb + b.rssKb }),
    { cpuMs: 0, rssKb: 0 },
  );
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): number {
  return freePorts(1)[0];
}

/**
 * `count` distinct ports on 127.0.0.1 that were free a moment ago. All are held until the last
 * is found: a port closed at once can come back from the next ask (two servers of one cluster
 * test were once given the same port).
 */
export function freePorts(count: number): number[] {
  const listeners = Array.from(
    { length: count },
    () => Deno.listen({ hostname: "127.0.0.1", port: 0 }),
  );
  for (const listener of listeners) listener.close();
  return listeners.map((listener) => (listener.addr as Deno.NetAddr).port);
}

/** A running child that speaks the JSON-lines protocol of child_io.ts. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  /** Sends a command and resolves with its result. */
  request<T>(cmd: string, fields?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Resolves with the first `{event}` line of that name (already seen ones count). */
  event<T = Record<string, unknown>>(name: string, timeoutMs?: number): Promise<T>;
  signal(signal: Deno.Signal): void;
  /** Resolves when the process has ended (SIGKILL after `graceMs`). */
  stop(signal?: Deno.Signal, graceMs?: number): Promise<Deno.CommandStatus>;
  readonly status: Promise<Deno.CommandStatus>;
}

/** Options of {@link spawnChild}. */
export interface SpawnOptions {
  /** `deno run` permission flags, e.g. ["--allow-net"]. */
  permissions: string[];
  /** Appends the child's stderr to this file. */
  logPath: string;
  /** Extra V8 flags, e.g. ["--max-old-space-size=4096"]. */
  v8Flags?: string[];
  /** Extra `deno run` flags, e.g. ["--inspect=127.0.0.1:9229"]. */
  denoFlags?: string[];
  /**
   * Starts the child through `prlimit --nofile=N:N` when the current limit is lower and
   * prlimit can raise it (root, or N under the hard limit); see {@link openFilesLimit}.
   */
  maxOpenFiles?: number;
}

/** What the bench did about RLIMIT_NOFILE, for the report. */
export const fdLimitNotes = new Set<string>();

/** This process's RLIMIT_NOFILE (soft, hard), from `prlimit`; null where it cannot be read. */
export async function openFilesLimit(): Promise<{ soft: number; hard: number } | null> {
  try {
    const out = await new Deno.Command("prlimit", {
      args: ["--pid", String(Deno.pid), "--nofile", "--raw", "--noheadings", "-o", "SOFT,HARD"],
      stdout: "piped",
      stderr: "null",
    }).output();
    const [soft, hard] = decoder.decode(out.stdout).trim().split(/\s+/).map(Number);
    return out.success && soft > 0 ? { soft, hard } : null;
  } catch {
    return null;
  }
}

/** Whether `prlimit` may set RLIMIT_NOFILE to `value` (raising the hard limit needs CAP_SYS_RESOURCE). */
async function canSetLimit(value: number): Promise<boolean> {
  const out = await new Deno.Command("prlimit", {
    args: [`--nofile=${value}:${value}`, "--", "true"],
    stdout: "null",
    stderr: "null",
  }).output().catch(() => null);
  return out?.success ?? false;
}

/**
 * The most open files a child of the bench can get: `wanted` if this process's limit allows
 * it or prlimit can raise it, else the hard limit. Notes what it did in {@link fdLimitNotes}.
 */
export async function reachableOpenFiles(wanted: number): Promise<number> {
  const limit = await openFilesLimit();
  if (limit === null) {
    fdLimitNotes.add("could not read RLIMIT_NOFILE (no prlimit): children keep the default");
    return wanted;
  }
  if (limit.soft >= wanted) return wanted;
  if (wanted <= limit.hard || await canSetLimit(wanted)) {
    fdLimitNotes.add(
      `RLIMIT_NOFILE raised from ${limit.soft} (hard ${limit.hard}) to ${wanted} with prlimit`,
    );
    return wanted;
  }
  fdLimitNotes.add(
    `RLIMIT_NOFILE is ${limit.soft} (hard ${limit.hard}) and prlimit may not raise it to ` +
      `${wanted} here (no CAP_SYS_RESOURCE): children get ${limit.hard}`,
  );
  return limit.hard;
}

/** The command prefix that starts a child with `wanted` open files, when that needs one. */
async function limitPrefix(wanted: number | undefined): Promise<string[]> {
  if (wanted === undefined) return [];
  const limit = await openFilesLimit();
  if (limit === null || limit.soft >= wanted) return [];
  const value = await reachableOpenFiles(wanted);
  return ["prlimit", `--nofile=${value}:${value}`, "--"];
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts `deno run <script> <args>` with piped stdio. */
export async function spawnChild(
  name: string,
  script: string,
  args: string[],
  options: SpawnOptions,
): Promise<Child> {
  const v8 = options.v8Flags?.length ? [`--v8-flags=${options.v8Flags.join(",")}`] : [];
  const [program, ...prefix] = [...await limitPrefix(options.maxOpenFiles), Deno.execPath()];
  const process = new Deno.Command(program, {
    args: [
      ...prefix,
      "run",
      "--quiet",
      ...options.permissions,
      ...v8,
      ...(options.denoFlags ?? []),
      script,
      ...args,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log = await Deno.open(options.logPath, { write: true, create: true, append: true });
  void process.stderr.pipeTo(log.writable).catch(() => {});
  const writer = process.stdin.getWriter();
  const encoder = new TextEncoder();
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const events: Record<string, unknown>[] = [];
  const eventWaiters: { name: string; resolve(v: Record<string, unknown>): void }[] = [];
  let nextId = 1;
  const status = process.status;

  void (async () => {
    for await (const line of readLines(process.stdout)) {
      const { message, stray } = splitProtocolLine(line);
      // not part of the protocol (a stray console.log, V8's --trace-gc): into the log
      if (stray !== "") void log.write(encoder.encode(`${stray}\n`)).catch(() => {});
      if (message === undefined) continue;
      if (typeof message.id === "number") {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error !== undefined) waiter?.reject(new Error(`${name}: ${message.error}`));
        else waiter?.resolve(message.result);
      } else if (typeof message.event === "string") {
        events.push(message);
        for (const w of eventWaiters.filter((w) => w.name === message.event)) {
          eventWaiters.splice(eventWaiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    }
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited`));
    pending.clear();
  })();

  const child: Child = {
    name,
    pid: process.pid,
    status,
    request<T>(cmd: string, fields: Record<string, unknown> = {}, timeoutMs = 600_000) {
      const id = nextId++;
      const answer = new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      });
      void writer.write(encoder.encode(JSON.stringify({ id, cmd, ...fields }) + "\n"))
        .catch(() => {});
      return withTimeout(answer, timeoutMs, `${name} ${cmd}`);
    },
    event<T>(eventName: string, timeoutMs = 120_000) {
      const seen = events.find((e) => e.event === eventName);
      if (seen) return Promise.resolve(seen as T);
      const waiting = new Promise<T>((resolve) => {
        eventWaiters.push({ name: eventName, resolve: resolve as (v: unknown) => void });
      });
      const exited = status.then((s) => {
        throw new Error(`${name} exited with code ${s.code} before "${eventName}"`);
      });
      return withTimeout(Promise.race([waiting, exited]), timeoutMs, `${name} ${eventName}`);
    },
    signal(signal) {
      try {
        process.kill(signal);
      } catch {
        // already gone
      }
    },
    async stop(signal = "SIGTERM", graceMs = 15_000) {
      await writer.close().catch(() => {});
      child.signal(signal);
      const timer = setTimeout(() => child.signal("SIGKILL"), graceMs);
      const result = await status;
      clearTimeout(timer);
      return result;
    },
  };
  return child;
}
