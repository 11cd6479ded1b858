/**
 * A simulated station's side of OCPP security profiles 1 and 2 (part 2, A00): HTTP Basic auth on
 * the upgrade with the station identity as user name, `wss://` checked against a CA, the
 * SecurityProfile the station reports, and the password rules of A01.
 */
import { z } from "zod";
import type { WsClientOptions } from "./ws_client.ts";

/** OCPP 2.0.1 `BasicAuthPassword` is a passwordString of 16 to 40 characters. */
export const MIN_PASSWORD_LENGTH = 16;
export const MAX_PASSWORD_LENGTH = 40;

/** Why `password` cannot be a station password, or null when it can; never repeats the value. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  return length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH
    ? `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters, got ${length}`
    : null;
}

/** A station password; its issues name the length, never the value. */
export const Password = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Passwords of a `--password-file`: `{ "<chargerId>": "<password>" }`. */
export const PasswordMap = z.record(z.string().min(1).max(48), Password);

/** The security settings of a run of stations. */
export interface SecuritySettings {
  /** One Basic-auth password for every station, or one per station id (others go without). */
  password?: string | Readonly<Record<string, string>>;
  /** PEM certificates a `wss://` CSMS's certificate is checked against (besides the system's). */
  caCerts?: readonly string[];
}

/** The password `settings` give the station `chargerId`, if any. */
export function passwordFor(settings: SecuritySettings, chargerId: string): string | undefined {
  const { password } = settings;
  if (password === undefined || typeof password === "string") return password;
  return Object.hasOwn(password, chargerId) ? password[chargerId] : undefined;
}

/** The `Authorization` header of the upgrade (RFC 7617; UTF-8, user name = station identity). */
export function basicAuthorization(chargerId: string, password: string): string {
  return `Basic ${new TextEncoder().encode(`${chargerId}:${password}`).toBase64()}`;
}

/**
 * The security profile a station uses: 2 with a password over TLS, 1 with a password over
 * plain TCP, 0 without one (OCPP 2.0.1 defines no profile for TLS without credentials).
 */
export function securityProfileOf(isTls: boolean, hasPassword: boolean): 0 | 1 | 2 {
  if (!hasPassword) return 0;
  return isTls ? 2 : 1;
}

/** Whether `url` is a `wss://` endpoint. */
export function isTlsUrl(url: string): boolean {
  return /^wss:/i.test(url);
}

/**
 * The options of a station's WebSocket: the `ocpp2.0.1` subprotocol, Basic auth when it has a
 * password, and the CA certificates it trusts for `wss://`.
 */
export function webSocketOptions(
  chargerId: string,
  options: { subprotocol: string; password?: string; caCerts?: readonly string[] },
): WsClientOptions {
  const socketOptions: WsClientOptions = { protocols: [options.subprotocol] };
  if (options.password !== undefined) {
    socketOptions.headers = { authorization: basicAuthorization(chargerId, options.password) };
  }
  if (options.caCerts?.length) socketOptions.caCerts = options.caCerts;
  return socketOptions;
}
