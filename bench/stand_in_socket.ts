/**
 * A stand-in for the server side of a charger's WebSocket, for probes that run the real server
 * in-process without the network (heap_probe.ts, te_probe.ts): `receive` delivers a frame to
 * the CSMS, and each frame the CSMS sends is kept as `last` and passed to `onSend`.
 */
export class StandInSocket extends EventTarget {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  bufferedAmount = 0;
  last = "";
  readonly #onSend: ((text: string) => void) | undefined;

  constructor(onSend?: (text: string) => void) {
    super();
    this.#onSend = onSend;
  }

  send(text: string): void {
    this.last = text;
    this.#onSend?.(text);
  }

  close(): void {}

  receive(text: string): void {
    this.onmessage?.(new MessageEvent("message", { data: text }));
  }

  /** This socket as the type `csms.accept` takes. */
  asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }
}
