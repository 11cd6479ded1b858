/**
 * The driver of a `--no-auto` station: nobody arrives on their own, but an EV that a CSMS
 * command plugged in (RequestStartTransaction) leaves `leaveAfterMs` after its session ends,
 * so the connector goes Finishing → Available as the seed's state machine does, instead of
 * staying Occupied for good.
 */
import type { Clock, TimerId } from "../../actors/runtime/clock.ts";
import type { SimCharger } from "../station/charger.ts";
import type { SimEvent } from "../station/station_state.ts";
import type { AutoDriver } from "./auto_driver.ts";

/** Starts watching one station; `stop()` cancels a pending departure. */
export function startDeparture(
  charger: SimCharger,
  options: { clock: Clock; leaveAfterMs: number },
): AutoDriver {
  let timer: TimerId | undefined;
  let isStopped = false;
  const cancel = () => {
    if (timer !== undefined) options.clock.clearTimeout(timer);
    timer = undefined;
  };
  return {
    observe(event: SimEvent) {
      if (isStopped || event.type !== "status") return;
      if (event.status !== "Finishing") return cancel(); // a new session, or already gone
      cancel();
      timer = options.clock.setTimeout(() => {
        timer = undefined;
        if (!isStopped && charger.snapshot().physics.ev) void charger.unplug();
      }, options.leaveAfterMs);
    },
    stop() {
      isStopped = true;
      cancel();
    },
  };
}
