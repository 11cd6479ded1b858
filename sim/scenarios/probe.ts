/**
 * A simulated station under observation: it records every OCPP-J frame it sends and receives
 * (paired into exchanges, with simulated and wall-clock times) and every event it reports, so a
 * scenario can check the wire itself rather than what the station believes it sent.
 */
import { type SimCharger, startCharger } from "../station/charger.ts";
import type { SimEvent, StationConfig } from "../station/station_state.ts";
import { passwordFor } from "../transport/station_security.ts";
import type { ScenarioContext } from "./context.ts";

/** One CALL and its answer, in either direction. */
export interface Exchange {
  action: string;
  request: Record<string, unknown>;
  /** The CALLRESULT payload, once it came. */
  response?: Record<string, unknown>;
  /** The CALLERROR, if that was the answer. */
  error?: { code: string; description: string };
  /** When the CALL went over the wire. */
  simMs: number;
  wallMs: number;
  /** When the answer came. */
  answeredSimMs?: number;
}

/** An event with the simulated time it was observed. */
export interface TimedEvent {
  simMs: number;
  event: SimEvent;
}

/** The station and what it saw. */
export interface Probe {
  readonly charger: SimCharger;
  /** CALLs the station sent, in order, with the CSMS's answers. */
  sent(action?: string): Exchange[];
  /** CALLs the CSMS sent, in order, with the station's answers. */
  received(action?: string): Exchange[];
  events<T extends SimEvent["type"]>(type: T): (TimedEvent & { event: { type: T } })[];
}

type Payload = Record<string, unknown>;

/** Starts a station on the scenario's clock and records its traffic. */
export async function startProbe(ctx: ScenarioContext, config: StationConfig): Promise<Probe> {
  const outgoing: Exchange[] = [];
  const incoming: Exchange[] = [];
  const byId = { out: new Map<string, Exchange>(), in: new Map<string, Exchange>() };
  const events: TimedEvent[] = [];
  const onFrame = (_id: string, direction: "in" | "out", text: string) => {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return; // an unreadable frame has no exchange to join; the station answers it itself
    }
    if (!Array.isArray(frame)) return;
    const [type, messageId] = frame as [number, string];
    const simMs = ctx.clock.now();
    if (type === 2) {
      const exchange = {
        action: String(frame[2]),
        request: frame[3] as Payload,
        simMs,
        wallMs: Date.now(),
      };
      (direction === "out" ? outgoing : incoming).push(exchange);
      (direction === "out" ? byId.out : byId.in).set(messageId, exchange);
      return;
    }
    // An answer travels against its CALL: incoming answers belong to our CALLs.
    const exchange = (direction === "in" ? byId.out : byId.in).get(messageId);
    if (!exchange) return;
    if (type === 3) exchange.response = frame[2] as Payload;
    if (type === 4) exchange.error = { code: String(frame[2]), description: String(frame[3]) };
    exchange.answeredSimMs = simMs;
  };
  const charger = await startCharger({
    password: passwordFor(ctx.security, config.chargerId),
    caCerts: ctx.security.caCerts,
    url: ctx.ocppUrl,
    config,
    clock: ctx.clock,
    stateDir: ctx.stateDir,
    onFrame,
    onEvent: (_id, event) => void events.push({ simMs: ctx.clock.now(), event }),
  });
  const of = (list: Exchange[], action?: string) =>
    action === undefined ? list : list.filter((e) => e.action === action);
  return {
    charger,
    sent: (action) => of(outgoing, action),
    received: (action) => of(incoming, action),
    events: <T extends SimEvent["type"]>(type: T) =>
      events.filter((e) => e.event.type === type) as (TimedEvent & { event: { type: T } })[],
  };
}

/** A sampled value of `measurand` (with its unit) from a TransactionEvent or MeterValues payload. */
export function sampled(
  payload: Payload,
  measurand: string,
): { value: number; unit?: string } | undefined {
  const meterValue = payload.meterValue as
    | { sampledValue: { measurand?: string; value: number; unitOfMeasure?: { unit?: string } }[] }[]
    | undefined;
  const found = meterValue?.flatMap((mv) => mv.sampledValue).find((s) =>
    (s.measurand ?? "Energy.Active.Import.Register") === measurand
  );
  return found && { value: found.value, unit: found.unitOfMeasure?.unit };
}

/** The TransactionEvent exchanges of one transaction, in the order they went out. */
export function txEvents(probe: Probe, transactionId: string): Exchange[] {
  return probe.sent("TransactionEvent").filter((e) =>
    (e.request.transactionInfo as { transactionId?: string }).transactionId === transactionId
  );
}
