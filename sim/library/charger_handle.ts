/**
 * The handle of one simulated station in the simulator library, shared by `createCharger` and
 * `createFleet`: the driving API over the station's actor, waiting for boot, starting a charge
 * and checking passwords.
 */
import type { Clock } from "../../actors/runtime/clock.ts";
import type { SimCharger } from "../station/charger.ts";
import type { IdToken, SimEvent, StoppedReason } from "../station/station_state.ts";
import type { EvSpec } from "../station/physics.ts";
import { passwordProblem } from "../transport/station_security.ts";
import type { ChargerHandle, StartChargingResult } from "./charger_types.ts";

/**
 * Polls until every station is connected and registered; on timeout throws, after stopping
 * them when `isStoppingLate`.
 */
export async function awaitBoot(
  chargers: readonly ChargerHandle[],
  options: { url: string; timeoutMs: number; isStoppingLate?: boolean },
): Promise<void> {
  if (options.timeoutMs <= 0) return;
  const deadlineMs = Date.now() + options.timeoutMs;
  for (;;) {
    const late = chargers.find((c) => !c.isConnected || c.registration !== "Accepted");
    if (!late) return;
    if (Date.now() >= deadlineMs) {
      const state = `registration ${late.registration}, connected ${late.isConnected}`;
      if (options.isStoppingLate ?? true) await Promise.all(chargers.map((c) => c.stop()));
      throw new Error(
        `Station ${late.chargerId} was not accepted by ${options.url} within ${options.timeoutMs} ms (${state})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls until the station's socket is closed (a local close takes a few ms). */
async function awaitOffline(sim: SimCharger): Promise<void> {
  const deadlineMs = Date.now() + 5_000;
  while (sim.isConnected && Date.now() < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function token(idToken: string | IdToken): IdToken {
  return typeof idToken === "string" ? { idToken, type: "ISO14443" } : idToken;
}

/** The public face of one simulated station. */
export function chargerHandle(
  sim: SimCharger,
  context: { clock: Clock; url: string; bootTimeoutMs: number; isFleetStopped?: () => boolean },
): ChargerHandle {
  let isStopped = false;
  const stop = async (options: { reason?: StoppedReason } = {}) => {
    await sim.stop({ reason: options.reason });
    isStopped = true; // the station's own state still says online once its actor is gone
  };
  const handle: ChargerHandle = {
    chargerId: sim.id,
    maxPowerKw: sim.snapshot().config.maxPowerW / 1000,
    get status() {
      return sim.status;
    },
    get isConnected() {
      return !isStopped && !context.isFleetStopped?.() && sim.isConnected;
    },
    get registration() {
      return sim.registration;
    },
    get transactionId() {
      return sim.snapshot().tx?.transactionId;
    },
    meter() {
      const { socPercent, chargingState, ...rest } = sim.meter();
      return {
        ...rest,
        ...(socPercent !== undefined ? { socPercent } : {}),
        ...(chargingState !== undefined ? { chargingState } : {}),
      };
    },
    plugIn: (ev) => sim.plugIn(ev),
    unplug: () => sim.unplug(),
    authorize: (idToken) => sim.authorize(token(idToken)),
    startCharging: (idToken, ev) =>
      startCharging(sim, context.clock, { idToken: token(idToken), ev }),
    stopCharging: (reason) => sim.stopLocal(reason),
    fault: (reason) => sim.fault(reason),
    clearFault: () => sim.clearFault(),
    async goOffline() {
      await sim.goOffline();
      await awaitOffline(sim);
    },
    async goOnline() {
      await sim.goOnline();
      const { url, bootTimeoutMs } = context;
      await awaitBoot([handle], { url, timeoutMs: bootTimeoutMs, isStoppingLate: false });
    },
    on(type, handler) {
      const listener = (event: Event) => handler((event as CustomEvent).detail);
      sim.events.addEventListener(type, listener);
      return () => sim.events.removeEventListener(type, listener);
    },
    stop,
    [Symbol.asyncDispose]: () => stop(),
  };
  return handle;
}

/** Commands whose refusal means the start failed. */
const START_COMMANDS = new Set(["plugIn", "authorize", "startLocal"]);

/**
 * Sends startLocal and waits for the Started event or a refusal. The Authorize answer normally
 * takes milliseconds; the wait is bounded by the call timeout (in the station's time) in case the
 * CSMS never answers.
 */
async function startCharging(
  sim: SimCharger,
  clock: Clock,
  start: { idToken: IdToken; ev?: EvSpec },
): Promise<StartChargingResult> {
  const running = sim.snapshot().tx;
  if (running) {
    return {
      status: "Rejected",
      reason: `transaction ${running.transactionId} is already running`,
    };
  }
  const outcome = Promise.withResolvers<StartChargingResult>();
  const onEvent = (event: Event) => {
    const detail = (event as CustomEvent<SimEvent>).detail;
    if (detail.type === "transaction" && detail.eventType === "Started") {
      outcome.resolve({ status: "Accepted", transactionId: detail.transactionId });
    } else if (detail.type === "rejected" && START_COMMANDS.has(detail.command)) {
      outcome.resolve({ status: "Rejected", reason: detail.reason });
    }
  };
  sim.events.addEventListener("transaction", onEvent);
  sim.events.addEventListener("rejected", onEvent);
  const timer = clock.setTimeout(
    () => outcome.resolve({ status: "Rejected", reason: "no answer to Authorize" }),
    35_000,
  );
  try {
    await sim.startLocal(start.idToken, start.ev);
    return await outcome.promise;
  } finally {
    clock.clearTimeout(timer);
    sim.events.removeEventListener("transaction", onEvent);
    sim.events.removeEventListener("rejected", onEvent);
  }
}

/** Throws for a password OCPP does not allow; the message names the station, never the value. */
export function checkPasswords(password: string | Record<string, string> | undefined): void {
  const entries = typeof password === "string" ? [["", password]] : Object.entries(password ?? {});
  for (const [chargerId, value] of entries) {
    const problem = passwordProblem(value);
    if (problem) throw new RangeError(`password${chargerId ? ` of ${chargerId}` : ""} ${problem}`);
  }
}
