/**
 * What the managed network's routes share: the network service's refusals as HTTP answers
 * (400 naming the field, 404, 409), request bodies for the OpenAPI document, and the errors each
 * kind of route documents.
 */
import type { z } from "@hono/zod-openapi";
import { NetworkError } from "../actors/csms/network_common.ts";
import { apiError } from "./errors.ts";
import { restField } from "./network_schemas.ts";
import { errorResponses } from "./schemas.ts";

/** Runs a network service call; its refusal becomes the HTTP error it stands for. */
export async function attempt<T>(call: () => Promise<T> | T): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    if (error.status !== 400 || error.field === undefined) {
      throw apiError(error.status, error.message);
    }
    const where = error.field === "csv" ? "CSV" : `body field ${restField(error.field)}`;
    throw apiError(400, `Invalid ${where}: ${error.message}`);
  }
}

/** A JSON request body for the OpenAPI document. */
export function body<T extends z.ZodType>(schema: T, description = "", required = true) {
  return { content: { "application/json": { schema } }, required, description };
}

/** Errors of a write: a bad field, no token, unknown, conflict. */
export const WRITE_ERRORS = errorResponses(400, 401, 404, 409);

/** Errors of a read by id. */
export const READ_ERRORS = errorResponses(404);
