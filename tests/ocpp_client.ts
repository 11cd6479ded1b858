/** A raw OCPP-J WebSocket client for tests: send frames, await the reply with the same id. */

/** A connected raw client. */
export interface RawClient {
  socket: WebSocket;
  /** Sends text and resolves with the next frame whose id matches `id`. */
  request(text: string, id: string): Promise<unknown[]>;
  /** Sends a CALL and resolves with its answer frame. */
  call(action: string, payload: unknown, id?: string): Promise<unknown[]>;
  /** Every frame received, in order. */
  received: unknown[][];
  /** Resolves with the next frame that matches `predicate` (already received ones count). */
  next(predicate: (frame: unknown[]) => boolean): Promise<unknown[]>;
  close(): Promise<void>;
  closed: Promise<CloseEvent>;
}

let counter = 0;

/** Opens a raw client to `url` with the ocpp2.0.1 subprotocol. */
export async function connectRaw(
  url: string,
  protocols: string[] = ["ocpp2.0.1"],
): Promise<RawClient> {
  const socket = new WebSocket(url, protocols);
  const closed = new Promise<CloseEvent>((resolve) => socket.addEventListener("close", resolve));
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = (e) =>
      reject(new Error(`cannot connect to ${url}: ${(e as ErrorEvent).message}`));
  });
  return rawClientOf(socket, closed);
}

/** Wraps an open socket as a raw client (for sockets opened with other options, e.g. TLS). */
export function rawClientOf(socket: WebSocket, closed: Promise<CloseEvent>): RawClient {
  const received: unknown[][] = [];
  const waiters: { predicate: (f: unknown[]) => boolean; resolve: (f: unknown[]) => void }[] = [];
  socket.onmessage = (event) => {
    const frame = JSON.parse(event.data as string) as unknown[];
    received.push(frame);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(frame)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  };
  const next = (predicate: (frame: unknown[]) => boolean) => {
    const seen = received.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise<unknown[]>((resolve) => waiters.push({ predicate, resolve }));
  };
  // Waits for a new answer: a retry may reuse the id of an earlier, already answered call.
  const request = (text: string, id: string) => {
    const answer = new Promise<unknown[]>((resolve) =>
      waiters.push({ predicate: (f) => f[1] === id && (f[0] === 3 || f[0] === 4), resolve })
    );
    socket.send(text);
    return answer;
  };
  return {
    socket,
    received,
    next,
    request,
    call: (action, payload, id = `t${++counter}`) =>
      request(JSON.stringify([2, id, action, payload]), id),
    async close() {
      if (socket.readyState !== WebSocket.CLOSED) socket.close();
      await closed;
    },
    closed,
  };
}
