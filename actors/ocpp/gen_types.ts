/**
 * The explicit TypeScript types of `actors/ocpp/payload_types.ts`, written by gen_schemas.ts from
 * the same JSON schemas and the same names as the zod schemas of `schemas.ts`. The public API
 * (mod.ts, plugins/mod.ts) exports these rather than `z.infer` types, so its documentation shows
 * each payload's fields; `schemas.ts` proves at compile time that each is what its schema parses.
 */

/** What the types need of a JSON schema node (gen_schemas.ts's `JsonSchema` has more). */
export interface TypeNode {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  items?: TypeNode;
  properties?: Record<string, TypeNode>;
  required?: string[];
  additionalProperties?: boolean | TypeNode;
}

/** A named type to write: a shared definition or a payload, with the names its `$ref`s took. */
export interface NamedNode {
  name: string;
  node: TypeNode;
  /** Definition name → the shared name the zod pass gave it. */
  refs: ReadonlyMap<string, string>;
  /** The one-line JSDoc. */
  doc: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** The TypeScript type of one schema node; `indent` is the indentation of its line. */
export function typeOf(node: TypeNode, refs: ReadonlyMap<string, string>, indent = ""): string {
  if (node.$ref !== undefined) {
    const name = refs.get(node.$ref.replace(/^#\/definitions\//, ""));
    if (!name) throw new TypeError(`No name for ${node.$ref}`);
    return name;
  }
  if (node.enum !== undefined) return enumType(node.enum as string[], indent);
  switch (node.type) {
    case "object":
      return objectType(node, refs, indent);
    case "array": {
      const item = typeOf(node.items!, refs, indent);
      return IDENTIFIER.test(item) ? `${item}[]` : `Array<${item}>`;
    }
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "unknown";
  }
}

function enumType(values: string[], indent: string): string {
  const oneLine = values.map((value) => JSON.stringify(value)).join(" | ");
  if (indent.length + oneLine.length <= 90) return oneLine;
  return values.map((value) => `\n${indent}  | ${JSON.stringify(value)}`).join("");
}

function objectType(node: TypeNode, refs: ReadonlyMap<string, string>, indent: string): string {
  const required = new Set(node.required ?? []);
  const inner = indent + "  ";
  const fields = Object.entries(node.properties ?? {}).map(([name, property]) => {
    const type = typeOf(property, refs, inner);
    // zod makes a key optional when its schema takes undefined, as z.unknown() does.
    const isOptional = !required.has(name) || type === "unknown";
    return `${inner}${key(name)}${isOptional ? "?" : ""}: ${type};\n`;
  });
  const extra = node.additionalProperties;
  if (extra === undefined || extra === true) fields.push(`${inner}[key: string]: unknown;\n`);
  else if (extra !== false) fields.push(`${inner}[key: string]: ${typeOf(extra, refs, inner)};\n`);
  return fields.length === 0 ? "Record<string, never>" : `{\n${fields.join("")}${indent}}`;
}

/** The whole text of `payload_types.ts`: every named type, then the tables by action. */
export function generateTypes(
  named: NamedNode[],
  payloads: { action: string; name: string; isRequest: boolean }[],
  source: string,
): string {
  const out = [
    `// GENERATED FILE, DO NOT EDIT. Regenerate with:
//   deno run --allow-read --allow-write actors/ocpp/gen_schemas.ts
// Source: ${source}.

/**
 * The OCPP 2.0.1 payload types, written out from the OCA JSON schemas: what the zod schemas of
 * \`schemas.ts\` parse to (checked there at compile time), under the same names.
 * @module
 */
`,
  ];
  for (const { name, node, refs, doc } of named) {
    const type = typeOf(node, refs);
    out.push(`/** ${doc} */\nexport type ${name} =${type.startsWith("\n") ? "" : " "}${type};\n`);
  }
  for (const isRequest of [true, false]) {
    const kind = isRequest ? "Request" : "Response";
    const rows = payloads.filter((payload) => payload.isRequest === isRequest);
    out.push(
      `/** The ${kind.toLowerCase()} payload type of every action. */`,
      `export type ${kind}Types = {`,
      ...rows.map((row) => `  ${row.action}: ${row.name};`),
      `};\n`,
      `/** The ${kind.toLowerCase()} payload type of action \`A\`. */`,
      `export type ${kind}Of<A extends keyof ${kind}Types> = ${kind}Types[A];\n`,
    );
  }
  return out.join("\n");
}

/** The compile-time proof, for `schemas.ts`, that each explicit type is what its schema parses. */
export function exactnessCheck(names: string[]): string {
  return [
    "// Each explicit type of payload_types.ts is exactly what its schema parses to: a type error",
    "// here means the two generators disagree.",
    "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
    "type Expect<T extends true> = T;",
    "export type _ExplicitTypesMatch = [",
    ...names.map((name) => `  Expect<Same<${name}, Explicit.${name}>>,`),
    "];\n",
  ].join("\n");
}
