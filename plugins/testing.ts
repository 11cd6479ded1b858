/**
 * Test helpers for plugin authors: start plugins on a fake clock and feed them a station's
 * messages through the CSMS's own pure handlers, without sockets, so a test sees exactly the
 * answers and events a real charger would cause.
 */
import { type Bus, createBus } from "../actors/csms/events.ts";
import { FakeClock } from "../actors/runtime/clock.ts";
import type { AnyEvent } from "../actors/csms/events.ts";
import type { ChargerAction } from "../actors/ocpp/actions.ts";
import type { RequestOf } from "../actors/ocpp/schemas.ts";
import type { TransactionEventRecord } from "../actors/station/durable.ts";
import { handleCall } from "../actors/station/handlers.ts";
import { initialStationState, type StationState } from "../actors/station/state.ts";
import { type PluginHost, startPlugins } from "./host.ts";
import type { Plugin, SendCommand } from "./mod.ts";

/** Plugins running on a fake clock with a recording `send`. */
export interface PluginTestBed {
  clock: FakeClock;
  bus: Bus;
  host: PluginHost;
  /** Every `ctx.send` call: station, action, payload. */
  sent: [string, string, unknown][];
  /** Every event published, in order. */
  events: AnyEvent[];
  /** A station whose calls go through the CSMS's handlers and the plugins' hooks. */
  station(chargerId: string): TestStation;
  /** Stops the plugins (drains their queues first). */
  stop(): Promise<void>;
}

/** A charger talking to the CSMS's pure handlers. */
export interface TestStation {
  /** Handles one call as the CSMS would at the clock's time; publishes its events. */
  call<A extends ChargerAction>(action: A, request: RequestOf<A>): Promise<Record<string, unknown>>;
  readonly state: StationState;
  /** What the CSMS would have stored before answering: every TransactionEvent's record. */
  readonly stored: readonly TransactionEventRecord[];
}

/**
 * Starts `plugins` on a fake clock (at `startMs`). `answer` decides what `ctx.send` resolves
 * with (default `{}`).
 */
export async function startPluginTestBed(
  plugins: Plugin[],
  options: {
    config?: Record<string, unknown>;
    startMs?: number;
    answer?: (chargerId: string, action: string, payload: unknown) => unknown;
  } = {},
): Promise<PluginTestBed> {
  const clock = new FakeClock(options.startMs);
  const bus = createBus({ clock, onError: () => {} });
  const events: AnyEvent[] = [];
  bus.onAny((event) => void events.push(event));
  const sent: [string, string, unknown][] = [];
  const send: SendCommand = (chargerId, action, payload) => {
    sent.push([chargerId, action, payload]);
    return Promise.resolve((options.answer?.(chargerId, action, payload) ?? {}) as never);
  };
  const host = await startPlugins(plugins, { bus, clock, send, config: options.config });
  return {
    clock,
    bus,
    host,
    sent,
    events,
    station: (chargerId) => testStation(chargerId, { clock, bus, host }),
    stop: () => host.stop(),
  };
}

function testStation(
  chargerId: string,
  deps: { clock: FakeClock; bus: Bus; host: PluginHost },
): TestStation {
  let state = initialStationState(chargerId, "Accepted");
  const stored: TransactionEventRecord[] = [];
  return {
    get state() {
      return state;
    },
    stored,
    async call(action, request) {
      const outcome = handleCall(
        {
          state,
          config: {
            validation: "strict",
            heartbeatIntervalS: 30,
            unknownStationRegistration: "Accepted",
            isKnown: true,
            authorize: () => "Accepted",
            maxBadFrames: 20,
            transactionEventHook: deps.host.transactionEventHooks.run,
          },
          nowMs: deps.clock.now(),
        },
        action,
        request,
      );
      state = outcome.state;
      if (outcome.persist) stored.push(outcome.persist);
      for (const event of outcome.events) deps.bus.emit(event.type, event.payload as never);
      await deps.clock.advance(0);
      return outcome.response;
    },
  };
}
