// The internal states → OCPP 2.0.1 table, as tables.
import assert from "node:assert/strict";
import {
  type ChargingState,
  chargingStateOf,
  type ConnectorStatus,
  connectorStatusOf,
  type InternalStatus,
} from "./status_map.ts";

Deno.test("connectorStatusOf() reports the middle three states as Occupied (Q01)", () => {
  const table: [InternalStatus, ConnectorStatus][] = [
    ["Available", "Available"],
    ["Preparing", "Occupied"],
    ["Charging", "Occupied"],
    ["Finishing", "Occupied"],
    ["Unavailable", "Unavailable"],
    ["Faulted", "Faulted"],
  ];
  for (const [status, expected] of table) assert.equal(connectorStatusOf(status), expected, status);
});

Deno.test("chargingStateOf() tells Idle, EVConnected, Charging and who suspended (E01)", () => {
  const table: [Parameters<typeof chargingStateOf>[0], ChargingState][] = [
    [{ status: "Available", isEvConnected: false, isEvFull: false, limitW: null }, "Idle"],
    [{ status: "Preparing", isEvConnected: true, isEvFull: false, limitW: null }, "EVConnected"],
    [{ status: "Finishing", isEvConnected: true, isEvFull: false, limitW: null }, "EVConnected"],
    [{ status: "Charging", isEvConnected: true, isEvFull: false, limitW: null }, "Charging"],
    [{ status: "Charging", isEvConnected: true, isEvFull: false, limitW: 11_000 }, "Charging"],
    [{ status: "Charging", isEvConnected: true, isEvFull: false, limitW: 0 }, "SuspendedEVSE"],
    [{ status: "Charging", isEvConnected: true, isEvFull: true, limitW: null }, "SuspendedEV"],
  ];
  for (const [facts, expected] of table) {
    assert.equal(chargingStateOf(facts), expected, JSON.stringify(facts));
  }
});
