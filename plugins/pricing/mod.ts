/**
 * The pricing plugin: prices every transaction from its energy register (flat, time-of-use
 * and a session fee), answers the Ended TransactionEvent with `totalCost` (I03) and tells the
 * charger the running cost with throttled CostUpdated calls (I02). The final cost rides on the
 * Ended event's record, so the database stores it in the same write as the event.
 */
import { ChargerOfflineError } from "../../actors/csms/csms.ts";
import { definePlugin, type Plugin, type TamnaEvents } from "../mod.ts";
import { foldPricing, type PricingState } from "./meter_fold.ts";
import { costKrw, PricingConfig } from "./tariff.ts";

export { PricingConfig } from "./tariff.ts";

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
export function pricingPlugin(): Plugin<PricingConfig> {
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

      bus.on("transaction.costed", (e) => {
        if (e.isFinal) lastSent.delete(key(e));
        else maybeSendCostUpdated(e);
      });
      bus.on("transaction.ended", (e) => void lastSent.delete(key(e)));
    },
  });
}
