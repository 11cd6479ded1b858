import assert from "node:assert/strict";
import type { Csms } from "../../actors/csms/csms.ts";
import { createOcppHandler, webSocketIdleTimeoutS } from "./endpoint.ts";

Deno.test("webSocketIdleTimeoutS() leaves a charger two Heartbeat intervals and a minute", () => {
  assert.equal(webSocketIdleTimeoutS(30), 120);
  assert.equal(webSocketIdleTimeoutS(300), 660);
});

/** A raw client that completes the upgrade and then never answers a ping. */
async function silentClient(port: number): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(new TextEncoder().encode(
    "GET /cs_idle HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
      "Sec-WebSocket-Protocol: ocpp2.0.1\r\n\r\n",
  ));
  return conn;
}

/** Reads until EOF or `ms` pass; returns the bytes after the HTTP head and whether it ended. */
async function readFor(
  conn: Deno.TcpConn,
  ms: number,
): Promise<{ frames: number[]; isEnded: boolean }> {
  const bytes: number[] = [];
  const deadline = Date.now() + ms;
  const buffer = new Uint8Array(4096);
  while (Date.now() < deadline) {
    const timeout = new Promise<"timeout">((r) =>
      setTimeout(() => r("timeout"), deadline - Date.now())
    );
    const n = await Promise.race([conn.read(buffer), timeout]);
    if (n === "timeout") break;
    if (n === null) return { frames: afterHead(bytes), isEnded: true };
    bytes.push(...buffer.subarray(0, n));
  }
  return { frames: afterHead(bytes), isEnded: false };
}

function afterHead(bytes: number[]): number[] {
  const text = new TextDecoder("latin1").decode(new Uint8Array(bytes));
  const end = text.indexOf("\r\n\r\n");
  assert.ok(text.startsWith("HTTP/1.1 101"), `upgraded: ${text.slice(0, 40)}`);
  return bytes.slice(end + 4);
}

async function withEndpoint(idleTimeoutS: number, fn: (port: number) => Promise<void>) {
  const sockets: WebSocket[] = [];
  const csms = {
    accept: (_id: string, socket: WebSocket) => sockets.push(socket),
  } as unknown as Csms;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    createOcppHandler({ csms, idleTimeoutS }),
  );
  try {
    await fn(server.addr.port);
  } finally {
    for (const s of sockets) s.close();
    await server.shutdown();
  }
}

Deno.test("the OCPP endpoint pings a silent charger after its idle timeout and closes it without a pong", async () => {
  await withEndpoint(1, async (port) => {
    const conn = await silentClient(port);
    try {
      const { frames, isEnded } = await readFor(conn, 6_000);
      assert.equal(frames[0], 0x89, "a ping frame (FIN + opcode 9) came first");
      assert.ok(isEnded, "the server closed the connection that never answered");
    } finally {
      try {
        conn.close();
      } catch { /* closed by the server */ }
    }
  });
});

Deno.test("the OCPP endpoint leaves a charger alone inside the idle timeout", async () => {
  await withEndpoint(webSocketIdleTimeoutS(30), async (port) => {
    const conn = await silentClient(port);
    try {
      const { frames, isEnded } = await readFor(conn, 2_500);
      assert.deepEqual(frames, [], "no ping within 2.5 s of a 120 s timeout");
      assert.equal(isEnded, false);
    } finally {
      conn.close();
    }
  });
});
