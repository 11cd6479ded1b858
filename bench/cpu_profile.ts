/**
 * Takes a V8 CPU profile of a process started with `--inspect` (over the inspector's
 * WebSocket, `Profiler.start`/`stop`) and sums self time by function, which is how the bench
 * finds what to fix. The raw `.cpuprofile` opens in Chrome DevTools.
 */

/** One function's share of the profile. */
export interface HotFunction {
  name: string;
  /** file:line, shortened to the project or package. */
  where: string;
  selfPct: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
}

function shorten(url: string): string {
  if (url === "") return "(native)";
  const npm = /node_modules\/\.deno\/([^/]+)\/node_modules\/(.*)$/.exec(url);
  if (npm) return `npm:${npm[2]}`;
  const local = url.indexOf("/main/");
  return local >= 0 ? url.slice(local + 6) : url.replace(/^.*\//, "");
}

/** Self time per function, highest first. */
export function hotFunctions(profile: CpuProfile, top = 25): HotFunction[] {
  const total = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0) || 1;
  const byKey = new Map<string, HotFunction>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const where = `${shorten(f.url)}:${f.lineNumber + 1}`;
    const name = f.functionName || "(anonymous)";
    const key = `${name}@${where}`;
    const entry = byKey.get(key) ?? { name, where, selfPct: 0 };
    entry.selfPct += ((node.hitCount ?? 0) / total) * 100;
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => b.selfPct - a.selfPct).slice(0, top)
    .map((h) => ({ ...h, selfPct: Math.round(h.selfPct * 10) / 10 }));
}

/** Buckets a frame by where it runs: the database, validation, Tamna's folders, the runtime. */
function categoryOf(url: string, functionName: string): string {
  if (url.startsWith("wasm") || functionName.startsWith("wasm-function")) {
    return "PGlite (WebAssembly)";
  }
  const npm = /node_modules\/\.deno\/(@?[^@/]+(?:\+[^@/]+)?)@/.exec(url);
  if (npm) {
    const name = npm[1].replace("+", "/");
    return name === "@electric-sql/pglite" ? "PGlite (JavaScript)" : `npm:${name}`;
  }
  const local = /\/main\/([^/]+)(\/[^/]+)?/.exec(url);
  if (local) return local[2] && !local[2].endsWith(".ts") ? `${local[1]}${local[2]}` : local[1];
  if (/_fs_|stat_utils|\/fs\//.test(url) || /^op_(node_)?fs/.test(functionName)) {
    return "file system (PGlite's files)";
  }
  if (url === "") {
    if (functionName === "(garbage collector)") return "garbage collector";
    if (functionName === "(idle)" || functionName === "(program)") return "idle / program";
    return "runtime (native ops)";
  }
  return "runtime (Deno JavaScript)";
}

/** Self time per category, highest first, in percent. */
export function profileCategories(profile: CpuProfile): Record<string, number> {
  const total = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0) || 1;
  const sums = new Map<string, number>();
  for (const node of profile.nodes) {
    const key = categoryOf(node.callFrame.url, node.callFrame.functionName);
    sums.set(key, (sums.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  return Object.fromEntries(
    [...sums.entries()].sort((a, b) => b[1] - a[1])
      .map(([k, v]) => [k, Math.round((v / total) * 1000) / 10]),
  );
}

/** Profiles the process whose inspector listens on `port` for `durationMs`. */
export async function profileProcess(port: number, durationMs: number): Promise<CpuProfile> {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  };
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call("Profiler.enable");
    await call("Profiler.setSamplingInterval", { interval: 200 });
    await call("Profiler.start");
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    const { profile } = await call("Profiler.stop") as { profile: CpuProfile };
    return profile;
  } finally {
    ws.close();
  }
}
