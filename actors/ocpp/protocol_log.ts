/**
 * The seed's protocol debug log: `[OCPP-…-SEND/RECV]` tags with pretty-printed payloads and
 * the raw `[SERVER-…]` / `[CHARGER-…]` frames. Costs one boolean check per frame when off.
 */
import { getLogger, type Logger } from "@logtape/logtape";
import { CALL, CALLERROR, CALLRESULT, parseFrame } from "./frames.ts";

/** Which side logs: the CSMS ("SERVER") or a simulated charger ("CHARGER"). */
export type ProtocolSide = "SERVER" | "CHARGER";

/** Logs frames in and out of one side. Tagged templates keep JSON braces out of LogTape's placeholders. */
export interface ProtocolLog {
  readonly isEnabled: boolean;
  sent(chargerId: string, text: string): void;
  received(chargerId: string, text: string): void;
}

const messages = getLogger(["ocpp_messages"]);

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function describe(direction: "SEND" | "RECV", text: string): void {
  const parsed = parseFrame(text);
  if (!parsed.ok) {
    messages.debug`[OCPP-RAW-${direction}] ${text}`;
    return;
  }
  const f = parsed.frame;
  if (f.type === CALL) {
    messages.debug`[OCPP-CALL-${direction}] Action: ${f.action}, ID: ${f.id}`;
    messages.debug`[OCPP-PAYLOAD-${direction}] ${pretty(f.payload)}`;
  } else if (f.type === CALLRESULT) {
    messages.debug`[OCPP-CALLRESULT-${direction}] ID: ${f.id}`;
    messages.debug`[OCPP-RESPONSE-${direction}] ${pretty(f.payload)}`;
  } else if (f.type === CALLERROR) {
    messages.debug`[OCPP-CALLERROR-${direction}] ID: ${f.id}`;
    messages.debug`[OCPP-ERROR-${direction}] ${f.rawCode}: ${f.description} ${pretty(f.details)}`;
  }
}

/** A protocol log for one side; `isEnabled` follows the logger's configured level. */
export function createProtocolLog(side: ProtocolSide): ProtocolLog {
  const raw: Logger = getLogger([side === "SERVER" ? "ocpp_server" : "charger_simulator"]);
  return {
    get isEnabled() {
      return raw.isEnabledFor("debug");
    },
    sent(chargerId, text) {
      if (!raw.isEnabledFor("debug")) return;
      describe("SEND", text);
      raw.debug`[${side}-SEND] ${chargerId}: ${text}`;
    },
    received(chargerId, text) {
      if (!raw.isEnabledFor("debug")) return;
      raw.debug`[${side}-RECV] ${chargerId}: ${text}`;
      messages.debug`[OCPP-RAW-RECV] ${text}`;
      describe("RECV", text);
    },
  };
}
