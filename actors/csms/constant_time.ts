/** Byte comparison whose running time does not depend on where the inputs differ. */

/**
 * Whether `a` and `b` hold the same bytes. Every byte is visited whatever the inputs, so the
 * time taken tells an attacker nothing about how much of a guess was right. Only the lengths
 * leak, which is why callers compare fixed-length digests, never raw secrets.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}
