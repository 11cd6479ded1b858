/**
 * RFC 6455 framing for the simulator's WebSocket client, pure: masked client frames out, and a
 * reader that turns the server's bytes into whole messages and control frames, enforcing the
 * rules a client must (no masked server frames, no reserved bits, short unfragmented control
 * frames, continuations only inside a fragmented message, valid UTF-8 text, valid close codes).
 */

/** Frame opcodes (RFC 6455 §5.2). */
export const OPCODE = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/** Close codes used here (RFC 6455 §7.4.1). */
export const CLOSE_CODE = {
  normal: 1000,
  protocolError: 1002,
  noStatus: 1005,
  abnormal: 1006,
  invalidData: 1007,
  tooBig: 1009,
} as const;

/** The server broke the protocol; the client closes with `code` (RFC 6455 §7.1.7). */
export class WsProtocolError extends Error {
  override name = "WsProtocolError";
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** What the reader hands on: a whole data message, or one control frame. */
export type Incoming =
  | { kind: "text"; text: string }
  | { kind: "binary"; data: Uint8Array }
  | { kind: "ping" | "pong"; data: Uint8Array }
  | { kind: "close"; code: number; reason: string };

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });

/** A client frame: FIN set, masked with the 4 bytes at `maskBytes[maskAt…]`. */
export function encodeFrame(
  opcode: number,
  payload: Uint8Array,
  maskBytes: Uint8Array,
  maskAt: number,
): Uint8Array {
  const length = payload.length;
  const lengthBytes = length > 0xffff ? 8 : length > 125 ? 2 : 0;
  const start = 2 + lengthBytes + 4;
  const frame = new Uint8Array(start + length);
  frame[0] = 0x80 | opcode;
  frame[1] = 0x80 | (lengthBytes === 8 ? 127 : lengthBytes === 2 ? 126 : length);
  // Big-endian extended length; lengths here stay far below 2^53.
  for (let i = 0, rest = length; i < lengthBytes; i++, rest = Math.floor(rest / 256)) {
    frame[1 + lengthBytes - i] = rest & 0xff;
  }
  for (let i = 0; i < 4; i++) frame[start - 4 + i] = maskBytes[maskAt + i];
  for (let i = 0; i < length; i++) frame[start + i] = payload[i] ^ maskBytes[maskAt + (i & 3)];
  return frame;
}

/** The payload of a close frame: the code (omitted for 1005) and a UTF-8 reason. */
export function closePayload(code: number, reason = ""): Uint8Array {
  if (code === CLOSE_CODE.noStatus) return new Uint8Array(0);
  const text = new TextEncoder().encode(reason);
  const payload = new Uint8Array(2 + text.length);
  payload[0] = code >> 8;
  payload[1] = code & 0xff;
  payload.set(text, 2);
  return payload;
}

/** Whether a peer may send `code` in a close frame (RFC 6455 §7.4). */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999);
}

/** Reads server frames from a byte stream that arrives in arbitrary pieces. */
export class FrameReader {
  /** Bytes of a frame not complete yet. */
  #rest: Uint8Array | null = null;
  /** Fragments of a message still open, and its opcode. */
  #fragments: Uint8Array[] = [];
  #fragmentOpcode = 0;
  #fragmentBytes = 0;

  constructor(readonly maxMessageBytes: number) {}

