/**
 * A minimal CSMS on loopback for the simulator's socket tests (test support, not a product):
 * it accepts `ocpp2.0.1` connections, answers what a station sends, validates every frame,
 * records it, and lets a test send CALLs or stop and restart the listener on the same port.
 */
import type { Action } from "../../actors/ocpp/actions.ts";
import { buildCall, buildCallResult, newMessageId, parseFrame } from "../../actors/ocpp/frames.ts";
import { validateRequest } from "../../actors/ocpp/validate.ts";

/** One CALL a station sent. */
export interface Received {
  action: string;
  payload: Record<string, unknown>;
}

/** The loopback CSMS. */
export interface LoopbackCsms {
  readonly url: string;
  readonly port: number;
  /** What each station answered status-wise at boot; change it between tests. */
  bootStatus: "Accepted" | "Pending" | "Rejected";
  bootIntervalS: number;
  /** CALLs received per station, in order. */
  received(chargerId: string, action?: string): Record<string, unknown>[];
  /** Frames that failed validation (must stay empty). */
  readonly invalid: string[];
  /** Raw frames received that were not CALLs (results and errors to our CALLs). */
  readonly responses: unknown[][];
  isConnected(chargerId: string): boolean;
  /** Sends a CALL (or raw text) to a station and resolves with the answer frame. */
  call(chargerId: string, action: string, payload: unknown): Promise<unknown[]>;
  sendRaw(chargerId: string, text: string): void;
  /** Stops listening and drops every connection (a CSMS crash). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): void;
}

/** Resolves when `predicate` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function waitUntil(
  predicate: () => boolean,
  timeoutMs = 3_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function answer(action: string, interval: number, status: string): Record<string, unknown> {
  const currentTime = new Date().toISOString();
  switch (action) {
    case "BootNotification":
      return { currentTime, interval, status };
    case "Heartbeat":
      return { currentTime };
    case "Authorize":
      return { idTokenInfo: { status: "Accepted" } };
    default:
      return {};
  }
}

/** Starts the loopback CSMS on a free port. */
export function startLoopbackCsms(): LoopbackCsms {
  const calls = new Map<string, Received[]>();
  const sockets = new Map<string, WebSocket>();
  const waiting = new Map<string, (frame: unknown[]) => void>();
  const invalid: string[] = [];
  const responses: unknown[][] = [];
  let server: Deno.HttpServer<Deno.NetAddr>;
  let port = 0;

  function onMessage(chargerId: string, ws: WebSocket, text: string): void {
    const parsed = parseFrame(text);
    if (!parsed.ok) {
      invalid.push(text);
      return;
    }
    const frame = parsed.frame;
    if (frame.type !== 2) {
      const raw = JSON.parse(text) as unknown[];
      responses.push(raw);
      waiting.get(frame.id)?.(raw);
      waiting.delete(frame.id);
      return;
    }
    if (!validateRequest(frame.action as Action, frame.payload).ok) invalid.push(text);
    const list = calls.get(chargerId) ?? [];
    list.push({ action: frame.action, payload: frame.payload });
    calls.set(chargerId, list);
    ws.send(buildCallResult(frame.id, answer(frame.action, csms.bootIntervalS, csms.bootStatus)));
  }

  function listen(): void {
    server = Deno.serve({ port, hostname: "127.0.0.1", onListen: () => {} }, (request) => {
      const chargerId = decodeURIComponent(new URL(request.url).pathname.slice(1));
      if (!(request.headers.get("sec-websocket-protocol") ?? "").includes("ocpp2.0.1")) {
        return new Response("ocpp2.0.1 required", { status: 400 });
      }
      const { socket, response } = Deno.upgradeWebSocket(request, { protocol: "ocpp2.0.1" });
      socket.onopen = () => sockets.set(chargerId, socket);
      socket.onmessage = (event) => onMessage(chargerId, socket, String(event.data));
      socket.onclose = () => {
        if (sockets.get(chargerId) === socket) sockets.delete(chargerId);
      };
      return response;
    });
    port = server.addr.port;
  }

  listen();
  const csms: LoopbackCsms = {
    get url() {
      return `ws://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    bootStatus: "Accepted",
    bootIntervalS: 30,
    received: (chargerId, action) =>
      (calls.get(chargerId) ?? []).filter((c) => !action || c.action === action).map((c) =>
        c.payload
      ),
    invalid,
    responses,
    isConnected: (chargerId) => sockets.has(chargerId),
    call(chargerId, action, payload) {
      const id = newMessageId();
      const answered = new Promise<unknown[]>((resolve) => waiting.set(id, resolve));
      csms.sendRaw(chargerId, buildCall(id, action, payload));
      return answered;
    },
    sendRaw(chargerId, text) {
      const ws = sockets.get(chargerId);
      if (!ws) throw new Error(`Station ${chargerId} is not connected`);
      ws.send(text);
    },
    async stop() {
      const closed = [...sockets.values()].map((ws) =>
        new Promise<void>((resolve) => {
          ws.addEventListener("close", () => resolve());
          ws.close();
        })
      );
      await Promise.all(closed);
      await server.shutdown();
    },
    restart: listen,
  };
  return csms;
}
