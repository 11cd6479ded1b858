/** The CSMS over real loopback WebSockets: sessions, every bad frame, isolation, replacement. */
import assert from "node:assert/strict";
import { startTestServer, TEST_TIMESTAMP, transactionEvent, until } from "./helpers.ts";
import { connectRaw } from "./ocpp_client.ts";

const TS = TEST_TIMESTAMP;
const BOOT = { chargingStation: { model: "ABB Terra 53", vendorName: "ABB" }, reason: "PowerUp" };

Deno.test("serve: a raw client boots, heartbeats and runs a transaction with correct answers", async () => {
  const server = await startTestServer();
  const c = await server.client("charger_001");
  try {
    assert.equal(c.socket.protocol, "ocpp2.0.1");
    const [, , boot] = await c.call("BootNotification", BOOT) as [
      number,
      string,
      Record<string, unknown>,
    ];
    assert.equal(boot.status, "Accepted");
    assert.equal(boot.interval, 30);
    const [type, , hb] = await c.call("Heartbeat", {}) as [number, string, { currentTime: string }];
    assert.equal(type, 3);
    assert.ok(Math.abs(Date.parse(hb.currentTime) - Date.now()) < 5000);
    assert.deepEqual(
      await c.call("StatusNotification", {
        timestamp: TS,
        connectorStatus: "Occupied",
        evseId: 1,
        connectorId: 1,
      }, "s1"),
      [3, "s1", {}],
    );
    const started = await c.call(
      "TransactionEvent",
      transactionEvent(0, "Started", 1000, { idToken: "token_user_001" }),
      "e0",
    );
    assert.deepEqual(started, [3, "e0", { idTokenInfo: { status: "Accepted" } }]);
    assert.deepEqual(await c.call("TransactionEvent", transactionEvent(1, "Updated", 9500), "e1"), [
      3,
      "e1",
      {},
    ]);
    // I03: the final cost (20,150 Wh at 150 KRW/kWh, half-up) comes back with the Ended event.
    assert.deepEqual(
      await c.call(
        "TransactionEvent",
        transactionEvent(2, "Ended", 21150, { stoppedReason: "Local" }),
        "e2",
      ),
      [
        3,
        "e2",
        { totalCost: 3023 },
      ],
    );
    const ended = server.events.find((e) => e.type === "transaction.ended");
    assert.ok(ended?.type === "transaction.ended");
    assert.equal(ended.payload.energyWh, 20150);
    assert.equal(ended.payload.stoppedReason, "Local");
    const types = server.events.map((e) => e.type);
    for (
      const t of ["station.connected", "station.booted", "station.heartbeat", "status.changed"]
    ) {
      assert.ok(types.includes(t as never), `${t} published`);
    }
  } finally {
    await c.close();
    await server.close();
  }
});

Deno.test("serve: every kind of bad frame gets its CALLERROR and the connection stays open", async () => {
  const server = await startTestServer({ maxFrameChars: 2048 });
  const c = await server.booted("cs_bad");
  try {
    const cases: [string, string, string][] = [
      ["not json", "-1", "RpcFrameworkError"],
      ['[2,"b1","Heartbeat"]', "b1", "RpcFrameworkError"],
      ['[9,"b2","Heartbeat",{}]', "b2", "MessageTypeNotSupported"],
      ['[2,"b3","NoSuchAction",{}]', "b3", "NotImplemented"],
      ['[2,"b4","Heartbeat",{"x":1}]', "b4", "PropertyConstraintViolation"],
      ['[2,"b5","Authorize",{}]', "b5", "OccurrenceConstraintViolation"],
      [
        '[2,"b6","Authorize",{"idToken":{"idToken":5,"type":"ISO14443"}}]',
        "b6",
        "TypeConstraintViolation",
      ],
      ['[2,"b7","Heartbeat",7]', "b7", "FormatViolation"],
      [`[2,"b8","DataTransfer",{"vendorId":"${"v".repeat(3000)}"}]`, "-1", "RpcFrameworkError"],
    ];
    for (const [text, id, code] of cases) {
      const answer = await c.request(text, id);
      assert.equal(answer[0], 4, text.slice(0, 40));
      assert.equal(answer[2], code, text.slice(0, 40));
    }
    const [type] = await c.call("Heartbeat", {});
    assert.equal(type, 3, "still served after the bad frames");
  } finally {
    await c.close();
    await server.close();
  }
});

