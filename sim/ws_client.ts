/**
 * The simulator's WebSocket client (RFC 6455) on `Deno.connect` / `Deno.connectTls`. Deno's
 * built-in `WebSocket` costs ~19 KB of memory per connection (measured at 10,000); this costs a
 * TCP connection, one 512-byte read buffer and one small object. It does what a station needs:
 * subprotocols checked against the offer, extra headers (Basic auth), `wss://` with extra CA
 * certificates, Sec-WebSocket-Accept, masked frames, fragmented messages, ping/pong, the close
 * handshake with codes, and an error naming the cause when the connection or upgrade fails.
 */
import { acceptFor, checkUpgradeResponse, newKey, upgradeRequest } from "./ws_handshake.ts";
import {
  CLOSE_CODE,
  closePayload,
  encodeFrame,
  FrameReader,
  type Incoming,
  isSendableCloseCode,
  OPCODE,
  WsProtocolError,
} from "./ws_frames.ts";

/** The states of `WebSocket.readyState`, same numbers. */
export const WS_STATE = { connecting: 0, open: 1, closing: 2, closed: 3 } as const;
type WsState = typeof WS_STATE[keyof typeof WS_STATE];

/** How a connection ended: the close code and reason, and why it failed when it did. */
export interface WsClose {
  code: number;
  reason: string;
  wasClean: boolean;
  /** Set when the connection or the upgrade failed, or the peer broke the protocol. */
  error?: string;
}

/** Who hears from a connection: one object with methods (no closures per connection). */
export interface WsListener {
  /** The upgrade succeeded; `protocol` is the subprotocol the server chose ("" for none). */
  onOpen(protocol: string): void;
  /** A whole text message (a binary one arrives decoded as UTF-8). */
  onText(text: string): void;
  /** Called once, last, however the connection ended. */
  onClose(close: WsClose): void;
}

/** What to connect with. */
export interface WsClientOptions {
  /** Subprotocols to offer; the server's choice must be one of them. */
  protocols: readonly string[];
  /** Extra request headers, e.g. `authorization`. */
  headers?: Readonly<Record<string, string>>;
  /** PEM certificates trusted for `wss://` besides the system's roots. */
  caCerts?: readonly string[];
  /** Biggest message taken; a bigger one closes with 1009. Default 16 MiB. */
  maxMessageBytes?: number;
  /** How long `close()` waits for the server's close frame before dropping the connection. */
  closeTimeoutMs?: number;
}

const READ_BYTES = 512;
const MAX_READ_BYTES = 65_536;
const MAX_HEAD_BYTES = 16_384;
const encoder = new TextEncoder();
const lenientUtf8 = new TextDecoder();
/** Mask keys come from one pool of random bytes, refilled when spent (RFC 6455 §5.3). */
const maskPool = { bytes: new Uint8Array(4_096), at: 4_096 };

function nextMask(): { bytes: Uint8Array; at: number } {
  if (maskPool.at + 4 > maskPool.bytes.length) {
    crypto.getRandomValues(maskPool.bytes);
    maskPool.at = 0;
  }
  const mask = { bytes: maskPool.bytes, at: maskPool.at };
  maskPool.at += 4;
  return mask;
}

