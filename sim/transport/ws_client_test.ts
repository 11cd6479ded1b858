// The client against a real Deno.serve WebSocket server on 127.0.0.1, and against a raw TCP
// server for what Deno.serve never sends (fragments, pings, bad handshakes, protocol errors).
import assert from "node:assert/strict";
import { acceptFor } from "./ws_handshake.ts";
import { WsClient, type WsClientOptions, type WsClose, type WsListener } from "./ws_client.ts";

const OCPP = { protocols: ["ocpp2.0.1"] };

/** A listener that records everything and resolves when the connection has closed. */
function recorder() {
  const texts: string[] = [];
  const opened = Promise.withResolvers<string>();
  const closed = Promise.withResolvers<WsClose>();
  const listener: WsListener = {
    onOpen: (protocol) => opened.resolve(protocol),
    onText: (text) => void texts.push(text),
    onClose: (close) => {
      opened.reject(new Error(`closed before open: ${close.error}`));
      closed.resolve(close);
    },
  };
  opened.promise.catch(() => {});
  return { texts, opened: opened.promise, closed: closed.promise, listener };
}

function connect(url: string, options: WsClientOptions = OCPP) {
  const r = recorder();
  return { ...r, client: new WsClient(url, options, r.listener) };
}

/** A Deno.serve WebSocket server that echoes texts and closes with "close <code>" asked. */
function echoServer(protocol: string | null = "ocpp2.0.1") {
  const requests: { path: string; headers: Headers }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    requests.push({ path: new URL(req.url).pathname, headers: new Headers(req.headers) });
    if (new URL(req.url).pathname === "/refuse") return new Response("no", { status: 401 });
    const { socket, response } = Deno.upgradeWebSocket(req, { protocol: protocol ?? undefined });
    socket.onmessage = (event) => {
      const text = String(event.data);
      const code = /^close (\d+)$/.exec(text)?.[1];
      if (code) socket.close(Number(code), "bye");
      else socket.send(text);
    };
    return response;
  });
  return { url: `ws://127.0.0.1:${server.addr.port}`, requests, server };
}

Deno.test("WsClient offers ocpp2.0.1 and extra headers, echoes texts of any size, and closes cleanly", async () => {
  const { url, requests, server } = echoServer();
  try {
    const { client, opened, closed, texts } = connect(`${url}/ocpp/st%201`, {
      ...OCPP,
      headers: { authorization: "Basic c3QgMTpwdw==" },
    });
    assert.equal(await opened, "ocpp2.0.1");
    assert.equal(client.protocol, "ocpp2.0.1");
    assert.equal(requests[0].path, "/ocpp/st%201");
    assert.equal(requests[0].headers.get("authorization"), "Basic c3QgMTpwdw==");
    assert.equal(requests[0].headers.get("sec-websocket-protocol"), "ocpp2.0.1");
    const big = "é".repeat(100_000);
    for (const text of ['[2,"1","Heartbeat",{}]', big, ""]) client.send(text);
    while (texts.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(texts, ['[2,"1","Heartbeat",{}]', big, ""]);
    client.close();
    assert.deepEqual(await closed, { code: 1005, reason: "", wasClean: true });
    assert.equal(client.readyState, 3);
    client.send("after close: dropped");
  } finally {
    await server.shutdown();
  }
});

Deno.test("WsClient reports the server's close code and reason", async () => {
  const { url, server } = echoServer();
  try {
    const { client, opened, closed } = connect(`${url}/s`);
    await opened;
    client.send("close 4001");
    assert.deepEqual(await closed, { code: 4001, reason: "bye", wasClean: true });
  } finally {
    await server.shutdown();
  }
});

Deno.test("WsClient opens with no subprotocol when the server names none (the station decides)", async () => {
  const { url, server } = echoServer(null);
  try {
    const { client, opened, closed } = connect(`${url}/s`);
    assert.equal(await opened, "");
    client.close(1000, "done");
    assert.equal((await closed).wasClean, true);
  } finally {
    await server.shutdown();
  }
});

Deno.test("WsClient fails a refused upgrade or connection with an error naming the cause", async () => {
  const { url, server } = echoServer();
  try {
    const refused = connect(`${url}/refuse`, { ...OCPP, headers: { authorization: "Basic eDp5" } });
    const close = await refused.closed;
    assert.equal(close.error, "failed to connect to WebSocket: Invalid status code: 401");
    assert.deepEqual([close.code, close.wasClean], [1006, false]);
    await assert.rejects(refused.opened);
  } finally {
    await server.shutdown();
  }
  const nobody = connect(url);
  assert.match((await nobody.closed).error ?? "", /^failed to connect to WebSocket: .*refused/i);
  assert.throws(() => new WsClient("http://127.0.0.1/", OCPP, recorder().listener), SyntaxError);
});

Deno.test("WsClient given up while connecting ends without an error", async () => {
  const { url, server } = echoServer();
  try {
    const { client, closed } = connect(`${url}/s`);
    client.close();
    assert.deepEqual(await closed, { code: 1006, reason: "", wasClean: false });
  } finally {
    await server.shutdown();
  }
});

/** Serves one connection by hand: answers the upgrade with `answer(key)`, then runs `then`. */
async function withRawServer(
  answer: (accept: string) => string,
  then: (conn: Deno.Conn, read: () => Promise<Uint8Array>) => Promise<void>,
  test: (url: string) => Promise<void>,
) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    const conn = await listener.accept();
    const buffer = new Uint8Array(4096);
    const read = async () => {
      const n = await conn.read(buffer);
      return n === null ? new Uint8Array() : buffer.slice(0, n);
    };
    const head = new TextDecoder().decode(await read());
    const key = /Sec-WebSocket-Key: (.*)\r\n/.exec(head)![1];
    await conn.write(new TextEncoder().encode(answer(await acceptFor(key))));
    try {
      await then(conn, read);
    } finally {
      conn.close();
    }
  })();
  try {
    await test(`ws://127.0.0.1:${listener.addr.port}/s`);
  } finally {
    await served;
    listener.close();
  }
}

