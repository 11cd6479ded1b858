import assert from "node:assert/strict";
import type { RequestOf } from "../../actors/ocpp/schemas.ts";
import { loadPluginFromFile } from "../host.ts";
import { pricingPlugin } from "../pricing/mod.ts";
import { startPluginTestBed } from "../testing.ts";

const AT = "2026-01-21T01:30:00.000Z";

function txEvent(
  transactionId: string,
  seqNo: number,
  energyWh: number,
  idToken?: string,
): RequestOf<"TransactionEvent"> {
  return {
    eventType: seqNo === 0 ? "Started" : "Ended",
    timestamp: AT,
    triggerReason: seqNo === 0 ? "Authorized" : "StopAuthorized",
    seqNo,
    transactionInfo: { transactionId },
    ...(idToken ? { idToken: { idToken, type: "ISO14443" as const } } : {}),
    meterValue: [{ timestamp: AT, sampledValue: [{ value: energyWh }] }],
  };
}

Deno.test("member-discount (loaded from its file) takes 10% off members' totalCost and stored cost", async () => {
  const discount = await loadPluginFromFile("plugins/examples/member_discount.ts");
  const bed = await startPluginTestBed([pricingPlugin(), discount], {
    config: { "member-discount": { idTokens: ["vip-001"], percentOff: 10 } },
  });
  try {
    const cs = bed.station("emart_jeju_01");
    await cs.call("TransactionEvent", txEvent("member", 0, 1000, "vip-001"));
    const member = await cs.call("TransactionEvent", txEvent("member", 1, 21150));
    await cs.call("TransactionEvent", txEvent("guest", 0, 21150, "guest-7"));
    const guest = await cs.call("TransactionEvent", txEvent("guest", 1, 41300));
    // 20,150 Wh × 150 KRW/kWh = 3,022.5 → 3,023 KRW; a member pays 90 %: 2,720.7 → 2,721.
    assert.deepEqual(member, { totalCost: 2721 });
    assert.deepEqual(guest, { totalCost: 3023 });
    const stored = cs.stored.flatMap((r) =>
      r.costKrw === undefined ? [] : [[r.transactionId, r.costKrw]]
    );
    assert.deepEqual(stored, [["member", 2721], ["guest", 3023]]);
  } finally {
    await bed.stop();
  }
});
