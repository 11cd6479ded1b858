/**
 * The pricing plugin: prices every transaction from its energy register (flat, time-of-use, a
 * session fee and an idle fee) with the managed tariff of its charger or site (the config's
 * prices when there is none), answers the Ended TransactionEvent with `totalCost` (I03) and
 * tells the charger the running cost with throttled CostUpdated calls (I02). The final cost and
 * the tariff version ride on the events' records, so the database stores them with the event.
 */
import { ChargerOfflineError } from "../../actors/csms/csms.ts";
import type { TariffLookup } from "../../actors/csms/tariffs.ts";
import {
  definePlugin,
  type Plugin,
  type TamnaEvents,
  type TransactionEventResponseInput,
} from "../mod.ts";
import { foldPricing, pricedEnergy, type PricingState } from "./meter_fold.ts";
import { foldIdle, idleFeeKrw, type IdleState } from "./idle_fee.ts";
import { costKrw, PricingConfig } from "./tariff.ts";

export { PricingConfig } from "./tariff.ts";

type Costed = TamnaEvents["transaction.costed"];

/** The prices a transaction is charged by, chosen at its first event and kept to its end. */
interface Pinned {
  /** The managed tariff version; absent when the config's prices apply. */
  tariff?: { tariffId: string; version: number };
  config: PricingConfig;
}

/** What pricing keeps per transaction (plain data, on the transaction's hook state). */
interface PricingHookState {
  pinned: Pinned;
  fold?: PricingState;
  idle?: IdleState;
}

/** The tariff in force for the charger when the transaction started (or the one it was pinned to). */
function pin(
  config: PricingConfig,
  tariffs: TariffLookup | undefined,
  input: TransactionEventResponseInput<PricingHookState>,
): Pinned {
  const atMs = Date.parse(input.request.timestamp);
  const ref = input.tx.tariff;
  const priced = ref
    ? tariffs?.pinned(ref, input.chargerId, atMs)
    : tariffs?.forCharger(input.chargerId, atMs);
  if (!priced) return { config };
  return {
    tariff: { tariffId: priced.tariffId, version: priced.version },
    config: {
      ...config,
      ...priced.prices,
      timeOfUse: priced.prices.timeOfUse,
      utcOffsetMinutes: priced.utcOffsetMinutes,
    },
  };
}

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
export function pricingPlugin(
  options: { tariffs?: TariffLookup } = {},
): Plugin<PricingConfig> {
  return definePlugin({
    name: "pricing",
    configSchema: PricingConfig,
    setup(bus, ctx) {
      const config = ctx.config;
      ctx.onTransactionEventResponse<PricingHookState>((input) => {
        const pinned = input.state?.pinned ?? pin(config, options.tariffs, input);
        const fold = foldPricing(pinned.config, { ...input, state: input.state?.fold });
        const idle = foldIdle(input.state?.idle, input.request);
        const atMs = Date.parse(input.request.timestamp);
        const energy = pricedEnergy(pinned.config, fold, input.tx.meterStartWh);
        const cost = costKrw(pinned.config, energy) +
          idleFeeKrw(pinned.config, idle, atMs);
        return { costKrw: cost, state: { pinned, fold, idle }, tariff: pinned.tariff };
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
