/** OCPP-J RPC error codes (2.0.1 spelling) and the error class that carries one to a CALLERROR. */

/** The RPC framework error codes of OCPP-J 2.0.1 (part 4, section 4.3). */
export const OCPP_ERROR_CODES = [
  "FormatViolation",
  "GenericError",
  "InternalError",
  "MessageTypeNotSupported",
  "NotImplemented",
  "NotSupported",
  "OccurrenceConstraintViolation",
  "PropertyConstraintViolation",
  "ProtocolError",
  "RpcFrameworkError",
  "SecurityError",
  "TypeConstraintViolation",
] as const;

/** One OCPP-J error code. */
export type OcppErrorCode = typeof OCPP_ERROR_CODES[number];

/** OCPP 1.6 misspellings that peers still send; read as their 2.0.1 names. */
const LEGACY_SPELLINGS: Record<string, OcppErrorCode> = {
  FormationViolation: "FormatViolation",
  OccurenceConstraintViolation: "OccurrenceConstraintViolation",
};

/** Reads an error code from the wire, accepting the 1.6 spellings; unknown codes become GenericError. */
export function normalizeErrorCode(code: string): OcppErrorCode {
  if ((OCPP_ERROR_CODES as readonly string[]).includes(code)) return code as OcppErrorCode;
  return LEGACY_SPELLINGS[code] ?? "GenericError";
}

/** A protocol fault that goes back to the peer as a CALLERROR; the connection carries on. */
export class OcppError extends Error {
  /** Always "OcppError". */
  override name = "OcppError";
  /** The OCPP-J error code the CALLERROR carries. */
  readonly code: OcppErrorCode;
  /** The CALLERROR's details object. */
  readonly details: Record<string, unknown>;

  /** An error with its code, its description (the message) and optional details and cause. */
  constructor(
    code: OcppErrorCode,
    description: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(description, { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}
