/**
 * The zod schemas shared by several routes: errors, the charger id, a charger as JSON, a
 * command's result and time windows. The OpenAPI document is generated from these.
 */
import { z } from "@hono/zod-openapi";
import { type ChargerView, energySoFarWh, mapStatus, powerKw } from "../actors/csms/live_view.ts";
import type { ApiContext } from "./context.ts";

export const ErrorBody = z.object({
  status: z.literal("error"),
  error: z.string().openapi({ example: "Charger charger_001 is offline" }),
}).openapi("Error");

const ERROR_TEXT: Record<number, string> = {
  400: "A bad body field, query or path parameter (named in `error`)",
  401: "Not signed in: no, an expired or a wrong session cookie or bearer token",
  403: "Signed in without the role this needs, or a cross-site change (CSRF)",
  404: "Unknown charger or station",
  409: "The charger is offline or in the wrong state (e.g. no active transaction)",
  502: "The charger answered with a CALLERROR or an answer that breaks the OCPP schema",
  504: "The charger did not answer in time",
};

/** OpenAPI responses for the listed error statuses. */
export function errorResponses<const C extends readonly (keyof typeof ERROR_TEXT & number)[]>(
  ...codes: C
): {
  [K in C[number]]: {
    description: string;
    content: { "application/json": { schema: typeof ErrorBody } };
  };
} {
  return Object.fromEntries(codes.map((code) => [code, {
    description: ERROR_TEXT[code],
    content: { "application/json": { schema: ErrorBody } },
  }])) as never;
}

/** A JSON response for the OpenAPI document. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export const ChargerIdParams = z.object({
  id: z.string().min(1).max(48).openapi({
    param: { name: "id", in: "path" },
    description: "The charger's OCPP identity (`charger_id`)",
    example: "charger_001",
  }),
});

/** What a charger answered to a request whose result arrives later in notify parts. */
export const RequestAnswer = z.object({
  charger_id: z.string(),
  request_id: z.number().int(),
  ocpp_status: z.string(),
}).openapi("RequestAnswer");

export const MapStatus = z.enum([
  "available",
  "charging",
  "occupied",
  "reserved",
  "faulted",
  "offline",
  "unavailable",
]).openapi({
  description: "Map colour: offline (not connected), faulted (a connector Faulted), charging " +
    "(a transaction runs), occupied (a connector Occupied with no transaction: plugged in, not " +
    "charging), reserved (a connector Reserved or an Active reservation), available, " +
    "unavailable (every connector Unavailable)",
});

export const CurrentTransaction = z.object({
  transaction_id: z.string(),
  evse_id: z.number().int().nullable(),
  connector_id: z.number().int().nullable(),
  id_token: z.string().nullable(),
  start_time: z.string().nullable().openapi({
    description: "The charger's timestamp of the Started event (null if this CSMS process " +
      "has not seen it, e.g. after a restart; /transactions has it)",
  }),
  energy_kwh: z.number().openapi({ description: "Energy so far, from the meter registers" }),
  cost_krw: z.number().int().nullable().openapi({
    description: "Cost so far as the pricing plugin computed it, whole KRW; null without pricing",
  }),
  charging_state: z.string().nullable(),
}).openapi("CurrentTransaction");

export const Charger = z.object({
  charger_id: z.string().openapi({ example: "emart_jeju_01" }),
  station_id: z.string().nullable().openapi({
    description: "The site",
    example: "emart_jeju_main",
  }),
  status: MapStatus,
  connected: z.boolean(),
  registration: z.enum(["Accepted", "Pending", "Rejected"]).nullable(),
  model: z.string().nullable(),
  vendor: z.string().nullable(),
  max_power_kw: z.number().nullable(),
  power_kw: z.number().openapi({ description: "Active power now (latest samples), kW" }),
  power_limit_kw: z.number().nullable().openapi({
    description: "Limit set through SetChargingProfile (set_power_limit), kW",
  }),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  last_seen: z.string().nullable(),
  connectors: z.array(z.object({
    evse_id: z.number().int(),
    connector_id: z.number().int(),
    status: z.enum(["Available", "Occupied", "Reserved", "Unavailable", "Faulted"]),
  })),
  current_transaction: CurrentTransaction.nullable(),
  reservation: z.object({
    reservation_id: z.number().int(),
    id_token: z.string(),
    evse_id: z.number().int().nullable(),
    expires_at: z.string(),
  }).nullable().openapi({ description: "The Active reservation holding it (H01)" }),
}).openapi("Charger");
export type Charger = z.infer<typeof Charger>;

