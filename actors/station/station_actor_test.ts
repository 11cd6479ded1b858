import assert from "node:assert/strict";
import { FakeClock, flushMicrotasks } from "../runtime/clock.ts";
import type { AnyEvent } from "../csms/events.ts";
import { createProtocolLog } from "../ocpp/protocol_log.ts";
import { createSupervisor } from "../runtime/supervisor.ts";
import type { StationConfig } from "./state.ts";
import { stationActorSpec, type StationMsg } from "./station_actor.ts";

const CONFIG: StationConfig = {
  validation: "strict",
  heartbeatIntervalS: 30,
  unknownStationRegistration: "Accepted",
  isKnown: false,
  authorize: () => "Accepted",
  maxBadFrames: 20,
};

function spawnStation(
  config: Partial<StationConfig> = {},
  isWanted?: (type: AnyEvent["type"]) => boolean,
) {
  const clock = new FakeClock();
  const sent: unknown[][] = [];
  const events: AnyEvent[] = [];
  const supervisor = createSupervisor({ clock });
  const ref = supervisor.spawn<StationMsg>(stationActorSpec({
    chargerId: "cs1",
    socket: { send: (text) => void sent.push(JSON.parse(text)), close: () => {} },
    clock,
    emit: (e) => void events.push(e),
    isWanted,
    config: { ...CONFIG, ...config },
    protocolLog: createProtocolLog("SERVER"),
  }));
  const frame = async (text: string) => {
    ref.send({ type: "frame", text });
    await flushMicrotasks(50);
  };
  return { clock, sent, events, ref, frame, supervisor };
}

const BOOT = JSON.stringify([2, "b", "BootNotification", {
  chargingStation: { model: "m", vendorName: "v" },
  reason: "PowerUp",
}]);

Deno.test("station actor answers InternalError without a stack when a handler throws, and carries on", async () => {
  const { sent, frame, supervisor, ref } = spawnStation({
    authorize: () => {
      throw new Error("secret detail at /srv/tamna/handlers.ts:42");
    },
  });
  try {
    await frame(BOOT);
    await frame('[2,"a1","Authorize",{"idToken":{"idToken":"x","type":"ISO14443"}}]');
    const answer = sent.find((f) => f[1] === "a1")!;
    assert.deepEqual(answer.slice(0, 3), [4, "a1", "InternalError"]);
    assert.ok(!JSON.stringify(answer).includes("secret"), "no internals leak");
    await frame('[2,"h1","Heartbeat",{}]');
    assert.equal(sent.find((f) => f[1] === "h1")?.[0], 3);
    assert.equal(ref.status, "running");
  } finally {
    await supervisor.stopAll();
  }
});

Deno.test("station actor never answers a CALLRESULT for an unknown id", async () => {
  const { sent, frame, supervisor } = spawnStation();
  try {
    await frame(BOOT);
    const before = sent.length;
    await frame('[3,"unknown",{"status":"Accepted"}]');
    assert.equal(sent.length, before);
  } finally {
    await supervisor.stopAll();
  }
});

Deno.test("station actor refuses an oversized frame with id -1 and counts it as bad", async () => {
  const { sent, ref, supervisor } = spawnStation({ maxBadFrames: 2 });
  try {
    ref.send({ type: "oversized", sizeChars: 10_000, limitChars: 1024 });
    await flushMicrotasks(50);
    assert.deepEqual(sent[0].slice(0, 3), [4, "-1", "RpcFrameworkError"]);
    assert.match(String(sent[0][3]), /10000 characters exceeds the limit of 1024/);
  } finally {
    await supervisor.stopAll();
  }
});

Deno.test("station actor publishes station.disconnected and exits when the socket closes", async () => {
  const { events, ref, supervisor } = spawnStation();
  try {
    ref.send({ type: "closed", code: 1006, reason: "gone" });
    await flushMicrotasks(50);
    const disconnected = events.find((e) => e.type === "station.disconnected");
    assert.ok(disconnected?.type === "station.disconnected");
    assert.equal(disconnected.payload.code, 1006);
    assert.equal(
      supervisor.get("cs1"),
      undefined,
      "a transient actor is not restarted after a hang-up",
    );
  } finally {
    await supervisor.stopAll();
  }
});

Deno.test("station actor builds no frame events nobody reads, and still emits the rest", async () => {
  const wanted = spawnStation({}, (type) => type !== "frame.in" && type !== "frame.out");
  await wanted.frame(BOOT);
  assert.equal(wanted.sent.length, 1, "answered as usual");
  const types = wanted.events.map((e) => e.type);
  assert.ok(types.includes("station.booted"));
  assert.ok(!types.includes("frame.in") && !types.includes("frame.out"), types.join());
  const all = spawnStation();
  await all.frame(BOOT);
  const allTypes = all.events.map((e) => e.type);
  assert.ok(allTypes.includes("frame.in") && allTypes.includes("frame.out"), allTypes.join());
  await wanted.supervisor.stopAll();
  await all.supervisor.stopAll();
});
