/**
 * The pricing state of one transaction, folded pure from its TransactionEvents: energy per
 * price period, attributed by the time it was delivered, from consecutive register readings.
 */
import { readMeterValues } from "../../actors/ocpp/meter.ts";
import type { TransactionEventResponseInput } from "../mod.ts";
import { addEnergy, periodAt, type PricingConfig, splitEnergy } from "./tariff.ts";

/** What pricing keeps per transaction (plain data: it rides on the CSMS's transaction state). */
export interface PricingState {
  /** Time of the first energy register reading folded (the charger's clock), ms since the epoch. */
  firstAtMs: number;
  /** That reading, whole Wh. */
  firstWh: number;
  /** Time of the last energy register reading (the charger's clock), ms since the epoch. */
  lastAtMs: number;
  /** That reading, whole Wh. */
  lastWh: number;
  /** Energy delivered since the first reading, Wh, by price period. */
  whByPeriod: Readonly<Record<string, number>>;
}

type Input = Pick<TransactionEventResponseInput<PricingState>, "request" | "tx" | "state">;

/**
 * Folds the register readings of one TransactionEvent into the state. Energy between two
 * readings is spread evenly over the time between them; energy before the first reading is
 * {@link pricedEnergy}'s, since the start register may become known only later. A reading not newer than the last one counted (an Ended event
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
      state = { firstAtMs: atMs, firstWh: wh, lastAtMs: atMs, lastWh: wh, whByPeriod: {} };
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
    state = { ...state, lastAtMs: atMs, lastWh: wh, whByPeriod };
  }
  return state;
}

/**
 * The energy to price, Wh by price period: the fold's, and what the register gained from
 * `meterStartWh` to the fold's first reading, in the period of that reading. That part covers
 * a fold that began after the start (its state lost in a CSMS restart) and a start register
 * known only later (the Transaction.Begin reading an Ended repeats, when the Started carried
 * none), so the energy priced is always the last register minus the start.
 */
export function pricedEnergy(
  config: PricingConfig,
  state: PricingState | undefined,
  meterStartWh: number | undefined,
): Readonly<Record<string, number>> {
  if (state === undefined) return {};
  const beforeWh = state.firstWh - (meterStartWh ?? state.firstWh);
  return beforeWh > 0
    ? addEnergy(state.whByPeriod, { [periodAt(config, state.firstAtMs)]: beforeWh })
    : state.whByPeriod;
}
