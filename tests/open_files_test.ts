// `deno task serve` at its open-files limit, as a field installation meets it when more chargers
// connect than the limit allows: the CSMS keeps running, the chargers it holds keep working, and
// its port accepts again once connections close. Before, Deno's accept loop failed with "Too many
// open files", its rejection was uncaught, and the process ended with every charger on it.
import assert from "node:assert/strict";
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

/** Opens a charger's WebSocket; resolves it once open, or undefined if refused or too slow. */
function open(url: string): Promise<WebSocket | undefined> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, "ocpp2.0.1");
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, 5_000);
    socket.onopen = () => {
      clearTimeout(timer);
      resolve(socket);
    };
    socket.onerror = () => {
      clearTimeout(timer);
      resolve(undefined);
    };
  });
}

/** One CALL on an open socket, resolved with the answer frame. */
function call(socket: WebSocket, frame: unknown[]): Promise<unknown[]> {
  return new Promise((resolve) => {
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message[1] === frame[1]) resolve(message);
    };
    socket.send(JSON.stringify(frame));
  });
}

const boot = (id: string) => [2, id, "BootNotification", {
  reason: "PowerUp",
  chargingStation: { model: "M1", vendorName: "Tamna" },
}];

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
  const sockets: WebSocket[] = [];
  try {
    const banner = await firstLines(child.stdout, 1);
    const ocppUrl = banner.match(/ws:\/\/127\.0\.0\.1:\d+/)?.[0];
    const httpUrl = banner.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
    assert.ok(ocppUrl && httpUrl, `ports in the banner: ${banner}`);

    const flood = await Promise.all(
      Array.from({ length: FLOOD }, (_, i) => open(`${ocppUrl}/fd_${i}`)),
    );
    for (const socket of flood) if (socket) sockets.push(socket);
    assert.ok(sockets.length > 0, "some chargers connected");
    assert.ok(sockets.length < FLOOD, `the limit refused some (${sockets.length} connected)`);

    // At the limit, a charger the CSMS holds is still served (its boot is stored).
    const held = await call(sockets[0], boot("at-limit"));
    assert.equal(held[0], 3, JSON.stringify(held));
    assert.equal((held[2] as { status: string }).status, "Accepted");

    for (const socket of sockets.splice(0)) socket.close();
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
    sockets.push(late);
    const answer = await call(late, boot("late"));
    assert.equal((answer[2] as { status: string }).status, "Accepted");
  } finally {
    for (const socket of sockets) socket.close();
    child.kill("SIGINT");
    const status = await child.status;
    const log = await stderr;
    assert.equal(status.code, 0, `serve ended by itself:\n${log.slice(-2_000)}`);
    assert.match(log, /ocpp listener on port \d+ stopped accepting: .*open-files limit/);
    await Deno.remove(dataDir, { recursive: true });
  }
});
