/**
 * The smart-charging plugin: keeps each site's charging sessions within its grid capacity by
 * sending TxProfile limits (OCPP 2.0.1 K01), shares the capacity fairly (water-filling on
 * measured power), lifts the limits as sessions end, and honours per-charger caps (standing
 * ones from config and those the REST API sets, like the dashboard's 10–100 kW slider).
 */
import type { TimerId } from "../../actors/runtime/clock.ts";
import { ChargerOfflineError } from "../../actors/csms/csms.ts";
import { powerLimitRequest } from "../../actors/csms/charging_profile.ts";
import { definePlugin, type Plugin } from "../mod.ts";
import { type ApiCap, apiCapFromAnswer } from "./api_caps.ts";
import type { Inventory } from "../../actors/csms/inventory.ts";
import { SmartChargingConfig } from "./config.ts";
import { type LimitChange, planSite, type Session, type SessionBounds } from "./plan.ts";

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

interface SiteRun {
  timer?: TimerId;
  timerAtMs?: number;
  isRunning: boolean;
  pending?: "urgent" | "due";
  lastRunAtMs: number;
  running?: Promise<void>;
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

/**
 * The smart-charging plugin over the CSMS's inventory, read again whenever it changes (the
 * function returns a new object then). Chargers outside it are managed only by standing caps.
 */
export function smartChargingPlugin(
  options: { inventory?: () => Inventory } = {},
): Plugin<SmartChargingConfig> {
  return definePlugin({
    name: "smart-charging",
    configSchema: SmartChargingConfig,
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
      const sessions = new Map<string, Session>();
      // Sessions by station, then EVSE: meter samples and updates find theirs without a scan
      // (at 10,000 chargers a scan per event cost a quarter of the CSMS's CPU).
      const byStation = new Map<string, Map<number, Session>>();
      const apiCaps = new Map<string, ApiCap>();
      const runs = new Map<string, SiteRun>();
      const siteOf = (chargerId: string) => current().chargers.get(chargerId)?.siteId ?? "";
      const keyOf = (chargerId: string, evseId: number) =>
        evseId === 1 ? chargerId : `${chargerId}/${evseId}`;

      function bounds(session: Session): SessionBounds {
        const standingW = (config.chargerLimitsKw[session.chargerId] ?? Infinity) * 1000;
        const api = apiCaps.get(session.chargerId);
        const apiW = api && (api.transactionId ?? session.transactionId) === session.transactionId
          ? api.kw * 1000
          : Infinity;
        const ratingW = current().chargers.get(session.chargerId)?.ratingW ?? Infinity;
        return {
          maxW: Math.min(ratingW, standingW, apiW),
          standingW: standingW === Infinity ? undefined : Math.min(standingW, apiW),
        };
      }

      async function apply(change: LimitChange): Promise<void> {
        const { session, limitW } = change;
        const profileId = SITE_LIMIT_PROFILE_ID_BASE + session.evseId;
        try {
          if (limitW === null) {
            await ctx.send(session.chargerId, "ClearChargingProfile", {
              chargingProfileId: profileId,
            });
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
              ctx.log.warn("{key} refused a {limitW} W limit: {status}", {
                key: session.key,
                limitW,
                status: answer.status,
              });
              return;
            }
            session.limitW = limitW;
          }
          if (!change.isLowering) session.raisedAtMs = ctx.clock.now();
        } catch (error) {
          if (error instanceof ChargerOfflineError) return;
          ctx.log.warn("Limit for {key} failed: {error}", { key: session.key, error });
        }
      }

      async function runSite(siteId: string): Promise<void> {
        const members = [...sessions.values()].filter((s) => siteOf(s.chargerId) === siteId)
          .map((session) => ({ session, bounds: bounds(session) }));
        const capacity = current().capacityW.get(siteId) ?? null;
        const plan = planSite(capacity, members, config);
        ctx.emit("smart-charging.allocated", {
          siteId,
          capacityKw: capacity === null ? null : capacity / 1000,
          sitePowerKw: plan.sitePowerW / 1000,
          isConstrained: plan.allocation.isConstrained,
          limits: Object.fromEntries(
            Object.entries(plan.targetsW).map(([key, w]) => [key, w / 1000]),
          ),
          sessions: members.length,
          at: new Date(ctx.clock.now()).toISOString(),
        });
        // Lower first and wait for it, so raising others never adds up to more than the cap.
        await Promise.all(plan.changes.filter((c) => c.isLowering).map(apply));
        await Promise.all(plan.changes.filter((c) => !c.isLowering).map(apply));
      }

      function schedule(siteId: string, kind: "urgent" | "due"): void {
        const run = runs.get(siteId) ?? { isRunning: false, lastRunAtMs: -Infinity };
        runs.set(siteId, run);
        if (ctx.signal.aborted) return;
        if (run.isRunning) {
          run.pending = run.pending === "urgent" ? "urgent" : kind;
          return;
        }
        const nowMs = ctx.clock.now();
        const atMs = kind === "urgent"
          ? nowMs + config.debounceMs
          : Math.max(nowMs, run.lastRunAtMs + config.intervalS * 1000);
        if (run.timer !== undefined && run.timerAtMs! <= atMs) return;
        if (run.timer !== undefined) ctx.clock.clearTimeout(run.timer);
        run.timerAtMs = atMs;
        run.timer = ctx.clock.setTimeout(() => {
          run.timer = undefined;
          run.isRunning = true;
          run.lastRunAtMs = ctx.clock.now();
          run.running = runSite(siteId).catch((error) => {
            ctx.log.error("Allocating site {siteId} failed: {error}", { siteId, error });
          }).finally(() => {
            run.isRunning = false;
            const next = run.pending;
            run.pending = undefined;
            if (next) schedule(siteId, next);
          });
        }, atMs - nowMs);
      }

      function open(e: { chargerId: string; transactionId: string; evseId?: number }): Session {
        const evseId = e.evseId ?? 1;
        const key = keyOf(e.chargerId, evseId);
        const known = sessions.get(key);
        if (known?.transactionId === e.transactionId) return known;
        const nowMs = ctx.clock.now();
        const session: Session = {
          chargerId: e.chargerId,
          evseId,
          transactionId: e.transactionId,
          key,
          startedAtMs: nowMs,
          raisedAtMs: nowMs,
        };
        sessions.set(key, session);
        const mine = byStation.get(e.chargerId) ?? new Map<number, Session>();
        byStation.set(e.chargerId, mine.set(evseId, session));
        schedule(siteOf(e.chargerId), "urgent");
        return session;
      }

      const findSession = (chargerId: string, transactionId?: string, evseId?: number) => {
        const mine = byStation.get(chargerId);
        if (transactionId === undefined) return mine?.get(evseId ?? 1);
        for (const session of mine?.values() ?? []) {
          if (session.transactionId === transactionId) return session;
        }
        return undefined;
      };

      bus.on("transaction.started", (e) => void open(e));
      // After a CSMS restart a running session shows up as Updated only.
      bus.on("transaction.updated", (e) => {
        if (e.eventType !== "Ended" && !findSession(e.chargerId, e.transactionId)) open(e);
      });
      bus.on("transaction.ended", (e) => {
        const session = findSession(e.chargerId, e.transactionId);
        if (!session) return;
        sessions.delete(session.key);
        byStation.get(e.chargerId)?.delete(session.evseId);
        const api = apiCaps.get(e.chargerId);
        if (api?.transactionId === e.transactionId) apiCaps.delete(e.chargerId);
        schedule(siteOf(e.chargerId), "urgent");
      });
      bus.on("meter.sampled", (e) => {
        const session = findSession(e.chargerId, e.transactionId, e.evseId);
        if (!session || e.reading.powerW === undefined) return;
        session.measuredW = e.reading.powerW;
        session.measuredAtMs = Date.parse(e.at);
        schedule(siteOf(e.chargerId), "due");
      });
      bus.on("command.answered", (e) => {
        const cap = apiCapFromAnswer(e);
        if (cap === undefined) return;
        if (cap === null) apiCaps.delete(e.chargerId);
        else apiCaps.set(e.chargerId, cap);
        schedule(siteOf(e.chargerId), "urgent");
      });

      return async () => {
        for (const run of runs.values()) {
          if (run.timer !== undefined) ctx.clock.clearTimeout(run.timer);
        }
        await Promise.all([...runs.values()].map((run) => run.running));
      };
    },
  });
}
