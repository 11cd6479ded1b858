/** The managed network's and device management's stores over one database. */
import type { ManagedStores } from "../../actors/csms/managed_network.ts";
import type { DeviceStores } from "../../actors/csms/device_management.ts";
import { sqlDeviceModelStore } from "./device_model_store.ts";
import { sqlReservationStore } from "./reservation_store.ts";
import { sqlCampaignStore } from "./campaign_store.ts";
import { transferFiles } from "./transfer_files.ts";
import { sqlDisplayMessageStore } from "./display_message_store.ts";
import { sqlIdTokenStore } from "./id_token_store.ts";
import { sqlLocalListStore } from "./local_list_store.ts";
import { sqlNetworkStore } from "./network_store.ts";
import type { Db } from "./sql.ts";
import { sqlTariffStore } from "./tariff_store.ts";

/** Every store of the managed network over `db`. */
export function sqlManagedStores(db: Db): ManagedStores {
  return {
    network: sqlNetworkStore(db),
    tokens: sqlIdTokenStore(db),
    tariffs: sqlTariffStore(db),
    localLists: sqlLocalListStore(db),
  };
}

/** Every store of device management over `db`, its files under `dataDir`. */
export function sqlDeviceStores(db: Db, dataDir: string): DeviceStores {
  return {
    deviceModel: sqlDeviceModelStore(db),
    reservations: sqlReservationStore(db),
    campaigns: sqlCampaignStore(db),
    displayMessages: sqlDisplayMessageStore(db),
    files: transferFiles(dataDir),
  };
}
