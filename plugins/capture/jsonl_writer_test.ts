import assert from "node:assert/strict";
import { join } from "node:path";
import { openJsonlWriter } from "./jsonl_writer.ts";

const read = (path: string) => Deno.readTextFile(path).then((t) => t.split("\n").filter(Boolean));

Deno.test("openJsonlWriter() appends lines and rotates at the size cap, keeping maxFiles files", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "sub", "frames.jsonl");
  try {
    const writer = await openJsonlWriter(path, { maxBytes: 20, maxFiles: 3 });
    try {
      await writer.write(["line-01", "line-02"]); // 16 bytes
      await writer.write(["line-03"]); // would be 24: rotates first
      await writer.write(["line-04", "line-05", "line-06", "line-07"]); // rotates within
      assert.equal(writer.sizeBytes, 8);
    } finally {
      writer.close();
    }
    assert.deepEqual(await read(path), ["line-07"]);
    assert.deepEqual(await read(`${path}.1`), ["line-05", "line-06"]);
    assert.deepEqual(await read(`${path}.2`), ["line-03", "line-04"]);
    await assert.rejects(() => Deno.stat(`${path}.3`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openJsonlWriter() continues an existing file and keeps an overlong line whole", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "frames.jsonl");
  try {
    await Deno.writeTextFile(path, "old\n");
    const writer = await openJsonlWriter(path, { maxBytes: 10, maxFiles: 1 });
    try {
      assert.equal(writer.sizeBytes, 4);
      await writer.write(["a-line-longer-than-ten"]);
    } finally {
      writer.close();
    }
    assert.deepEqual(await read(path), ["a-line-longer-than-ten"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openJsonlWriter() refuses a rotation without room", async () => {
  await assert.rejects(() => openJsonlWriter("x.jsonl", { maxBytes: 0, maxFiles: 1 }), RangeError);
});
