/**
 * The admission check of the OCPP WebSocket upgrade (OCPP 2.0.1 part 2, A00 security
 * profiles): known identities when required, the station's profile against the connection's
 * transport, HTTP Basic credentials (profiles 1 and 2) or the client certificate's CN
 * (profile 3), and a per-address limit on failures, counted when a check starts. A refused
 * password takes as long for an identity without a hash as for one with (one PBKDF2 run each),
 * so the time does not tell which identities exist. Every refusal is a `security.event`; no
 * password ever reaches a log, an event or a response.
 */
import type { Clock } from "../../actors/runtime/clock.ts";
import type { AnyEvent } from "../../actors/csms/events.ts";
import { parseBasicAuth } from "../../actors/ocpp/basic_auth.ts";
import type { CredentialStore, StationSecurity } from "../../actors/csms/credentials.ts";
import type { HashGate } from "./hash_gate.ts";
import { createPasswordVerifier, type PasswordVerifier } from "../../actors/csms/password.ts";
import type { FailureLimiter } from "./rate_limiter.ts";
import type { VerifiedCache } from "./verified_cache.ts";
import type { ConnectionInfo } from "./endpoint.ts";
import { isoNow } from "../../actors/runtime/clock.ts";

/** CSMS-side `security.event` types (the charger-sent ones come from OCPP's list). */
export const CSMS_SECURITY_EVENTS = {
  badCredentials: "InvalidChargingStationCredentials",
  unknownStation: "UnknownChargingStation",
  profileMismatch: "SecurityProfileMismatch",
  certificateMismatch: "InvalidClientCertificate",
  rateLimited: "AuthenticationRateLimited",
} as const;

/** Dependencies of the check. */
export interface OcppAdmissionDeps {
  credentials: CredentialStore;
  limiter: FailureLimiter;
  cache: VerifiedCache;
  gate: HashGate;
  /** Default: `createPasswordVerifier()` (tests count its calls). */
  verifier?: PasswordVerifier;
  /** Refuse identities that neither config nor the database know (404, as OCPP-J suggests). */
  requireKnownStations: boolean;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
}

/** The `admit` hook of `createOcppHandler`. */
export type OcppAdmission = (
  chargerId: string,
  req: Request,
  connection: ConnectionInfo,
) => Promise<Response | undefined>;

const TRANSPORT_RANK = { plain: 1, tls: 2, mtls: 3 } as const;

function refuse(status: number, error: string, headers: Record<string, string> = {}): Response {
  return Response.json({ status: "error", error }, { status, headers });
}

function unauthorized(error: string): Response {
  return refuse(401, error, { "WWW-Authenticate": 'Basic realm="Tamna OCPP", charset="UTF-8"' });
}

/** Builds the check. */
export function createOcppAdmission(options: OcppAdmissionDeps): OcppAdmission {
  const deps = { ...options, verifier: options.verifier ?? createPasswordVerifier() };
  return async (chargerId, req, connection) => {
    const attempt: Attempt = {
      chargerId,
      req,
      connection,
      fail: (type, why, isReserved) =>
        reportFailure(deps, { chargerId, connection, type, why, isReserved }),
    };
    const blockedMs = deps.limiter.blockedForMs(connection.remoteAddress);
    if (blockedMs > 0 && !(await isCachedLogin(deps, attempt))) {
      return refuse(429, "Too many failed attempts from this address", {
        "Retry-After": String(Math.ceil(blockedMs / 1000)),
      });
    }
    const security = await deps.credentials.lookup(chargerId);
    if (deps.requireKnownStations && !security.isKnown) {
      attempt.fail(CSMS_SECURITY_EVENTS.unknownStation, "unknown identity");
      return refuse(404, "Unknown station identity");
    }
    if (connection.transport === "mtls") return checkCertificate(attempt);
    const mismatch = checkProfile(attempt, security);
    if (mismatch !== undefined) return mismatch;
    if (security.securityProfile === 0) return undefined;
    return await checkPassword(deps, attempt, security);
  };
}

/** One upgrade being checked. */
interface Attempt {
  chargerId: string;
  req: Request;
  connection: ConnectionInfo;
  /**
   * Reports a refusal: a `security.event`, counted against the address (`isReserved`: the
   * attempt was counted when its check started).
   */
  fail(type: string, why: string, isReserved?: boolean): void;
}

