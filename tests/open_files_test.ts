// `deno task serve` at its open-files limit, as a field installation meets it when more chargers
// connect than the limit allows: the CSMS keeps running, the chargers it holds keep working, and
// its port accepts again once connections close. Before, Deno's accept loop failed with "Too many
// open files", its rejection was uncaught, and the process ended with every charger on it.
import assert from "node:assert/strict";
import { type RawClient, rawClientOf } from "./ocpp_client.ts";
import { denoRunArgs, MAIN } from "./support/deno_task.ts";

const LIMIT = 300;
const FLOOD = 400;
const TOKEN = "open-files-test-token";

async function firstLines(stream: ReadableStream<Uint8Array>, count: number): Promise<string> {
  let text = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    text += chunk;
    if (text.split("\n").length > count) break;
  }
  return text;
}

/**
 * Opens a charger's WebSocket as a raw client; undefined if refused, or when the handshake
 * hangs (at the limit the kernel may queue the connection that nobody accepts).
 */
function open(url: string): Promise<RawClient | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, "ocpp2.0.1");
    const closed = new Promise<CloseEvent>((done) => socket.addEventListener("close", done));
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, 5_000);
    socket.onopen = () => {
      clearTimeout(timer);
      resolve(rawClientOf(socket, closed));
    };
    socket.onerror = () => {
      clearTimeout(timer);
      resolve(undefined);
    };
  });
}

const BOOT = { reason: "PowerUp", chargingStation: { model: "M1", vendorName: "Tamna" } };

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

Deno.test({
  name: "serve at its open-files limit: keeps its chargers, accepts again when sockets close",
  ignore: (await new Deno.Command("prlimit", { args: ["--version"] }).output().catch(() => null))
    ?.success !== true,
}, async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "tamna_open_files_" });
  const child = new Deno.Command("prlimit", {
    args: [
      `--nofile=${LIMIT}:${LIMIT}`,
      Deno.execPath(),
      ...denoRunArgs("serve", MAIN, [
        "serve",
        ...["--ocpp-port", "0", "--http-port", "0", "--host", "127.0.0.1"],
        ...["--data-dir", dataDir],
      ]),
    ],
    env: { DATABASE_URL: "", API_TOKEN: TOKEN },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const clients: RawClient[] = [];
  try {
    const banner = await firstLines(child.stdout, 1);
    const ocppUrl = banner.match(/ws:\/\/127\.0\.0\.1:\d+/)?.[0];
    const httpUrl = banner.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
    assert.ok(ocppUrl && httpUrl, `ports in the banner: ${banner}`);

    const flood = await Promise.all(
      Array.from({ length: FLOOD }, (_, i) => open(`${ocppUrl}/fd_${i}`)),
    );
    for (const client of flood) if (client) clients.push(client);
    assert.ok(clients.length > 0, "some chargers connected");
    assert.ok(clients.length < FLOOD, `the limit refused some (${clients.length} connected)`);

    // At the limit, a charger the CSMS holds is still served (its boot is stored).
    const held = await clients[0].call("BootNotification", BOOT);
    assert.equal(held[0], 3, JSON.stringify(held));
    assert.equal((held[2] as { status: string }).status, "Accepted");

    for (const client of clients.splice(0)) client.socket.close();
    const metrics = await until(async () => {
      const response = await fetch(`${httpUrl}/metrics`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      return response.ok ? await response.text() : undefined;
    }, "the HTTP port");
    const reopened = Number(
      metrics.match(/^tamna_listener_reopened_total\{listener="ocpp"\} (\d+)$/m)?.[1] ?? 0,
    );
    assert.ok(reopened >= 1, "the OCPP port was opened again");

    const late = await until(() => open(`${ocppUrl}/fd_late`), "a new connection");
    clients.push(late);
    const answer = await late.call("BootNotification", BOOT);
    assert.equal((answer[2] as { status: string }).status, "Accepted");
  } finally {
    for (const client of clients) client.socket.close();
    child.kill("SIGINT");
    const status = await child.status;
    const log = await stderr;
    assert.equal(status.code, 0, `serve ended by itself:\n${log.slice(-2_000)}`);
    assert.match(log, /ocpp listener on port \d+ stopped accepting: .*open-files limit/);
    await Deno.remove(dataDir, { recursive: true });
  }
});
