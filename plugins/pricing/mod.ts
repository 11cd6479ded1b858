/**
 * The pricing plugin: prices every transaction from its energy register (flat, time-of-use
 * and a session fee), answers the Ended TransactionEvent with `totalCost` (I03), tells the
 * charger the running cost with throttled CostUpdated calls (I02), and stores the final cost.
 */
import type { Clock } from "../../actors/runtime/clock.ts";
import { ChargerOfflineError } from "../../actors/csms/csms.ts";
import { definePlugin, type Plugin, type TamnaEvents } from "../mod.ts";
import { foldPricing, type PricingState } from "./meter_fold.ts";
import { costKrw, PricingConfig } from "./tariff.ts";

export { PricingConfig } from "./tariff.ts";

/** Where the final cost goes: the persistence store, or a stand-in. */
export interface PricingStore {
  /** Resolves false when the transaction is unknown. */
  setTransactionCost(chargerId: string, transactionId: string, costKrw: number): Promise<boolean>;
}

/** What the composition root gives the plugin. */
export interface PricingOptions {
  /** Null or absent: the cost is only sent to the charger, not stored. */
  store?: PricingStore | null;
  /** Waits between attempts to store a cost while the database refuses. */
  retryDelaysMs?: readonly number[];
}

type Costed = TamnaEvents["transaction.costed"];

interface LastSent {
  atMs: number;
  costKrw: number;
  energyWh: number;
}

/**
 * The pricing plugin. The price is decided in a TransactionEvent response hook (pure, so it
 * can be in the charger's answer); hooks of plugins loaded later (discounts) may change it,
 * and what they agree on arrives as `transaction.costed`, which this plugin delivers.
 */
export function pricingPlugin(options: PricingOptions = {}): Plugin<PricingConfig> {
  const retryDelaysMs = options.retryDelaysMs ?? [1_000, 5_000, 30_000];
  return definePlugin({
    name: "pricing",
    configSchema: PricingConfig,
    setup(bus, ctx) {
      const config = ctx.config;
      ctx.onTransactionEventResponse<PricingState>((input) => {
        const state = foldPricing(config, input);
        return { costKrw: costKrw(config, state?.whByPeriod ?? {}), state };
      });
      const lastSent = new Map<string, LastSent>();
      const key = (e: { chargerId: string; transactionId: string }) =>
        `${e.chargerId}\u0000${e.transactionId}`;

      function maybeSendCostUpdated(e: Costed): void {
        const nowMs = ctx.clock.now();
        const energyWh = e.energyWh ?? 0;
        const last = lastSent.get(key(e));
        if (!last) {
          lastSent.set(key(e), { atMs: nowMs, costKrw: e.costKrw, energyWh });
          return;
        }
        if (e.costKrw === last.costKrw) return;
        const isDue = (config.costUpdatedIntervalS > 0 &&
          nowMs - last.atMs >= config.costUpdatedIntervalS * 1000) ||
          (config.costUpdatedEveryWh > 0 && energyWh - last.energyWh >= config.costUpdatedEveryWh);
        if (!isDue) return;
        lastSent.set(key(e), { atMs: nowMs, costKrw: e.costKrw, energyWh });
        // Not awaited: the charger's answer must not hold up pricing for other chargers.
        ctx.send(e.chargerId, "CostUpdated", {
          transactionId: e.transactionId,
          totalCost: e.costKrw,
        }).catch((error) => {
          if (error instanceof ChargerOfflineError) return;
          ctx.log.warn("CostUpdated to {chargerId} failed: {error}", { ...e, error });
        });
      }

      async function storeCost(e: Costed): Promise<void> {
        const store = options.store;
        if (!store) return;
        const cost = Math.round(e.costKrw);
        for (let attempt = 0;; attempt++) {
          try {
            const isKnown = await store.setTransactionCost(e.chargerId, e.transactionId, cost);
            if (!isKnown) {
              ctx.log.warn("Cannot store the cost of unknown transaction {transactionId}", e);
            }
            return;
          } catch (error) {
            const delayMs = retryDelaysMs[attempt];
            if (delayMs === undefined || ctx.signal.aborted) throw error;
            await sleep(ctx.clock, delayMs);
          }
        }
      }

      bus.on("transaction.costed", async (e) => {
        if (!e.isFinal) return maybeSendCostUpdated(e);
        lastSent.delete(key(e));
        await storeCost(e);
      });
      bus.on("transaction.ended", (e) => void lastSent.delete(key(e)));
    },
  });
}

function sleep(clock: Clock, delayMs: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, delayMs));
}
