import assert from "node:assert/strict";
import type { TamnaEvents } from "../../actors/csms/events.ts";
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import { powerLimitRequest } from "../../actors/csms/charging_profile.ts";
import { emartJejuSeed } from "../../actors/csms/inventory.ts";
import { startPluginTestBed } from "../testing.ts";
import { smartChargingPlugin } from "./mod.ts";

const seed = emartJejuSeed();
const inventory = () => seed;
const JEJU = Array.from({ length: 12 }, (_, i) => `emart_jeju_${String(i + 1).padStart(2, "0")}`);

async function harness(config: Record<string, unknown> = {}) {
  const bed = await startPluginTestBed([smartChargingPlugin({ inventory })], {
    config: { "smart-charging": config },
    answer: () => ({ status: "Accepted" }),
  });
  const iso = () => new Date(bed.clock.now()).toISOString();
  const start = (chargerId: string) =>
    bed.bus.emit("transaction.started", {
      chargerId,
      transactionId: `tx-${chargerId}`,
      evseId: 1,
      connectorId: 1,
      timestamp: iso(),
      at: iso(),
    });
  const end = (chargerId: string) =>
    bed.bus.emit("transaction.ended", {
      chargerId,
      transactionId: `tx-${chargerId}`,
      timestamp: iso(),
      at: iso(),
    });
  const sample = (chargerId: string, powerKw: number) =>
    bed.bus.emit("meter.sampled", {
      chargerId,
      evseId: 1,
      transactionId: `tx-${chargerId}`,
      reading: { at: iso(), powerW: powerKw * 1000 },
      at: iso(),
    });
  /** Limits sent since the last call, kW by station (null: cleared). */
  const drain = () => {
    const out: Record<string, number | null> = {};
    for (const [chargerId, action, payload] of bed.sent.splice(0)) {
      out[chargerId] = action === "ClearChargingProfile"
        ? null
        : (payload as RequestOf<"SetChargingProfile">).chargingProfile.chargingSchedule[0]
          .chargingSchedulePeriod[0].limit / 1000;
    }
    return out;
  };
  const allocations = () =>
    bed.events.flatMap((e) => e.type === "smart-charging.allocated" ? [e.payload] : []);
  return { bed, start, end, sample, drain, allocations };
}

const each = (ids: string[], kw: number | null) => Object.fromEntries(ids.map((id) => [id, kw]));

Deno.test("smartChargingPlugin() shares Emart Jeju's 800 kW among 12 sessions started at once", async () => {
  const { bed, start, drain, allocations } = await harness();
  try {
    for (const id of JEJU) start(id);
    await bed.clock.advance(100);
    assert.deepEqual(drain(), each(JEJU, 66.6));
    const last = allocations().at(-1)!;
    assert.equal(last.siteId, "emart_jeju_main");
    assert.equal(last.capacityKw, 800);
    assert.equal(last.isConstrained, true);
    assert.equal(last.sessions, 12);
    assert.deepEqual(last.limits, each(JEJU, 66.6));
  } finally {
    await bed.stop();
  }
});

Deno.test("smartChargingPlugin() sends TxProfiles above the REST API's profile", async () => {
  const { bed, start } = await harness();
  try {
    for (const id of JEJU) start(id);
    await bed.clock.advance(100);
    const [chargerId, action, payload] = bed.sent[0];
    assert.equal(chargerId, "emart_jeju_01");
    assert.equal(action, "SetChargingProfile");
    assert.deepEqual(
      payload,
      powerLimitRequest({
        powerKw: 66.6,
        transactionId: "tx-emart_jeju_01",
        evseId: 1,
        profileId: 4301,
        stackLevel: 2,
      }),
    );
  } finally {
    await bed.stop();
  }
});

Deno.test("smartChargingPlugin() raises the others' share as sessions end and lifts limits when they fit", async () => {
  const { bed, start, end, drain } = await harness();
  try {
    for (const id of JEJU) start(id);
    await bed.clock.advance(100);
    drain();
    end(JEJU[11]);
    end(JEJU[10]);
    await bed.clock.advance(100);
    assert.deepEqual(drain(), each(JEJU.slice(0, 10), 80));
    end(JEJU[9]);
    await bed.clock.advance(100);
    assert.deepEqual(drain(), each(JEJU.slice(0, 9), 88.8));
    end(JEJU[8]); // eight left: 800 kW fits
    await bed.clock.advance(100);
    assert.deepEqual(drain(), each(JEJU.slice(0, 8), null));
  } finally {
    await bed.stop();
  }
});

Deno.test("smartChargingPlugin() gives what tapering EVs leave to the others, lowering first", async () => {
  const { bed, start, sample, drain, allocations } = await harness();
  try {
    for (const id of JEJU) start(id);
    await bed.clock.advance(100);
    drain();
    await bed.clock.advance(10_000); // settled
    for (const id of JEJU) sample(id, id === JEJU[0] || id === JEJU[1] ? 20 : 66.6);
    await bed.clock.advance(5_000);
    // Demands 22 + 22; (800 − 44) / 10 = 75.6 kW for the others.
    const order = bed.sent.map(([id]) => id);
    assert.deepEqual(order.slice(0, 2), [JEJU[0], JEJU[1]]);
    assert.deepEqual(drain(), { ...each(JEJU.slice(2), 75.6), [JEJU[0]]: 22, [JEJU[1]]: 22 });
    assert.equal(allocations().at(-1)!.sitePowerKw, 20 * 2 + 66.6 * 10);
  } finally {
    await bed.stop();
  }
});

