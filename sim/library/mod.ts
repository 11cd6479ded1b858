/**
 * The simulator as a library: `createCharger` and `createFleet` start simulated OCPP 2.0.1
 * charging stations in-process, connected to any CSMS URL, and hand back small handles to drive
 * them and read their meters. `mod.ts` re-exports this file; the actor shell stays inside.
 *
 * @module
 */
import { startCharger } from "../station/charger.ts";
import { scaledClock } from "../fleet/scaled_clock.ts";
import type { EvSpec } from "../station/physics.ts";
import type { ChargerHandle, ChargerOptions } from "./charger_types.ts";
import { awaitBoot, chargerHandle, checkPasswords } from "./charger_handle.ts";

export type {
  ChargerEvent,
  ChargerEventOf,
  ChargerHandle,
  ChargerOptions,
  ChargerRegistration,
  ChargerStatus,
  MeterReadings,
  StartChargingResult,
} from "./charger_types.ts";
export type { ChargerTemplate, Fleet, Site } from "../fleet/fleet_file.ts";
export type { FleetCounters } from "../fleet/fleet_runner.ts";
export type { EvSpec } from "../station/physics.ts";
export type { IdToken, StoppedReason } from "../station/station_state.ts";
export type { ChargingState, ConnectorStatus } from "../../actors/ocpp/status_map.ts";

/** What a station brings when no EV is given: the fleet runner's default car. */
const DEFAULT_EV: EvSpec = { batteryWh: 64_000, startSocPercent: 30, maxPowerW: 150_000 };

/**
 * Starts a simulated station connected to `options.url` and, unless `bootTimeoutMs` is 0,
 * resolves once the CSMS has accepted its BootNotification.
 *
 * @throws {Error} when the station is not accepted within `bootTimeoutMs` (it is stopped first).
 * @throws {RangeError} for a bad `speed`, `maxPowerKw` or `password`.
 *
 * @example
 * ```ts
 * import { createCharger, startCsms } from "../../mod.ts";
 *
 * await using csms = await startCsms();
 * const charger = await createCharger({ url: csms.ocppUrl, chargerId: "charger_001" });
 * console.log(charger.isConnected, charger.registration); // true Accepted
 * console.log(csms.charger("charger_001")?.isConnected); // true
 * await charger.stop();
 * ```
 */
export async function createCharger(options: ChargerOptions): Promise<ChargerHandle> {
  const maxPowerKw = options.maxPowerKw ?? 100;
  if (!(maxPowerKw > 0)) throw new RangeError(`maxPowerKw must be above 0, got ${maxPowerKw}`);
  checkPasswords(options.password);
  const clock = scaledClock(options.speed ?? 1);
  const sim = await startCharger({
    url: options.url,
    clock,
    stateDir: options.stateDir ?? null,
    callTimeoutMs: options.callTimeoutMs,
    password: options.password,
    caCerts: options.caCerts,
    config: {
      chargerId: options.chargerId,
      vendor: options.vendor ?? "Tamna",
      model: options.model ?? "Tamna Sim",
      serialNumber: (options.serialNumber ?? `SN-${options.chargerId}`).slice(0, 25),
      firmwareVersion: options.firmwareVersion ?? "1.0.0",
      maxPowerW: Math.round(maxPowerKw * 1000),
      // Random per charger, so transaction ids never repeat across runs of a script.
      txIdPrefix: crypto.randomUUID().slice(0, 8),
      defaultEv: options.ev ?? DEFAULT_EV,
      isAutoPlugOnRemoteStart: options.isAutoPlugOnRemoteStart ?? true,
    },
  });
  const bootTimeoutMs = options.bootTimeoutMs ?? 10_000;
  const handle = chargerHandle(sim, { clock, url: options.url, bootTimeoutMs });
  await awaitBoot([handle], { url: options.url, timeoutMs: bootTimeoutMs });
  return handle;
}
