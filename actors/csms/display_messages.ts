/**
 * Display messages (OCPP 2.0.1 O01–O06): what the CSMS asked each charger to show, with the
 * charger's answer, refreshed from the charger (GetDisplayMessages, its NotifyDisplayMessages
 * parts) and cleared (ClearDisplayMessage). A message is active while the charger accepted it,
 * nobody cleared it and its end time has not passed.
 */
import type { Clock } from "../runtime/clock.ts";
import type { SubscriberQueue } from "../runtime/bus.ts";
import type {
  MessageFormatEnumType,
  MessageInfoType,
  MessagePriorityEnumType,
  MessageStateEnumType,
  RequestOf,
  ResponseOf,
} from "../ocpp/schemas.ts";
import type { AnyEvent, Bus } from "./events.ts";
import { newRemoteStartId } from "./commands.ts";
import { isoNow } from "../runtime/clock.ts";

/** A display message as stored. */
export interface DisplayMessage {
  chargerId: string;
  messageId: number;
  priority: MessagePriorityEnumType;
  state?: MessageStateEnumType;
  startAt?: string;
  endAt?: string;
  transactionId?: string;
  content: string;
  format: MessageFormatEnumType;
  language?: string;
  /** The charger's answer to SetDisplayMessage, or `Reported` when only its report named it. */
  status: string;
  isCleared: boolean;
  updatedAt: string;
}

/** Where display messages live (plugins/persistence/display_message_store.ts). */
export interface DisplayMessageStore {
  save(message: DisplayMessage): Promise<void>;
  list(chargerId: string): Promise<DisplayMessage[]>;
  get(chargerId: string, messageId: number): Promise<DisplayMessage | undefined>;
  /** Marks every not-cleared message of the charger but `keep` cleared. */
  clearOthers(chargerId: string, keep: number[], at: string): Promise<void>;
}

/** A message to show. */
export type NewDisplayMessage =
  & Omit<
    DisplayMessage,
    "chargerId" | "messageId" | "status" | "isCleared" | "updatedAt" | "format"
  >
  & { messageId?: number; format?: MessageFormatEnumType };

/** How the service sends a call. */
export type DisplaySend = <
  A extends "SetDisplayMessage" | "GetDisplayMessages" | "ClearDisplayMessage",
>(chargerId: string, action: A, payload: RequestOf<A>) => Promise<ResponseOf<A>>;

/** The display message service. */
export interface DisplayMessages {
  /** O01/O02: SetDisplayMessage (a known id replaces that message); stored with the answer. */
  set(
    chargerId: string,
    message: NewDisplayMessage,
  ): Promise<{ message: DisplayMessage; ocppStatus: string }>;
  list(chargerId: string): Promise<(DisplayMessage & { isActive: boolean })[]>;
  /** O04: GetDisplayMessages; the charger's report replaces what is stored. */
  refresh(chargerId: string): Promise<{ ocppStatus: string; requestId: number }>;
  /** O05: ClearDisplayMessage; undefined when the message is not on record. */
  clear(
    chargerId: string,
    messageId: number,
  ): Promise<{ message: DisplayMessage; ocppStatus: string } | undefined>;
  idle(): Promise<void>;
}

/** Whether a stored message is shown now (accepted or reported, not cleared, not ended). */
export function isActive(m: DisplayMessage, nowMs: number): boolean {
  const shown = m.status === "Accepted" || m.status === "Reported";
  return shown && !m.isCleared && (m.endAt === undefined || Date.parse(m.endAt) > nowMs);
}

function fromInfo(chargerId: string, info: MessageInfoType, at: string): DisplayMessage {
  return {
    chargerId,
    messageId: info.id,
    priority: info.priority,
    ...(info.state && { state: info.state }),
    ...(info.startDateTime && { startAt: info.startDateTime }),
    ...(info.endDateTime && { endAt: info.endDateTime }),
    ...(info.transactionId && { transactionId: info.transactionId }),
    content: info.message.content,
    format: info.message.format,
    ...(info.message.language && { language: info.message.language }),
    status: "Reported",
    isCleared: false,
    updatedAt: at,
  };
}