Deno.test("smartChargingPlugin() reallocates on meter values at most once per interval", async () => {
  const { bed, start, sample, allocations } = await harness({ intervalS: 5 });
  try {
    for (const id of JEJU) start(id);
    await bed.clock.advance(100);
    const before = allocations().length;
    for (let i = 0; i < 10; i++) {
      for (const id of JEJU) sample(id, 66.6);
      await bed.clock.advance(1_000);
    }
    assert.equal(allocations().length - before, 2);
  } finally {
    await bed.stop();
  }
});

Deno.test("smartChargingPlugin() keeps a charger under the cap the REST API set", async () => {
  const { bed, start, drain } = await harness();
  try {
    for (const id of JEJU) start(id);
    await bed.clock.advance(100);
    drain();
    const at = new Date(bed.clock.now()).toISOString();
    const request = powerLimitRequest({ powerKw: 20, transactionId: `tx-${JEJU[0]}`, evseId: 1 });
    // A refused cap changes nothing; an accepted one bounds the site limit.
    for (const status of ["Rejected", "Accepted"]) {
      bed.bus.emit("command.answered", {
        chargerId: JEJU[0],
        action: "SetChargingProfile",
        request,
        response: { status },
        at,
      });
    }
    await bed.clock.advance(100);
    // 20 kW for the capped one; (800 − 20) / 11 = 70.9 kW for the rest.
    assert.deepEqual(drain(), { [JEJU[0]]: 20, ...each(JEJU.slice(1), 70.9) });
    bed.bus.emit("command.answered", {
      chargerId: JEJU[0],
      action: "ClearChargingProfile",
      request: { chargingProfileId: 4201 },
      response: { status: "Accepted" },
      at,
    });
    await bed.clock.advance(100);
    assert.deepEqual(drain(), { ...each(JEJU.slice(1), 66.6), [JEJU[0]]: 66.6 });
  } finally {
    await bed.stop();
  }
});

Deno.test("smartChargingPlugin() holds standing per-charger caps when the site needs no limit", async () => {
  const { bed, start, end, drain } = await harness({
    chargerLimitsKw: { emart_jeju_01: 50 },
    sites: { emart_jeju_main: { capacityKw: 1000 } },
  });
  try {
    start(JEJU[0]);
    start(JEJU[1]);
    await bed.clock.advance(100);
    assert.deepEqual(drain(), { [JEJU[0]]: 50 });
    end(JEJU[0]);
    await bed.clock.advance(100);
    assert.deepEqual(drain(), {});
  } finally {
    await bed.stop();
  }
});

Deno.test("smartChargingPlugin() plans a charger on no site alone: another's start leaves it be", async () => {
  const { bed, start, end, sample, drain, allocations } = await harness({
    chargerLimitsKw: { loose_1: 30, loose_2: 40 },
  });
  try {
    start("loose_1");
    await bed.clock.advance(100);
    assert.deepEqual(drain(), { loose_1: 30 });
    const before = allocations().length;
    start("loose_2");
    await bed.clock.advance(100);
    assert.deepEqual(drain(), { loose_2: 40 });
    const [second, ...rest] = allocations().slice(before);
    assert.deepEqual(rest, [], "one allocation for the one start");
    assert.equal(second.siteId, "", "a charger on no site is reported under the empty site");
    assert.equal(second.sessions, 1, "planned alone, not with loose_1");
    assert.deepEqual(second.limits, { loose_2: 40 });
    sample("loose_2", 38);
    await bed.clock.advance(10_000);
    assert.equal(allocations().length, before + 1, "a measurement alone plans nothing");
    end("loose_1");
    await bed.clock.advance(100);
    assert.deepEqual(drain(), {}, "loose_2 keeps its cap");
  } finally {
    await bed.stop();
  }
});

Deno.test("smartChargingPlugin() allocation events show every site against its own cap", async () => {
  const { bed, start, allocations } = await harness();
  try {
    start("emart_shinjeju_01");
    await bed.clock.advance(100);
    const shinjeju: TamnaEvents["smart-charging.allocated"] = allocations().at(-1)!;
    assert.equal(shinjeju.siteId, "emart_shinjeju_main");
    assert.equal(shinjeju.capacityKw, 400);
    assert.equal(shinjeju.isConstrained, false);
    assert.deepEqual(shinjeju.limits, {});
  } finally {
    await bed.stop();
  }
});

Deno.test("smartChargingPlugin() sends no TxProfile for sessions known only from events queued offline (after a restart)", async () => {
  const { bed, drain } = await harness();
  const updated = (chargerId: string, offline: boolean) =>
    bed.bus.emit("transaction.updated", {
      chargerId,
      transactionId: `tx-${chargerId}`,
      seqNo: 3,
      eventType: "Updated",
      triggerReason: "MeterValuePeriodic",
      offline,
      isEnded: false,
      timestamp: new Date(bed.clock.now()).toISOString(),
      at: new Date(bed.clock.now()).toISOString(),
    });
  try {
    // Replayed after a restart: these sessions may have ended meanwhile (their Ended follows).
    for (const id of JEJU) updated(id, true);
    await bed.clock.advance(100);
    assert.deepEqual(drain(), {});
    // Live again: the running sessions are limited as usual.
    for (const id of JEJU) updated(id, false);
    await bed.clock.advance(100);
    assert.deepEqual(drain(), each(JEJU, 66.6));
  } finally {
    await bed.stop();
  }
});