const upgraded = (accept: string, extra = "Sec-WebSocket-Protocol: ocpp2.0.1\r\n") =>
  `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Accept: ${accept}\r\n${extra}\r\n`;

/** Unmasks one client frame: [opcode, payload]. */
function clientFrame(frame: Uint8Array): [number, Uint8Array] {
  assert.equal(frame[1] & 0x80, 0x80, "client frames are masked");
  const length = frame[1] & 0x7f;
  const mask = frame.subarray(2, 6);
  return [frame[0] & 0x0f, frame.subarray(6, 6 + length).map((b, i) => b ^ mask[i & 3])];
}

Deno.test("WsClient refuses a wrong Sec-WebSocket-Accept and a subprotocol it did not offer", async () => {
  for (
    const [answer, error] of [
      [() => upgraded("d3Jvbmc="), "Sec-WebSocket-Accept does not match the key"],
      [(a: string) => upgraded(a, "Sec-WebSocket-Protocol: ocpp1.6\r\n"), "ocpp1.6"],
    ] as const
  ) {
    await withRawServer(answer, async (_conn, read) => void await read(), async (url) => {
      const { closed } = connect(url);
      assert.match((await closed).error ?? "", new RegExp(`failed to connect.*${error}`));
    });
  }
});

Deno.test("WsClient joins fragments, answers a ping with its payload, then takes a close frame", async () => {
  await withRawServer((accept) => upgraded(accept), async (conn, read) => {
    const frame = (b0: number, text: string) => {
      const payload = new TextEncoder().encode(text);
      return new Uint8Array([b0, payload.length, ...payload]);
    };
    const frames = [
      frame(0x01, "[3,"), // text, not final
      frame(0x89, "hi"), // a ping between the fragments
      frame(0x00, '"1",{'),
      frame(0x80, "}]"), // the final continuation
    ];
    for (const bytes of frames) await conn.write(bytes);
    const [opcode, payload] = clientFrame(await read());
    assert.deepEqual([opcode, new TextDecoder().decode(payload)], [0xa, "hi"]);
    await conn.write(new Uint8Array([0x88, 2, 0x03, 0xe8])); // close 1000
    const [closeOpcode, closeBody] = clientFrame(await read());
    assert.deepEqual([closeOpcode, [...closeBody]], [0x8, [0x03, 0xe8]]);
  }, async (url) => {
    const { texts, opened, closed } = connect(url);
    await opened;
    assert.deepEqual(await closed, { code: 1000, reason: "", wasClean: true });
    assert.deepEqual(texts, ['[3,"1",{}]']);
  });
});

Deno.test("WsClient closes with 1002 when the server masks a frame, and 1006 when the server just hangs up", async () => {
  await withRawServer((accept) => upgraded(accept), async (conn, read) => {
    await conn.write(new Uint8Array([0x81, 0x81, 1, 2, 3, 4, 0x41]));
    const [opcode, body] = clientFrame(await read());
    assert.deepEqual([opcode, [...body]], [0x8, [0x03, 0xea]]);
  }, async (url) => {
    const { closed } = connect(url);
    assert.deepEqual(await closed, {
      code: 1002,
      reason: "",
      wasClean: false,
      error: "masked server frame",
    });
  });
  await withRawServer((accept) => upgraded(accept), async () => {}, async (url) => {
    const { opened, closed } = connect(url);
    await opened;
    assert.deepEqual(await closed, { code: 1006, reason: "", wasClean: false });
  });
});
