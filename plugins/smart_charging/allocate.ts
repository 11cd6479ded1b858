/**
 * Site load management, pure: shares a site's grid capacity among its charging sessions by
 * water-filling (max-min fairness). Each session gets an equal share unless it needs less;
 * what an EV that draws less than its limit (tapering, or a small on-board charger) leaves
 * unused goes to the others.
 */

/** One charging session as the allocation sees it. Powers in W. */
export interface SessionLoad {
  /** Names the session in the result (the charger, with its EVSE when not 1). */
  key: string;
  /** The most it may draw: the charger's rating, lowered by any per-charger cap. */
  maxW: number;
  /** The latest measured power (Power.Active.Import), if any. */
  measuredW?: number;
  /** The limit it was measured under (the site limit in force), if any. */
  limitW?: number;
  /**
   * Whether `measuredW` was taken long enough after the session started or its limit last
   * changed to show what the EV draws under that limit (it has ramped).
   */
  isSettled: boolean;
}

/** How to allocate. */
export interface AllocationOptions {
  /** Room given above what an EV-bound session draws, so it can still grow. Default 2 kW. */
  headroomW?: number;
  /** Limits are floored to a multiple of this, so their sum stays within the cap. Default 100 W. */
  stepW?: number;
}

/** The decision for one site. */
export interface SiteAllocation {
  /** The sessions' maxima exceed the capacity, so the sessions need limits. */
  isConstrained: boolean;
  /** The limit of each session, W; empty when not constrained. */
  limitsW: Record<string, number>;
  /** What each session was taken to need, W. */
  demandW: Record<string, number>;
}

/**
 * Grants up to `capacity` to claims, max-min fair: in order of increasing claim, each gets
 * its claim or an equal part of what is left, whichever is less.
 */
export function waterFill(capacity: number, claims: readonly number[]): number[] {
  const order = claims.map((claim, i) => ({ claim: Math.max(0, claim), i }))
    .sort((a, b) => a.claim - b.claim);
  const grants = new Array<number>(claims.length).fill(0);
  let left = Math.max(0, capacity);
  for (const [rank, { claim, i }] of order.entries()) {
    const grant = Math.min(claim, left / (order.length - rank));
    grants[i] = grant;
    left -= grant;
  }
  return grants;
}

/**
 * What a session needs: its maximum, unless it settled below its limit by more than half the
 * headroom (the EV, not the limit, decides its power); then what it draws plus the headroom.
 * Half, not all of it: a session limited to its draw plus the headroom must stay EV-bound,
 * or it would flip between the two every round; if the EV wants more, it climbs to within
 * half the headroom of the limit and is limit-bound again.
 */
export function demandOf(session: SessionLoad, headroomW: number): number {
  const { measuredW, maxW } = session;
  const limitW = Math.min(session.limitW ?? maxW, maxW);
  const isEvBound = session.isSettled && measuredW !== undefined &&
    measuredW < limitW - headroomW / 2;
  return isEvBound ? Math.min(maxW, Math.max(0, measuredW) + headroomW) : maxW;
}

/**
 * Shares `capacityW` among `sessions`. Not constrained (no limits) when their maxima fit.
 * Otherwise demands are water-filled first, then any capacity still left is water-filled
 * over the room up to each maximum, so an EV wrongly taken to be EV-bound is not starved.
 * The sum of the limits never exceeds the capacity.
 */
export function allocateSite(
  capacityW: number,
  sessions: readonly SessionLoad[],
  options: AllocationOptions = {},
): SiteAllocation {
  const headroomW = options.headroomW ?? 2_000;
  const stepW = options.stepW ?? 100;
  const totalMaxW = sessions.reduce((sum, s) => sum + s.maxW, 0);
  const demands = sessions.map((s) => demandOf(s, headroomW));
  const demandW = Object.fromEntries(sessions.map((s, i) => [s.key, demands[i]]));
  if (totalMaxW <= capacityW) return { isConstrained: false, limitsW: {}, demandW };
  const granted = waterFill(capacityW, demands);
  const leftW = capacityW - granted.reduce((a, b) => a + b, 0);
  const extra = waterFill(leftW, sessions.map((s, i) => s.maxW - granted[i]));
  const limitsW = Object.fromEntries(sessions.map((s, i) => [
    s.key,
    Math.floor((granted[i] + extra[i]) / stepW + 1e-9) * stepW,
  ]));
  return { isConstrained: true, limitsW, demandW };
}
