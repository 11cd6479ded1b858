/**
 * The smart-charging plugin: keeps each site's charging sessions within its grid capacity by
 * sending TxProfile limits (OCPP 2.0.1 K01), shares the capacity fairly (water-filling on
 * measured power), lifts the limits as sessions end, and honours per-charger caps (standing
 * ones from config and those the REST API sets, like the dashboard's 10–100 kW slider).
 */
import { ChargerOfflineError } from "../../actors/csms/csms.ts";
import { limitOfProfile, powerLimitRequest } from "../../actors/csms/charging_profile.ts";
import type { TamnaEvents } from "../../actors/csms/events.ts";
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import { definePlugin, type Plugin, type PluginContext } from "../mod.ts";
import { type ApiCap, apiCapFromAnswer } from "./api_caps.ts";
import type { Inventory } from "../../actors/csms/inventory.ts";
import { SmartChargingConfig } from "./config.ts";
import { type LimitChange, planSite, type Session, type SessionBounds } from "./plan.ts";
import { createSessionIndex, type SessionIndex } from "./sessions.ts";
import { createSiteRuns } from "./site_runs.ts";

export { SmartChargingConfig } from "./config.ts";

declare module "../../actors/csms/events.ts" {
  interface TamnaEvents {
    /** A site's sessions were (re)allocated: site power against the cap, and the limits. */
    "smart-charging.allocated": {
      siteId: string;
      /** The grid capacity, kW; null when the site has none (only per-charger caps apply). */
      capacityKw: number | null;
      /** The sum of the sessions' latest measured Power.Active.Import, kW. */
      sitePowerKw: number;
      /** Whether the sessions together could exceed the capacity, so they are limited. */
      isConstrained: boolean;
      /** The limit of each session, kW, by charger (`chargerId`, `/evseId` beyond EVSE 1). */
      limits: Record<string, number>;
      sessions: number;
      at: string;
    };
  }
}

/** Site limits use their own profile (per EVSE) above the REST API's (id 4201, level 1). */
export const SITE_LIMIT_PROFILE_ID_BASE = 4_300;
export const SITE_LIMIT_STACK_LEVEL = 2;

const EMPTY_INVENTORY: Inventory = { sites: [], chargers: [] };

/** The site a charger belongs to and its rating. */
interface ChargerInfo {
  siteId: string;
  ratingW: number;
}

/** Each charger's site and rating, and each site's capacity (config overrides the inventory's). */
function capacities(inventory: Inventory, config: SmartChargingConfig) {
  const chargers = new Map<string, ChargerInfo>();
  const capacityW = new Map<string, number>();
  for (const site of inventory.sites) {
    const kw = config.sites[site.siteId]?.capacityKw ?? site.gridCapacityKw;
    if (kw !== undefined) capacityW.set(site.siteId, kw * 1000);
  }
  for (const c of inventory.chargers) {
    if (c.siteId === undefined) continue;
    chargers.set(c.chargerId, { siteId: c.siteId, ratingW: (c.maxPowerKw ?? Infinity) * 1000 });
  }
  return { chargers, capacityW };
}

type Capacities = ReturnType<typeof capacities>;

/** A session's bounds: the charger's rating under its standing cap and the REST API's cap. */
function boundsOf(
  session: Session,
  known: Capacities,
  caps: { config: SmartChargingConfig; api: ApiCap | undefined },
): SessionBounds {
  const standingW = (caps.config.chargerLimitsKw[session.chargerId] ?? Infinity) * 1000;
  const api = caps.api;
  const apiW = api && (api.transactionId ?? session.transactionId) === session.transactionId
    ? api.kw * 1000
    : Infinity;
  const ratingW = known.chargers.get(session.chargerId)?.ratingW ?? Infinity;
  return {
    maxW: Math.min(ratingW, standingW, apiW),
    standingW: standingW === Infinity ? undefined : Math.min(standingW, apiW),
  };
}

