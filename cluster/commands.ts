/**
 * Commands across nodes: NATS request/reply to the node holding the charger. Each node answers
 * on `<cluster>.cmd.<nodeId>` by sending through its own CSMS, and a caller rebuilds the typed
 * refusals (offline, no answer in time, CALLERROR, aborted) so the REST API and the library
 * answer 409, 504 or 502 exactly as on one node.
 */
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { getLogger } from "@logtape/logtape";
import { ChargerOfflineError, type Csms } from "../actors/csms/csms.ts";
import type { CsmsAction } from "../actors/ocpp/actions.ts";
import { OcppError, type OcppErrorCode } from "../actors/ocpp/errors.ts";
import { CallAbortedError, CallTimeoutError } from "../actors/ocpp/rpc.ts";
import type { RequestOf, ResponseOf } from "../actors/ocpp/schemas.ts";

/** A command as it travels to the owning node. */
interface CommandRequest {
  chargerId: string;
  action: CsmsAction;
  payload: Record<string, unknown>;
}

/** The owning node's answer: the charger's response, or the refusal to rebuild. */
type CommandReply =
  | { response: Record<string, unknown> }
  | {
    error: {
      name: string;
      message: string;
      timeoutMs?: number;
      code?: string;
      details?: Record<string, unknown>;
    };
  };

const log = getLogger(["tamna", "cluster", "commands"]);
const codec = { encode: (v: unknown) => JSON.stringify(v), decode: (t: string) => JSON.parse(t) };

/** The subject a node answers commands on. */
export function commandSubject(clusterName: string, nodeId: string): string {
  return `${clusterName}.cmd.${nodeId}`;
}

/** Answers other nodes' commands for the chargers connected here; returns the subscription. */
export function serveCommands(
  nc: NatsConnection,
  options: { clusterName: string; nodeId: string; local: Csms },
): Subscription {
  return nc.subscribe(commandSubject(options.clusterName, options.nodeId), {
    callback: (error, msg) => {
      if (error) return log.error("Command subscription failed: {error}", { error });
      let request: CommandRequest;
      try {
        request = codec.decode(msg.string());
      } catch (parseError) {
        return log.warn("Unreadable command from another node: {parseError}", { parseError });
      }
      options.local.send(request.chargerId, request.action, request.payload as never)
        .then((response) => ({ response: response as Record<string, unknown> }))
        .catch((failure) => ({ error: describe(failure) }))
        .then((reply: CommandReply) => msg.respond(codec.encode(reply)));
    },
  });
}

/** Sends one command to the node that holds the charger and resolves with its answer. */
export async function sendToNode<A extends CsmsAction>(
  nc: NatsConnection,
  target: { clusterName: string; nodeId: string; timeoutMs: number },
  command: { chargerId: string; action: A; payload: RequestOf<A> },
): Promise<ResponseOf<A>> {
  let reply: CommandReply;
  try {
    // The owner waits timeoutMs for the charger; the extra second carries its 504 back here.
    const msg = await nc.request(
      commandSubject(target.clusterName, target.nodeId),
      codec.encode(command),
      { timeout: target.timeoutMs + 1_000 },
    );
    reply = codec.decode(msg.string());
  } catch (error) {
    const text = String((error as Error).message ?? error).toLowerCase();
    // No subscriber: the node died between the presence lookup and now.
    if (text.includes("no responders")) throw new ChargerOfflineError(command.chargerId);
    if (text.includes("timeout")) throw new CallTimeoutError(command.action, target.timeoutMs);
    throw error;
  }
  if ("response" in reply) return reply.response as ResponseOf<A>;
  throw rebuild(reply.error, command);
}

function describe(error: unknown): Extract<CommandReply, { error: unknown }>["error"] {
  if (error instanceof CallTimeoutError) {
    return { name: error.name, message: error.message, timeoutMs: error.timeoutMs };
  }
  if (error instanceof OcppError) {
    return { name: error.name, message: error.message, code: error.code, details: error.details };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

function rebuild(
  error: Extract<CommandReply, { error: unknown }>["error"],
  command: { chargerId: string; action: string },
): Error {
  switch (error.name) {
    case "ChargerOfflineError":
      return new ChargerOfflineError(command.chargerId);
    case "CallTimeoutError":
      return new CallTimeoutError(command.action, error.timeoutMs ?? 0);
    case "CallAbortedError":
      return new CallAbortedError(error.message);
    case "OcppError":
      return new OcppError(error.code as OcppErrorCode, error.message, { details: error.details });
    default:
      return new Error(`The charger's node failed on ${command.action}: ${error.message}`);
  }
}
