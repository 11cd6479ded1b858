/**
 * Precompiled acceptance checks for the OCPP schemas: each zod schema of `schemas.ts` is turned
 * once into a tree of plain functions that answers "valid" without zod's per-call machinery
 * (issue and path bookkeeping, a copy of every object). A payload the check accepts is exactly
 * one zod accepts; anything else goes to zod, which names the first problem. A schema using
 * anything this compiler does not know (a refinement, a transform, a new check) gets no fast
 * check, so zod alone decides. `fast_check_test.ts` compares both on every sample and on
 * thousands of mutated payloads.
 */
import type { z } from "zod";

/** Whether a value is valid; never throws. */
export type FastCheck = (value: unknown) => boolean;

/** The parts of zod's internal definition this compiler reads. */
interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, Schema>;
  catchall?: Schema;
  element?: Schema;
  innerType?: Schema;
  entries?: Record<string, unknown>;
  format?: string;
  pattern?: RegExp;
}

interface CheckDef {
  check: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  pattern?: RegExp;
}

interface Schema {
  _zod: { def: Def };
}

/** Thrown inside the compiler for a schema it cannot check exactly. */
class Unsupported extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** The checks of a number, string or array as one function of the value, or undefined. */
function boundsOf(def: Def, measure: (v: never) => number): ((v: never) => boolean) | undefined {
  const tests: ((v: never) => boolean)[] = [];
  for (const { _zod: { def: c } } of def.checks ?? []) {
    switch (c.check) {
      case "min_length":
        tests.push((v) => measure(v) >= c.minimum!);
        break;
      case "max_length":
        tests.push((v) => measure(v) <= c.maximum!);
        break;
      case "greater_than":
        tests.push(
          c.inclusive ? (v) => (v as number) >= c.value! : (v) => (v as number) > c.value!,
        );
        break;
      case "less_than":
        tests.push(
          c.inclusive ? (v) => (v as number) <= c.value! : (v) => (v as number) < c.value!,
        );
        break;
      case "number_format":
        if (c.format !== "safeint") throw new Unsupported(`number format ${c.format}`);
        tests.push((v) => Number.isSafeInteger(v));
        break;
      default:
        throw new Unsupported(`check ${c.check}`);
    }
  }
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (v) => tests.every((t) => t(v));
}

function compileString(def: Def): FastCheck {
  if (def.format !== undefined && def.format !== null) {
    const pattern = def.pattern;
    if (!(pattern instanceof RegExp) || pattern.global || pattern.sticky) {
      throw new Unsupported(`string format ${def.format}`);
    }
    if ((def.checks ?? []).length > 0) throw new Unsupported("format with checks");
    return (v) => typeof v === "string" && pattern.test(v);
  }
  const bounds = boundsOf(def, (v: string) => v.length);
  return bounds ? (v) => typeof v === "string" && bounds(v as never) : (v) => typeof v === "string";
}

function compileObject(def: Def): FastCheck {
  const catchall = def.catchall?._zod.def.type;
  if (catchall !== "never" && catchall !== "unknown") throw new Unsupported(`catchall ${catchall}`);
  const isStrict = catchall === "never";
  const fields = Object.entries(def.shape ?? {}).map(([key, schema]) => {
    const inner = schema._zod.def;
    const isOptional = inner.type === "optional";
    return { key, isOptional, check: compile(isOptional ? inner.innerType! : schema) };
  });
  const known = new Set(fields.map((f) => f.key));
  return (v) => {
    if (!isObject(v)) return false;
    for (const f of fields) {
      const value = v[f.key];
      if (value === undefined) {
        if (!f.isOptional) return false;
      } else if (!f.check(value)) return false;
    }
    if (isStrict) {
      for (const key in v) if (!known.has(key)) return false;
    }
    return true;
  };
}

function compileArray(def: Def): FastCheck {
  const element = compile(def.element!);
  const bounds = boundsOf(def, (v: unknown[]) => v.length);
  return (v) => {
    if (!Array.isArray(v)) return false;
    if (bounds && !bounds(v as never)) return false;
    for (const item of v) if (!element(item)) return false;
    return true;
  };
}

function compile(schema: Schema): FastCheck {
  const def = schema._zod.def;
  switch (def.type) {
    case "object":
      return compileObject(def);
    case "array":
      return compileArray(def);
    case "string":
      return compileString(def);
    case "number": {
      const bounds = boundsOf(def, (v: number) => v);
      return bounds
        ? (v) => typeof v === "number" && Number.isFinite(v) && bounds(v as never)
        : (v) => typeof v === "number" && Number.isFinite(v);
    }
    case "boolean":
      return (v) => typeof v === "boolean";
    case "enum": {
      const values = Object.values(def.entries ?? {});
      if (!values.every((e) => typeof e === "string")) throw new Unsupported("non-string enum");
      const allowed = new Set(values);
      return (v) => typeof v === "string" && allowed.has(v);
    }
    case "unknown":
      return () => true;
    default:
      throw new Unsupported(`type ${def.type}`);
  }
}

/** The fast check of a zod schema, or undefined when it uses something not compiled here. */
export function compileFastCheck(schema: z.ZodType): FastCheck | undefined {
  try {
    return compile(schema as unknown as Schema);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
