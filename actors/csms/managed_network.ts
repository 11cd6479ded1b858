/**
 * The managed network as one handle for the composition root and the REST API: inventory,
 * ID tokens, tariffs, Local Authorization Lists and charger passwords, built over their stores
 * and wired to each other (a token change reaches the lists that hold it).
 */
import { getLogger } from "@logtape/logtape";
import type { Clock } from "../runtime/clock.ts";
import type { Csms } from "./csms.ts";
import type { CredentialStore } from "./credentials.ts";
import type { AnyEvent, Bus } from "./events.ts";
import {
  createIdTokens,
  type FallbackAuthorizer,
  type IdTokens,
  type IdTokenStore,
} from "./id_tokens.ts";
import type { LiveView } from "./live_view.ts";
import { createLocalLists, type LocalLists, type LocalListStore } from "./local_lists.ts";
import { createNetwork, type Network } from "./network.ts";
import type { NetworkStore } from "./network_store.ts";
import { generatePassword, hashPassword } from "./password.ts";
import { rotatePassword } from "./rotation.ts";
import { createTariffs, type Tariffs, type TariffStore } from "./tariffs.ts";

/** The stores of the managed network (plugins/persistence implements them over one database). */
export interface ManagedStores {
  network: NetworkStore;
  tokens: IdTokenStore;
  tariffs: TariffStore;
  localLists: LocalListStore;
}

/** Everything an operator manages. */
export interface ManagedNetwork {
  inventory: Network;
  tokens: IdTokens;
  tariffs: Tariffs;
  localLists: LocalLists;
  /** Stores the Basic-auth password a charger connects with (security profiles 1 and 2). */
  setPassword(chargerId: string, password: string): Promise<void>;
  /** A01: sends a new (generated) password to the connected charger; stored once it accepts. */
  rotatePassword(chargerId: string): Promise<{ status: string; password: string }>;
}

const log = getLogger(["tamna", "network"]);

/** Loads the ID tokens into memory; Authorize is answered from them (`tokens.authorize`). */
export async function openIdTokens(deps: {
  store: IdTokenStore;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
  fallback: FallbackAuthorizer;
}): Promise<IdTokens> {
  const tokens = createIdTokens(deps);
  await tokens.load();
  return tokens;
}

/** Builds the rest of the managed network around loaded tokens and loads the tariffs. */
export async function openManagedNetwork(deps: {
  stores: ManagedStores;
  tokens: IdTokens;
  view: LiveView;
  bus: Pick<Bus, "on">;
  csms: Pick<Csms, "send" | "isConnected">;
  credentials: CredentialStore;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
}): Promise<ManagedNetwork> {
  const { stores, view, emit, clock } = deps;
  const tariffs = createTariffs({
    store: stores.tariffs,
    inventory: () => view.inventory(),
    emit,
    clock,
  });
  await tariffs.load();
  const localLists = createLocalLists({
    store: stores.localLists,
    tokens: deps.tokens,
    inventory: () => view.inventory(),
    send: (chargerId, action, payload) => deps.csms.send(chargerId, action, payload),
    isConnected: (chargerId) => deps.csms.isConnected(chargerId),
    emit,
    clock,
    bus: deps.bus,
    onError: (chargerId, error) => log.warn`Local list of ${chargerId}: ${error}`,
  });
  return {
    inventory: createNetwork({ store: stores.network, view, emit, clock }),
    tokens: deps.tokens,
    tariffs,
    localLists,
    setPassword: async (chargerId, password) =>
      await deps.credentials.setPasswordHash(chargerId, await hashPassword(password)),
    rotatePassword: (chargerId) => rotatePassword(deps.csms as Csms, chargerId, generatePassword()),
  };
}
