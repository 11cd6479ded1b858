/**
 * Display messages of a simulated station (OCPP 2.0.1 O01–O06), pure: it keeps up to
 * {@link MAX_MESSAGES} messages, shows plain text only (ASCII, UTF8), reports them in several
 * NotifyDisplayMessages parts, and clears one on request.
 */
import type { MessageInfoType, RequestOf } from "../../actors/ocpp/schemas.ts";
import type { ChargerState, Effect, InboundCall } from "./station_state.ts";

/** How many messages the display holds. */
export const MAX_MESSAGES = 20;
/** Messages per NotifyDisplayMessages part. */
const PER_PART = 4;

function reply(fx: Effect[], call: InboundCall, status: string): void {
  fx.push({ kind: "reply", id: call.id, payload: { status } });
}

/** O01/O02: SetDisplayMessage (the same id replaces a message). */
export function setDisplayMessage(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const { message } = call.payload as RequestOf<"SetDisplayMessage">;
  const others = s.displayMessages.filter((m) => m.id !== message.id);
  if (message.message.format === "HTML" || message.message.format === "URI") {
    reply(fx, call, "NotSupportedMessageFormat");
  } else if (message.transactionId && message.transactionId !== s.tx?.transactionId) {
    reply(fx, call, "UnknownTransaction");
  } else if (others.length >= MAX_MESSAGES) {
    reply(fx, call, "Rejected");
  } else {
    reply(fx, call, "Accepted");
    return { ...s, displayMessages: [...others, message] };
  }
  return s;
}

/** O04: GetDisplayMessages; the messages that match follow in NotifyDisplayMessages parts. */
export function getDisplayMessages(s: ChargerState, fx: Effect[], call: InboundCall): ChargerState {
  const r = call.payload as RequestOf<"GetDisplayMessages">;
  const found = s.displayMessages.filter((m) =>
    (r.id === undefined || r.id.includes(m.id)) &&
    (r.priority === undefined || m.priority === r.priority) &&
    (r.state === undefined || m.state === r.state)
  );
  if (found.length === 0) {
    reply(fx, call, "Unknown");
    return s;
  }
  reply(fx, call, "Accepted");
  for (let i = 0; i < found.length; i += PER_PART) {
    fx.push({
      kind: "call",
      action: "NotifyDisplayMessages",
      payload: {
        requestId: r.requestId,
        tbc: i + PER_PART < found.length,
        messageInfo: found.slice(i, i + PER_PART) as MessageInfoType[],
      },
    });
  }
  return s;
}

/** O05: ClearDisplayMessage. */
export function clearDisplayMessage(
  s: ChargerState,
  fx: Effect[],
  call: InboundCall,
): ChargerState {
  const { id } = call.payload as RequestOf<"ClearDisplayMessage">;
  if (!s.displayMessages.some((m) => m.id === id)) {
    reply(fx, call, "Unknown");
    return s;
  }
  reply(fx, call, "Accepted");
  return { ...s, displayMessages: s.displayMessages.filter((m) => m.id !== id) };
}
