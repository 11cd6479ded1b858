import assert from "node:assert/strict";
import { getLogger } from "@logtape/logtape";
import { closeLogging, setupLogging } from "./logging.ts";

Deno.test("setupLogging() writes JSON lines when the format is json", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await setupLogging({
      level: "INFO",
      protocolDebug: false,
      format: "json",
      logFile: `${dir}/tamna.log`,
      consoleStream: new WritableStream(),
    });
    getLogger(["tamna", "test"]).info("Charger {chargerId} booted", { chargerId: "cs_1" });
    await closeLogging();
    const [line] = (await Deno.readTextFile(`${dir}/tamna.log`)).trim().split("\n");
    const record = JSON.parse(line);
    assert.equal(record.level, "INFO");
    assert.equal(record.logger, "tamna.test");
    assert.equal(record.message, 'Charger "cs_1" booted');
    assert.deepEqual(record.properties, { chargerId: "cs_1" });
    assert.ok(!Number.isNaN(Date.parse(record["@timestamp"])));
  } finally {
    await closeLogging();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("setupLogging() rotates the log file at its size and keeps only its count of files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await setupLogging({
      level: "INFO",
      protocolDebug: false,
      logFile: `${dir}/tamna.log`,
      logFileMaxBytes: 2_000,
      logFileCount: 3,
      consoleStream: new WritableStream(),
    });
    const log = getLogger(["tamna", "test"]);
    for (let i = 0; i < 200; i++) log.info(`line ${i} ${"x".repeat(60)}`);
    await closeLogging();
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["tamna.log", "tamna.log.1", "tamna.log.2", "tamna.log.3"]);
    // LogTape checks the size per buffered write (8 KiB), so a file may pass it by one buffer.
    for (const name of names) {
      assert.ok(Deno.statSync(`${dir}/${name}`).size <= 2_000 + 8_192, name);
    }
    assert.match(await Deno.readTextFile(`${dir}/tamna.log`), /line 199 /);
  } finally {
    await closeLogging();
    await Deno.remove(dir, { recursive: true });
  }
});
