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
import { type KeptListener, serveKeepingOpen } from "../listener.ts";
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
  idleTimeoutS?: number;
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
  const inner = serveInner(options, tickets);
  const relay: Relay = { tickets, sockets: new Set(), innerPort: inner.addr.port };
  const server = createTlsServer(options);
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Uint8Array) => {
    forwardUpgrade(relay, { req, socket, head });
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
      for (const socket of relay.sockets) socket.destroy();
      await closed;
      await inner.shutdown();
    },
  };
}

/** What the TLS side shares with the connections it forwards. */
interface Relay {
  /** One-time tickets: the verified CN and real address of a forwarded connection. */
  tickets: Map<string, ConnectionInfo>;
  /** Open sockets, both sides, destroyed on close. */
  sockets: Set<Socket>;
  innerPort: number;
}

/** The internal loopback listener: the ordinary OCPP handler, with the connection from its ticket. */
function serveInner(
  options: MtlsOptions,
  tickets: Map<string, ConnectionInfo>,
): KeptListener {
  return serveKeepingOpen(
    "ocpp-mtls-inner",
    { hostname: "127.0.0.1", port: 0 },
    createOcppHandler({
      csms: options.csms,
      admit: options.admit,
      idleTimeoutS: options.idleTimeoutS,
      connection(req) {
        const ticket = req.headers.get(TICKET_HEADER);
        const connection = ticket ? tickets.get(ticket) : undefined;
        if (ticket) tickets.delete(ticket);
        return connection;
      },
    }),
  );
}

/** The TLS server: client certificate required and verified; plain requests get 426. */
function createTlsServer(options: MtlsOptions) {
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
  server.on("tlsClientError", (error: Error) => {
    log.debug`TLS handshake refused: ${error.message}`;
  });
  return server;
}

/** Hands a verified upgrade to the inner listener with a fresh ticket, then pipes both ways. */
function forwardUpgrade(
  relay: Relay,
  upgrade: { req: IncomingMessage; socket: Socket; head: Uint8Array },
): void {
  const { req, socket, head } = upgrade;
  const tls = socket as TLSSocket;
  if (!tls.authorized) {
    socket.on("error", () => {}); // a reset peer: nothing left to clean up
    return refuseRaw(socket, 403, "Client certificate not verified");
  }
  const ticket = crypto.getRandomValues(new Uint8Array(32)).toBase64({ alphabet: "base64url" });
  relay.tickets.set(ticket, {
    remoteAddress: socket.remoteAddress ?? "unknown",
    transport: "mtls",
    certificateCn: subjectCn(tls),
  });
  const upstream = connect(relay.innerPort, "127.0.0.1");
  relay.sockets.add(socket).add(upstream);
  const end = () => {
    relay.tickets.delete(ticket);
    relay.sockets.delete(socket);
    relay.sockets.delete(upstream);
    socket.destroy();
    upstream.destroy();
  };
  for (const side of [socket, upstream]) side.on("error", end).on("close", end);
  upstream.on("connect", () => {
    upstream.write(requestHead(req, ticket));
    if (head.length > 0) upstream.write(head);
    socket.pipe(upstream);
    upstream.pipe(socket);
  });
}
