import assert from "node:assert/strict";
import { createBus } from "./events.ts";
import type { AnyEvent, TamnaEvents } from "./events.ts";
import {
  applyEvent,
  chargerFromInventory,
  type ChargerView,
  createLiveView,
  energySoFarWh,
  mapStatus,
  powerKw,
} from "./live_view.ts";

const AT = "2026-01-20T10:00:00.000Z";
const ID = "emart_jeju_01";

function fold(events: AnyEvent[], start?: ChargerView): ChargerView {
  const view = events.reduce<ChargerView | undefined>((v, e) => applyEvent(v, e), start);
  assert.ok(view);
  return view;
}

const connected: AnyEvent = { type: "station.connected", payload: { chargerId: ID, at: AT } };
const available: AnyEvent = {
  type: "status.changed",
  payload: { chargerId: ID, evseId: 1, connectorId: 1, status: "Available", timestamp: AT, at: AT },
};
const started: AnyEvent = {
  type: "transaction.started",
  payload: {
    chargerId: ID,
    transactionId: "tx_001",
    evseId: 1,
    connectorId: 1,
    idToken: "token_user_003",
    meterStartWh: 10_000,
    timestamp: AT,
    at: AT,
  },
};
const sampled = (energyWh: number, powerW: number): AnyEvent => ({
  type: "meter.sampled",
  payload: {
    chargerId: ID,
    evseId: 1,
    transactionId: "tx_001",
    reading: { at: AT, energyWh, powerW },
    at: AT,
  },
});
/** An Updated of tx_001 (seqNo 1), with `fields` over the defaults. */
const updated = (
  fields: Partial<TamnaEvents["transaction.updated"]>,
): AnyEvent => ({
  type: "transaction.updated",
  payload: {
    chargerId: ID,
    transactionId: "tx_001",
    seqNo: 1,
    eventType: "Updated",
    triggerReason: "MeterValuePeriodic",
    offline: false,
    isEnded: false,
    timestamp: AT,
    at: AT,
    ...fields,
  },
});
const ended: AnyEvent = {
  type: "transaction.ended",
  payload: {
    chargerId: ID,
    transactionId: "tx_001",
    meterStartWh: 10_000,
    meterStopWh: 12_345,
    energyWh: 2345,
    timestamp: AT,
    at: AT,
  },
};
const inventoried = chargerFromInventory({
  chargerId: ID,
  siteId: "emart_jeju_main",
  maxPowerKw: 100,
});

Deno.test("mapStatus() follows the charger through connect, charge, fault and disconnect", () => {
  const cases: [AnyEvent[], string][] = [
    [[], "offline"],
    [[connected], "available"],
    [[connected, available], "available"],
    [[connected, available, started], "charging"],
    [[connected, available, started, ended], "available"],
    [[
      connected,
      { ...available, payload: { ...available.payload, status: "Occupied" } } as AnyEvent,
    ], "occupied"],
    [[
      connected,
      { ...available, payload: { ...available.payload, status: "Occupied" } } as AnyEvent,
      started,
    ], "charging"],
    [[
      connected,
      { ...available, payload: { ...available.payload, status: "Faulted" } } as AnyEvent,
    ], "faulted"],
    [[
      connected,
      { ...available, payload: { ...available.payload, status: "Unavailable" } } as AnyEvent,
    ], "unavailable"],
    [[
      connected,
      { ...available, payload: { ...available.payload, status: "Reserved" } } as AnyEvent,
    ], "reserved"],
    [[connected, available, {
      type: "reservation.changed",
      payload: {
        chargerId: ID,
        reservationId: 7,
        status: "Active",
        idToken: "card",
        expiresAt: AT,
        at: AT,
      },
    }], "reserved"],
    [[connected, started, {
      type: "station.disconnected",
      payload: { chargerId: ID, code: 1006, reason: "", at: AT },
    }], "offline"],
  ];
  for (const [events, expected] of cases) {
    assert.equal(
      mapStatus(fold(events, inventoried)),
      expected,
      events.map((e) => e.type).join(","),
    );
  }
});

