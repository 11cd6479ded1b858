/**
 * A test harness for the pure station: applies messages at a fake time, keeps every effect, and
 * checks that every frame the station would send is schema-valid. No sockets, no timers.
 */
import assert from "node:assert/strict";
import type { SimCliIo } from "../../sim/cli/cli_io.ts";
import type { Action } from "../../actors/ocpp/actions.ts";
import { validateRequest, validateResponse } from "../../actors/ocpp/validate.ts";
import {
  type ChargerMsg,
  type ChargerState,
  type Effect,
  initialState,
  type StationConfig,
} from "../../sim/station/station_state.ts";
import { transition } from "../../sim/station/state_machine.ts";

/** A 100 kW Emart Jeju charger with a 60 kWh EV at 20 % as its default car. */
export const TEST_CONFIG: StationConfig = {
  chargerId: "emart_jeju_01",
  vendor: "ABB",
  model: "ABB Terra 124",
  serialNumber: "SN-emart_jeju_01-001",
  firmwareVersion: "1.0.0",
  maxPowerW: 100_000,
  txIdPrefix: "t0",
  defaultEv: { batteryWh: 60_000, startSocPercent: 20, maxPowerW: 150_000 },
  isAutoPlugOnRemoteStart: true,
};

/** 2026-01-21 14:30 KST. */
export const T0 = Date.UTC(2026, 0, 21, 5, 30);

/** Asserts that an effect's frame is valid OCPP 2.0.1 (`replyTo` names the CALL a reply answers). */
export function assertValidEffect(effect: Effect, replyTo?: string): void {
  if (effect.kind === "call" || effect.kind === "txEvent") {
    const action = effect.kind === "call" ? effect.action : "TransactionEvent";
    const checked = validateRequest(action, effect.payload);
    assert.ok(
      checked.ok,
      `${action} ${JSON.stringify(effect.payload)}: ${!checked.ok && checked.error.message}`,
    );
  }
  if (effect.kind === "reply") {
    assert.ok(replyTo, "a reply needs the action it answers");
    const checked = validateResponse(replyTo as Action, effect.payload);
    assert.ok(
      checked.ok,
      `${replyTo}Response ${JSON.stringify(effect.payload)}: ${
        !checked.ok && checked.error.message
      }`,
    );
  }
}

/** One station under test. */
export class TestStation {
  state: ChargerState;
  nowMs = T0;
  /** Effects of the last `send`. */
  effects: Effect[] = [];
  /** Every effect since the start. */
  all: Effect[] = [];

  constructor(config: Partial<StationConfig> = {}) {
    this.state = initialState({ ...TEST_CONFIG, ...config }, { nowMs: this.nowMs });
  }

  /** Applies `msg` after `afterMs`, validating every frame it makes the station send. */
  send(msg: ChargerMsg, afterMs = 0): Effect[] {
    this.nowMs += afterMs;
    const { state, effects } = transition(this.state, msg, this.nowMs);
    const replyTo = msg.type === "call" ? msg.action : undefined;
    for (const e of effects) assertValidEffect(e, replyTo);
    this.state = state;
    this.effects = effects;
    this.all.push(...effects);
    return effects;
  }

  /** Connects and completes an Accepted boot; clears the effect log. */
  boot(intervalS = 30): this {
    this.send({ type: "connected" });
    this.answer("BootNotification", {
      currentTime: new Date(this.nowMs).toISOString(),
      interval: intervalS,
      status: "Accepted",
    });
    this.all = [];
    return this;
  }

  /** Answers the last call of `action` the station made. */
  answer(action: string, response: Record<string, unknown>, afterMs = 0): Effect[] {
    const call = [...this.all].reverse().find((e) => e.kind === "call" && e.action === action);
    assert.ok(call && call.kind === "call", `no ${action} call to answer`);
    assert.ok(validateResponse(action as Action, response).ok, `bad test response for ${action}`);
    return this.send({ type: "callResult", action, request: call.payload, response }, afterMs);
  }

  /** Sends a CSMS CALL; returns the reply payload. */
  call(action: string, payload: Record<string, unknown>, afterMs = 0): Record<string, unknown> {
    assert.ok(validateRequest(action as Action, payload).ok, `bad test request for ${action}`);
    const effects = this.send({ type: "call", id: "m1", action, payload }, afterMs);
    const reply = effects.find((e) => e.kind === "reply" || e.kind === "replyError");
    assert.ok(reply, `no reply to ${action}`);
    assert.equal(
      effects.indexOf(reply),
      // Only a new password is stored before the answer (A01).
      effects.findIndex((e) => e.kind !== "emit" && e.kind !== "storePassword"),
      "the reply comes first",
    );
    return reply.kind === "reply" ? reply.payload : { error: reply.code };
  }

  /** Payloads of the TransactionEvents in `effects` (default: the last send). */
  txEvents(effects = this.effects): Record<string, unknown>[] {
    return effects.flatMap((e) => e.kind === "txEvent" ? [e.payload] : []);
  }

  /** Payloads of calls of `action` in `effects` (default: the last send). */
  calls(action: string, effects = this.effects): Record<string, unknown>[] {
    return effects.flatMap((e) => e.kind === "call" && e.action === action ? [e.payload] : []);
  }

  /** The timers set in `effects` (default: the last send), by name. */
  timers(effects = this.effects): Record<string, number> {
    return Object.fromEntries(
      effects.flatMap((e) => e.kind === "setTimer" ? [[e.name, e.delayMs]] : []),
    );
  }
}

/** The card the station tests present. */
export const CARD = { idToken: "04A1B2C3", type: "ISO14443" } as const;
/** An Authorize answer that accepts the card. */
export const ACCEPTED = { idTokenInfo: { status: "Accepted" } };

/** A booted station charging on {@link CARD}. */
export function charging(): TestStation {
  const st = new TestStation().boot();
  st.send({ type: "plugIn" });
  st.send({ type: "authorize", idToken: CARD });
  st.answer("Authorize", ACCEPTED);
  return st;
}

/** A sampled value of `measurand` from a TransactionEvent payload. */
export function sample(payload: Record<string, unknown>, measurand: string): number | undefined {
  const mv = payload.meterValue as
    | { sampledValue: { measurand?: string; value: number }[] }[]
    | undefined;
  return mv?.[0].sampledValue.find((s) => s.measurand === measurand)?.value;
}

/** A CLI io that keeps what the CLI writes, for tests of `runSimCli`. */
export function captureCliIo(signal?: AbortSignal): SimCliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    write: (t) => out.push(t),
    error: (l) => err.push(l),
    isTerminal: false,
    isHandlingSignals: false,
    signal,
  };
}
