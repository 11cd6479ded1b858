/**
 * The opening handshake of the simulator's WebSocket client (RFC 6455 §4.1): the HTTP/1.1
 * upgrade request with its key, subprotocols and extra headers (Basic auth), and the checks
 * of the server's answer: status 101, the upgrade headers, Sec-WebSocket-Accept, and a
 * subprotocol that was offered. Pure apart from the random key.
 */

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** A fresh Sec-WebSocket-Key: 16 random bytes, base64. */
export function newKey(): string {
  return crypto.getRandomValues(new Uint8Array(16)).toBase64();
}

/** The Sec-WebSocket-Accept a server must answer to `key`. */
export async function acceptFor(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(key + GUID));
  return new Uint8Array(digest).toBase64();
}

/** The upgrade request for `url` (ws: or wss:). Header values must not contain line breaks. */
export function upgradeRequest(
  url: URL,
  options: {
    key: string;
    protocols: readonly string[];
    headers?: Readonly<Record<string, string>>;
  },
): string {
  const lines = [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${options.key}`,
    "Sec-WebSocket-Version: 13",
  ];
  if (options.protocols.length > 0) {
    lines.push(`Sec-WebSocket-Protocol: ${options.protocols.join(", ")}`);
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (/[\r\n]/.test(name + value)) throw new TypeError(`Header ${name} contains a line break`);
    lines.push(`${name}: ${value}`);
  }
  return lines.join("\r\n") + "\r\n\r\n";
}

/** The server's answer, or why the client must fail the connection. */
export type UpgradeCheck = { ok: true; protocol: string } | { ok: false; error: string };

/** Checks the head of the server's answer (status line and headers, without the blank line). */
export function checkUpgradeResponse(
  head: string,
  options: { accept: string; protocols: readonly string[] },
): UpgradeCheck {
  const [statusLine, ...fields] = head.split("\r\n");
  const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1];
  if (status === undefined) return { ok: false, error: `Invalid HTTP answer: ${statusLine}` };
  if (status !== "101") return { ok: false, error: `Invalid status code: ${status}` };
  const headers = new Map<string, string>();
  for (const field of fields) {
    const colon = field.indexOf(":");
    if (colon <= 0) return { ok: false, error: `Invalid header line: ${field}` };
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  if (headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return { ok: false, error: "The answer does not upgrade to websocket" };
  }
  const connection = (headers.get("connection") ?? "").toLowerCase().split(",");
  if (!connection.some((token) => token.trim() === "upgrade")) {
    return { ok: false, error: "The answer's Connection header lacks upgrade" };
  }
  if (headers.get("sec-websocket-accept") !== options.accept) {
    return { ok: false, error: "Sec-WebSocket-Accept does not match the key" };
  }
  if (headers.has("sec-websocket-extensions")) {
    return { ok: false, error: "The server chose an extension that was not offered" };
  }
  const protocol = headers.get("sec-websocket-protocol") ?? "";
  if (protocol !== "" && !options.protocols.includes(protocol)) {
    return { ok: false, error: `The server chose subprotocol ${protocol}, which was not offered` };
  }
  return { ok: true, protocol };
}
