/** Checks OCPP 2.0.1 payloads against their schemas and turns the first problem into an OCPP-J error. */
import type { z } from "zod";
import type { Action } from "./actions.ts";
import { OcppError, type OcppErrorCode } from "./errors.ts";
import { compileFastCheck, type FastCheck } from "./fast_check.ts";
import { type RequestOf, requestSchemas, type ResponseOf, responseSchemas } from "./schemas.ts";

/** Whether a payload travels in a CALL (request) or a CALLRESULT (response). */
export type PayloadKind = "request" | "response";

/** A checked payload, or the OCPP error to answer with. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; error: OcppError };

/** A zod issue, as reported by a parse with `reportInput: true`. */
export type Issue = z.core.$ZodIssue;

/** OCPP-J asks for short descriptions; the details carry the rest. */
export const MAX_DESCRIPTION_LENGTH = 255;

const fastChecks = { request: new Map(), response: new Map() } as Record<
  PayloadKind,
  Map<string, FastCheck | undefined>
>;

/** The precompiled check of a schema, built on first use (undefined: zod only). */
function fastCheckOf(kind: PayloadKind, action: string, schema: z.ZodType): FastCheck | undefined {
  const cache = fastChecks[kind];
  if (cache.has(action)) return cache.get(action);
  const check = compileFastCheck(schema);
  cache.set(action, check);
  return check;
}

/** Checks a CALL payload of `action`. */
export function validateRequest<A extends Action>(
  action: A,
  payload: unknown,
): ValidationResult<RequestOf<A>> {
  return validatePayload(action, "request", payload);
}

/** Checks a CALLRESULT payload of `action`. */
export function validateResponse<A extends Action>(
  action: A,
  payload: unknown,
): ValidationResult<ResponseOf<A>> {
  return validatePayload(action, "response", payload);
}

/** Checks `payload` against the request or response schema of `action`. Never throws on bad input. */
export function validatePayload<A extends Action>(
  action: A,
  kind: "request",
  payload: unknown,
): ValidationResult<RequestOf<A>>;
export function validatePayload<A extends Action>(
  action: A,
  kind: "response",
  payload: unknown,
): ValidationResult<ResponseOf<A>>;
export function validatePayload<A extends Action>(
  action: A,
  kind: PayloadKind,
  payload: unknown,
): ValidationResult<RequestOf<A> | ResponseOf<A>>;
export function validatePayload(
  action: Action,
  kind: PayloadKind,
  payload: unknown,
): ValidationResult<unknown> {
  const schema: z.ZodType | undefined = (kind === "request" ? requestSchemas : responseSchemas)[
    action
  ];
  if (schema === undefined) throw new TypeError(`Unknown OCPP 2.0.1 action: ${action}`);
  // The precompiled check accepts exactly what zod accepts, without zod's bookkeeping; zod
  // runs only for a payload it refuses, to name the problem.
  if (fastCheckOf(kind, action, schema)?.(payload)) return { ok: true, value: payload };
  // reportInput lets the mapping tell a missing field from a wrong one; it costs nothing on success.
  const result = schema.safeParse(payload, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const subject = kind === "request" ? action : `${action}Response`;
  const path = issuePath(issue);
  return {
    ok: false,
    error: new OcppError(errorCodeFor(issue), describeIssue(subject, issue), {
      details: path === "" ? {} : { path },
      cause: result.error,
    }),
  };
}

/**
 * The OCPP-J 2.0.1 error code for one zod issue (part 4, section 4.3): a missing field or a
 * wrong number of array items is an occurrence fault, a wrong JSON type a type fault, any
 * other broken constraint a property fault, and a payload that is not an object a format fault.
 * The issue must come from a parse with `reportInput: true`: that is how a missing field is told
 * from a wrong one.
 */
export function errorCodeFor(issue: Issue): OcppErrorCode {
  if (isMissing(issue)) return "OccurrenceConstraintViolation";
  switch (issue.code) {
    case "invalid_type":
      return issue.path.length === 0 ? "FormatViolation" : "TypeConstraintViolation";
    case "too_small":
    case "too_big":
      return issue.origin === "array"
        ? "OccurrenceConstraintViolation"
        : "PropertyConstraintViolation";
    case "invalid_value":
      return isSameJsonType(issue.input, issue.values)
        ? "PropertyConstraintViolation"
        : "TypeConstraintViolation";
    case "invalid_format":
    case "not_multiple_of":
    case "unrecognized_keys":
      return "PropertyConstraintViolation";
    default:
      return "FormatViolation";
  }
}

/** A required field that is absent: zod reports it as a wrong type or enum value of `undefined`. */
function isMissing(issue: Issue): boolean {
  return issue.path.length > 0 &&
    (issue.code === "invalid_type" || issue.code === "invalid_value") &&
    issue.input === undefined;
}

/** An enum given a number where it lists strings is a type fault, not a bad value. */
function isSameJsonType(input: unknown, values: readonly unknown[]): boolean {
  return values.length === 0 || values.some((value) => jsonType(value) === jsonType(input));
}

/** `subject.path: what is wrong`, at most 255 characters, e.g. `TransactionEvent.seqNo: missing required field`. */
export function describeIssue(subject: string, issue: Issue): string {
  const path = issuePath(issue);
  const text = `${path === "" ? subject : `${subject}.${path}`}: ${reason(issue)}`;
  return text.length <= MAX_DESCRIPTION_LENGTH
    ? text
    : `${text.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…`;
}

/** `transactionInfo.transactionId`, `meterValue[0].sampledValue[2].value`; an unknown key is named too. */
export function issuePath(issue: Issue): string {
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

function reason(issue: Issue): string {
  if (isMissing(issue)) return "missing required field";
  switch (issue.code) {
    case "invalid_type":
      if (issue.path.length === 0) {
        return `payload is not a JSON object but ${jsonType(issue.input)}`;
      }
      return `expected ${expectedType(issue.expected)}, got ${jsonType(issue.input)}`;
    case "invalid_value":
      return `${preview(issue.input)} is not one of ${issue.values.map(String).join(", ")}`;
    case "too_small":
    case "too_big":
      return outOfBounds(issue);
    case "invalid_format":
      return issue.format === "date-time"
        ? `${preview(issue.input)} is not an RFC 3339 date-time`
        : `${preview(issue.input)} is not a valid ${issue.format}`;
    case "not_multiple_of":
      return `${preview(issue.input)} is not a multiple of ${issue.divisor}`;
    case "unrecognized_keys":
      return issue.keys.length === 1 ? "unknown property" : `unknown properties ${issue.keys}`;
    default:
      return issue.message;
  }
}

function outOfBounds(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const isSmall = issue.code === "too_small";
  const limit = Number(isSmall ? issue.minimum : issue.maximum);
  const bound = isSmall
    ? (issue.inclusive === false ? `above ${limit}` : `at least ${limit}`)
    : (issue.inclusive === false ? `below ${limit}` : `at most ${limit}`);
  const input = issue.input;
  if (issue.origin === "array" && Array.isArray(input)) {
    return `array has ${input.length} items, must have ${bound}`;
  }
  if (issue.origin === "string" && typeof input === "string") {
    return `string is ${input.length} characters long, must be ${bound}`;
  }
  return `${preview(input)} must be ${bound}`;
}

function expectedType(expected: string): string {
  return expected === "int" ? "integer" : expected;
}

/** The JSON type of a parsed value, in JSON Schema's words. */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** A short JSON rendering of a bad value for the description. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= 40 ? text : `${text.slice(0, 39)}…`;
}