Deno.test("serve: a CALLRESULT with an unknown id is dropped, never answered", async () => {
  const server = await startTestServer();
  const c = await server.booted("cs_stray");
  try {
    c.socket.send('[3,"nobody-asked",{}]');
    c.socket.send('[4,"nobody-asked-either","GenericError","x",{}]');
    await c.call("Heartbeat", {}, "after");
    assert.equal(c.received.filter((f) => String(f[1]).startsWith("nobody")).length, 0);
  } finally {
    await c.close();
    await server.close();
  }
});

Deno.test("serve: a station sending a long run of bad frames is disconnected; others keep being served", async () => {
  const server = await startTestServer({ maxBadFrames: 5 });
  const bad = await server.booted("cs_noisy");
  const good = await server.booted("cs_quiet");
  try {
    for (let i = 0; i < 5; i++) bad.socket.send("garbage");
    const closed = await bad.closed;
    assert.equal(closed.code, 1008);
    const [type] = await good.call("Heartbeat", {});
    assert.equal(type, 3);
    await until(() => !server.csms.isConnected("cs_noisy"));
  } finally {
    await bad.close();
    await good.close();
    await server.close();
  }
});

Deno.test("serve: refuses upgrades without ocpp2.0.1, over-long identities and identities with ':'", async () => {
  const server = await startTestServer();
  try {
    for (
      const [path, protocols] of [
        ["/cs1", ["ocpp1.6"]],
        [`/${"x".repeat(49)}`, ["ocpp2.0.1"]],
        ["/a%3Ab", ["ocpp2.0.1"]],
        ["/", ["ocpp2.0.1"]],
      ] as [string, string[]][]
    ) {
      await assert.rejects(connectRaw(`${server.ocppUrl}${path}`, protocols), `${path} refused`);
    }
    const plain = await fetch(`${server.ocppUrl.replace("ws", "http")}/cs1`);
    assert.equal(plain.status, 426);
    await plain.body?.cancel();
    const ok = await connectRaw(`${server.ocppUrl}/ocpp/${"y".repeat(48)}`);
    assert.equal(ok.socket.protocol, "ocpp2.0.1");
    await ok.close();
  } finally {
    await server.close();
  }
});

Deno.test("serve: a second connection for the same identity replaces the first cleanly", async () => {
  const server = await startTestServer();
  const first = await server.booted("cs_twice");
  try {
    const second = await server.booted("cs_twice");
    const closed = await first.closed;
    assert.equal(closed.code, 1000);
    // The old socket's close has been seen; the new connection must still be registered.
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(server.csms.isConnected("cs_twice"));
    const [type] = await second.call("Heartbeat", {});
    assert.equal(type, 3);
    const answered = server.csms.send("cs_twice", "ClearCache", {});
    const call = await second.next((f) => f[0] === 2 && f[2] === "ClearCache");
    second.socket.send(JSON.stringify([3, call[1], { status: "Accepted" }]));
    assert.deepEqual(await answered, { status: "Accepted" });
    await second.close();
  } finally {
    await first.close();
    await server.close();
  }
});

Deno.test("serve: CSMS-initiated calls return the charger's answer, CALLERROR and timeout", async () => {
  const server = await startTestServer({ callTimeoutMs: 200 });
  const c = await server.booted("cs_cmd");
  try {
    const reset = server.csms.send("cs_cmd", "Reset", { type: "Immediate" });
    const call = await c.next((f) => f[0] === 2 && f[2] === "Reset");
    c.socket.send(JSON.stringify([3, call[1], { status: "Rejected" }]));
    assert.deepEqual(await reset, { status: "Rejected" });

    const unlock = server.csms.send("cs_cmd", "UnlockConnector", { evseId: 1, connectorId: 1 });
    const call2 = await c.next((f) => f[0] === 2 && f[2] === "UnlockConnector");
    c.socket.send(JSON.stringify([4, call2[1], "FormationViolation", "bad", {}]));
    await assert.rejects(unlock, (e: Error & { code?: string }) => e.code === "FormatViolation");

    // 200 ms call timeout configured above: the charger never answers this one.
    await assert.rejects(server.csms.send("cs_cmd", "ClearCache", {}), {
      name: "CallTimeoutError",
    });
    await assert.rejects(server.csms.send("nobody", "ClearCache", {}), {
      name: "ChargerOfflineError",
    });
  } finally {
    await c.close();
    await server.close();
  }
});
