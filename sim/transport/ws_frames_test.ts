import assert from "node:assert/strict";
import { encodeFrame, FrameReader, type Incoming, OPCODE } from "./ws_frames.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

/** A server frame (never masked): first byte as given, then length and payload. */
function serverFrame(b0: number, payload: Uint8Array, extra = 0): Uint8Array {
  const n = payload.length;
  const head = n < 126
    ? [b0, n | extra]
    : n < 65536
    ? [b0, 126 | extra, n >> 8, n & 255]
    : [b0, 127 | extra, 0, 0, 0, 0, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
  return new Uint8Array([...head, ...payload]);
}

function readAll(reader: FrameReader, ...chunks: Uint8Array[]): Incoming[] {
  return chunks.flatMap((chunk) => reader.push(chunk));
}

Deno.test("encodeFrame() masks the payload and picks the 7-bit, 16-bit or 64-bit length", () => {
  const maskBytes = new Uint8Array([9, 1, 2, 3, 4, 5]);
  for (const length of [0, 125, 126, 65_535, 65_536]) {
    const payload = new Uint8Array(length).map((_, i) => i % 251);
    const frame = encodeFrame(OPCODE.text, payload, maskBytes, 2);
    assert.equal(frame[0], 0x81);
    assert.equal(frame[1] & 0x80, 0x80, "masked");
    const code = frame[1] & 0x7f;
    const start = code < 126 ? 2 : code === 126 ? 4 : 10;
    const declared = code < 126
      ? code
      : [...frame.subarray(2, start)].reduce((n, b) => n * 256 + b, 0);
    assert.equal(declared, length);
    assert.deepEqual([...frame.subarray(start, start + 4)], [2, 3, 4, 5]);
    const unmasked = frame.subarray(start + 4).map((b, i) => b ^ [2, 3, 4, 5][i & 3]);
    assert.deepEqual(unmasked, payload);
  }
});

Deno.test("FrameReader.push() joins frames split anywhere, fragmented messages and control frames between them", () => {
  const reader = new FrameReader(1_000_000);
  const stream = new Uint8Array([
    ...serverFrame(0x81, bytes('[3,"1",{}]')),
    ...serverFrame(0x01, bytes("héllo ")), // text, not final
    ...serverFrame(0x89, bytes("ping!")), // a ping between fragments
    ...serverFrame(0x00, bytes("wor")),
    ...serverFrame(0x80, bytes("ld")),
    ...serverFrame(0x82, new Uint8Array(70_000).fill(7)),
    ...serverFrame(0x88, new Uint8Array([0x0f, 0xa1, ...bytes("bye")])),
  ]);
  const oneByOne = readAll(reader, ...Array.from(stream, (b) => new Uint8Array([b])));
  const whole = new FrameReader(1_000_000).push(stream);
  for (const got of [oneByOne, whole]) {
    assert.deepEqual(got.map((m) => m.kind), ["text", "ping", "text", "binary", "close"]);
    assert.deepEqual(got[0], { kind: "text", text: '[3,"1",{}]' });
    assert.deepEqual(got[1], { kind: "ping", data: bytes("ping!") });
    assert.deepEqual(got[2], { kind: "text", text: "héllo world" });
    assert.equal((got[3] as { data: Uint8Array }).data.length, 70_000);
    assert.deepEqual(got[4], { kind: "close", code: 4001, reason: "bye" });
  }
});

Deno.test("FrameReader.push() reads an empty close as 1005", () => {
  assert.deepEqual(new FrameReader(100).push(serverFrame(0x88, new Uint8Array())), [
    { kind: "close", code: 1005, reason: "" },
  ]);
});

Deno.test("FrameReader.push() refuses what a server must not send, with the close code to use", () => {
  const cases: [string, Uint8Array, number][] = [
    ["masked server frame", serverFrame(0x81, bytes("x"), 0x80), 1002],
    ["reserved bits set", serverFrame(0xc1, bytes("x")), 1002],
    ["unknown opcode 3", serverFrame(0x83, bytes("x")), 1002],
    ["unknown opcode 11", serverFrame(0x8b, bytes("x")), 1002],
    ["continuation without a message", serverFrame(0x80, bytes("x")), 1002],
    [
      "new message inside a fragmented one",
      new Uint8Array([...serverFrame(0x01, bytes("a")), ...serverFrame(0x81, bytes("b"))]),
      1002,
    ],
    ["fragmented or long control frame", serverFrame(0x09, bytes("x")), 1002],
    ["fragmented or long control frame", serverFrame(0x89, new Uint8Array(126)), 1002],
    ["invalid close code 1005", serverFrame(0x88, new Uint8Array([0x03, 0xed])), 1002],
    ["invalid close code 999", serverFrame(0x88, new Uint8Array([0x03, 0xe7])), 1002],
    ["invalid close code 0", serverFrame(0x88, new Uint8Array([0x03])), 1002],
    ["text message is not valid UTF-8", serverFrame(0x81, new Uint8Array([0xc3, 0x28])), 1007],
    ["frame of 101 bytes is too big", serverFrame(0x82, new Uint8Array(101)), 1009],
    [
      "fragmented message is too big",
      new Uint8Array([
        ...serverFrame(0x02, new Uint8Array(60)),
        ...serverFrame(0x80, new Uint8Array(60)),
      ]),
      1009,
    ],
  ];
  for (const [message, frame, code] of cases) {
    assert.throws(
      () => new FrameReader(100).push(frame),
      (error: Error & { code: number }) => error.message === message && error.code === code,
      message,
    );
  }
});
