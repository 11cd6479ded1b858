/**
 * Remembers, per station, an HMAC of the last password that passed the slow hash check, so a
 * reconnecting station costs one HMAC instead of a PBKDF2 run, and a station behind a
 * rate-limited address still gets in with the right password. The HMAC key is random per
 * process and never leaves it; the MAC covers the stored hash too, so a rotation invalidates it.
 */
import { timingSafeEqual } from "../../actors/csms/constant_time.ts";

/** The cache. */
export interface VerifiedCache {
  matches(chargerId: string, passwordHash: string, password: string): Promise<boolean>;
  remember(chargerId: string, passwordHash: string, password: string): Promise<void>;
}

/** Builds an empty cache holding at most `maxEntries` stations (oldest forgotten first). */
export function createVerifiedCache(maxEntries = 100_000): VerifiedCache {
  const key = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const macs = new Map<string, Uint8Array>();
  async function mac(chargerId: string, passwordHash: string, password: string) {
    const data = new TextEncoder().encode(`${chargerId}\0${passwordHash}\0${password}`);
    return new Uint8Array(await crypto.subtle.sign("HMAC", await key, data));
  }
  return {
    async matches(chargerId, passwordHash, password) {
      const known = macs.get(chargerId);
      if (!known) return false;
      return timingSafeEqual(await mac(chargerId, passwordHash, password), known);
    },
    async remember(chargerId, passwordHash, password) {
      macs.delete(chargerId);
      macs.set(chargerId, await mac(chargerId, passwordHash, password));
      if (macs.size > maxEntries) macs.delete(macs.keys().next().value as string);
    },
  };
}
