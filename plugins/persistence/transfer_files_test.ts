import assert from "node:assert/strict";
import { transferFiles } from "./transfer_files.ts";

Deno.test("transferFiles() names every file itself and refuses any other name for a path", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tamna_transfer_" });
  try {
    const files = transferFiles(dir);
    const bytes = new TextEncoder().encode("log line\n");
    const log = await files.saveLog(bytes, {
      chargerId: "../../etc/pa sswd",
      requestId: 7,
      atMs: Date.UTC(2026, 0, 21, 5, 30),
    });
    assert.match(log.fileName, /^______etc_pa_sswd_7_20260121T053000_[\w-]{6}\.log$/);
    assert.equal(await Deno.readTextFile(`${dir}/logs/${log.fileName}`), "log line\n");
    assert.equal(log.sizeBytes, bytes.byteLength);
    const image = await files.saveFirmware(new Uint8Array([1, 2, 3]));
    assert.match(image.firmwareId, /^[\w-]{22}$/);
    assert.equal(
      image.sha256,
      "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
    );
    assert.deepEqual(
      await Deno.readFile(files.firmwarePath(image.firmwareId)),
      new Uint8Array([1, 2, 3]),
    );
    for (const name of ["../x", "a/b.log", "x.log.sh", "", ".log"]) {
      assert.equal(files.isFileName(name), false, name);
      assert.throws(() => files.logPath(name), RangeError);
    }
    // Nothing else was written: no partial file is left behind.
    assert.deepEqual([...Deno.readDirSync(`${dir}/logs`)].map((e) => e.name), [log.fileName]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
