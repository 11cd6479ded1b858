import assert from "node:assert/strict";
import { join } from "node:path";
import { startPluginTestBed } from "../testing.ts";
import { capturePlugin } from "./mod.ts";

Deno.test("capturePlugin() writes frames in batches flushMs after the first, then at shutdown", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "frames.jsonl");
  const bed = await startPluginTestBed([capturePlugin()], {
    config: { capture: { path, flushMs: 200 } },
  });
  const lines = async () => (await Deno.readTextFile(path)).split("\n").filter(Boolean);
  try {
    const at = new Date(bed.clock.now()).toISOString();
    bed.bus.emit("frame.in", { chargerId: "cs1", text: '[2,"1","Heartbeat",{}]', at });
    bed.bus.emit("frame.out", { chargerId: "cs1", text: `[3,"1",{"currentTime":"${at}"}]`, at });
    await bed.clock.advance(100);
    assert.deepEqual(await lines(), []);
    await bed.clock.advance(100);
    // The write itself is real file I/O: poll for it (a few ms).
    for (let i = 0; i < 100 && (await lines()).length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.deepEqual((await lines()).map((l) => JSON.parse(l).direction), ["in", "out"]);
    bed.bus.emit("frame.in", { chargerId: "cs1", text: '[2,"2","Heartbeat",{}]', at });
    await bed.stop();
    assert.equal((await lines()).length, 3);
    assert.deepEqual(JSON.parse((await lines())[2]), {
      at,
      chargerId: "cs1",
      direction: "in",
      text: '[2,"2","Heartbeat",{}]',
    });
  } finally {
    await bed.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("capturePlugin() rotates at maxBytes, keeps maxFiles files, and never splits a line", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "sub", "frames.jsonl");
  const bed = await startPluginTestBed([capturePlugin()], {
    config: { capture: { path, maxBytes: 1024, maxFiles: 3, flushMs: 10 } },
  });
  try {
    const at = new Date(bed.clock.now()).toISOString();
    for (let i = 0; i < 40; i++) {
      // ~100-byte lines in batches of 10: each batch is ~1 KiB, so the file rotates often.
      for (let j = 0; j < 10; j++) {
        bed.bus.emit("frame.in", { chargerId: "cs1", text: `[2,"${i}-${j}","Heartbeat",{}]`, at });
      }
      await bed.clock.advance(10);
      await new Promise((resolve) => setTimeout(resolve, 1)); // let the sink's write run
    }
    await bed.stop();
    const names = [...Deno.readDirSync(join(dir, "sub"))].map((e) => e.name).sort();
    assert.deepEqual(names, ["frames.jsonl", "frames.jsonl.1", "frames.jsonl.2"]);
    const newest = (await Deno.readTextFile(path)).split("\n").filter(Boolean);
    for (const line of newest) assert.equal(JSON.parse(line).chargerId, "cs1");
    assert.equal(JSON.parse(newest.at(-1)!).text, '[2,"39-9","Heartbeat",{}]');
  } finally {
    await bed.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
