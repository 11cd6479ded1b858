/**
 * What the network services (sites, chargers, tokens, tariffs, local lists) share: their
 * refusals, values the REST API turns into 400 (a bad field, named), 404 (unknown) or 409 (a
 * conflict); partial changes where null clears a field; and one-at-a-time writes.
 */

/** A refused change to the managed network; nothing was changed. */
export class NetworkError extends Error {
  override name = "NetworkError";
  /**
   * @param status 400 bad input, 404 unknown, 409 conflict
   * @param field the input field at fault (camelCase, as in the domain types), for 400
   */
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A 404 for `what` (e.g. `site emart_jeju_main`). */
export function unknown(what: string): NetworkError {
  return new NetworkError(404, `Unknown ${what}`);
}

/** A 400 naming `field`. */
export function badField(field: string, message: string): NetworkError {
  return new NetworkError(400, message, field);
}

/** A 409. */
export function conflict(message: string): NetworkError {
  return new NetworkError(409, message);
}

/**
 * Runs writes one at a time, in call order, so a read-merge-write of one service never
 * interleaves with another (a failed write does not stop the next).
 */
export function createWriteQueue(): <T>(write: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(write: () => Promise<T>) => {
    const next = tail.then(write);
    tail = next.catch(() => undefined);
    return next;
  };
}

/** A change of some fields; `null` clears an optional one. */
export type Changes<T> = { [K in keyof T]?: T[K] | null };

/** Applies `changes` to `base`: absent keeps, null clears, a value replaces. */
export function applyChanges<T extends object>(base: T, changes: Changes<NoInfer<T>>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out as T;
}
