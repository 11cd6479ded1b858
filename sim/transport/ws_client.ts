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
const maskPool = new Uint8Array(4_096);
let maskAt = maskPool.length;

/** A frame masked with the next 4 bytes of the pool. */
function maskedFrame(opcode: number, payload: Uint8Array): Uint8Array {
  if (maskAt + 4 > maskPool.length) {
    crypto.getRandomValues(maskPool);
    maskAt = 0;
  }
  const frame = encodeFrame(opcode, payload, maskPool, maskAt);
  maskAt += 4;
  return frame;
}

/**
 * One client connection; it starts connecting at once. Once open, reading runs on two handlers
 * made with the connection rather than an async loop: a suspended async function per
 * connection (with the one awaiting it) held ~2 KB of generator state for 10,000 stations.
 */
export class WsClient {
  readyState: WsState = WS_STATE.connecting;
  protocol = "";
  /** Until the upgrade is done. */
  #url: URL | null;
  readonly #options: WsClientOptions;
  readonly #listener: WsListener;
  #conn: Deno.Conn | null = null;
  #reader: FrameReader | null = null;
  #buffer: Uint8Array | null = null;
  #outbox: Uint8Array[] = [];
  /** Bytes of the first queued frame already written. */
  #written = 0;
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
    this.#connect(this.#url).then(
      (rest) => this.#open(rest),
      (error) => this.#connectFailed(error),
    );
  }

  /** Sends a text message; dropped once closing (as `WebSocket.send` does). */
  send(text: string): void {
    if (this.readyState === WS_STATE.connecting) {
      throw new DOMException("Cannot send before the WebSocket is open", "InvalidStateError");
    }
    if (this.readyState !== WS_STATE.open) return;
    this.#enqueue(maskedFrame(OPCODE.text, encoder.encode(text)));
  }

  /** Starts the close handshake (no code: an empty close frame, reported back as 1005). */
  close(code?: number, reason = ""): void {
    if (code !== undefined && code !== CLOSE_CODE.normal && (code < 3000 || code > 4999)) {
      throw new DOMException(`Invalid close code ${code}`, "InvalidAccessError");
    }
    if (this.readyState === WS_STATE.connecting) {
      // Given up while connecting: #connect sees it and ends the connection.
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

  /** Connects and upgrades; returns the bytes that came after the server's answer. */
  async #connect(url: URL): Promise<Uint8Array> {
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

  #connectFailed(error: unknown): void {
    const abnormal = { code: CLOSE_CODE.abnormal, reason: "", wasClean: false };
    if (this.readyState === WS_STATE.closing) return this.#finish(abnormal); // given up
    const detail = error instanceof Error ? error.message : String(error);
    this.#finish({ ...abnormal, error: `failed to connect to WebSocket: ${detail}` });
  }

  #open(rest: Uint8Array): void {
    this.#url = null;
    this.readyState = WS_STATE.open;
    this.#reader = new FrameReader(this.#options.maxMessageBytes ?? 16 * 1024 * 1024);
    this.#buffer = new Uint8Array(READ_BYTES);
    this.#listener.onOpen(this.protocol);
    if (this.#consume(rest)) this.#readMore();
  }

  /** Hands on what `chunk` completes; false once the connection is over. */
  #consume(chunk: Uint8Array): boolean {
    if (this.#isClosed()) return false;
    try {
      for (const incoming of this.#reader!.push(chunk)) this.#take(incoming);
    } catch (error) {
      if (!(error instanceof WsProtocolError)) throw error;
      this.#fail(error.code, error.message);
    }
    return !this.#isClosed();
  }

  #isClosed(): boolean {
    return this.readyState === WS_STATE.closed;
  }

  #readMore(): void {
    this.#conn!.read(this.#buffer!).then(this.#onRead, this.#onReadFailed);
  }

  readonly #onRead = (n: number | null) => {
    if (this.readyState === WS_STATE.closed) return;
    if (n === null) return this.#finish({ code: CLOSE_CODE.abnormal, reason: "", wasClean: false });
    const buffer = this.#buffer!;
    const chunk = buffer.subarray(0, n);
    // A full buffer means more is waiting: read bigger pieces until a read comes back short.
    const size = n === buffer.length ? Math.min(buffer.length * 2, MAX_READ_BYTES) : READ_BYTES;
    if (size !== buffer.length) this.#buffer = new Uint8Array(size);
    if (this.#consume(chunk)) this.#readMore();
  };

  readonly #onReadFailed = (error: unknown) => {
    const detail = error instanceof Error ? error.message : String(error);
    this.#finish({ code: CLOSE_CODE.abnormal, reason: "", wasClean: false, error: detail });
  };

  #take(incoming: Incoming): void {
    switch (incoming.kind) {
      case "text":
        return this.#listener.onText(incoming.text);
      case "binary":
        return this.#listener.onText(lenientUtf8.decode(incoming.data));
      case "ping":
        if (!this.#isCloseSent) {
          this.#enqueue(maskedFrame(OPCODE.pong, incoming.data));
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
    this.#enqueue(maskedFrame(OPCODE.close, payload));
  }

  #enqueue(frame: Uint8Array): void {
    this.#outbox.push(frame);
    if (!this.#isWriting) this.#writeNext();
  }

  /**
   * Writes queued frames in order, one write at a time, through two handlers made once per
   * connection (no async function and promise chain per frame); after the close handshake it
   * closes the connection.
   */
  #writeNext(): void {
    const conn = this.#conn;
    const frame = this.#outbox[0];
    this.#isWriting = conn !== null && frame !== undefined;
    if (!this.#isWriting) {
      if (conn && this.readyState === WS_STATE.closed) closeQuietly(conn);
      return;
    }
    const rest = this.#written === 0 ? frame : frame.subarray(this.#written);
    conn!.write(rest).then(this.#onWritten, this.#onWriteFailed);
  }

  readonly #onWritten = (n: number) => {
    this.#written += n;
    if (this.#written >= this.#outbox[0].length) {
      this.#outbox.shift();
      this.#written = 0;
    }
    this.#writeNext();
  };

  readonly #onWriteFailed = (error: unknown) => {
    this.#outbox = [];
    this.#written = 0;
    const detail = error instanceof Error ? error.message : String(error);
    this.#finish({ code: CLOSE_CODE.abnormal, reason: "", wasClean: false, error: detail });
    this.#writeNext();
  };

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
  // Answers are ~200 bytes: start small (10,000 stations connect at once) and grow if needed.
  let buffer = new Uint8Array(1_024);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length === MAX_HEAD_BYTES) throw new Error("The server's upgrade answer is too long");
      const bigger = new Uint8Array(Math.min(length * 4, MAX_HEAD_BYTES));
      bigger.set(buffer);
      buffer = bigger;
    }
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
  }
}
