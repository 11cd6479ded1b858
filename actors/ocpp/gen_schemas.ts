/**
 * Writes `actors/ocpp/schemas.ts`: zod schemas transcribed from the official OCA OCPP 2.0.1
 * JSON schemas that ocpp-rpc ships, and `actors/ocpp/payload_types.ts`: the same payloads as
 * explicit TypeScript types (gen_types.ts) for the public API's documentation. Run: deno run --allow-read --allow-write actors/ocpp/gen_schemas.ts
 */
import { ACTIONS } from "./actions.ts";
import { exactnessCheck, generateTypes, type NamedNode } from "./gen_types.ts";

/** The subset of draft-07 JSON Schema the OCA schemas use (plus a few keywords we also honour). */
export interface JsonSchema {
  $id?: string;
  $schema?: string;
  $ref?: string;
  description?: string;
  default?: unknown;
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  definitions?: Record<string, JsonSchema>;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  additionalItems?: boolean;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

/** Where ocpp-rpc keeps the OCA schemas: an array of 128 schemas with `$id` like `urn:Authorize.req`. */
export const OFFICIAL_SCHEMAS = "ocpp-rpc/lib/schemas/ocpp2_0_1.json";

const OUTPUT = new URL("./schemas.ts", import.meta.url);
const TYPES_OUTPUT = new URL("./payload_types.ts", import.meta.url);

/** Keywords the generator understands; anything else fails loudly instead of being dropped. */
const KNOWN_KEYWORDS = new Set([
  "$id",
  "$schema",
  "$ref",
  "description",
  "default",
  "type",
  "definitions",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "additionalItems",
  "minItems",
  "maxItems",
  "enum",
  "minLength",
  "maxLength",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
]);

/** Reads the official schemas from the installed ocpp-rpc package. */
export async function loadOfficialSchemas(): Promise<JsonSchema[]> {
  const text = await Deno.readTextFile(new URL(import.meta.resolve(OFFICIAL_SCHEMAS)));
  return JSON.parse(text);
}

/** Splits `urn:Authorize.req` into the action and the exported const name (`AuthorizeRequest`). */
export function schemaName(id: string): { action: string; name: string; isRequest: boolean } {
  const match = /^urn:(\w+)\.(req|conf)$/.exec(id);
  if (!match) throw new TypeError(`Schema id is not urn:<Action>.req|conf: ${id}`);
  const isRequest = match[2] === "req";
  return { action: match[1], name: match[1] + (isRequest ? "Request" : "Response"), isRequest };
}

/** Definitions emitted so far, shared by every schema: same name and same code means one const. */
interface Shared {
  /** Const name → its zod expression. Insertion order is dependency order. */
  code: Map<string, string>;
  /** Const name → its JSON schema, for the explicit type of the same name. */
  nodes: Map<string, NamedNode>;
}

/** What one schema's `$ref`s resolve to: definition name → shared const name. */
type Scope = { root: JsonSchema; owner: string; names: Map<string, string> };

/** Keywords that describe a schema without constraining it. */
const ANNOTATIONS = new Set(["$id", "$schema", "description", "default", "definitions"]);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function assertKnown(node: JsonSchema, where: string): void {
  for (const keyword of Object.keys(node)) {
    if (!KNOWN_KEYWORDS.has(keyword)) {
      throw new TypeError(`Unsupported JSON Schema keyword "${keyword}" at ${where}`);
    }
  }
}

/** The zod expression for one schema node; `indent` is the indentation of the line it starts on. */
export function emitNode(node: JsonSchema, scope: Scope, shared: Shared, indent = ""): string {
  assertKnown(node, scope.owner);
  if (node.$ref !== undefined) return resolveRef(node.$ref, scope, shared);
  if (node.enum !== undefined) return emitEnum(node, scope.owner, indent);
  switch (node.type) {
    case "object":
      return emitObject(node, scope, shared, indent);
    case "array":
      return emitArray(node, scope, shared, indent);
    case "string":
      return emitString(node, scope.owner);
    case "integer":
    case "number":
      return emitNumber(node);
    case "boolean":
      return "z.boolean()";
    case undefined:
      return emitAny(node, scope.owner);
    default:
      throw new TypeError(`Unsupported type ${JSON.stringify(node.type)} at ${scope.owner}`);
  }
}

/** A schema without a type (DataTransfer's `data`) accepts any JSON value. */
function emitAny(node: JsonSchema, owner: string): string {
  const constraints = Object.keys(node).filter((keyword) => !ANNOTATIONS.has(keyword));
  if (constraints.length > 0) {
    throw new TypeError(
      `Untyped schema with ${constraints.join(", ")} is not supported, at ${owner}`,
    );
  }
  return "z.unknown()";
}

function resolveRef(ref: string, scope: Scope, shared: Shared): string {
  const match = /^#\/definitions\/(\w+)$/.exec(ref);
  const definition = match && scope.root.definitions?.[match[1]];
  if (!match || !definition) throw new TypeError(`Unresolvable $ref ${ref} in ${scope.owner}`);
  const known = scope.names.get(match[1]);
  if (known) return known;
  const code = emitNode(definition, scope, shared);
  const name = shareName(match[1], code, scope.owner, shared);
  shared.code.set(name, code);
  if (!shared.nodes.has(name)) {
    const doc = `OCPP 2.0.1's \`${match[1]}\` (first used by ${scope.owner}).`;
    shared.nodes.set(name, { name, node: definition, refs: scope.names, doc });
  }
  scope.names.set(match[1], name);
  return name;
}

/** The definition's own name, unless another schema already used it for a different shape. */
function shareName(name: string, code: string, owner: string, shared: Shared): string {
  const existing = shared.code.get(name);
  if (existing === undefined || existing === code) return name;
  const renamed = `${name}Of${owner}`;
  const clash = shared.code.get(renamed);
  if (clash !== undefined && clash !== code) throw new TypeError(`Cannot name ${name} in ${owner}`);
  return renamed;
}

function emitEnum(node: JsonSchema, owner: string, indent: string): string {
  const values = node.enum ?? [];
  if (values.length === 0 || !values.every((value) => typeof value === "string")) {
    throw new TypeError(`Only non-empty string enums are supported, at ${owner}`);
  }
  if (node.type !== undefined && node.type !== "string") {
    throw new TypeError(`Enum of type ${node.type} is not supported, at ${owner}`);
  }
  const oneLine = `z.enum([${values.map((value) => JSON.stringify(value)).join(", ")}])`;
  if (indent.length + oneLine.length <= 100) return oneLine;
  const lines = values.map((value) => `${indent}  ${JSON.stringify(value)},\n`).join("");
  return `z.enum([\n${lines}${indent}])`;
}

function emitObject(node: JsonSchema, scope: Scope, shared: Shared, indent: string): string {
  const properties = node.properties ?? {};
  const required = new Set(node.required ?? []);
  for (const name of required) {
    if (!(name in properties)) {
      throw new TypeError(`Required "${name}" has no property schema in ${scope.owner}`);
    }
  }
  const inner = indent + "  ";
  const fields = Object.entries(properties).map(([name, property]) => {
    const code = emitNode(property, scope, shared, inner);
    return `${inner}${key(name)}: ${code}${required.has(name) ? "" : ".optional()"},\n`;
  });
  const body = fields.length === 0 ? "{}" : `{\n${fields.join("")}${indent}}`;
  const extra = node.additionalProperties;
  if (extra === false) return `z.strictObject(${body})`;
  if (extra === undefined || extra === true) return `z.looseObject(${body})`;
  return `z.object(${body}).catchall(${emitNode(extra, scope, shared, indent)})`;
}

function emitArray(node: JsonSchema, scope: Scope, shared: Shared, indent: string): string {
  if (node.items === undefined || Array.isArray(node.items)) {
    throw new TypeError(`Only arrays with one items schema are supported, at ${scope.owner}`);
  }
  // additionalItems only constrains tuple-form items, so with one items schema it has no effect.
  let code = `z.array(${emitNode(node.items, scope, shared, indent)})`;
  if (node.minItems !== undefined) code += `.min(${node.minItems})`;
  if (node.maxItems !== undefined) code += `.max(${node.maxItems})`;
  return code;
}

function emitString(node: JsonSchema, owner: string): string {
  let code = "z.string()";
  if (node.format === "date-time") code = "dateTime";
  else if (node.format !== undefined) {
    throw new TypeError(`Unsupported format "${node.format}" at ${owner}`);
  }
  const isFormat = code !== "z.string()";
  if (node.minLength !== undefined) {
    code += isFormat ? `.check(z.minLength(${node.minLength}))` : `.min(${node.minLength})`;
  }
  if (node.maxLength !== undefined) {
    code += isFormat ? `.check(z.maxLength(${node.maxLength}))` : `.max(${node.maxLength})`;
  }
  return code;
}

function emitNumber(node: JsonSchema): string {
  let code = node.type === "integer" ? "z.number().int()" : "z.number()";
  if (node.minimum !== undefined) code += `.min(${node.minimum})`;
  if (node.maximum !== undefined) code += `.max(${node.maximum})`;
  if (node.exclusiveMinimum !== undefined) code += `.gt(${node.exclusiveMinimum})`;
  if (node.exclusiveMaximum !== undefined) code += `.lt(${node.exclusiveMaximum})`;
  if (node.multipleOf !== undefined) {
    if (!(node.multipleOf > 0)) throw new RangeError(`multipleOf must be > 0: ${node.multipleOf}`);
    code += `.check(multipleOf(${node.multipleOf}))`;
  }
  return code;
}

/** Checks that the schemas are exactly a request and a response for each of the 64 actions. */
function assertCoversActions(schemas: JsonSchema[]): void {
  const expected = ACTIONS.flatMap((action) => [`urn:${action}.req`, `urn:${action}.conf`]).sort();
  const actual = schemas.map((schema) => schema.$id ?? "(no $id)").sort();
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    const missing = expected.filter((id) => !actual.includes(id));
    const extra = actual.filter((id) => !expected.includes(id));
    throw new TypeError(
      `Schemas do not match the action list: missing ${missing.join(", ") || "none"}, ` +
        `extra ${extra.join(", ") || "none"}`,
    );
  }
}

