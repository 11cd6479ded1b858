/**
 * The OCPP WebSocket endpoint: `/<chargerId>` and `/ocpp/<chargerId>`, subprotocol
 * `ocpp2.0.1` required and echoed, identity rules of OCPP-J 2.0.1 (at most 48 characters,
 * no `:` since the identity is also the Basic-auth user name). A plain `Deno.serve` handler
 * rather than a Hono app: one route, and Hono's upgrade helper echoes the client's first
 * subprotocol instead of the one we require.
 */
import type { Csms } from "../../actors/csms/csms.ts";

/** The only subprotocol served. */
export const OCPP_SUBPROTOCOL = "ocpp2.0.1";

/** Longest identity OCPP-J 2.0.1 allows. */
export const MAX_IDENTITY_LENGTH = 48;

/** Why an upgrade was refused, or the station identity it is for. */
export type IdentityCheck = { ok: true; chargerId: string } | {
  ok: false;
  status: number;
  error: string;
};

/** Reads and checks the station identity from the request path. */
export function chargerIdentity(pathname: string): IdentityCheck {
  const match = /^\/(?:ocpp\/)?([^/]+)\/?$/.exec(pathname);
  if (!match) {
    return { ok: false, status: 404, error: "Path must be /<chargerId> or /ocpp/<chargerId>" };
  }
  let chargerId: string;
  try {
    chargerId = decodeURIComponent(match[1]);
  } catch {
    return { ok: false, status: 400, error: "Station identity is not valid percent-encoding" };
  }
  if (chargerId.length > MAX_IDENTITY_LENGTH) {
    return {
      ok: false,
      status: 400,
      error: `Station identity is longer than ${MAX_IDENTITY_LENGTH} characters`,
    };
  }
  if (chargerId.includes(":")) {
    return { ok: false, status: 400, error: "Station identity contains ':'" };
  }
  if ([...chargerId].some((ch) => ch.charCodeAt(0) <= 0x20 || ch.charCodeAt(0) === 0x7f)) {
    return {
      ok: false,
      status: 400,
      error: "Station identity contains spaces or control characters",
    };
  }
  return { ok: true, chargerId };
}

function offeredProtocols(req: Request): string[] {
  return (req.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
}

function refuse(status: number, error: string): Response {
  return Response.json({ status: "error", error }, { status });
}

/** How a connection reached the CSMS: plain TCP, TLS, or TLS with a verified client certificate. */
export type Transport = "plain" | "tls" | "mtls";

/** What the admission check knows of a connection besides the request. */
export interface ConnectionInfo {
  remoteAddress: string;
  transport: Transport;
  /** mtls only: the subject CN of the verified client certificate. */
  certificateCn?: string;
}

/**
 * How long a charger may stay silent before the server pings it (Deno's `idleTimeout`: one
 * ping after that much silence, and the socket closes if no pong follows within as long):
 * twice the Heartbeat interval the CSMS gives chargers, plus a minute. A live charger sends a
 * Heartbeat well inside it, so it is never pinged; a fixed, shorter timeout pinged every idle
 * charger, and on a saturated event loop the pongs sat unread until Deno closed healthy
 * connections with 1001.
 */
export function webSocketIdleTimeoutS(heartbeatIntervalS: number): number {
  return 2 * heartbeatIntervalS + 60;
}

/** Dependencies of the upgrade handler. */
export interface OcppRouteDeps {
  csms: Csms;
  /** See {@link webSocketIdleTimeoutS}; default 120 s (a 30 s Heartbeat interval). */
  idleTimeoutS?: number;
  /** The listener's transport; default "plain". */
  transport?: "plain" | "tls";
  /**
   * Addresses of load balancers (HAProxy with `option forwardfor`): a connection from one of
   * them counts as coming from the last address of its `X-Forwarded-For`, the one the balancer
   * added, for the rate limit and the security log. Anyone else's header is ignored.
   */
  trustedProxies?: readonly string[];
  /**
   * Reads the connection from the request instead of the socket (the mutual-TLS bridge, whose
   * requests arrive over loopback); undefined refuses the request with 403.
   */
  connection?(req: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>): ConnectionInfo | undefined;
  /** Extra admission check (authentication, known identities), run before the upgrade. */
  admit?(
    chargerId: string,
    req: Request,
    connection: ConnectionInfo,
  ): Response | undefined | Promise<Response | undefined>;
}

/** The charger's address: the peer's, or what a trusted balancer forwarded for it. */
export function clientAddress(
  req: Request,
  peer: string,
  trustedProxies: readonly string[] = [],
): string {
  if (!trustedProxies.includes(peer)) return peer;
  const forwarded = req.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || peer;
}

/** The `Deno.serve` handler of the OCPP port. */
export function createOcppHandler(
  deps: OcppRouteDeps,
): (req: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) => Promise<Response> {
  return async (req, info) => {
    const identity = chargerIdentity(new URL(req.url).pathname);
    if (!identity.ok) return refuse(identity.status, identity.error);
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return refuse(426, "This endpoint takes OCPP 2.0.1 WebSocket connections only");
    }
    if (!offeredProtocols(req).includes(OCPP_SUBPROTOCOL)) {
      return refuse(400, `Sec-WebSocket-Protocol must offer ${OCPP_SUBPROTOCOL}`);
    }
    // Read now: the request is gone after the upgrade.
    const connection = deps.connection ? deps.connection(req, info) : {
      remoteAddress: clientAddress(req, info.remoteAddr.hostname, deps.trustedProxies),
      transport: deps.transport ?? "plain",
    };
    if (!connection) return refuse(403, "Forbidden");
    const refused = await deps.admit?.(identity.chargerId, req, connection);
    if (refused) return refused;
    const { socket, response } = Deno.upgradeWebSocket(req, {
      protocol: OCPP_SUBPROTOCOL,
      idleTimeout: deps.idleTimeoutS ?? webSocketIdleTimeoutS(30),
    });
    socket.onopen = () => deps.csms.accept(identity.chargerId, socket, connection.remoteAddress);
    return response;
  };
}
