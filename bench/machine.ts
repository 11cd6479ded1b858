/** What the report says about where it ran: CPU, cores, memory, kernel, Deno, commit, date. */
import { readProcFiles } from "./procs.ts";

/** The machine and software of one bench run. */
export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  deno: string;
  v8: string;
  gitCommit: string;
  /** Uncommitted changes in the working tree when the bench ran. */
  isDirty: boolean;
  date: string;
  /** 1-minute load average at the start: other work on the machine skews timings. */
  loadAverageAtStart: number;
}

async function git(args: string[]): Promise<string> {
  try {
    const out = await new Deno.Command("git", { args, stdout: "piped", stderr: "null" }).output();
    return new TextDecoder().decode(out.stdout).trim();
  } catch {
    return "";
  }
}

/** Reads the machine description (`cat /proc/cpuinfo`, Deno's system calls, `git`). */
export async function describeMachine(): Promise<Machine> {
  const cpuinfo = await readProcFiles(["/proc/cpuinfo"]);
  return {
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
    cores: navigator.hardwareConcurrency,
    memoryGiB: Math.round((Deno.systemMemoryInfo().total / 1024 ** 3) * 10) / 10,
    kernel: Deno.osRelease(),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    gitCommit: (await git(["rev-parse", "--short=12", "HEAD"])) || "unknown",
    isDirty: (await git(["status", "--porcelain", "--untracked-files=no"])) !== "",
    date: new Date().toISOString(),
    loadAverageAtStart: Math.round(Deno.loadavg()[0] * 100) / 100,
  };
}