/** Emits the refusal's `security.event`, and a second one when it gets the address blocked. */
function reportFailure(
  deps: OcppAdmissionDeps,
  failure: {
    chargerId: string;
    connection: ConnectionInfo;
    type: string;
    why: string;
    isReserved?: boolean;
  },
): void {
  const { chargerId, connection } = failure;
  const at = isoNow(deps.clock);
  const techInfo = `${connection.remoteAddress} (${connection.transport}): ${failure.why}`
    .slice(0, 255);
  deps.emit({
    type: "security.event",
    payload: { chargerId, type: failure.type, techInfo, timestamp: at, at },
  });
  if (!deps.limiter.fail(connection.remoteAddress, { isReserved: failure.isReserved })) return;
  deps.emit({
    type: "security.event",
    payload: {
      chargerId,
      type: CSMS_SECURITY_EVENTS.rateLimited,
      techInfo: `${connection.remoteAddress}: too many failed attempts, blocked`,
      timestamp: at,
      at,
    },
  });
}

/** Profile 3: the verified certificate is the credential, and it names the station. */
function checkCertificate(attempt: Attempt): Response | undefined {
  const cn = attempt.connection.certificateCn;
  if (cn === attempt.chargerId) return undefined;
  attempt.fail(
    CSMS_SECURITY_EVENTS.certificateMismatch,
    `certificate CN ${JSON.stringify(cn ?? null)} is not the identity`,
  );
  return refuse(403, "Client certificate does not name this station");
}

/** Refuses a transport weaker than the station's security profile. */
function checkProfile(attempt: Attempt, security: StationSecurity): Response | undefined {
  const profile = security.securityProfile;
  if (profile <= TRANSPORT_RANK[attempt.connection.transport]) return undefined;
  attempt.fail(
    CSMS_SECURITY_EVENTS.profileMismatch,
    `station requires security profile ${profile}`,
  );
  return refuse(
    403,
    `Station requires security profile ${profile}: connect with ${
      profile === 3 ? "a client certificate" : "wss://"
    }`,
  );
}

/**
 * Profiles 1 and 2: HTTP Basic, user name = identity, password against the stored hash. The
 * attempt is counted before the slow check; past the address's budget it gets 429 unchecked.
 */
async function checkPassword(
  deps: OcppAdmissionDeps & { verifier: PasswordVerifier },
  attempt: Attempt,
  security: StationSecurity,
): Promise<Response | undefined> {
  const { chargerId } = attempt;
  const address = attempt.connection.remoteAddress;
  const credentials = parseBasicAuth(attempt.req.headers.get("authorization"));
  const bad = (why: string, isReserved = false) => {
    attempt.fail(CSMS_SECURITY_EVENTS.badCredentials, why, isReserved);
    return unauthorized("Missing or wrong credentials");
  };
  if (!credentials) return bad("no Basic credentials");
  if (credentials.username !== chargerId) return bad("user name is not the station identity");
  const hash = security.passwordHash;
  if (hash && await deps.cache.matches(chargerId, hash, credentials.password)) return undefined;
  if (!deps.limiter.reserve(address)) {
    return refuse(429, "Too many login attempts from this address; retry later", {
      "Retry-After": String(Math.ceil(deps.limiter.refillMs() / 1000)),
    });
  }
  let isRight: boolean;
  try {
    // Without a hash the verifier spends one PBKDF2 run all the same (item 7 of issue 20).
    const verifying = deps.gate.run(() => deps.verifier.verify(credentials.password, hash));
    if (!verifying) {
      deps.limiter.release(address);
      return refuse(503, "Too many logins in progress; retry later", { "Retry-After": "5" });
    }
    isRight = await verifying;
  } catch (error) {
    deps.limiter.release(address);
    throw error;
  }
  if (!hash) return bad("no password is configured for this station", true);
  if (!isRight) return bad("wrong password", true);
  deps.limiter.release(address);
  await deps.cache.remember(chargerId, hash, credentials.password);
  return undefined;
}

/** A blocked address may still come in with a password the cache has already verified. */
async function isCachedLogin(deps: OcppAdmissionDeps, attempt: Attempt): Promise<boolean> {
  const credentials = parseBasicAuth(attempt.req.headers.get("authorization"));
  if (!credentials || credentials.username !== attempt.chargerId) return false;
  const { passwordHash } = await deps.credentials.lookup(attempt.chargerId);
  return passwordHash !== undefined &&
    await deps.cache.matches(attempt.chargerId, passwordHash, credentials.password);
}
