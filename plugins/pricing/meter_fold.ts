/**
 * The pricing state of one transaction, folded pure from its TransactionEvents: energy per
 * price period, attributed by the time it was delivered, from consecutive register readings.
 */
import { readMeterValues } from "../../actors/ocpp/meter.ts";
import type { TransactionEventResponseInput } from "../mod.ts";
import { addEnergy, periodAt, type PricingConfig, splitEnergy } from "./tariff.ts";

/** What pricing keeps per transaction (plain data: it rides on the CSMS's transaction state). */
export interface PricingState {
  /** Time of the last energy register reading (the charger's clock), ms since the epoch. */
  lastAtMs: number;
  /** That reading, whole Wh. */
  lastWh: number;
  /** Energy delivered so far, Wh, by price period. */
  whByPeriod: Readonly<Record<string, number>>;
}

type Input = Pick<TransactionEventResponseInput<PricingState>, "request" | "tx" | "state">;

/**
 * Folds the register readings of one TransactionEvent into the state. Energy between two
 * readings is spread evenly over the time between them. The first reading counts from the
 * register at start (energy before it, e.g. after a CSMS restart lost the state, goes to the
 * period of that reading). A reading not newer than the last one counted (an Ended event
 * repeating the Transaction.Begin and periodic samples, as TxEnded sampling allows) is
 * skipped, so it neither counts again nor looks like a reset. A newer register that went
 * backwards (meter replaced) restarts the count without energy. Undefined until the first
 * reading.
 */
export function foldPricing(config: PricingConfig, input: Input): PricingState | undefined {
  let state = input.state;
  for (const reading of readMeterValues(input.request.meterValue)) {
    if (reading.energyWh === undefined) continue;
    const parsedMs = Date.parse(reading.at);
    const atMs = Number.isNaN(parsedMs) ? Date.parse(input.request.timestamp) : parsedMs;
    const wh = reading.energyWh;
    if (state === undefined) {
      const sinceStartWh = wh - (input.tx.meterStartWh ?? wh);
      state = {
        lastAtMs: atMs,
        lastWh: wh,
        whByPeriod: sinceStartWh > 0 ? { [periodAt(config, atMs)]: sinceStartWh } : {},
      };
      continue;
    }
    // Older, or as old and no higher: a repeat (a charger with a coarse clock may report a
    // higher register at the same second; that is new energy).
    if (atMs < state.lastAtMs || (atMs === state.lastAtMs && wh <= state.lastWh)) continue;
    const energyWh = wh - state.lastWh;
    const whByPeriod = energyWh > 0
      ? addEnergy(
        state.whByPeriod,
        splitEnergy(config, { fromMs: state.lastAtMs, toMs: atMs, energyWh }),
      )
      : state.whByPeriod;
    state = { lastAtMs: atMs, lastWh: wh, whByPeriod };
  }
  return state;
}
