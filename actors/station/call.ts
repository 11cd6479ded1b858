/** What a pure handler of a charger's call receives and decides (handlers.ts and its helpers). */
import type { AnyEvent } from "../csms/events.ts";
import type { TransactionEventRecord } from "./durable.ts";
import type { StationConfig, StationState } from "./state.ts";

/** What a handler receives. */
export interface CallContext {
  state: StationState;
  config: StationConfig;
  nowMs: number;
}

/** What a handler decides. */
export interface CallOutcome {
  state: StationState;
  response: Record<string, unknown>;
  events: AnyEvent[];
  /** Must be stored durably before the response is sent. */
  persist?: TransactionEventRecord;
}
