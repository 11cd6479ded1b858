/** Builds valid and deliberately broken payloads from an official JSON schema, for the agreement tests. */
import type { OcppErrorCode } from "./errors.ts";
import type { JsonSchema } from "./gen_schemas.ts";

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A step in a path through a payload: an object key or an array index. */
export type PathSegment = string | number;

/** The one thing wrong with a broken sample. */
export type Defect =
  | "missing"
  | "wrong-type"
  | "not-integer"
  | "bad-enum"
  | "too-long"
  | "too-short"
  | "bad-date-time"
  | "below-minimum"
  | "above-maximum"
  | "not-multiple"
  | "extra-property"
  | "too-few-items"
  | "too-many-items";

/** The OCPP-J code each defect must produce. */
export const EXPECTED_CODES: Record<Defect, OcppErrorCode> = {
  "missing": "OccurrenceConstraintViolation",
  "too-few-items": "OccurrenceConstraintViolation",
  "too-many-items": "OccurrenceConstraintViolation",
  "wrong-type": "TypeConstraintViolation",
  "not-integer": "TypeConstraintViolation",
  "bad-enum": "PropertyConstraintViolation",
  "too-long": "PropertyConstraintViolation",
  "too-short": "PropertyConstraintViolation",
  "bad-date-time": "PropertyConstraintViolation",
  "below-minimum": "PropertyConstraintViolation",
  "above-maximum": "PropertyConstraintViolation",
  "not-multiple": "PropertyConstraintViolation",
  "extra-property": "PropertyConstraintViolation",
};

/** A valid payload with one defect at `path`. */
export interface BrokenSample {
  defect: Defect;
  path: PathSegment[];
  payload: Json;
}

/** Vendor extensions that CustomDataType must let through (it has no additionalProperties: false). */
export const VENDOR_EXTRAS: Record<string, Json> = { tamnaMode: "eco", tamnaLevel: [1, 2] };

const REMOVE = Symbol("remove");

type Mode = "minimal" | "maximal";

function deref(node: JsonSchema, root: JsonSchema): JsonSchema {
  while (node.$ref !== undefined) {
    const name = node.$ref.replace("#/definitions/", "");
    const target = root.definitions?.[name];
    if (target === undefined) throw new TypeError(`Unresolvable $ref ${node.$ref}`);
    node = target;
  }
  return node;
}

/** Only the required fields, each at its smallest: first enum value, empty strings, minItems. */
export function minimalSample(root: JsonSchema): Json {
  return sample(root, root, "minimal");
}

/** Every field present: last enum value, strings at maxLength, arrays at maxItems (or 2), vendor extras. */
export function maximalSample(root: JsonSchema): Json {
  return sample(root, root, "maximal");
}

function sample(node: JsonSchema, root: JsonSchema, mode: Mode): Json {
  node = deref(node, root);
  const isMax = mode === "maximal";
  if (node.enum !== undefined) return node.enum[isMax ? node.enum.length - 1 : 0] as Json;
  switch (node.type) {
    case "object":
      return objectSample(node, root, mode);
    case "array": {
      const count = isMax ? arrayLength(node) : node.minItems ?? 0;
      return Array.from({ length: count }, () => sample(node.items!, root, mode));
    }
    case "string":
      if (node.format === "date-time") {
        return isMax ? "2026-01-21T14:30:00.123+09:00" : "2026-01-21T14:30:00Z";
      }
      return "x".repeat(isMax ? node.maxLength ?? 24 : node.minLength ?? 0);
    case "integer":
    case "number":
      return numberSample(node, mode);
    case "boolean":
      return isMax;
    default:
      return isMax ? { anything: [1, "two", null, { three: true }] } : null;
  }
}

/** Arrays at maxItems when that is small, otherwise two items, so samples stay a few kilobytes. */
function arrayLength(node: JsonSchema): number {
  if (node.maxItems !== undefined && node.maxItems <= 4) return node.maxItems;
  return Math.max(node.minItems ?? 0, 2);
}

function objectSample(node: JsonSchema, root: JsonSchema, mode: Mode): Json {
  const required = new Set(node.required ?? []);
  const out: Record<string, Json> = {};
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    if (mode === "maximal" || required.has(name)) out[name] = sample(property, root, mode);
  }
  const isOpen = node.additionalProperties === undefined || node.additionalProperties === true;
  return mode === "maximal" && isOpen ? { ...out, ...VENDOR_EXTRAS } : out;
}

function numberSample(node: JsonSchema, mode: Mode): number {
  const low = node.minimum ?? (node.exclusiveMinimum ?? -1) + 1;
  const high = node.maximum ?? (node.exclusiveMaximum ?? Infinity) - 1;
  const fallback = node.type === "integer" ? 1234 : 1234.5;
  let value = mode === "minimal" ? Math.max(low, 0) : Math.min(high, fallback);
  if (node.multipleOf !== undefined) {
    value = Number((Math.ceil(value / node.multipleOf) * node.multipleOf).toPrecision(12));
  }
  return value;
}

