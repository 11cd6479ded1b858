/**
 * Caps REST request bodies: a body over `maxBytes` gets 413 with the API's error body, whether
 * it announces its length or streams in chunks (then at most `maxBytes` are buffered).
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** 64 KiB: the largest REST body (a charging profile) is a few kilobytes. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * The middleware; paths matching `except` are left to a limit of their own (file uploads, which
 * may be megabytes).
 */
export function limitBody(
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
  options: { except?: RegExp } = {},
): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json({ status: "error", error: `Request body is larger than ${maxBytes} bytes` }, 413),
  });
  const except = options.except;
  if (except === undefined) return limit;
  return async (c, next) => except.test(c.req.path) ? await next() : await limit(c, next);
}