/** One client connection; it starts connecting at once. */
export class WsClient {
  readyState: WsState = WS_STATE.connecting;
  protocol = "";
  readonly #url: URL;
  readonly #options: WsClientOptions;
  readonly #listener: WsListener;
  #conn: Deno.Conn | null = null;
  #outbox: Uint8Array[] = [];
  #isWriting = false;
  #isCloseSent = false;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string, options: WsClientOptions, listener: WsListener) {
    this.#url = new URL(url);
    if (this.#url.protocol !== "ws:" && this.#url.protocol !== "wss:") {
      throw new SyntaxError(`Cannot open a WebSocket to ${url}: the scheme must be ws: or wss:`);
    }
    this.#options = options;
    this.#listener = listener;
    void this.#run();
  }

  /** Sends a text message; dropped once closing (as `WebSocket.send` does). */
  send(text: string): void {
    if (this.readyState === WS_STATE.connecting) {
      throw new DOMException("Cannot send before the WebSocket is open", "InvalidStateError");
    }
    if (this.readyState !== WS_STATE.open) return;
    this.#enqueue(encodeFrame(OPCODE.text, encoder.encode(text), nextMask()));
  }

  /** Starts the close handshake (no code: an empty close frame, reported back as 1005). */
  close(code?: number, reason = ""): void {
    if (code !== undefined && code !== CLOSE_CODE.normal && (code < 3000 || code > 4999)) {
      throw new DOMException(`Invalid close code ${code}`, "InvalidAccessError");
    }
    if (this.readyState === WS_STATE.connecting) {
      // Given up while connecting: #run sees it and ends the connection.
      this.readyState = WS_STATE.closing;
      this.#conn?.close();
      return;
    }
    if (this.readyState !== WS_STATE.open) return;
    this.readyState = WS_STATE.closing;
    this.#sendClose(code ?? CLOSE_CODE.noStatus, reason);
    this.#closeTimer = setTimeout(
      () => this.#finish({ code: CLOSE_CODE.abnormal, reason: "", wasClean: false }),
      this.#options.closeTimeoutMs ?? 5_000,
    );
  }

  async #run(): Promise<void> {
    let leftover: Uint8Array;
    try {
      leftover = await this.#connect();
    } catch (error) {
      const abnormal = { code: CLOSE_CODE.abnormal, reason: "", wasClean: false };
      if (this.readyState === WS_STATE.closing) return this.#finish(abnormal); // given up
      const detail = error instanceof Error ? error.message : String(error);
      return this.#finish({ ...abnormal, error: `failed to connect to WebSocket: ${detail}` });
    }
    this.readyState = WS_STATE.open;
    this.#listener.onOpen(this.protocol);
    await this.#readLoop(leftover);
  }

  /** Connects and upgrades; returns the bytes that came after the server's answer. */
  async #connect(): Promise<Uint8Array> {
    const url = this.#url;
    const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const isTls = url.protocol === "wss:";
    const port = Number(url.port || (isTls ? 443 : 80));
    const caCerts = this.#options.caCerts ? [...this.#options.caCerts] : undefined;
    const conn = isTls
      ? await Deno.connectTls({ hostname, port, caCerts })
      : await Deno.connect({ hostname, port });
    this.#conn = conn;
    if (this.readyState !== WS_STATE.connecting) throw new Error("closed while connecting");
    if (!isTls) (conn as Deno.TcpConn).setNoDelay(true);
    const key = newKey();
    const { protocols, headers } = this.#options;
    await writeAll(conn, encoder.encode(upgradeRequest(url, { key, protocols, headers })));
    const { head, rest } = await readHead(conn);
    const checked = checkUpgradeResponse(head, { accept: await acceptFor(key), protocols });
    if (!checked.ok) throw new Error(checked.error);
    if (this.readyState !== WS_STATE.connecting) throw new Error("closed while connecting");
    this.protocol = checked.protocol;
    return rest;
  }

  async #readLoop(first: Uint8Array): Promise<void> {
    const conn = this.#conn!;
    const reader = new FrameReader(this.#options.maxMessageBytes ?? 16 * 1024 * 1024);
    let buffer = new Uint8Array(READ_BYTES);
    let chunk = first;
    for (;;) {
      try {
        for (const incoming of reader.push(chunk)) this.#take(incoming);
      } catch (error) {
        if (!(error instanceof WsProtocolError)) throw error;
        return this.#fail(error.code, error.message);
      }
      if (this.readyState === WS_STATE.closed) return;
      let n: number | null;
      try {
        n = await conn.read(buffer);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return this.#finish({
          code: CLOSE_CODE.abnormal,
          reason: "",
          wasClean: false,
          error: detail,
        });
      }
      if (n === null) {
        return this.#finish({ code: CLOSE_CODE.abnormal, reason: "", wasClean: false });
      }
      chunk = buffer.subarray(0, n);
      // A full buffer means more is waiting: read bigger pieces until a read comes back short.
      const size = n === buffer.length ? Math.min(buffer.length * 2, MAX_READ_BYTES) : READ_BYTES;
      if (size !== buffer.length) buffer = new Uint8Array(size);
    }
  }

  #take(incoming: Incoming): void {
    switch (incoming.kind) {
      case "text":
        return this.#listener.onText(incoming.text);
      case "binary":
        return this.#listener.onText(lenientUtf8.decode(incoming.data));
      case "ping":
        if (!this.#isCloseSent) {
          this.#enqueue(encodeFrame(OPCODE.pong, incoming.data, nextMask()));
        }
        return;
      case "pong":
        return;
      case "close":
        // Echo the code (RFC 6455 §5.5.1), then the handshake is done: drop the TCP connection.
        if (!this.#isCloseSent) this.#sendClose(incoming.code, "");
        return this.#finish({ code: incoming.code, reason: incoming.reason, wasClean: true });
    }
  }

  /** The server broke the protocol: close with `code` and drop the connection. */
  #fail(code: number, message: string): void {
    if (!this.#isCloseSent) this.#sendClose(code, "");
    this.#finish({ code, reason: "", wasClean: false, error: message });
  }

  #sendClose(code: number, reason: string): void {
    this.#isCloseSent = true;
    const sendable = code === CLOSE_CODE.noStatus || isSendableCloseCode(code);
    const payload = closePayload(sendable ? code : CLOSE_CODE.normal, reason);
    this.#enqueue(encodeFrame(OPCODE.close, payload, nextMask()));
  }

  #enqueue(frame: Uint8Array): void {
    this.#outbox.push(frame);
    if (!this.#isWriting) void this.#flush();
  }

  /** Writes queued frames in order; after the close handshake, closes the connection. */
  async #flush(): Promise<void> {
    const conn = this.#conn;
    if (!conn) return;
    this.#isWriting = true;
    try {
      while (this.#outbox.length > 0) await writeAll(conn, this.#outbox.shift()!);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.#finish({ code: CLOSE_CODE.abnormal, reason: "", wasClean: false, error: detail });
    } finally {
      this.#isWriting = false;
      if (this.readyState === WS_STATE.closed) closeQuietly(conn);
    }
  }

  #finish(close: WsClose): void {
    if (this.readyState === WS_STATE.closed) return;
    this.readyState = WS_STATE.closed;
    clearTimeout(this.#closeTimer);
    // After a clean close the queued echo goes out first and the writer closes the connection.
    if (this.#conn && !(this.#isWriting && close.wasClean)) closeQuietly(this.#conn);
    this.#listener.onClose(close);
  }
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch (error) {
    if (!(error instanceof Deno.errors.BadResource)) throw error;
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

/** Reads the server's answer up to the blank line; `rest` is what followed it. */
async function readHead(conn: Deno.Conn): Promise<{ head: string; rest: Uint8Array }> {
  const buffer = new Uint8Array(MAX_HEAD_BYTES);
  let length = 0;
  for (;;) {
    const n = await conn.read(buffer.subarray(length));
    if (n === null) throw new Error("The server closed the connection during the upgrade");
    const from = Math.max(0, length - 3);
    length += n;
    for (let i = from; i + 3 < length; i++) {
      if (
        buffer[i] === 13 && buffer[i + 1] === 10 && buffer[i + 2] === 13 && buffer[i + 3] === 10
      ) {
        const head = lenientUtf8.decode(buffer.subarray(0, i));
        return { head, rest: buffer.slice(i + 4, length) };
      }
    }
    if (length === buffer.length) throw new Error("The server's upgrade answer is too long");
  }
}
