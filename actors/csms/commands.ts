/**
 * Charger commands, the one home of remote control for the REST API, the dashboard and the
 * library: start and stop a session (F01–F03), cap and uncap power (K01/K10), and any
 * CSMS→charger action with its payload checked first. Refusals are typed errors the edges map
 * to their own contract (HTTP status, library rejection).
 */
import type { CsmsAction } from "../ocpp/actions.ts";
import type { IdTokenEnumType, IdTokenType, RequestOf, ResponseOf } from "../ocpp/schemas.ts";
import { validateRequest } from "../ocpp/validate.ts";
import { clearPowerLimitRequest, powerLimitRequest } from "./charging_profile.ts";
import { ChargerOfflineError, type Csms } from "./csms.ts";
import { chargerFromInventory, type ChargerView, type LiveView } from "./live_view.ts";

/** The charger is neither in the inventory nor connected (REST 404). */
export class UnknownChargerError extends Error {
  override name = "UnknownChargerError";
  constructor(readonly chargerId: string) {
    super(`Unknown charger ${chargerId}`);
  }
}

/** The charger's state does not allow the command (REST 409). */
export class CommandConflictError extends Error {
  override name = "CommandConflictError";
}

/** The command's payload breaks the action's OCPP 2.0.1 schema (REST 400). */
export class InvalidCommandError extends TypeError {
  override name = "InvalidCommandError";
}

/** The part of the CSMS commands use. */
export type CommandPort = Pick<Csms, "send" | "isConnected" | "snapshot">;

/** A running transaction as commands see it. */
export interface ActiveTransaction {
  transactionId: string;
  evseId?: number;
}

/** What a start asks for; every field is optional. */
export interface StartOptions {
  evseId?: number;
  /** A token string (type `Central`, or `idTokenType`) or a whole IdToken. */
  idToken?: string | IdTokenType;
  idTokenType?: IdTokenEnumType;
  /** Default: a fresh one (the caller may pick it to wait for the Started event it names). */
  remoteStartId?: number;
}

/** A sent command: the request as it went out and the charger's answer. */
export interface Sent<A extends CsmsAction> {
  action: A;
  request: RequestOf<A>;
  response: ResponseOf<A>;
}

/** The commands of one CSMS. */
export interface ChargerCommands {
  /** The charger's live view; UnknownChargerError when it is neither known nor connected. */
  find(chargerId: string): ChargerView;
  /** The newest running transaction, on `evseId` when given. */
  activeTransaction(chargerId: string, evseId?: number): ActiveTransaction | undefined;
  /** RequestStartTransaction (F01/F02) with a fresh remoteStartId. */
  start(chargerId: string, options?: StartOptions): Promise<Sent<"RequestStartTransaction">>;
  /** RequestStopTransaction (F03) of `transactionId`, or of the running one. */
  stop(
    chargerId: string,
    options?: { transactionId?: string },
  ): Promise<Sent<"RequestStopTransaction">>;
  /**
   * SetChargingProfile capping power: a TxProfile on the running transaction (on its EVSE),
   * else a TxDefaultProfile on `evseId` (0, the whole charger, by default).
   */
  setPowerLimit(
    chargerId: string,
    options: { powerKw: number; evseId?: number },
  ): Promise<Sent<"SetChargingProfile"> & { transactionId?: string }>;
  /** ClearChargingProfile of the limit `setPowerLimit` set. */
  clearPowerLimit(chargerId: string): Promise<Sent<"ClearChargingProfile">>;
  /** Any CSMS→charger action, its payload checked against the schema first. */
  send<A extends CsmsAction>(chargerId: string, action: A, payload: unknown): Promise<Sent<A>>;
}

/** A remoteStartId: a random positive int32, unlikely to repeat across restarts and nodes. */
export function newRemoteStartId(): number {
  return 1 + (crypto.getRandomValues(new Uint32Array(1))[0] % 2_147_483_646);
}

/** Builds the commands over a CSMS and its live view. */
export function createChargerCommands(
  deps: { csms: CommandPort; view: Pick<LiveView, "get">; remoteStartId?: () => number },
): ChargerCommands {
  const { csms, view } = deps;
  const remoteStartId = deps.remoteStartId ?? newRemoteStartId;

  function find(chargerId: string): ChargerView {
    const known = view.get(chargerId) ??
      (csms.isConnected(chargerId) ? chargerFromInventory({ chargerId }) : undefined);
    if (!known) throw new UnknownChargerError(chargerId);
    return known;
  }

  function activeTransaction(chargerId: string, evseId?: number) {
    // The actor's snapshot is exact while connected; the live view remembers the rest.
    const fromSnapshot = [...(csms.snapshot(chargerId)?.transactions.values() ?? [])]
      .filter((tx) => !tx.isEnded);
    const fromView = view.get(chargerId)?.transactions ?? [];
    const candidates: readonly ActiveTransaction[] = fromSnapshot.length > 0
      ? fromSnapshot
      : fromView;
    return candidates.filter((tx) => evseId === undefined || tx.evseId === evseId).at(-1);
  }

  async function send<A extends CsmsAction>(chargerId: string, action: A, payload: unknown) {
    find(chargerId);
    const checked = validateRequest(action, payload);
    if (!checked.ok) {
      throw new InvalidCommandError(`Invalid ${action} payload: ${checked.error.message}`);
    }
    if (!csms.isConnected(chargerId)) throw new ChargerOfflineError(chargerId);
    const request = checked.value as RequestOf<A>;
    const response = await csms.send(chargerId, action, request);
    return { action, request, response };
  }

  return {
    find,
    activeTransaction,
    send,
    start(chargerId, options = {}) {
      find(chargerId);
      const running = options.evseId === undefined
        ? undefined
        : activeTransaction(chargerId, options.evseId);
      if (running && csms.isConnected(chargerId)) {
        throw new CommandConflictError(
          `EVSE ${options.evseId} of charger ${chargerId} is already charging (transaction ${running.transactionId})`,
        );
      }
      const id = options.remoteStartId ?? remoteStartId();
      const idToken = typeof options.idToken === "object" ? options.idToken : {
        idToken: options.idToken ?? `tamna_${id}`,
        type: options.idTokenType ?? "Central",
      };
      return send(chargerId, "RequestStartTransaction", {
        idToken,
        remoteStartId: id,
        ...(options.evseId !== undefined ? { evseId: options.evseId } : {}),
      });
    },
    stop(chargerId, options = {}) {
      find(chargerId);
      const transactionId = options.transactionId ??
        activeTransaction(chargerId)?.transactionId;
      if (transactionId === undefined) {
        if (!csms.isConnected(chargerId)) throw new ChargerOfflineError(chargerId);
        throw new CommandConflictError(`Charger ${chargerId} has no active transaction to stop`);
      }
      return send(chargerId, "RequestStopTransaction", { transactionId });
    },
    async setPowerLimit(chargerId, options) {
      find(chargerId);
      const tx = activeTransaction(chargerId, options.evseId);
      const request = powerLimitRequest({
        powerKw: options.powerKw,
        transactionId: tx?.transactionId,
        evseId: tx ? tx.evseId ?? options.evseId ?? 1 : options.evseId ?? 0,
      });
      const sent = await send(chargerId, "SetChargingProfile", request);
      return { ...sent, ...(tx ? { transactionId: tx.transactionId } : {}) };
    },
    clearPowerLimit: (chargerId) =>
      send(chargerId, "ClearChargingProfile", clearPowerLimitRequest()),
  };
}