/**
 * The texts of `schemas.ts` (zod) and `payload_types.ts` (the explicit types) for `schemas`;
 * `source` names where they came from.
 */
export function generateAll(
  schemas: JsonSchema[],
  source: string,
): { schemas: string; types: string } {
  assertCoversActions(schemas);
  const shared: Shared = { code: new Map(), nodes: new Map() };
  // Action order, request before response, so each pair sits together in the output.
  const sorted = schemas.map((schema) => ({ schema, ...schemaName(schema.$id!) })).sort((a, b) =>
    a.action === b.action ? Number(b.isRequest) - Number(a.isRequest) : a.action < b.action ? -1 : 1
  );
  const payloads = sorted.map(({ schema, action, name, isRequest }) => {
    const scope: Scope = { root: schema, owner: name, names: new Map() };
    const { $id: _id, $schema: _schema, definitions: _definitions, ...body } = schema;
    const code = emitNode(body, scope, shared);
    const doc = `OCPP 2.0.1's ${action} ${isRequest ? "request" : "response"} (${schema.$id}).`;
    return { action, name, isRequest, code, named: { name, node: body, refs: scope.names, doc } };
  });
  const out: string[] = [header(source)];
  out.push("// Definitions shared by the payloads, in dependency order.\n");
  for (const [name, code] of shared.code) out.push(exported(name, code));
  out.push("// One request and one response payload per action.\n");
  for (const payload of payloads) out.push(exported(payload.name, payload.code));
  out.push(tables(payloads));
  const named = [...shared.nodes.values(), ...payloads.map((payload) => payload.named)];
  out.push(exactnessCheck(named.map((node) => node.name)));
  // Import only the checks the schemas use (2.0.1 has date-times but no multipleOf).
  const body = out.slice(1).join("\n");
  const used = ["dateTime", "multipleOf"].filter((name) => new RegExp(`\\b${name}\\b`).test(body));
  return {
    schemas: [out[0].replace("CHECKS", used.join(", ")), body].join("\n"),
    types: generateTypes(named, payloads, source),
  };
}

