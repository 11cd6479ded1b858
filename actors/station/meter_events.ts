/** Turns meterValue arrays into `meter.sampled` events. */
import { isoOfMs } from "../runtime/clock.ts";
import type { AnyEvent } from "../csms/events.ts";
import { readMeterValues } from "../ocpp/meter.ts";
import type { RequestOf } from "../ocpp/schemas.ts";
import type { CallContext } from "./call.ts";

type MeterValueList = RequestOf<"MeterValues">["meterValue"];

/** One `meter.sampled` event per meterValue. */
export function meterEvents(
  ctx: CallContext,
  evseId: number,
  transactionId: string | undefined,
  meterValue: MeterValueList | undefined,
): AnyEvent[] {
  const at = isoOfMs(ctx.nowMs);
  return readMeterValues(meterValue).map((reading) => ({
    type: "meter.sampled",
    payload: { chargerId: ctx.state.chargerId, evseId, transactionId, reading, at },
  }));
}
