/**
 * Device management as one handle for the composition root and the REST API: the OCPP 2.0.1
 * blocks that keep state per charger (device model, reservations), built over their stores and the charger
 * commands, which check each payload and type each refusal.
 */
import { getLogger } from "@logtape/logtape";
import type { Clock } from "../runtime/clock.ts";
import type { ChargerCommands } from "./commands.ts";
import { createDeviceModel, type DeviceModel, type DeviceModelStore } from "./device_model.ts";
import type { AnyEvent, Bus } from "./events.ts";
import { createReservations, type Reservations, type ReservationStore } from "./reservations.ts";

/** The stores of device management (plugins/persistence implements them over one database). */
export interface DeviceStores {
  deviceModel: DeviceModelStore;
  reservations: ReservationStore;
}

/** Everything device management keeps. */
export interface DeviceManagement {
  model: DeviceModel;
  reservations: Reservations;
  /** Resolves once the reports and notifications received so far are stored (tests). */
  idle(): Promise<void>;
  /** Stops the timers (reservation expiry). */
  close(): void;
}

const log = getLogger(["tamna", "devices"]);

/** Builds device management and subscribes it to the bus. */
export function createDeviceManagement(deps: {
  stores: DeviceStores;
  commands: Pick<ChargerCommands, "send">;
  bus: Pick<Bus, "on" | "createQueue">;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now" | "setTimeout" | "clearTimeout">;
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
  const reservations = createReservations({
    store: deps.stores.reservations,
    send: async (chargerId, action, payload) =>
      (await deps.commands.send(chargerId, action, payload)).response,
    bus: deps.bus,
    emit: deps.emit,
    clock: deps.clock,
    onError,
  });
  return {
    model,
    reservations,
    idle: async () => {
      await Promise.all([model.idle(), reservations.idle()]);
    },
    close: () => reservations.close(),
  };
}
