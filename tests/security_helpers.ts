/**
 * Helpers for the security tests: a throwaway PKI made with `openssl` in a temp dir, an OCPP
 * client that takes WebSocket options (Basic auth headers, a CA, a client certificate), and a
 * raw upgrade over TCP or TLS that shows the HTTP status and headers of a refusal.
 */
import { type RawClient, rawClientOf } from "./ocpp_client.ts";

/** Whether `openssl` can be run here (the TLS tests are ignored without it). */
export const hasOpenssl = await (async () => {
  try {
    return (await new Deno.Command("openssl", { args: ["version"], stdout: "null" }).output())
      .success;
  } catch {
    return false; // not installed: the TLS tests say so by being ignored
  }
})();

async function openssl(dir: string, args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd: dir, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) throw new Error(`openssl ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
}

/** PEM texts of a test PKI. */
export interface TestPki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** Paths, for config. */
  paths: { caCert: string; serverCert: string; serverKey: string };
  /** A client certificate signed by the CA (or by a stranger CA) with subject CN `cn`. */
  client(cn: string, options?: { isStranger?: boolean }): Promise<{ cert: string; key: string }>;
  dispose(): Promise<void>;
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/** Makes a CA, a server certificate for localhost/127.0.0.1 and a stranger CA, in a temp dir. */
export async function createTestPki(): Promise<TestPki> {
  const dir = await Deno.makeTempDir({ prefix: "tamna_pki_" });
  const read = (name: string) => Deno.readTextFile(`${dir}/${name}`);
  for (const ca of ["ca", "stranger"]) {
    await openssl(dir, [
      "req",
      "-x509",
      ...EC,
      "-keyout",
      `${ca}.key`,
      "-out",
      `${ca}.pem`,
      "-days",
      "2",
      "-subj",
      `/CN=Tamna test ${ca}`,
    ]); // prettier-ignore
  }
  await Deno.writeTextFile(
    `${dir}/server.ext`,
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
  );
  await Deno.writeTextFile(`${dir}/client.ext`, "extendedKeyUsage=clientAuth\n");
  async function signed(name: string, subject: string, ca: string, ext: string) {
    await openssl(dir, [
      "req",
      ...EC,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      subject,
    ]);
    await openssl(dir, [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${ca}.pem`,
      "-CAkey",
      `${ca}.key`,
      "-CAcreateserial",
      "-out",
      `${name}.pem`,
      "-days",
      "2",
      "-extfile",
      ext,
    ]); // prettier-ignore
    return { cert: await read(`${name}.pem`), key: await read(`${name}.key`) };
  }
  const server = await signed("server", "/CN=localhost", "ca", "server.ext");
  let clients = 0;
  return {
    dir,
    caCert: await read("ca.pem"),
    serverCert: server.cert,
    serverKey: server.key,
    paths: {
      caCert: `${dir}/ca.pem`,
      serverCert: `${dir}/server.pem`,
      serverKey: `${dir}/server.key`,
    },
    client: (cn, options = {}) =>
      signed(
        `client${++clients}`,
        `/O=Tamna/CN=${cn}`,
        options.isStranger ? "stranger" : "ca",
        "client.ext",
      ),
    dispose: () => Deno.remove(dir, { recursive: true }),
  };
}

/** Options of {@link connectStation}. */
export interface StationOptions {
  /** Basic auth; the user name defaults to the identity in the URL. */
  password?: string;
  username?: string;
  /** Trust this CA; present this client certificate. */
  caCert?: string;
  clientCert?: { cert: string; key: string };
}

/** The outcome of a connection attempt: a client, or the refusal's HTTP status. */
export type Attempt = { ok: true; client: RawClient } | {
  ok: false;
  status: number;
  message: string;
};

function basic(username: string, password: string): string {
  return `Basic ${new TextEncoder().encode(`${username}:${password}`).toBase64()}`;
}