Deno.test("applyEvent() keeps energy from the registers and power per EVSE while a transaction runs", () => {
  const view = fold(
    [connected, started, sampled(11_000, 50_000), sampled(11_500, 48_000)],
    inventoried,
  );
  assert.equal(view.transactions.length, 1);
  assert.equal(energySoFarWh(view.transactions[0]), 1500);
  assert.equal(powerKw(view), 48);
  const after = applyEvent(view, ended)!;
  assert.deepEqual(after.transactions, []);
  assert.equal(powerKw(after), 0);
  assert.equal(after.siteId, "emart_jeju_main");
});

Deno.test("applyEvent(): an event delivered after the Ended does not bring the transaction back", () => {
  const late = updated({
    chargingState: "Charging",
    offline: true,
    isEnded: true,
    energyWh: 12_345,
  });
  const view = fold([connected, started, ended, late], inventoried);
  assert.deepEqual(view.transactions, []);
  assert.equal(mapStatus(view), "available");
});

Deno.test("applyEvent() takes a start register that becomes known after the Started", () => {
  // A Started without a reading; the station learns the start from the next event.
  const bare: AnyEvent = {
    ...started,
    payload: { ...started.payload, meterStartWh: undefined },
  } as AnyEvent;
  const learnt = updated({ meterStartWh: 10_000, energyWh: 10_000 });
  const view = fold([connected, bare, learnt, sampled(11_000, 50_000)], inventoried);
  assert.equal(energySoFarWh(view.transactions[0]), 1000);
});

Deno.test("applyEvent() creates a view for a charger outside the inventory and records the boot", () => {
  const view = fold([connected, {
    type: "station.booted",
    payload: {
      chargerId: ID,
      model: "ABB Terra 53",
      vendorName: "ABB",
      reason: "PowerUp",
      status: "Accepted",
      intervalS: 30,
      at: "2026-01-20T10:00:01.000Z",
    },
  }]);
  assert.equal(view.model, "ABB Terra 53");
  assert.equal(view.vendor, "ABB");
  assert.equal(view.registration, "Accepted");
  assert.equal(view.siteId, undefined);
  assert.equal(view.lastSeen, "2026-01-20T10:00:01.000Z");
});

Deno.test("applyEvent() drops a TxProfile limit when its transaction ends but keeps a default limit", () => {
  const running = fold([connected, started], inventoried);
  const txLimit = {
    kw: 20,
    purpose: "TxProfile",
    profileId: 1,
    stackLevel: 0,
    transactionId: "tx_001",
  } as const;
  const defaultLimit = {
    kw: 30,
    purpose: "TxDefaultProfile",
    profileId: 2,
    stackLevel: 0,
  } as const;
  const tx = applyEvent(
    { ...running, powerLimits: [txLimit, defaultLimit], powerLimit: txLimit },
    ended,
  )!;
  assert.deepEqual(tx.powerLimit, defaultLimit);
  assert.deepEqual(tx.powerLimits, [defaultLimit]);
});

Deno.test("applyEvent() ignores frame events and leaves an unknown charger undefined", () => {
  const frame: AnyEvent = { type: "frame.in", payload: { chargerId: ID, text: "[]", at: AT } };
  assert.equal(applyEvent(undefined, frame), undefined);
  assert.equal(applyEvent(inventoried, frame), inventoried);
});

Deno.test("applyEvent() keeps the pricing plugin's running cost of a running transaction only", () => {
  const started = applyEvent(inventoried, {
    type: "transaction.started",
    payload: {
      chargerId: ID,
      transactionId: "t1",
      evseId: 1,
      meterStartWh: 0,
      timestamp: AT,
      at: AT,
    },
  })!;
  const costed = (costKrw: number, isFinal: boolean, transactionId = "t1"): AnyEvent => ({
    type: "transaction.costed",
    payload: {
      chargerId: ID,
      transactionId,
      seqNo: 1,
      eventType: isFinal ? "Ended" : "Updated",
      costKrw,
      isFinal,
      timestamp: AT,
      at: AT,
    },
  });
  const running = applyEvent(started, costed(450, false))!;
  assert.equal(running.transactions[0].costKrw, 450);
  assert.deepEqual(applyEvent(running, costed(999, false, "other"))!.transactions.length, 1);
  assert.equal(applyEvent(running, costed(600, true))!.transactions[0].costKrw, 450);
});

