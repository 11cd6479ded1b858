/**
 * Guards the mutating endpoints: with an API token configured, every request other than GET,
 * HEAD and OPTIONS needs `Authorization: Bearer <token>`. Read endpoints stay open.
 */
import type { MiddlewareHandler } from "hono";
import { apiError } from "./errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/**
 * Whether two secrets are equal, in time that does not depend on where they differ: both are
 * hashed first (equal lengths), then every byte is compared.
 */
export async function isSameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

/** The bearer check; without a token it lets everything through. */
export function requireToken(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token === undefined || SAFE_METHODS.has(c.req.method)) return await next();
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) throw apiError(401, "Missing bearer token: send Authorization: Bearer <token>");
    if (!(await isSameSecret(match[1], token))) throw apiError(401, "Invalid bearer token");
    await next();
  };
}
