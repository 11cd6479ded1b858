// Firmware and log campaigns end to end on every engine, with simulated chargers over real
// WebSockets and real HTTP transfers (L01, N01): Tamna serves an uploaded firmware image, each
// charger downloads and installs it (one configured to fail reports InstallationFailed), the
// progress arrives per charger; a log upload lands as a file in the data directory under a name
// Tamna chose; sizes are capped, tokens are the only key, bad bodies name the field.
import assert from "node:assert/strict";
import type { SimCharger } from "../sim/station/charger.ts";
import type { TamnaEvents } from "../actors/csms/events.ts";
import { dbTest } from "./persistence_helpers.ts";
import { startNetworkServer } from "./network_helpers.ts";
import { simCharger, soon } from "./device_helpers.ts";

const CHARGERS = ["emart_jeju_04", "emart_jeju_05", "emart_jeju_06"];
const FAILING = "emart_jeju_06";
const LIMITS = { maxFirmwareBytes: 200_000, maxLogUploadBytes: 4096 };

/** A firmware image larger than the API's 64 KiB body limit, under the firmware limit. */
const IMAGE = new Uint8Array(100_000).map((_, i) => (i * 31) % 251);

dbTest(
  "L01/N01: a firmware campaign installs on each charger but the failing one; a log lands in the data dir",
  async (t) => {
    const dataDir = await Deno.makeTempDir({ prefix: "tamna_campaigns_" });
    const { server, rest, close } = await startNetworkServer(t, { dataDir, ...LIMITS });
    const sims: SimCharger[] = [];
    try {
      for (const id of CHARGERS) {
        sims.push(
          await simCharger(server.ocppUrl, id, {
            config: { firmwareFailureRate: id === FAILING ? 1 : 0 },
          }),
        );
      }
      await soon(() => assert.equal(server.csms.connectedIds().length, 3));
      const upload = await server.api("/firmware/files?name=tamna-fw-2.1.bin", {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: IMAGE,
      });
      const file = await upload.json();
      assert.equal(upload.status, 201, JSON.stringify(file));
      assert.equal(file.size_bytes, IMAGE.byteLength);
      assert.ok(file.url.startsWith(`${server.httpUrl}/transfers/firmware/`));
      // Chargers fetch it without an account: the URL's token is the key.
      const served = await fetch(file.url);
      assert.deepEqual(new Uint8Array(await served.arrayBuffer()), IMAGE);

      const started = await rest.post("/firmware/campaigns", {
        firmware_id: file.firmware_id,
        charger_ids: CHARGERS,
      });
      assert.equal(started.status, 201, started.text);
      const id = started.body.campaign_id;
      const done = await soon(async () => {
        const c = (await rest.get(`/firmware/campaigns/${id}`)).body;
        assert.ok(c.targets.every((x: { is_final: boolean }) => x.is_final), JSON.stringify(c));
        return c;
      });
      assert.deepEqual(
        done.targets.map((x: { charger_id: string; status: string }) => [x.charger_id, x.status]),
        [["emart_jeju_04", "Installed"], ["emart_jeju_05", "Installed"], [
          FAILING,
          "InstallationFailed",
        ]],
      );
      assert.deepEqual(done.counts, { Installed: 2, InstallationFailed: 1 });
      const steps = server.events.filter((e) => e.type === "campaign.progress")
        .map((e) => e.payload as TamnaEvents["campaign.progress"])
        .filter((p) => p.chargerId === "emart_jeju_04" && p.status !== "Accepted")
        .map((p) => p.status);
      assert.deepEqual(steps, ["Downloading", "Downloaded", "Installing", "Installed"]);
      const panel = (await rest.get("/chargers/emart_jeju_05/campaigns")).body;
      assert.deepEqual([panel.firmware.campaign_id, panel.firmware.status], [id, "Installed"]);

      // N01: the log comes back over HTTP and is stored under a name Tamna chose.
      const logs = await rest.post("/logs/campaigns", { charger_ids: ["emart_jeju_04"] });
      assert.equal(logs.status, 201, logs.text);
      const part = await soon(async () => {
        const c = (await rest.get(`/logs/campaigns/${logs.body.campaign_id}`)).body;
        assert.equal(c.targets[0].status, "Uploaded", JSON.stringify(c));
        assert.ok(c.targets[0].file_name);
        return c.targets[0];
      });
      assert.match(part.file_name, /^emart_jeju_04_\d+_\d{8}T\d{6}_[\w-]{6}\.log$/);
      const text = await Deno.readTextFile(`${dataDir}/logs/${part.file_name}`);
      assert.match(text, /DiagnosticsLog of emart_jeju_04/);
      assert.equal(part.size_bytes, new TextEncoder().encode(text).byteLength);
      const read = await server.api(`/logs/files/${part.file_name}`);
      assert.equal(await read.text(), text);
      assert.equal((await server.api("/logs/files/..%2Fpglite")).status, 400);

      // The token opened one upload: a second is refused, a bigger one never read.
      const token = server.events.filter((e) => e.type === "frame.out")
        .map((e) => (e.payload as { text: string }).text).find((f) => f.includes('"GetLog"'))!
        .match(/transfers\/logs\/([\w-]+)/)![1];
      const again = await fetch(`${server.httpUrl}/transfers/logs/${token}`, {
        method: "POST",
        body: "second",
      });
      assert.equal(again.status, 409);
      await again.body?.cancel();
      const big = await fetch(`${server.httpUrl}/transfers/logs/${token}`, {
        method: "PUT",
        body: "x".repeat(5000),
      });
      assert.equal(big.status, 413);
      await big.body?.cancel();
      const stranger = await fetch(`${server.httpUrl}/transfers/logs/${"A".repeat(22)}`, {
        method: "POST",
        body: "hello",
      });
      assert.equal(stranger.status, 404);
      await stranger.body?.cancel();
    } finally {
      for (const sim of sims) await sim.stop();
      await close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
);

dbTest("campaign REST: bad bodies name the field, files are capped", async (t) => {
  const dataDir = await Deno.makeTempDir({ prefix: "tamna_campaigns_" });
  const { server, rest, close } = await startNetworkServer(t, { dataDir, ...LIMITS });
  try {
    const both = await rest.post("/firmware/campaigns", {
      location: "https://example.invalid/fw.bin",
      firmware_id: "x",
      all: true,
    });
    assert.match(both.body.error, /body field firmware_id/);
    const unknown = await rest.post("/firmware/campaigns", {
      location: "https://example.invalid/fw.bin",
      charger_ids: ["emart_jeju_01", "nobody"],
    });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error, /body field charger_ids\.1: unknown charger nobody/);
    const none = await rest.post("/logs/campaigns", { log_type: "SecurityLog" });
    assert.match(none.body.error, /charger_ids, station_id or all/);
    const badType = await rest.post("/logs/campaigns", { all: true, log_type: "Everything" });
    assert.match(badType.body.error, /body field log_type/);
    const noFile = await rest.post("/firmware/campaigns", { firmware_id: "nope", all: true });
    assert.match(noFile.body.error, /no firmware file nope/);
    const tooBig = await server.api("/firmware/files?name=big.bin", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: new Uint8Array(LIMITS.maxFirmwareBytes + 1),
    });
    assert.equal(tooBig.status, 413);
    await tooBig.body?.cancel();
    const badName = await server.api("/firmware/files?name=../x", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: "abc",
    });
    assert.equal(badName.status, 400);
    assert.match((await badName.json()).error, /query parameter name/);
    // Offline chargers are recorded as such, the campaign goes on.
    const offline = await rest.post("/logs/campaigns", { station_id: "emart_jeju_main" });
    assert.equal(offline.status, 201, offline.text);
    assert.ok(offline.body.targets.length > 0);
    assert.deepEqual(Object.keys(offline.body.counts), ["Offline"]);
    assert.equal((await rest.get("/firmware/campaigns/nothing")).status, 404);
  } finally {
    await close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
