// docs/library.md shows docs/examples/quickstart.ts verbatim in its "seed's example" section,
// and that exact file runs here. It charges for 5 real seconds, because that is what it shows.
import assert from "node:assert/strict";

const QUICKSTART = new URL("../docs/examples/quickstart.ts", import.meta.url);
const FRAGMENT = new URL("../docs/library.md", import.meta.url);

Deno.test("docs/library.md shows docs/examples/quickstart.ts verbatim in a ts block", async () => {
  const code = await Deno.readTextFile(QUICKSTART);
  const fragment = await Deno.readTextFile(FRAGMENT);
  assert.ok(fragment.includes("```ts\n" + code + "```\n"), "the docs/library.md fragment drifted");
  const lines = code.trimEnd().split("\n").length;
  assert.ok(lines < 30, `the example has ${lines} lines, the issue asks for well under 30`);
});

Deno.test("docs/examples/quickstart.ts starts a server and a charger, charges 5 s, stops and disconnects", async () => {
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.join(" "));
  try {
    await import(QUICKSTART.href);
  } finally {
    console.log = log;
  }
  assert.equal(printed.length, 3, printed.join("\n"));
  assert.match(printed[0], /^Transaction \S+-1: Accepted$/);
  // The charger ramps to its 100 kW rating in 4 s.
  assert.equal(printed[1], "Charging at 100 kW");
  const stopped = printed[2].match(/^Stopped: (\d+) Wh, (\d+) KRW \(Remote\)$/);
  assert.ok(stopped, printed[2]);
  const [energyWh, costKrw] = [Number(stopped[1]), Number(stopped[2])];
  // About 5 s at up to 100 kW: more than the ramp alone, less than 5 s at full power.
  assert.ok(energyWh > 40 && energyWh < 140, printed[2]);
  assert.equal(costKrw, Math.floor((energyWh * 150 + 500) / 1000)); // 150 KRW/kWh, half-up
});
