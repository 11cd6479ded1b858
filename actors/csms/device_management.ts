/**
 * Device management as one handle for the composition root and the REST API: the OCPP 2.0.1
 * blocks that keep state per charger (device model, reservations, firmware and log campaigns, display messages), built over their stores and the charger
 * commands, which check each payload and type each refusal.
 */
import { getLogger } from "@logtape/logtape";
import type { Clock } from "../runtime/clock.ts";
import type { CsmsAction } from "../ocpp/actions.ts";
import type { RequestOf } from "../ocpp/schemas.ts";
import type { ChargerCommands } from "./commands.ts";
import { createDeviceModel, type DeviceModel, type DeviceModelStore } from "./device_model.ts";
import type { AnyEvent, Bus } from "./events.ts";
import { createReservations, type Reservations, type ReservationStore } from "./reservations.ts";
import {
  type Campaigns,
  type CampaignStore,
  createCampaigns,
  type TransferFiles,
} from "./campaigns.ts";
import {
  createDisplayMessages,
  type DisplayMessages,
  type DisplayMessageStore,
} from "./display_messages.ts";

/** The stores of device management (plugins/persistence implements them over one database). */
export interface DeviceStores {
  deviceModel: DeviceModelStore;
  reservations: ReservationStore;
  campaigns: CampaignStore;
  files: TransferFiles;
  displayMessages: DisplayMessageStore;
}

/** Everything device management keeps. */
export interface DeviceManagement {
  model: DeviceModel;
  reservations: Reservations;
  campaigns: Campaigns;
  displayMessages: DisplayMessages;
  /** Firmware images served and log files received, in the data directory. */
  files: TransferFiles;
  /** Tamna's HTTP base URL as chargers reach it. */
  publicUrl(): string;
  /** Resolves once the reports and notifications received so far are stored (tests). */
  idle(): Promise<void>;
  /** Stops the timers (reservation expiry). */
  close(): void;
}

const log = getLogger(["tamna", "devices"]);

/** Builds device management, subscribes it to the bus and resumes the Active reservations. */
export async function openDeviceManagement(
  deps: Parameters<typeof createDeviceManagement>[0],
): Promise<DeviceManagement> {
  const devices = createDeviceManagement(deps);
  await devices.reservations.resume();
  return devices;
}

/** Builds device management and subscribes it to the bus. */
export function createDeviceManagement(deps: {
  stores: DeviceStores;
  commands: Pick<ChargerCommands, "send">;
  bus: Pick<Bus, "on" | "createQueue">;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now" | "setTimeout" | "clearTimeout">;
  /** Tamna's HTTP base URL as chargers reach it (firmware downloads, log uploads). */
  publicUrl(): string;
}): DeviceManagement {
  // Through the charger commands: each payload checked, each refusal typed (404, 409, …).
  const send = async <A extends CsmsAction>(chargerId: string, action: A, payload: RequestOf<A>) =>
    (await deps.commands.send(chargerId, action, payload)).response;
  const onError = (chargerId: string, error: unknown) =>
    log.warn`Device management of ${chargerId}: ${error}`;
  const model = createDeviceModel({
    store: deps.stores.deviceModel,
    send,
    bus: deps.bus,
    emit: deps.emit,
    clock: deps.clock,
    onError,
  });
  const reservations = createReservations({
    store: deps.stores.reservations,
    send,
    bus: deps.bus,
    emit: deps.emit,
    clock: deps.clock,
    onError,
  });
  const campaigns = createCampaigns({
    store: deps.stores.campaigns,
    send,
    bus: deps.bus,
    emit: deps.emit,
    clock: deps.clock,
    publicUrl: deps.publicUrl,
    onError,
  });
  const displayMessages = createDisplayMessages({
    store: deps.stores.displayMessages,
    send,
    bus: deps.bus,
    emit: deps.emit,
    clock: deps.clock,
    onError,
  });
  return {
    model,
    reservations,
    campaigns,
    displayMessages,
    files: deps.stores.files,
    publicUrl: deps.publicUrl,
    idle: async () => {
      await Promise.all([
        model.idle(),
        reservations.idle(),
        campaigns.idle(),
        displayMessages.idle(),
      ]);
    },
    close: () => reservations.close(),
  };
}
