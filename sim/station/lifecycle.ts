/** Connection life of a simulated station: boot, heartbeat, reboot and the timers settings drive (B01–B05). */
import { dropTxProfiles } from "./charging_profiles.ts";
import { boolSetting, intSetting, variableKey } from "./device_model.ts";
import {
  type ChargerState,
  CONNECTOR_ID,
  type Effect,
  EVSE_ID,
  type TimerName,
} from "./station_state.ts";
import { armTxUpdated, settingsOf } from "./transactions.ts";

/** Seconds to wait before retrying a BootNotification that failed or got interval 0. */
export const BOOT_RETRY_S = 30;
const ALL_TIMERS: TimerName[] = [
  "heartbeat",
  "boot",
  "txUpdated",
  "aligned",
  "limit",
  "evConnectionTimeout",
];

/** Sends BootNotification with the template's identity (B01). */
export function sendBoot(s: ChargerState, fx: Effect[]): ChargerState {
  const { model, vendor, serialNumber, firmwareVersion } = s.config;
  fx.push({
    kind: "call",
    action: "BootNotification",
    payload: {
      reason: s.bootReason,
      chargingStation: {
        model: model.slice(0, 20),
        vendorName: vendor.slice(0, 50),
        serialNumber: serialNumber.slice(0, 25),
        firmwareVersion: firmwareVersion.slice(0, 50),
      },
    },
  });
  return { ...s, registration: "Booting" };
}

export function armHeartbeat(s: ChargerState, fx: Effect[]): void {
  const intervalS = intSetting(settingsOf(s), "OCPPCommCtrlr", "HeartbeatInterval");
  if (intervalS > 0) fx.push({ kind: "setTimer", name: "heartbeat", delayMs: intervalS * 1000 });
}

/** Arms the clock-aligned sample at the next multiple of AlignedDataCtrlr.Interval (J01). */
export function armAligned(s: ChargerState, fx: Effect[], nowMs: number): void {
  const intervalMs = intSetting(settingsOf(s), "AlignedDataCtrlr", "Interval") * 1000;
  if (intervalMs <= 0 || !boolSetting(settingsOf(s), "AlignedDataCtrlr", "Enabled")) {
    fx.push({ kind: "cancelTimer", name: "aligned" });
    return;
  }
  fx.push({ kind: "setTimer", name: "aligned", delayMs: intervalMs - (nowMs % intervalMs) });
}

/** Re-arms the timers a SetVariables change affects. */
export function onSettingsChanged(
  s: ChargerState,
  changed: string[],
  fx: Effect[],
  nowMs: number,
): void {
  const has = (component: string, variable: string) =>
    changed.includes(variableKey({ component, variable }));
  if (has("OCPPCommCtrlr", "HeartbeatInterval") && s.isOnline && s.registration === "Accepted") {
    armHeartbeat(s, fx);
  }
  if (has("SampledDataCtrlr", "TxUpdatedInterval")) armTxUpdated(s, fx);
  if (has("AlignedDataCtrlr", "Interval") || has("AlignedDataCtrlr", "Enabled")) {
    armAligned(s, fx, nowMs);
  }
}

/** Power-cycles the station after a Reset: the shell closes and reconnects, then it boots again. */
export function reboot(s: ChargerState, fx: Effect[], reason: string): ChargerState {
  for (const name of ALL_TIMERS) fx.push({ kind: "cancelTimer", name });
  fx.push({ kind: "reboot", reason }, { kind: "emit", event: { type: "reboot", reason } });
  const status = !s.isOperative ? "Unavailable" : s.physics.ev ? "Finishing" : "Available";
  return {
    ...s,
    registration: "None",
    bootReason: "RemoteReset",
    isOnline: false,
    reportedStatus: null,
    resetScheduled: false,
    authorizing: null,
    pending: null,
    status: s.status === "Faulted" ? "Faulted" : status,
    profiles: dropTxProfiles(s.profiles),
  };
}

/** A StatusNotification payload for the one connector, at wall-clock instant `wallMs`. */
export function statusPayload(connectorStatus: string, wallMs: number): Record<string, unknown> {
  return {
    timestamp: new Date(wallMs).toISOString(),
    connectorStatus,
    evseId: EVSE_ID,
    connectorId: CONNECTOR_ID,
  };
}
