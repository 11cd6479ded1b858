import assert from "node:assert/strict";
import { acceptFor, checkUpgradeResponse, newKey, upgradeRequest } from "./ws_handshake.ts";

Deno.test("acceptFor() answers the key of RFC 6455 §1.3 with its accept value", async () => {
  assert.equal(await acceptFor("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  assert.equal(atob(newKey()).length, 16);
});

Deno.test("upgradeRequest() asks for the path with its query, the subprotocols and extra headers", () => {
  const request = upgradeRequest(new URL("ws://127.0.0.1:9000/ocpp/st%201?x=1"), {
    key: "k",
    protocols: ["ocpp2.0.1"],
    headers: { authorization: "Basic YTpi" },
  });
  assert.equal(
    request,
    "GET /ocpp/st%201?x=1 HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nUpgrade: websocket\r\n" +
      "Connection: Upgrade\r\nSec-WebSocket-Key: k\r\nSec-WebSocket-Version: 13\r\n" +
      "Sec-WebSocket-Protocol: ocpp2.0.1\r\nauthorization: Basic YTpi\r\n\r\n",
  );
  assert.throws(
    () => upgradeRequest(new URL("ws://h/"), { key: "k", protocols: [], headers: { x: "a\r\nb" } }),
    TypeError,
  );
});

Deno.test("checkUpgradeResponse() takes a 101 with the right accept and an offered subprotocol, and names what is wrong otherwise", () => {
  const good = [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: WebSocket",
    "Connection: keep-alive, Upgrade",
    "Sec-WebSocket-Accept: A=",
  ];
  const check = (lines: string[]) =>
    checkUpgradeResponse(lines.join("\r\n"), { accept: "A=", protocols: ["ocpp2.0.1"] });
  assert.deepEqual(check([...good, "Sec-WebSocket-Protocol: ocpp2.0.1"]), {
    ok: true,
    protocol: "ocpp2.0.1",
  });
  assert.deepEqual(check(good), { ok: true, protocol: "" });
  const cases: [string[], string][] = [
    [["HTTP/1.1 401 Unauthorized", "Content-Length: 0"], "Invalid status code: 401"],
    [["SSH-2.0-OpenSSH"], "Invalid HTTP answer: SSH-2.0-OpenSSH"],
    [[...good.slice(0, 3), "Sec-WebSocket-Accept: B="], "Sec-WebSocket-Accept does not match"],
    [[good[0], ...good.slice(2)], "does not upgrade to websocket"],
    [[...good.slice(0, 2), "Connection: close", good[3]], "lacks upgrade"],
    [[...good, "Sec-WebSocket-Protocol: ocpp1.6"], "subprotocol ocpp1.6, which was not offered"],
    [[...good, "Sec-WebSocket-Extensions: permessage-deflate"], "extension"],
    [[...good, "no colon"], "Invalid header line"],
  ];
  for (const [lines, error] of cases) {
    const result = check(lines);
    assert.ok(!result.ok && result.error.includes(error), `${error}: ${JSON.stringify(result)}`);
  }
});
