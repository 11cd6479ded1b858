/**
 * Station passwords for OCPP security profiles 1 and 2, stored only as salted slow hashes:
 * PBKDF2-HMAC-SHA256 through WebCrypto, encoded `pbkdf2-sha256$<iterations>$<salt>$<hash>`
 * (salt and hash base64url). WebCrypto runs the derivation off the event loop, so a burst of
 * logins does not stall connected chargers; see docs/security.md for the measured cost.
 */
import { timingSafeEqual } from "./constant_time.ts";

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; ~75–150 ms per hash on the 2-core reference machine. */
export const DEFAULT_ITERATIONS = 600_000;

/** Fewer iterations are refused both when hashing and when reading a stored hash. */
export const MIN_ITERATIONS = 100_000;

/** OCPP 2.0.1 `BasicAuthPassword` is a passwordString of 16 to 40 characters. */
export const MIN_PASSWORD_LENGTH = 16;
export const MAX_PASSWORD_LENGTH = 40;

const SCHEME = "pbkdf2-sha256";
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PATTERN = /^pbkdf2-sha256\$(\d{6,9})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

/** A parsed stored hash. */
export interface PasswordHash {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

/** Reads a stored hash; undefined when it is not one this module wrote. */
export function parsePasswordHash(encoded: string): PasswordHash | undefined {
  const match = PATTERN.exec(encoded);
  if (!match) return undefined;
  const iterations = Number(match[1]);
  if (iterations < MIN_ITERATIONS) return undefined;
  return {
    iterations,
    salt: Uint8Array.fromBase64(match[2], { alphabet: "base64url" }),
    hash: Uint8Array.fromBase64(match[3], { alphabet: "base64url" }),
  };
}

/** Whether `encoded` is a well-formed stored hash (for config validation). */
export function isPasswordHash(encoded: string): boolean {
  return parsePasswordHash(encoded) !== undefined;
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** Hashes `password` with a fresh random salt. */
export async function hashPassword(
  password: string,
  options: { iterations?: number } = {},
): Promise<string> {
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > 999_999_999) {
    throw new RangeError(`Iterations must be an integer from ${MIN_ITERATIONS}, got ${iterations}`);
  }
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  const b64 = (bytes: Uint8Array) => bytes.toBase64({ alphabet: "base64url", omitPadding: true });
  return `${SCHEME}$${iterations}$${b64(salt)}$${b64(hash)}`;
}

/** Whether `password` matches the stored hash; false for a malformed hash. Constant-time compare. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const stored = parsePasswordHash(encoded);
  if (!stored) return false;
  const hash = await derive(password, stored.salt, stored.iterations);
  return timingSafeEqual(hash, stored.hash);
}

/** Why a new station password is not acceptable, or undefined when it is. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    return `Password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters, got ${length}`;
  }
  return undefined;
}

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/**
 * A random password for A01 rotation: 32 characters from a 57-symbol alphabet without
 * look-alikes (about 186 bits), drawn without modulo bias.
 */
export function generatePassword(length = 32): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(64))) {
      if (byte < 228 && out.length < length) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}

/**
 * Checks passwords against stored hashes, and spends the same time when there is no hash
 * to check against (an unknown station or account): otherwise a refusal's speed tells an
 * attacker which identities exist. The stand-in check runs PBKDF2 with the iteration count
 * of the last real hash seen, so it costs what a real one costs on this installation.
 */
export interface PasswordVerifier {
  /** Whether `password` matches `encoded`; for `undefined`, one PBKDF2 run, then false. */
  verify(password: string, encoded: string | undefined): Promise<boolean>;
}

/** Builds the verifier; `iterations` is the stand-in's cost until a real hash is seen. */
export function createPasswordVerifier(iterations = DEFAULT_ITERATIONS): PasswordVerifier {
  let standInIterations = iterations;
  const standInSalt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return {
    async verify(password, encoded) {
      const stored = encoded === undefined ? undefined : parsePasswordHash(encoded);
      if (stored) {
        standInIterations = stored.iterations;
        return timingSafeEqual(await derive(password, stored.salt, stored.iterations), stored.hash);
      }
      await derive(password, standInSalt, standInIterations);
      return false;
    },
  };
}
