/** Shared by the simulator security tests: a plain station config for `startCharger`. */
import type { StationConfig } from "../sim/station/station_state.ts";

/** A 50 kW test station called `chargerId`. */
export function simStation(chargerId: string): StationConfig {
  return {
    chargerId,
    vendor: "Tamna",
    model: "Tamna Sim",
    serialNumber: `SN-${chargerId}`.slice(0, 25),
    firmwareVersion: "1.0.0",
    maxPowerW: 50_000,
    txIdPrefix: crypto.randomUUID().slice(0, 8),
    defaultEv: { batteryWh: 64_000, startSocPercent: 30, maxPowerW: 150_000 },
    isAutoPlugOnRemoteStart: true,
  };
}
