/**
 * Plans one site's limits, pure: from its sessions (what each is allowed and was measured at)
 * to the allocation and the SetChargingProfile / ClearChargingProfile changes it needs.
 */
import { allocateSite, type SiteAllocation } from "./allocate.ts";
import type { SmartChargingConfig } from "./config.ts";

/** A charging session the plugin manages. Powers in W, times on the CSMS clock in ms. */
export interface Session {
  chargerId: string;
  evseId: number;
  transactionId: string;
  /** The charger, with `/evseId` beyond EVSE 1: the key of the session in events. */
  key: string;
  startedAtMs: number;
  measuredW?: number;
  measuredAtMs?: number;
  /** The limit of ours the charger accepted; undefined when none is installed. */
  limitW?: number;
  /**
   * When the session was last allowed more power (its start, a raise or a lift). It needs
   * time to ramp up after that; a lowering is obeyed at once, so it does not count.
   */
  raisedAtMs: number;
}

/** What bounds one session besides the site. */
export interface SessionBounds {
  /** Rating lowered by every per-charger cap (standing and REST), W. */
  maxW: number;
  /** The limit to hold when the site needs none: the standing cap (with a lower REST cap), W. */
  standingW?: number;
}

/** A limit to set (W), or to lift (null). Lowerings go first so the site never overshoots. */
export interface LimitChange {
  session: Session;
  limitW: number | null;
  isLowering: boolean;
}

/** The plan for a site. */
export interface SitePlan {
  allocation: SiteAllocation;
  /** The limit each session should have, W; absent when it should have none. */
  targetsW: Record<string, number>;
  changes: LimitChange[];
  /** The sum of the sessions' latest measured power, W. */
  sitePowerW: number;
}

/**
 * Whether a session's measurement shows what it draws under its limit: taken long enough
 * after it was last allowed more power to have ramped up.
 */
export function isSettled(session: Session, settleMs: number): boolean {
  return session.measuredAtMs !== undefined &&
    session.measuredAtMs - session.raisedAtMs >= settleMs;
}

/** Plans a site with `capacityW` (null: no capacity, only per-charger caps apply). */
export function planSite(
  capacityW: number | null,
  sessions: readonly { session: Session; bounds: SessionBounds }[],
  config: SmartChargingConfig,
): SitePlan {
  const loads = sessions.map(({ session, bounds }) => ({
    key: session.key,
    maxW: bounds.maxW,
    measuredW: session.measuredW,
    limitW: session.limitW,
    isSettled: isSettled(session, config.settleS * 1000),
  }));
  const allocation = capacityW === null
    ? { isConstrained: false, limitsW: {}, demandW: {} }
    : allocateSite(capacityW, loads, {
      headroomW: config.headroomKw * 1000,
      stepW: config.stepKw * 1000,
    });
  const targetsW: Record<string, number> = {};
  const changes: LimitChange[] = [];
  for (const { session, bounds } of sessions) {
    const target = allocation.isConstrained ? allocation.limitsW[session.key] : bounds.standingW;
    if (target !== undefined) targetsW[session.key] = target;
    const change = changeOf(session, target, config.minChangeKw * 1000);
    if (change) changes.push(change);
  }
  const sitePowerW = sessions.reduce((sum, { session }) => sum + (session.measuredW ?? 0), 0);
  return { allocation, targetsW, changes, sitePowerW };
}

function changeOf(
  session: Session,
  targetW: number | undefined,
  minChangeW: number,
): LimitChange | undefined {
  const current = session.limitW;
  if (targetW === undefined) {
    return current === undefined ? undefined : { session, limitW: null, isLowering: false };
  }
  if (current === undefined || targetW < current) {
    return { session, limitW: targetW, isLowering: true };
  }
  if (targetW - current >= Math.max(1, minChangeW)) {
    return { session, limitW: targetW, isLowering: false };
  }
  return undefined;
}