/**
 * The view completed by the CSMS's own snapshot: `connected` from the CSMS, and the open
 * transactions it knows (a restarted CSMS loads them from storage before the bus says
 * anything about them), with their start register when the view missed the Started event.
 */
export function liveView(view: ChargerView, ctx: ApiContext): ChargerView {
  const open = [...(ctx.csms.snapshot(view.chargerId)?.transactions.values() ?? [])]
    .filter((tx) => !tx.isEnded);
  const known = view.transactions.map((tx) => {
    const stored = open.find((o) => o.transactionId === tx.transactionId);
    return stored
      ? {
        ...tx,
        meterStartWh: tx.meterStartWh ?? stored.meterStartWh,
        lastEnergyWh: tx.lastEnergyWh ?? stored.lastEnergyWh,
      }
      : tx;
  });
  const missed = open.filter((o) =>
    !view.transactions.some((tx) => tx.transactionId === o.transactionId)
  )
    .map((o) => ({ ...o, startedAt: undefined }));
  return {
    ...view,
    isConnected: ctx.csms.isConnected(view.chargerId),
    transactions: [...missed, ...known],
  };
}

/** A charger as the API shows it. */
export function chargerJson(view: ChargerView, ctx: ApiContext): Charger {
  const live = liveView(view, ctx);
  const tx = live.transactions.at(-1);
  const energyWh = tx ? energySoFarWh(tx) : 0;
  return {
    charger_id: live.chargerId,
    station_id: live.siteId ?? null,
    status: mapStatus(live),
    connected: live.isConnected,
    registration: live.registration ?? null,
    model: live.model ?? null,
    vendor: live.vendor ?? null,
    max_power_kw: live.maxPowerKw ?? null,
    power_kw: powerKw(live),
    power_limit_kw: live.powerLimit?.kw ?? null,
    lat: live.lat ?? null,
    lng: live.lng ?? null,
    last_seen: live.lastSeen ?? null,
    connectors: Object.entries(live.connectors).map(([key, status]) => {
      const [evseId, connectorId] = key.split("/").map(Number);
      return { evse_id: evseId, connector_id: connectorId, status };
    }),
    current_transaction: tx
      ? {
        transaction_id: tx.transactionId,
        evse_id: tx.evseId ?? null,
        connector_id: tx.connectorId ?? null,
        id_token: tx.idToken ?? null,
        start_time: tx.startedAt ?? null,
        energy_kwh: energyWh / 1000,
        cost_krw: tx.costKrw ?? null,
        charging_state: tx.chargingState ?? null,
      }
      : null,
    reservation: live.reservation
      ? {
        reservation_id: live.reservation.reservationId,
        id_token: live.reservation.idToken,
        evse_id: live.reservation.evseId ?? null,
        expires_at: live.reservation.expiresAt,
      }
      : null,
  };
}

const isoTime = z.iso.datetime({ offset: true });

/** `from`/`to` query parameters (ISO 8601 with a zone); the window defaults to the last 24 h. */
export const WindowQuery = z.object({
  from: isoTime.optional().openapi({
    description: "Start, inclusive (ISO 8601); default 24 h before `to`",
    example: "2026-01-20T00:00:00Z",
  }),
  to: isoTime.optional().openapi({
    description: "End, exclusive (ISO 8601); default now",
    example: "2026-01-21T00:00:00Z",
  }),
});

/** A resolved time window. */
export interface Window {
  from: string;
  to: string;
  hours: number;
}

/** Resolves `from`/`to` against `nowMs`; `to` must be after `from`. */
export function resolveWindow(
  query: { from?: string; to?: string },
  nowMs: number,
  defaultHours = 24,
): Window | string {
  const toMs = query.to ? Date.parse(query.to) : nowMs;
  const fromMs = query.from ? Date.parse(query.from) : toMs - defaultHours * 3_600_000;
  if (!(fromMs < toMs)) return `Invalid query parameter to: must be after from (${query.from})`;
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    hours: (toMs - fromMs) / 3_600_000,
  };
}