/** Connects like a charging station; never throws for a refused upgrade. */
export async function connectStation(url: string, options: StationOptions = {}): Promise<Attempt> {
  const identity = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
  const headers: Record<string, string> = {};
  if (options.password !== undefined) {
    headers.authorization = basic(options.username ?? identity, options.password);
  }
  const httpClient = options.caCert || options.clientCert
    ? Deno.createHttpClient({
      caCerts: options.caCert ? [options.caCert] : undefined,
      ...options.clientCert,
    })
    : undefined;
  const socket = new WebSocket(url, { protocols: ["ocpp2.0.1"], headers, client: httpClient });
  const closed = new Promise<CloseEvent>((resolve) => socket.addEventListener("close", resolve));
  closed.then(() => httpClient?.close());
  const opened = await new Promise<string | undefined>((resolve) => {
    socket.onopen = () => resolve(undefined);
    socket.onerror = (e) => resolve((e as ErrorEvent).message ?? "error");
  });
  if (opened !== undefined) {
    await closed;
    const status = Number(/status code: (\d+)/.exec(opened)?.[1] ?? 0);
    return { ok: false, status, message: opened };
  }
  return { ok: true, client: rawClientOf(socket, closed) };
}

/** A raw HTTP upgrade attempt's answer. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** Sends an upgrade request by hand over TCP (or TLS with `caCert`) and reads the answer. */
export async function rawUpgrade(
  url: string,
  headers: Record<string, string> = {},
  options: { caCert?: string; clientCert?: { cert: string; key: string } } = {},
): Promise<RawAnswer> {
  const { hostname, port, pathname } = new URL(url);
  // HTTP/1.1 without ALPN, as chargers do: Deno's own wss client may pick HTTP/2, where a
  // refused upgrade shows only as a stream error.
  const conn = options.caCert
    ? await Deno.connectTls({
      hostname,
      port: Number(port),
      caCerts: [options.caCert],
      ...options.clientCert,
    })
    : await Deno.connect({ hostname, port: Number(port) });
  try {
    const lines = [
      `GET ${pathname} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      "Sec-WebSocket-Protocol: ocpp2.0.1",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    await conn.write(new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`));
    let text = "";
    const buffer = new Uint8Array(4096);
    while (!/\r\n\r\n/.test(text) || needsBody(text)) {
      const n = await conn.read(buffer);
      if (n === null) break;
      text += new TextDecoder().decode(buffer.subarray(0, n));
    }
    const [head, body = ""] = text.split("\r\n\r\n");
    const [statusLine, ...fields] = head.split("\r\n");
    const answer = new Headers();
    for (const field of fields) {
      const colon = field.indexOf(":");
      answer.append(field.slice(0, colon).trim(), field.slice(colon + 1).trim());
    }
    return { status: Number(statusLine.split(" ")[1]), headers: answer, body };
  } finally {
    conn.close();
  }
}

function needsBody(text: string): boolean {
  const [head, body = ""] = text.split("\r\n\r\n");
  const length = /content-length:\s*(\d+)/i.exec(head)?.[1];
  return length !== undefined && new TextEncoder().encode(body).length < Number(length);
}

/** A WebSocket opened by hand over TCP: the test reads and writes raw frames (or never reads). */
export async function rawWebSocket(url: string): Promise<Deno.TcpConn> {
  const { hostname, port, pathname } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const request = [
    `GET ${pathname} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version: 13",
    "Sec-WebSocket-Protocol: ocpp2.0.1",
  ];
  await conn.write(new TextEncoder().encode(`${request.join("\r\n")}\r\n\r\n`));
  let head = "";
  const byte = new Uint8Array(1);
  while (!head.endsWith("\r\n\r\n")) { // byte by byte: nothing past the head is consumed
    if ((await conn.read(byte)) === null) break;
    head += String.fromCharCode(byte[0]);
  }
  if (!head.startsWith("HTTP/1.1 101")) {
    conn.close();
    throw new Error(`upgrade refused: ${head.split("\r\n")[0]}`);
  }
  return conn;
}

/** A client-to-server frame (masked, as RFC 6455 requires): opcode 1 text, 2 binary, 8 close. */
export function maskedFrame(opcode: number, payload: Uint8Array): Uint8Array {
  const mask = crypto.getRandomValues(new Uint8Array(4));
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = new Uint8Array(header + 4 + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65536) {
    frame[1] = 0x80 | 126;
    new DataView(frame.buffer).setUint16(2, length);
  } else {
    frame[1] = 0x80 | 127;
    new DataView(frame.buffer).setBigUint64(2, BigInt(length));
  }
  frame.set(mask, header);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i] ^ mask[i & 3];
  return frame;
}
