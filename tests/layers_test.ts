/**
 * The layering rules of docs/architecture.md, enforced: every product module's imports (read
 * by `deno info` from the real module graph, type-only and JSON imports included) go only to
 * its own layer or one below, and no import closes a circle.
 */
import assert from "node:assert/strict";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A layer: what it holds (path prefixes) and which layers it may import. */
interface Layer {
  name: string;
  holds: string[];
  mayImport: string[];
}

/** The rules; the first layer whose prefix matches a path holds it. */
export const LAYERS: Layer[] = [
  {
    name: "protocol+runtime",
    holds: ["actors/ocpp/", "actors/runtime/"],
    mayImport: ["protocol+runtime"],
  },
  {
    name: "domain",
    holds: ["actors/csms/", "actors/station/"],
    mayImport: ["protocol+runtime", "domain"],
  },
  {
    name: "plugins",
    holds: ["plugins/"],
    mayImport: ["protocol+runtime", "domain", "plugins"],
  },
  {
    name: "edges",
    holds: ["routes/", "cluster/"],
    mayImport: ["protocol+runtime", "domain", "plugins", "edges"],
  },
  { name: "simulator", holds: ["sim/"], mayImport: ["protocol+runtime", "simulator"] },
  {
    name: "composition",
    holds: ["main.ts", "server.ts", "library.ts", "mod.ts", "config.ts"],
    mayImport: ["protocol+runtime", "domain", "plugins", "edges", "simulator", "composition"],
  },
];

/** Product modules only: tests, benchmarks and test support may import anything. */
function isProduct(path: string): boolean {
  return !/(^|\/)(tests|bench|docs)\//.test(path) && !/_test\.ts$/.test(path) &&
    !path.startsWith("node_modules/");
}

export function layerOf(path: string): Layer | undefined {
  return LAYERS.find((layer) =>
    layer.holds.some((prefix) => prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix)
  );
}

async function productFiles(dir = ROOT): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}${entry.name}`;
    const rel = relative(ROOT, path);
    if (entry.isDirectory) {
      if (["node_modules", "data", "test_artifacts", ".git"].includes(entry.name)) continue;
      out.push(...await productFiles(`${path}/`));
    } else if (/\.(ts|js)$/.test(entry.name) && isProduct(rel) && !rel.startsWith("static/")) {
      out.push(rel);
    }
  }
  return out;
}

interface InfoModule {
  specifier: string;
  dependencies?: { code?: { specifier: string }; type?: { specifier: string } }[];
}

/** Every local import edge between product modules, from one `deno info --json` run. */
export async function importGraph(): Promise<Map<string, Set<string>>> {
  const files = await productFiles();
  const dir = await Deno.makeTempDir();
  try {
    const rootFile = `${dir}/all.ts`;
    const lines = files.map((f) => `import ${JSON.stringify(`file://${ROOT}${f}`)};`);
    await Deno.writeTextFile(rootFile, lines.join("\n"));
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", "--config", `${ROOT}deno.json`, rootFile],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(output.success, new TextDecoder().decode(output.stderr));
    const info = JSON.parse(new TextDecoder().decode(output.stdout)) as { modules: InfoModule[] };
    const local = (specifier: string) =>
      specifier.startsWith(`file://${ROOT}`) ? specifier.slice(`file://${ROOT}`.length) : undefined;
    const graph = new Map<string, Set<string>>();
    for (const module of info.modules) {
      const from = local(module.specifier);
      if (from === undefined || !isProduct(from)) continue;
      const targets = new Set<string>();
      for (const dep of module.dependencies ?? []) {
        for (const target of [dep.code?.specifier, dep.type?.specifier]) {
          const to = target && local(target);
          if (to) targets.add(to);
        }
      }
      graph.set(from, targets);
    }
    return graph;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Imports that go up a layer or sideways into a layer not allowed, as "from -> to (why)". */
export function upwardImports(graph: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const layer = layerOf(from);
    for (const to of targets) {
      if (!isProduct(to)) {
        out.push(`${from} -> ${to} (product code imports test support)`);
        continue;
      }
      const target = layerOf(to);
      if (!layer || !target) {
        out.push(`${from} -> ${to} (no layer holds ${!layer ? from : to})`);
      } else if (!layer.mayImport.includes(target.name)) {
        out.push(`${from} -> ${to} (${layer.name} may not import ${target.name})`);
      }
    }
  }
  return out.sort();
}

/** Every circle of imports, each as the list of its modules (Tarjan's strongly connected components). */
export function circles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  function visit(node: string): void {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
      }
    }
    if (low.get(node) !== indexOf.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node)) out.push(component.sort());
  }
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return out;
}

Deno.test("layers: every product module lives in a layer and imports only its own or lower layers", async () => {
  const graph = await importGraph();
  assert.ok(graph.size > 100, `the graph holds only ${graph.size} modules`);
  assert.deepEqual(upwardImports(graph), []);
});

Deno.test("layers: no circle of imports among product modules", async () => {
  assert.deepEqual(circles(await importGraph()), []);
});

Deno.test("layers: the checks catch an upward import, a stray file and a circle", () => {
  const graph = new Map([
    ["actors/ocpp/frames.ts", new Set(["actors/csms/events.ts"])],
    ["actors/csms/events.ts", new Set(["actors/ocpp/frames.ts"])],
    ["sim/cli.ts", new Set(["server.ts", "tests/helpers.ts"])],
    ["stray.ts", new Set<string>()],
    ["server.ts", new Set<string>()],
  ]);
  assert.deepEqual(upwardImports(graph), [
    "actors/ocpp/frames.ts -> actors/csms/events.ts (protocol+runtime may not import domain)",
    "sim/cli.ts -> server.ts (simulator may not import composition)",
    "sim/cli.ts -> tests/helpers.ts (product code imports test support)",
  ]);
  assert.deepEqual(circles(graph), [["actors/csms/events.ts", "actors/ocpp/frames.ts"]]);
  assert.equal(layerOf("stray.ts"), undefined);
});