function toInfo(m: DisplayMessage): MessageInfoType {
  return {
    id: m.messageId,
    priority: m.priority,
    ...(m.state && { state: m.state }),
    ...(m.startAt && { startDateTime: m.startAt }),
    ...(m.endAt && { endDateTime: m.endAt }),
    ...(m.transactionId && { transactionId: m.transactionId }),
    message: {
      format: m.format,
      content: m.content,
      ...(m.language && { language: m.language }),
    },
  };
}

/** Dependencies of {@link createDisplayMessages}. */
export interface DisplayMessageDeps {
  store: DisplayMessageStore;
  send: DisplaySend;
  bus: Pick<Bus, "on" | "createQueue">;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
  onError?(chargerId: string, error: unknown): void;
}

/**
 * O04: stores the NotifyDisplayMessages parts answering our GetDisplayMessages, and once the
 * last is in marks what the charger no longer shows as cleared.
 */
function reportReceiver(deps: DisplayMessageDeps, queue: SubscriberQueue) {
  const { store } = deps;
  /** Reports being received, by charger and requestId: the ids named so far. */
  const reports = new Map<string, number[]>();
  deps.bus.on("display-messages.reported", async (part) => {
    const key = `${part.chargerId}:${part.requestId}`;
    const named = reports.get(key);
    if (named === undefined) return; // not asked by this service
    for (const info of part.messages) {
      const m = fromInfo(part.chargerId, info, part.at);
      const known = await store.get(part.chargerId, info.id);
      // Keep the answer to our own SetDisplayMessage; the report only confirms it.
      await store.save(known?.status === "Accepted" ? { ...m, status: "Accepted" } : m);
      named.push(info.id);
    }
    if (part.tbc) return;
    reports.delete(key);
    await store.clearOthers(part.chargerId, named, part.at);
  }, { queue, scope: "node" });
  return {
    expect: (chargerId: string, requestId: number) => reports.set(`${chargerId}:${requestId}`, []),
    forget: (chargerId: string, requestId: number) => reports.delete(`${chargerId}:${requestId}`),
  };
}

/** Builds the service and subscribes it to the chargers' reports. */
export function createDisplayMessages(deps: DisplayMessageDeps): DisplayMessages {
  const { store, clock } = deps;
  const queue: SubscriberQueue = deps.bus.createQueue("display-messages", {
    onError: (error) => deps.onError?.("-", error),
  });
  const iso = () => isoNow(clock);
  const changed = (m: DisplayMessage) =>
    deps.emit({
      type: "display-message.changed",
      payload: {
        chargerId: m.chargerId,
        messageId: m.messageId,
        status: m.status,
        isActive: isActive(m, clock.now()),
        at: m.updatedAt,
      },
    });
  const reports = reportReceiver(deps, queue);

  return {
    async set(chargerId, message) {
      const messageId = message.messageId ?? newRemoteStartId();
      const draft: DisplayMessage = {
        ...message,
        chargerId,
        messageId,
        format: message.format ?? "UTF8",
        status: "Sending",
        isCleared: false,
        updatedAt: iso(),
      };
      const answer = await deps.send(chargerId, "SetDisplayMessage", { message: toInfo(draft) });
      const stored = { ...draft, status: answer.status, updatedAt: iso() };
      await store.save(stored);
      changed(stored);
      return { message: stored, ocppStatus: answer.status };
    },
    async list(chargerId) {
      const nowMs = clock.now();
      return (await store.list(chargerId)).map((m) => ({ ...m, isActive: isActive(m, nowMs) }));
    },
    async refresh(chargerId) {
      const requestId = newRemoteStartId();
      reports.expect(chargerId, requestId);
      const answer = await deps.send(chargerId, "GetDisplayMessages", { requestId });
      if (answer.status !== "Accepted") {
        // O04: Unknown means the charger shows none at all.
        reports.forget(chargerId, requestId);
        await store.clearOthers(chargerId, [], iso());
      }
      return { ocppStatus: answer.status, requestId };
    },
    async clear(chargerId, messageId) {
      const known = await store.get(chargerId, messageId);
      if (!known) return undefined;
      const answer = await deps.send(chargerId, "ClearDisplayMessage", { id: messageId });
      // Unknown: the charger no longer has it either, so it is not shown.
      const stored = { ...known, isCleared: true, updatedAt: iso() };
      await store.save(stored);
      changed(stored);
      return { message: stored, ocppStatus: answer.status };
    },
    idle: () => queue.idle(),
  };
}
