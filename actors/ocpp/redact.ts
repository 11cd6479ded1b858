/**
 * Hides station passwords in frames before they reach the protocol log, `frame.in`/`frame.out`
 * events, protocol capture or the dashboard: the value of any `BasicAuthPassword` variable
 * (A01's SetVariables, or a station that wrongly reports it) becomes `"<redacted>"`.
 * Frames without the word pass through untouched at the cost of one substring search.
 */

const VARIABLE = "BasicAuthPassword";
export const REDACTED = "<redacted>";

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth > 64) return REDACTED; // too deep to be a real frame: withhold rather than walk on
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(object)) out[key] = scrub(item, depth + 1);
  const variable = object.variable as { name?: unknown } | undefined;
  if (variable?.name === VARIABLE) {
    if ("attributeValue" in out) out.attributeValue = REDACTED;
    if (Array.isArray(out.variableAttribute)) {
      out.variableAttribute = out.variableAttribute.map((attribute) =>
        typeof attribute === "object" && attribute !== null && "value" in attribute
          ? { ...attribute, value: REDACTED }
          : attribute
      );
    }
  }
  return out;
}

/** A copy of a payload with every BasicAuthPassword value replaced (for events and logs). */
export function redactPayload<T extends Record<string, unknown>>(payload: T): T {
  return JSON.stringify(payload).includes(VARIABLE) ? scrub(payload) as T : payload;
}

/** `text` with every BasicAuthPassword value replaced; unreadable frames naming it are withheld. */
export function redactSecrets(text: string): string {
  if (!text.includes(VARIABLE)) return text;
  try {
    return JSON.stringify(scrub(JSON.parse(text)));
  } catch {
    return `<frame of ${text.length} characters withheld: it names ${VARIABLE}>`;
  }
}