/** Installs (or lifts) one session's site limit; a refusal or an offline charger is logged. */
async function applyChange(
  ctx: PluginContext<SmartChargingConfig>,
  change: LimitChange,
): Promise<void> {
  const { session, limitW } = change;
  const profileId = SITE_LIMIT_PROFILE_ID_BASE + session.evseId;
  try {
    if (limitW === null) {
      await ctx.send(session.chargerId, "ClearChargingProfile", { chargingProfileId: profileId });
      session.limitW = undefined;
    } else {
      const answer = await ctx.send(
        session.chargerId,
        "SetChargingProfile",
        powerLimitRequest({
          powerKw: Math.max(limitW, 1) / 1000,
          transactionId: session.transactionId,
          evseId: session.evseId,
          profileId,
          stackLevel: SITE_LIMIT_STACK_LEVEL,
        }),
      );
      if (answer.status !== "Accepted") {
        const { key } = session;
        ctx.log.warn("{key} refused a {limitW} W limit: {status}", { key, limitW, ...answer });
        return;
      }
      session.limitW = limitW;
    }
    if (!change.isLowering) session.raisedAtMs = ctx.clock.now();
  } catch (error) {
    if (error instanceof ChargerOfflineError) {
      return ctx.log.debug("{key} is offline: its limit waits until it is back", {
        key: session.key,
      });
    }
    ctx.log.warn("Limit for {key} failed: {error}", { key: session.key, error });
  }
}

/**
 * Records a site limit a charger accepted, whoever sent it: in a cluster the site's leader may
 * be another node, and the node that leads next must know what each charger already holds, or
 * it would read a limited session's low power as all its EV wants and never raise it.
 */
function followSiteLimit(
  sessions: SessionIndex,
  answer: TamnaEvents["command.answered"],
  atMs: number,
): void {
  const status = answer.response?.status;
  if (answer.action === "ClearChargingProfile") {
    const id = (answer.request as RequestOf<"ClearChargingProfile">).chargingProfileId;
    const session = id === undefined ? undefined : sessions.find(
      answer.chargerId,
      undefined,
      id - SITE_LIMIT_PROFILE_ID_BASE,
    );
    if (session && status === "Accepted") session.limitW = undefined;
    return;
  }
  if (answer.action !== "SetChargingProfile" || status !== "Accepted") return;
  const request = answer.request as RequestOf<"SetChargingProfile">;
  const evseId = request.chargingProfile.id - SITE_LIMIT_PROFILE_ID_BASE;
  const limit = limitOfProfile(request);
  if (evseId < 0 || evseId > 99 || !limit) return;
  const session = sessions.find(answer.chargerId, limit.transactionId, evseId);
  if (!session) return;
  const limitW = limit.kw * 1000;
  if (session.limitW === undefined || limitW > session.limitW) session.raisedAtMs = atMs;
  session.limitW = limitW;
}

/** Marks the planning unit of a charger on no site (never a site id: ids are printable). */
const NO_SITE = "\u0000";

/** Allocates one site's capacity over its sessions, publishes it and installs the limits. */
async function allocateSite(
  ctx: PluginContext<SmartChargingConfig>,
  site: {
    siteId: string;
    known: Capacities;
    sessions: Session[];
    apiCaps: ReadonlyMap<string, ApiCap>;
  },
): Promise<void> {
  const config = ctx.config;
  const members = site.sessions.map((session) => ({
    session,
    bounds: boundsOf(session, site.known, { config, api: site.apiCaps.get(session.chargerId) }),
  }));
  const capacity = site.known.capacityW.get(site.siteId) ?? null;
  const plan = planSite(capacity, members, config);
  ctx.log.debug("Site {siteId}: {sessions} sessions, {capacityW} W, changes {changes}", () => ({
    siteId: site.siteId,
    sessions: members.length,
    capacityW: capacity,
    changes: plan.changes.map((c) => `${c.session.key}:${c.session.limitW}→${c.limitW}`),
  }));
  ctx.emit("smart-charging.allocated", {
    siteId: site.siteId,
    capacityKw: capacity === null ? null : capacity / 1000,
    sitePowerKw: plan.sitePowerW / 1000,
    isConstrained: plan.allocation.isConstrained,
    limits: Object.fromEntries(Object.entries(plan.targetsW).map(([key, w]) => [key, w / 1000])),
    sessions: members.length,
    at: new Date(ctx.clock.now()).toISOString(),
  });
  // Lower first and wait for it, so raising others never adds up to more than the cap.
  const apply = (change: LimitChange) => applyChange(ctx, change);
  await Promise.all(plan.changes.filter((c) => c.isLowering).map(apply));
  await Promise.all(plan.changes.filter((c) => !c.isLowering).map(apply));
}

/**
 * The smart-charging plugin over the CSMS's inventory, read again whenever it changes (the
 * function returns a new object then). Chargers outside it are managed only by standing caps.
 */
