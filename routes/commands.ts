/**
 * Remote control of one charger through its station actor: start, stop, power limit, reset,
 * unlock, availability and any CSMS→charger OCPP action. Each waits for the charger's answer
 * and reports it as `ocpp_status`; failures become the REST error contract.
 */
import { z } from "@hono/zod-openapi";
import { chargerFromInventory, type ChargerView } from "../actors/csms/live_view.ts";
import type { CsmsAction } from "../actors/ocpp/actions.ts";
import type { ResponseOf } from "../actors/ocpp/schemas.ts";
import { validateRequest } from "../actors/ocpp/validate.ts";
import { clearPowerLimitRequest, powerLimitRequest } from "../actors/csms/charging_profile.ts";
import type { ApiContext } from "./context.ts";
import { apiError, callFailure } from "./errors.ts";

/** What a control endpoint answers. */
export const CommandResult = z.object({
  status: z.enum(["success", "rejected"]).openapi({
    description: "success when the charger accepted (Accepted, Scheduled, Unlocked, or an " +
      "answer without a status), rejected otherwise",
  }),
  ocpp_status: z.string().nullable().openapi({
    description: "The `status` of the charger's answer",
    example: "Accepted",
  }),
  charger_id: z.string(),
  action: z.string().openapi({ example: "RequestStartTransaction" }),
  status_info: z.object({ reason_code: z.string(), additional_info: z.string().nullable() })
    .nullable(),
  response: z.record(z.string(), z.unknown()).openapi({
    description: "The charger's answer payload, as sent",
  }),
}).catchall(z.unknown()).openapi("CommandResult");
export type CommandResult = z.infer<typeof CommandResult>;

const ACCEPTING = new Set(["Accepted", "Scheduled", "Unlocked"]);

/** The charger, or 404. A connected charger outside the inventory counts as known. */
export function findCharger(ctx: ApiContext, chargerId: string): ChargerView {
  const view = ctx.view.get(chargerId) ??
    (ctx.csms.isConnected(chargerId) ? chargerFromInventory({ chargerId }) : undefined);
  if (!view) throw apiError(404, `Unknown charger ${chargerId}`);
  return view;
}

/** The running transaction (latest first), from the CSMS's snapshot or else the live view. */
export function activeTransaction(
  ctx: ApiContext,
  chargerId: string,
  evseId?: number,
): { transactionId: string; evseId?: number } | undefined {
  const fromSnapshot = [...(ctx.csms.snapshot(chargerId)?.transactions.values() ?? [])]
    .filter((tx) => !tx.isEnded);
  const fromView = ctx.view.get(chargerId)?.transactions ?? [];
  const candidates = fromSnapshot.length > 0 ? fromSnapshot : fromView;
  return candidates.filter((tx) => evseId === undefined || tx.evseId === evseId).at(-1);
}

/**
 * Sends `action` to a known, connected charger and waits for the answer. The payload is
 * checked against the action's OCPP 2.0.1 schema first (400), so an OcppError after that is
 * the charger's CALLERROR or bad answer (502).
 */
export async function sendCommand<A extends CsmsAction>(
  ctx: ApiContext,
  chargerId: string,
  request: { action: A; payload: unknown },
): Promise<ResponseOf<A>> {
  findCharger(ctx, chargerId);
  const checked = validateRequest(request.action, request.payload);
  if (!checked.ok) {
    throw apiError(400, `Invalid ${request.action} payload: ${checked.error.message}`);
  }
  if (!ctx.csms.isConnected(chargerId)) throw apiError(409, `Charger ${chargerId} is offline`);
  try {
    return await ctx.csms.send(chargerId, request.action, checked.value);
  } catch (error) {
    throw callFailure(error, chargerId, request.action);
  }
}

/** The REST answer for a charger's response. */
export function commandResult(
  chargerId: string,
  action: CsmsAction,
  response: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): CommandResult {
  const status = typeof response.status === "string" ? response.status : null;
  const info = response.statusInfo as { reasonCode: string; additionalInfo?: string } | undefined;
  return {
    status: status === null || ACCEPTING.has(status) ? "success" : "rejected",
    ocpp_status: status,
    charger_id: chargerId,
    action,
    status_info: info
      ? { reason_code: info.reasonCode, additional_info: info.additionalInfo ?? null }
      : null,
    ...extra,
    response,
  };
}

