/** Seeded pseudo-random numbers for reproducible simulations (`--seed`): mulberry32 and helpers. */

/** A generator of floats in [0, 1). */
export type Random = () => number;

/** mulberry32: small, fast and good enough for arrivals and jitter (not for secrets). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seed for one named stream (e.g. a station id), so each station's randomness is its own. */
export function deriveSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A whole number in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** An exponentially distributed wait with mean `meanMs` (Poisson arrivals). */
export function exponentialMs(random: Random, meanMs: number): number {
  return Math.round(-Math.log(1 - random()) * meanMs);
}

/** One of `items`. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
