/**
 * The mutual-TLS listener of security profile 3. `Deno.serve` cannot ask for client
 * certificates, and `Deno.upgradeWebSocket` only takes over plain TCP sockets, so a
 * `node:https` server terminates TLS (TLS 1.2+, client certificate required and verified
 * against the configured CA), reads the certificate's subject CN, and forwards the connection
 * over loopback to an internal `Deno.serve` running the ordinary OCPP handler. The verified
 * CN and the real remote address travel as a one-time random ticket in a header that only the
 * internal listener reads, and only once; the admission check binds the CN to the identity.
 */
import { getLogger } from "@logtape/logtape";
import { createServer as createHttpsServer } from "node:https";
import type { IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import type { Csms } from "../../actors/csms/csms.ts";
import { type ConnectionInfo, createOcppHandler, type OcppRouteDeps } from "./endpoint.ts";

/** PEM texts of the server certificate chain, its key, and the CA that signs client certificates. */
export interface MtlsOptions {
  hostname: string;
  port: number;
  cert: string;
  key: string;
  ca: string;
  csms: Csms;
  admit: OcppRouteDeps["admit"];
}

/** A running mutual-TLS listener. */
export interface MtlsListener {
  addr: { hostname: string; port: number };
  close(): Promise<void>;
}

const TICKET_HEADER = "x-tamna-mtls-ticket";
const log = getLogger(["tamna", "tls"]);

function subjectCn(socket: TLSSocket): string | undefined {
  const cn = socket.getPeerCertificate()?.subject?.CN as unknown;
  // Node gives an array when the subject has several CNs: ambiguous, so none is taken.
  return typeof cn === "string" ? cn : undefined;
}

function requestHead(req: IncomingMessage, ticket: string): string {
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() === TICKET_HEADER) continue; // never trust a client's
    lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  }
  lines.push(`${TICKET_HEADER}: ${ticket}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

function refuseRaw(socket: Socket, status: number, error: string): void {
  const body = JSON.stringify({ status: "error", error });
  socket.end(
    `HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${
      new TextEncoder().encode(body).length
    }\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Starts the listener; `close()` it to stop. */
export async function startMtlsListener(options: MtlsOptions): Promise<MtlsListener> {
  const tickets = new Map<string, ConnectionInfo>();
  const inner = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    createOcppHandler({
      csms: options.csms,
      admit: options.admit,
      connection(req) {
        const ticket = req.headers.get(TICKET_HEADER);
        const connection = ticket ? tickets.get(ticket) : undefined;
        if (ticket) tickets.delete(ticket);
        return connection;
      },
    }),
  );
  const sockets = new Set<Socket>();
  const server = createHttpsServer({
    cert: options.cert,
    key: options.key,
    ca: options.ca,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: "TLSv1.2",
  });
  server.on("request", (_req, res) => {
    res.writeHead(426, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ status: "error", error: "OCPP WebSocket connections only" }));
  });
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Uint8Array) => {
    const tls = socket as TLSSocket;
    if (!tls.authorized) {
      socket.on("error", () => {}); // a reset peer: nothing left to clean up
      return refuseRaw(socket, 403, "Client certificate not verified");
    }
    const ticket = crypto.getRandomValues(new Uint8Array(32)).toBase64({ alphabet: "base64url" });
    tickets.set(ticket, {
      remoteAddress: socket.remoteAddress ?? "unknown",
      transport: "mtls",
      certificateCn: subjectCn(tls),
    });
    const upstream = connect(inner.addr.port, "127.0.0.1");
    sockets.add(socket).add(upstream);
    const end = () => {
      tickets.delete(ticket);
      sockets.delete(socket);
      sockets.delete(upstream);
      socket.destroy();
      upstream.destroy();
    };
    socket.on("error", end);
    upstream.on("error", end);
    upstream.on("close", end);
    socket.on("close", end);
    upstream.on("connect", () => {
      upstream.write(requestHead(req, ticket));
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
  });
  server.on("tlsClientError", (error: Error) => {
    log.debug`TLS handshake refused: ${error.message}`;
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  const address = server.address() as { address: string; port: number };
  return {
    addr: { hostname: address.address, port: address.port },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await inner.shutdown();
    },
  };
}
