/**
 * Device management as one handle for the composition root and the REST API: the OCPP 2.0.1
 * blocks that keep state per charger (device model), built over their stores and the charger
 * commands, which check each payload and type each refusal.
 */
import { getLogger } from "@logtape/logtape";
import type { Clock } from "../runtime/clock.ts";
import type { ChargerCommands } from "./commands.ts";
import { createDeviceModel, type DeviceModel, type DeviceModelStore } from "./device_model.ts";
import type { AnyEvent, Bus } from "./events.ts";

/** The stores of device management (plugins/persistence implements them over one database). */
export interface DeviceStores {
  deviceModel: DeviceModelStore;
}

/** Everything device management keeps. */
export interface DeviceManagement {
  model: DeviceModel;
  /** Resolves once the reports and notifications received so far are stored (tests). */
  idle(): Promise<void>;
}

const log = getLogger(["tamna", "devices"]);

/** Builds device management and subscribes it to the bus. */
export function createDeviceManagement(deps: {
  stores: DeviceStores;
  commands: Pick<ChargerCommands, "send">;
  bus: Pick<Bus, "on" | "createQueue">;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
}): DeviceManagement {
  const onError = (chargerId: string, error: unknown) =>
    log.warn`Device management of ${chargerId}: ${error}`;
  const model = createDeviceModel({
    store: deps.stores.deviceModel,
    send: async (chargerId, action, payload) =>
      (await deps.commands.send(chargerId, action, payload)).response,
    bus: deps.bus,
    emit: deps.emit,
    clock: deps.clock,
    onError,
  });
  return { model, idle: () => model.idle() };
}