Deno.test("createLiveView() follows the bus, replaces the inventory and unsubscribes on close", () => {
  const bus = createBus();
  const view = createLiveView({
    bus,
    inventory: {
      sites: [{ siteId: "emart_jeju_main", name: "Emart Jeju", address: "제주시 중앙로 148" }],
      chargers: [{ chargerId: ID, siteId: "emart_jeju_main", model: "ABB Terra 124" }],
    },
  });
  bus.emit("station.connected", { chargerId: ID, at: AT });
  bus.emit("station.booted", {
    chargerId: ID,
    model: "Reported",
    vendorName: "ABB",
    reason: "PowerUp",
    status: "Accepted",
    intervalS: 30,
    at: AT,
  });
  assert.equal(view.get(ID)?.isConnected, true);
  view.setInventory({
    sites: [],
    chargers: [{ chargerId: ID, siteId: "emart_jeju_main", model: "Guess", maxPowerKw: 100 }],
  });
  assert.equal(view.get(ID)?.model, "Reported");
  assert.equal(view.get(ID)?.maxPowerKw, 100);
  assert.equal(view.sites().length, 0, "the new inventory has no site");
  view.close();
  bus.emit("station.disconnected", { chargerId: ID, code: 1000, reason: "", at: AT });
  assert.equal(view.get(ID)?.isConnected, true);
});

Deno.test("applyEvent() keeps the lowest accepted profile limit and drops it when cleared or its transaction ends", () => {
  const profile = (id: number, kw: number, purpose: string, transactionId?: string) => ({
    evseId: 1,
    chargingProfile: {
      id,
      stackLevel: 0,
      chargingProfilePurpose: purpose,
      chargingProfileKind: "Absolute",
      ...(transactionId ? { transactionId } : {}),
      chargingSchedule: [{
        id: 1,
        chargingRateUnit: "W",
        chargingSchedulePeriod: [{ startPeriod: 0, limit: kw * 1000 }],
      }],
    },
  });
  const answered = (action: string, request: Record<string, unknown>, status = "Accepted") => ({
    type: "command.answered" as const,
    payload: { chargerId: ID, action, request, response: { status }, at: AT },
  });
  let view = applyEvent(
    undefined,
    answered("SetChargingProfile", profile(7, 60, "TxDefaultProfile")),
  );
  view = applyEvent(view, answered("SetChargingProfile", profile(8, 40, "TxProfile", "tx9")));
  assert.equal(view?.powerLimit?.kw, 40);
  view = applyEvent(view, answered("SetChargingProfile", profile(9, 10, "TxProfile"), "Rejected"));
  assert.equal(view?.powerLimit?.kw, 40, "a rejected profile is not in force");
  view = applyEvent(view, {
    type: "transaction.ended",
    payload: { chargerId: ID, transactionId: "tx9", timestamp: AT, at: AT },
  });
  assert.equal(view?.powerLimit?.kw, 60, "the TxProfile ended with its transaction");
  view = applyEvent(view, answered("ClearChargingProfile", { chargingProfileId: 7 }));
  assert.equal(view?.powerLimit, undefined);
  assert.deepEqual(view?.powerLimits, []);
});

Deno.test("setInventory() unassigns a seen charger that left the inventory and drops an unseen one", () => {
  const site = { siteId: "s1", name: "Site", address: "" };
  const view = createLiveView({
    inventory: {
      sites: [site],
      chargers: [
        { chargerId: ID, siteId: "s1", lat: 33.5, lng: 126.5, maxPowerKw: 100 },
        { chargerId: "never_seen", siteId: "s1" },
      ],
    },
  });
  view.apply({ type: "station.connected", payload: { chargerId: ID, at: AT } });
  const before = view.inventory();
  view.setInventory({ sites: [site], chargers: [] });
  assert.notEqual(view.inventory(), before, "a new object, so smart charging reads it again");
  assert.equal(view.get("never_seen"), undefined);
  const left = view.get(ID)!;
  assert.equal(left.isConnected, true);
  assert.deepEqual([left.siteId, left.lat, left.maxPowerKw], [undefined, undefined, undefined]);
  view.setInventory({
    sites: [site],
    chargers: [{ chargerId: ID, siteId: "s1", lat: 33.6, lng: 126.6 }],
  });
  assert.deepEqual([view.get(ID)?.siteId, view.get(ID)?.lat, view.get(ID)?.isConnected], [
    "s1",
    33.6,
    true,
  ]);
});
