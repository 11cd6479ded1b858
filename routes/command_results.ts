/**
 * The REST shape of charger commands (actors/csms/commands.ts does them): each waits for the
 * charger's answer and reports it as `ocpp_status`; failures become the REST error contract.
 */
import { z } from "@hono/zod-openapi";
import type { ChargerView } from "../actors/csms/live_view.ts";
import type { Sent } from "../actors/csms/commands.ts";
import type { CsmsAction } from "../actors/ocpp/actions.ts";
import type { IdTokenEnumType } from "../actors/ocpp/schemas.ts";
import type { ApiContext } from "./context.ts";
import { callFailure } from "./errors.ts";
import { errorResponses } from "./schemas.ts";

/** The errors of a route that calls a charger: bad field, no token, unknown, offline, CALLERROR, no answer. */
export const COMMAND_ERRORS = errorResponses(400, 401, 404, 409, 502, 504);

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
  try {
    return ctx.commands.find(chargerId);
  } catch (error) {
    throw callFailure(error, chargerId, "lookup");
  }
}

/** Runs a call to a charger and turns its failure into the REST error contract (404, 409, 502, 504). */
export async function callCharger<T>(
  chargerId: string,
  action: CsmsAction,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw callFailure(error, chargerId, action);
  }
}

const run = callCharger;

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

/** The REST answer of a sent command. */
function resultOf<A extends CsmsAction>(
  chargerId: string,
  sent: Sent<A>,
  extra: Record<string, unknown> = {},
): CommandResult {
  return commandResult(chargerId, sent.action, sent.response as Record<string, unknown>, extra);
}

/** Any CSMS→charger action with its raw OCPP payload: the generic control route. */
export async function runOcpp(
  ctx: ApiContext,
  chargerId: string,
  request: { action: CsmsAction; payload: unknown },
): Promise<CommandResult> {
  const { action, payload } = request;
  return resultOf(
    chargerId,
    await run(chargerId, action, () => ctx.commands.send(chargerId, action, payload)),
  );
}

/** RequestStartTransaction (F01/F02): a Central idToken, the EVSE and a fresh remoteStartId. */
export async function startCharging(
  ctx: ApiContext,
  chargerId: string,
  body: {
    evse_id?: number;
    connector_id?: number;
    id_token?: string;
    id_token_type?: IdTokenEnumType;
  },
): Promise<CommandResult> {
  const sent = await run(chargerId, "RequestStartTransaction", () =>
    ctx.commands.start(chargerId, {
      evseId: body.evse_id,
      idToken: body.id_token,
      idTokenType: body.id_token_type,
    }));
  return resultOf(chargerId, sent, {
    remote_start_id: sent.request.remoteStartId,
    id_token: sent.request.idToken.idToken,
    evse_id: body.evse_id ?? null,
    connector_id: body.connector_id ?? null,
    transaction_id: sent.response.transactionId ?? null,
  });
}

/** RequestStopTransaction (F03) of the given transaction, or of the running one (409 if none). */
export async function stopCharging(
  ctx: ApiContext,
  chargerId: string,
  body: { transaction_id?: string },
): Promise<CommandResult> {
  const sent = await run(
    chargerId,
    "RequestStopTransaction",
    () => ctx.commands.stop(chargerId, { transactionId: body.transaction_id }),
  );
  return resultOf(chargerId, sent, { transaction_id: sent.request.transactionId });
}

/** SetChargingProfile capping power: a TxProfile on the running transaction, else a TxDefaultProfile. */
export async function setPowerLimit(
  ctx: ApiContext,
  chargerId: string,
  body: { power_kw: number; evse_id?: number },
): Promise<CommandResult> {
  const sent = await run(
    chargerId,
    "SetChargingProfile",
    () => ctx.commands.setPowerLimit(chargerId, { powerKw: body.power_kw, evseId: body.evse_id }),
  );
  const profile = sent.request.chargingProfile;
  return resultOf(chargerId, sent, {
    power_limit_kw: body.power_kw,
    profile_id: profile.id,
    profile_purpose: profile.chargingProfilePurpose,
    transaction_id: (sent as { transactionId?: string }).transactionId ?? null,
  });
}

/** ClearChargingProfile of the API's limit. */
export async function clearPowerLimit(ctx: ApiContext, chargerId: string): Promise<CommandResult> {
  const sent = await run(
    chargerId,
    "ClearChargingProfile",
    () => ctx.commands.clearPowerLimit(chargerId),
  );
  return resultOf(chargerId, sent);
}