/** Every single-defect variant of the valid sample `valid`, found by walking it with its schema. */
export function brokenSamples(root: JsonSchema, valid: Json): BrokenSample[] {
  const out: BrokenSample[] = [];
  for (const [defect, path, replacement] of defects(root, root, valid, [])) {
    out.push({ defect, path, payload: replaceAt(valid, path, replacement) });
  }
  return out;
}

type Mutation = [Defect, PathSegment[], Json | typeof REMOVE];

function* defects(
  node: JsonSchema,
  root: JsonSchema,
  value: Json,
  path: PathSegment[],
): Generator<Mutation> {
  node = deref(node, root);
  if (path.length > 0 && node.type !== undefined) {
    for (const wrong of wrongTypes(node)) yield ["wrong-type", path, wrong];
  }
  if (node.enum !== undefined) {
    yield ["bad-enum", path, "NotAnEnumValue"];
    return;
  }
  if (node.type === "string") yield* stringDefects(node, path);
  if (node.type === "integer" || node.type === "number") yield* numberDefects(node, value, path);
  if (node.type === "array" && Array.isArray(value)) yield* arrayDefects(node, root, value, path);
  if (node.type === "object" && isRecord(value)) yield* objectDefects(node, root, value, path);
}

function wrongTypes(node: JsonSchema): Json[] {
  switch (node.type) {
    case "string":
      return [42, null];
    case "integer":
    case "number":
      return ["42", null];
    case "boolean":
      return ["true", null];
    case "object":
      return [[], "object", null];
    case "array":
      return [{}, "array", null];
    default:
      return [];
  }
}

function* stringDefects(node: JsonSchema, path: PathSegment[]): Generator<Mutation> {
  if (node.maxLength !== undefined) yield ["too-long", path, "x".repeat(node.maxLength + 1)];
  if (node.minLength) yield ["too-short", path, "x".repeat(node.minLength - 1)];
  if (node.format === "date-time") {
    // Not "2026-01-21 14:30:00": ajv-formats 2.1.1 wrongly takes a date-time without an offset.
    for (const bad of ["yesterday", "2026-02-30T00:00:00Z", "2026-01-21T25:00:00Z"]) {
      yield ["bad-date-time", path, bad];
    }
  }
}

function* numberDefects(node: JsonSchema, value: Json, path: PathSegment[]): Generator<Mutation> {
  if (node.type === "integer") yield ["not-integer", path, 1.5];
  if (node.minimum !== undefined) yield ["below-minimum", path, node.minimum - 1];
  if (node.exclusiveMinimum !== undefined) yield ["below-minimum", path, node.exclusiveMinimum];
  if (node.maximum !== undefined) yield ["above-maximum", path, node.maximum + 1];
  if (node.exclusiveMaximum !== undefined) yield ["above-maximum", path, node.exclusiveMaximum];
  if (node.multipleOf !== undefined && typeof value === "number") {
    yield ["not-multiple", path, Number((value + node.multipleOf / 2).toPrecision(12))];
  }
}

function* arrayDefects(
  node: JsonSchema,
  root: JsonSchema,
  value: Json[],
  path: PathSegment[],
): Generator<Mutation> {
  if (node.minItems) yield ["too-few-items", path, value.slice(0, node.minItems - 1)];
  // Repeating the same (valid) item is enough: only the count is wrong.
  if (node.maxItems !== undefined) {
    yield ["too-many-items", path, Array.from({ length: node.maxItems + 1 }, () => value[0])];
  }
  // Items share one schema and the samples build them alike, so the first stands for all.
  if (value.length > 0) yield* defects(node.items!, root, value[0], [...path, 0]);
}

function* objectDefects(
  node: JsonSchema,
  root: JsonSchema,
  value: { [key: string]: Json },
  path: PathSegment[],
): Generator<Mutation> {
  for (const name of node.required ?? []) yield ["missing", [...path, name], REMOVE];
  if (node.additionalProperties === false) {
    yield ["extra-property", [...path, "unexpectedField"], "surprise"];
  }
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    if (name in value) yield* defects(property, root, value[name], [...path, name]);
  }
}

function isRecord(value: Json): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy of `value` with `path` replaced (or removed); only the containers on the path are copied. */
function replaceAt(value: Json, path: PathSegment[], replacement: Json | typeof REMOVE): Json {
  if (path.length === 0) {
    if (replacement === REMOVE) throw new TypeError("Cannot remove the whole payload");
    return replacement;
  }
  const [head, ...rest] = path;
  if (Array.isArray(value) && typeof head === "number") {
    const copy = [...value];
    copy[head] = replaceAt(value[head], rest, replacement);
    return copy;
  }
  if (!isRecord(value) || typeof head !== "string") {
    throw new TypeError(`Path ${path.join(".")} does not fit the sample`);
  }
  const copy = { ...value };
  if (rest.length === 0 && replacement === REMOVE) delete copy[head];
  else copy[head] = replaceAt(value[head] ?? null, rest, replacement);
  return copy;
}