export function smartChargingPlugin(
  options: {
    inventory?: () => Inventory;
    /**
     * Whether this node allocates `siteId` (cluster mode: one leader per site, see
     * cluster/leadership.ts); default every site. Every node follows every site's sessions, so
     * a new leader starts from the whole picture.
     */
    isLeader?: (siteId: string) => boolean;
  } = {},
): Plugin<SmartChargingConfig> {
  const isLeader = options.isLeader ?? (() => true);
  return definePlugin({
    name: "smart-charging",
    configSchema: SmartChargingConfig,
    // A site's sessions may be on any node of a cluster; only its leader sends limits.
    events: "network",
    setup(bus, ctx) {
      const config = ctx.config;
      const readInventory = options.inventory ?? (() => EMPTY_INVENTORY);
      let seen: Inventory | undefined;
      let known = capacities(EMPTY_INVENTORY, config);
      const current = () => {
        const inventory = readInventory();
        if (inventory !== seen) [seen, known] = [inventory, capacities(inventory, config)];
        return known;
      };
      const sessions = createSessionIndex();
      const apiCaps = new Map<string, ApiCap>();
      // What is allocated together: a site, or a charger on no site. Nothing shares capacity
      // with a site-less charger, so planning all of them on each start or end (5,000
      // sessions at 10,000 chargers, 8 % of the CSMS's busy time) would only repeat work.
      const unitOf = (chargerId: string) =>
        current().chargers.get(chargerId)?.siteId || `${NO_SITE}${chargerId}`;
      const siteOfUnit = (unit: string) => unit.startsWith(NO_SITE) ? "" : unit;

      const runs = createSiteRuns({
        clock: ctx.clock,
        debounceMs: config.debounceMs,
        intervalMs: config.intervalS * 1000,
        signal: ctx.signal,
        run: async (unit) => {
          const siteId = siteOfUnit(unit);
          if (!isLeader(siteId)) return;
          const members = siteId === ""
            ? [...sessions.ofCharger(unit.slice(NO_SITE.length))]
            : [...sessions.all()].filter((s) => unitOf(s.chargerId) === unit);
          await allocateSite(ctx, { siteId, known: current(), sessions: members, apiCaps });
        },
        onError: (unit, error) =>
          ctx.log.error("Allocating site {siteId} failed: {error}", {
            siteId: siteOfUnit(unit) || unit.slice(NO_SITE.length),
            error,
          }),
      });
      const open = (e: { chargerId: string; transactionId: string; evseId?: number }) => {
        if (sessions.open(e, ctx.clock.now()).isNew) runs.schedule(unitOf(e.chargerId), "urgent");
      };

      bus.on("transaction.started", open);
      // After a CSMS restart a running session shows up as Updated only. An event queued while
      // the charger was offline is the past: its session may have ended since (the Ended
      // follows in the queue), so only a live one opens a session and gets a TxProfile.
      bus.on("transaction.updated", (e) => {
        if (e.isEnded || e.offline) return;
        if (!sessions.find(e.chargerId, e.transactionId)) open(e);
      });
      bus.on("transaction.ended", (e) => {
        const session = sessions.find(e.chargerId, e.transactionId);
        if (!session) return;
        sessions.remove(session);
        if (apiCaps.get(e.chargerId)?.transactionId === e.transactionId) {
          apiCaps.delete(e.chargerId);
        }
        runs.schedule(unitOf(e.chargerId), "urgent");
      });
      bus.on("meter.sampled", (e) => {
        const session = sessions.find(e.chargerId, e.transactionId, e.evseId);
        if (!session || e.reading.powerW === undefined) return;
        session.measuredW = e.reading.powerW;
        session.measuredAtMs = Date.parse(e.at);
        // Without a site a measurement cannot move the limit (only the standing caps apply).
        const unit = unitOf(e.chargerId);
        if (!unit.startsWith(NO_SITE)) runs.schedule(unit, "due");
      });
      bus.on("command.answered", (e) => {
        // Timed by the event, as measurements are: a relayed answer may arrive late.
        followSiteLimit(sessions, e, Date.parse(e.at));
        const cap = apiCapFromAnswer(e);
        if (cap === undefined) return;
        if (cap === null) apiCaps.delete(e.chargerId);
        else apiCaps.set(e.chargerId, cap);
        runs.schedule(unitOf(e.chargerId), "urgent");
      });
      // A site's new grid capacity (or a charger that moved to it) counts from the next round.
      bus.on("inventory.changed", (e) => void (e.siteId && runs.schedule(e.siteId, "urgent")));
      return () => runs.stop();
    },
  });
}
