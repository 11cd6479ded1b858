/**
 * A worked billing plugin: members (listed idTokens) get a percentage off whatever the plugins
 * loaded before it (the built-in pricing) charge. Load it with `--plugin
 * plugins/examples/member_discount.ts` and configure it in tamna.json:
 * `"pluginConfig": { "member-discount": { "idTokens": ["vip-001"], "percentOff": 10 } }`.
 */
import { z } from "zod";
import { definePlugin } from "../mod.ts";

export const MemberDiscountConfig = z.object({
  idTokens: z.array(z.string()).default([]),
  percentOff: z.number().min(0).max(100).default(10),
});

export const plugin = definePlugin({
  name: "member-discount",
  configSchema: MemberDiscountConfig,
  setup(_bus, ctx) {
    const members = new Set(ctx.config.idTokens);
    // Runs while the charger waits for its answer, after pricing: pure, no I/O.
    ctx.onTransactionEventResponse(({ tx, costKrw }) => {
      if (costKrw === undefined || !members.has(tx.idToken ?? "")) return;
      // Whole won, rounded half-up; the Ended answer's totalCost and the stored cost use it.
      return { costKrw: Math.floor((costKrw * (100 - ctx.config.percentOff)) / 100 + 0.5) };
    });
  },
});
