/** The smart-charging plugin's config section. */
import { z } from "zod";

const Kw = z.number().positive().max(1_000_000);

/** The config section (`pluginConfig["smart-charging"]` in tamna.json). */
export const SmartChargingConfig = z.strictObject({
  /** Grid capacity per site id, kW; overrides the inventory's `gridCapacityKw`. */
  sites: z.record(z.string(), z.strictObject({ capacityKw: Kw })).default({}),
  /** Standing per-charger caps, kW (on top of any set through the REST API). */
  chargerLimitsKw: z.record(z.string(), Kw).default({}),
  /** Room above what an EV-bound session draws, so it can still grow, kW. */
  headroomKw: z.number().min(0).default(2),
  /** Limits are floored to a multiple of this, kW. */
  stepKw: z.number().positive().default(0.1),
  /** A measurement counts once this long after a session's start or limit change, s. */
  settleS: z.number().min(0).default(10),
  /** Meter-driven reallocations of a site at most this often, s. */
  intervalS: z.number().min(0).default(5),
  /** Starts and ends within this window are decided together, ms. */
  debounceMs: z.number().int().min(0).default(100),
  /** Raises smaller than this are not sent (lowerings always are), kW. */
  minChangeKw: z.number().min(0).default(1),
});
export type SmartChargingConfig = z.infer<typeof SmartChargingConfig>;