  /** Takes the next bytes; returns what they complete. Throws WsProtocolError. */
  push(chunk: Uint8Array): Incoming[] {
    let bytes = chunk;
    if (this.#rest) {
      bytes = new Uint8Array(this.#rest.length + chunk.length);
      bytes.set(this.#rest);
      bytes.set(chunk, this.#rest.length);
      this.#rest = null;
    }
    const out: Incoming[] = [];
    let at = 0;
    for (;;) {
      const frame = this.#frameAt(bytes, at);
      if (!frame) break;
      at = frame.end;
      const incoming = this.#take(frame.fin, frame.opcode, bytes.subarray(frame.start, frame.end));
      if (incoming) out.push(incoming);
    }
    // Copied, so the caller may reuse its read buffer.
    if (at < bytes.length) this.#rest = bytes.slice(at);
    return out;
  }

  /** The frame starting at `at`, or null when its bytes have not all arrived. */
  #frameAt(bytes: Uint8Array, at: number) {
    if (bytes.length - at < 2) return null;
    const b0 = bytes[at];
    const b1 = bytes[at + 1];
    if (b0 & 0x70) throw new WsProtocolError(CLOSE_CODE.protocolError, "reserved bits set");
    if (b1 & 0x80) throw new WsProtocolError(CLOSE_CODE.protocolError, "masked server frame");
    let length = b1 & 0x7f;
    if ((b0 & 0x08) && (length > 125 || !(b0 & 0x80))) {
      throw new WsProtocolError(CLOSE_CODE.protocolError, "fragmented or long control frame");
    }
    let start = at + 2;
    if (length >= 126) {
      const lengthBytes = length === 126 ? 2 : 8;
      if (bytes.length - start < lengthBytes) return null;
      length = 0;
      for (let i = 0; i < lengthBytes; i++) length = length * 256 + bytes[start + i];
      start += lengthBytes;
    }
    if (length > this.maxMessageBytes) {
      throw new WsProtocolError(CLOSE_CODE.tooBig, `frame of ${length} bytes is too big`);
    }
    if (bytes.length - start < length) return null;
    return { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, start, end: start + length };
  }

  #take(fin: boolean, opcode: number, payload: Uint8Array): Incoming | null {
    if (opcode >= OPCODE.close) return control(opcode, payload);
    if (opcode !== OPCODE.continuation && opcode !== OPCODE.text && opcode !== OPCODE.binary) {
      throw new WsProtocolError(CLOSE_CODE.protocolError, `unknown opcode ${opcode}`);
    }
    const isFirst = opcode !== OPCODE.continuation;
    if (isFirst === (this.#fragmentOpcode !== 0)) {
      throw new WsProtocolError(
        CLOSE_CODE.protocolError,
        isFirst ? "new message inside a fragmented one" : "continuation without a message",
      );
    }
    if (fin && isFirst) return message(opcode, opcode === OPCODE.text ? payload : payload.slice());
    this.#fragmentBytes += payload.length;
    if (this.#fragmentBytes > this.maxMessageBytes) {
      throw new WsProtocolError(CLOSE_CODE.tooBig, "fragmented message is too big");
    }
    if (isFirst) this.#fragmentOpcode = opcode;
    this.#fragments.push(payload.slice());
    if (!fin) return null;
    const whole = new Uint8Array(this.#fragmentBytes);
    let at = 0;
    for (const part of this.#fragments) {
      whole.set(part, at);
      at += part.length;
    }
    const first = this.#fragmentOpcode;
    this.#fragments = [];
    this.#fragmentOpcode = 0;
    this.#fragmentBytes = 0;
    return message(first, whole);
  }
}

function message(opcode: number, payload: Uint8Array): Incoming {
  if (opcode === OPCODE.binary) return { kind: "binary", data: payload };
  try {
    return { kind: "text", text: fatalUtf8.decode(payload) };
  } catch {
    throw new WsProtocolError(CLOSE_CODE.invalidData, "text message is not valid UTF-8");
  }
}

/** A control frame (its length and FIN were checked with its header). */
function control(opcode: number, payload: Uint8Array): Incoming {
  if (opcode === OPCODE.ping) return { kind: "ping", data: payload.slice() };
  if (opcode === OPCODE.pong) return { kind: "pong", data: payload.slice() };
  if (opcode !== OPCODE.close) {
    throw new WsProtocolError(CLOSE_CODE.protocolError, `unknown opcode ${opcode}`);
  }
  if (payload.length === 0) return { kind: "close", code: CLOSE_CODE.noStatus, reason: "" };
  const code = payload.length >= 2 ? (payload[0] << 8) | payload[1] : 0;
  if (!isSendableCloseCode(code)) {
    throw new WsProtocolError(CLOSE_CODE.protocolError, `invalid close code ${code}`);
  }
  try {
    return { kind: "close", code, reason: fatalUtf8.decode(payload.subarray(2)) };
  } catch {
    throw new WsProtocolError(CLOSE_CODE.invalidData, "close reason is not valid UTF-8");
  }
}