/** Any CSMS→charger action with its raw OCPP payload: the generic control route. */
export async function runOcpp(
  ctx: ApiContext,
  chargerId: string,
  request: { action: CsmsAction; payload: unknown },
): Promise<CommandResult> {
  const response = await sendCommand(ctx, chargerId, request) as Record<string, unknown>;
  return commandResult(chargerId, request.action, response);
}

/** RequestStartTransaction (F01/F02): a Central idToken, the EVSE and a fresh remoteStartId. */
export async function startCharging(
  ctx: ApiContext,
  chargerId: string,
  body: { evse_id?: number; connector_id?: number; id_token?: string; id_token_type?: string },
): Promise<CommandResult> {
  findCharger(ctx, chargerId);
  const running = body.evse_id === undefined
    ? undefined
    : activeTransaction(ctx, chargerId, body.evse_id);
  if (running && ctx.csms.isConnected(chargerId)) {
    throw apiError(
      409,
      `EVSE ${body.evse_id} of charger ${chargerId} is already charging (transaction ${running.transactionId})`,
    );
  }
  const remoteStartId = ctx.nextRemoteStartId();
  const idToken = body.id_token ?? `token_api_${remoteStartId}`;
  const payload = {
    idToken: { idToken, type: body.id_token_type ?? "Central" },
    remoteStartId,
    ...(body.evse_id !== undefined ? { evseId: body.evse_id } : {}),
  };
  const action = "RequestStartTransaction";
  const response = await sendCommand(ctx, chargerId, { action, payload });
  return commandResult(chargerId, action, response, {
    remote_start_id: remoteStartId,
    id_token: idToken,
    evse_id: body.evse_id ?? null,
    connector_id: body.connector_id ?? null,
    transaction_id: response.transactionId ?? null,
  });
}

/** RequestStopTransaction (F03) of the given transaction, or of the running one (409 if none). */
export async function stopCharging(
  ctx: ApiContext,
  chargerId: string,
  body: { transaction_id?: string },
): Promise<CommandResult> {
  findCharger(ctx, chargerId);
  const transactionId = body.transaction_id ?? activeTransaction(ctx, chargerId)?.transactionId;
  if (transactionId === undefined) {
    if (!ctx.csms.isConnected(chargerId)) throw apiError(409, `Charger ${chargerId} is offline`);
    throw apiError(409, `Charger ${chargerId} has no active transaction to stop`);
  }
  const action = "RequestStopTransaction";
  const response = await sendCommand(ctx, chargerId, { action, payload: { transactionId } });
  return commandResult(chargerId, action, response, { transaction_id: transactionId });
}

/** SetChargingProfile capping power: a TxProfile on the running transaction, else a TxDefaultProfile. */
export async function setPowerLimit(
  ctx: ApiContext,
  chargerId: string,
  body: { power_kw: number; evse_id?: number },
): Promise<CommandResult> {
  findCharger(ctx, chargerId);
  const tx = activeTransaction(ctx, chargerId, body.evse_id);
  const payload = powerLimitRequest({
    powerKw: body.power_kw,
    transactionId: tx?.transactionId,
    evseId: tx ? tx.evseId ?? body.evse_id ?? 1 : body.evse_id ?? 0,
  });
  const request = { action: "SetChargingProfile" as const, payload };
  const response = await sendCommand(ctx, chargerId, request);
  return commandResult(chargerId, request.action, response, {
    power_limit_kw: body.power_kw,
    profile_id: payload.chargingProfile.id,
    profile_purpose: payload.chargingProfile.chargingProfilePurpose,
    transaction_id: tx?.transactionId ?? null,
  });
}

/** ClearChargingProfile of the API's limit. */
export async function clearPowerLimit(ctx: ApiContext, chargerId: string): Promise<CommandResult> {
  const request = { action: "ClearChargingProfile" as const, payload: clearPowerLimitRequest() };
  const response = await sendCommand(ctx, chargerId, request);
  return commandResult(chargerId, request.action, response);
}
