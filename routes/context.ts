/** What every REST sub-app shares: its dependencies, and the OpenAPIHono factory with the 400 hook. */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Csms } from "../actors/csms/csms.ts";
import type { LiveView } from "../actors/csms/live_view.ts";
import { validationHook } from "./errors.ts";
import type { History } from "../actors/csms/history.ts";
import type { ChargerCommands } from "../actors/csms/commands.ts";

/** The part of the CSMS the API uses (a fake in tests). */
export type CsmsPort = Pick<Csms, "send" | "isConnected" | "snapshot" | "connectedIds">;

/** Dependencies of the resource sub-apps, built once by `createApp`. */
export interface ApiContext {
  csms: CsmsPort;
  view: LiveView;
  history: History;
  commands: ChargerCommands;
  /** The pricing plugin's flat price, KRW/kWh, for display; absent when pricing is off. */
  tariffKrwPerKwh?: number;
  now(): number;
}

/** A sub-app whose validation failures answer 400 naming the field. */
export function newApi(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}

/** The security requirement of the mutating routes in the OpenAPI document. */
export const BEARER = [{ bearerAuth: [] }];
