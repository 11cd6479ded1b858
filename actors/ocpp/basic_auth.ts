/** Reads HTTP Basic credentials (RFC 7617) from an Authorization header, as OCPP profiles 1 and 2 send them. */

/** A user name (the station identity) and password. */
export interface BasicCredentials {
  username: string;
  password: string;
}

const DECODER = new TextDecoder("utf-8", { fatal: true });

/** The credentials in `header`, or undefined when it is absent or not well-formed Basic. */
export function parseBasicAuth(header: string | null): BasicCredentials | undefined {
  if (header === null || header.length > 1024) return undefined;
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (!match) return undefined;
  let text: string;
  try {
    text = DECODER.decode(Uint8Array.fromBase64(match[1]));
  } catch {
    return undefined; // not base64 or not UTF-8: treated like no credentials (401)
  }
  // RFC 7617: the user name cannot contain ':', the password may.
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The header value a client sends. */
export function basicAuthHeader(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${bytes.toBase64()}`;
}