function exported(name: string, code: string): string {
  return `export const ${name} = ${code};\nexport type ${name} = z.infer<typeof ${name}>;\n`;
}

function header(source: string): string {
  return `// GENERATED FILE, DO NOT EDIT. Regenerate with:
//   deno run --allow-read --allow-write actors/ocpp/gen_schemas.ts
// Source: ${source}.
// Schema annotations (description, default) are not transcribed: they do not validate anything.

/** Zod schemas for the 128 OCPP 2.0.1 payloads (a request and a response per action), exact to the OCA JSON schemas. */
import { z } from "zod";
import type { Action } from "./actions.ts";
import type * as Explicit from "./payload_types.ts";
import { CHECKS } from "./schema_checks.ts";
`;
}

function tables(payloads: { action: string; name: string; isRequest: boolean }[]): string {
  const out: string[] = [];
  for (const isRequest of [true, false]) {
    const kind = isRequest ? "Request" : "Response";
    const rows = payloads.filter((payload) => payload.isRequest === isRequest);
    out.push(
      `/** The ${kind.toLowerCase()} payload schema of every action. */`,
      `export const ${kind.toLowerCase()}Schemas = {`,
      ...rows.map((row) => `  ${row.action}: ${row.name},`),
      `} as const satisfies { [A in Action]: z.ZodType };\n`,
    );
  }
  out.push(
    "// The payload types by action, written out explicitly in payload_types.ts.",
    "export type {\n  RequestOf,\n  RequestTypes,\n  ResponseOf,\n  ResponseTypes,\n" +
      '} from "./payload_types.ts";\n',
  );
  return out.join("\n");
}

if (import.meta.main) {
  const schemas = await loadOfficialSchemas();
  const packageUrl = new URL(import.meta.resolve("ocpp-rpc/package.json"));
  const { version } = JSON.parse(await Deno.readTextFile(packageUrl));
  const texts = generateAll(
    schemas,
    `ocpp-rpc@${version}, lib/schemas/ocpp2_0_1.json (OCA OCPP 2.0.1)`,
  );
  await Deno.writeTextFile(OUTPUT, texts.schemas);
  await Deno.writeTextFile(TYPES_OUTPUT, texts.types);
  console.log(`Wrote ${OUTPUT.pathname} and ${TYPES_OUTPUT.pathname} (${schemas.length} schemas)`);
}
