import assert from "node:assert/strict";
import { z } from "zod";
import { loadOfficialSchemas, schemaName } from "./gen_schemas.ts";
import { brokenSamples, type Json, maximalSample, minimalSample } from "./schema_samples.ts";
import { requestSchemas, responseSchemas } from "./schemas.ts";
import { compileFastCheck } from "./fast_check.ts";

const official = await loadOfficialSchemas();

function schemaOf(id: string): z.ZodType {
  const { action, isRequest } = schemaName(id);
  return ((isRequest ? requestSchemas : responseSchemas) as Record<string, z.ZodType>)[action];
}

/** A small deterministic PRNG, so a failure replays. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
}

const ODD_VALUES: Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 60,
  "",
  "x".repeat(300),
  "2026-02-30T00:00:00Z",
  "2026-01-21T05:30:00Z",
  [],
  {},
  { vendorId: "v" },
];

/** One random change somewhere in `value`: a replaced, removed or added field or item. */
function mutate(value: Json, next: () => number): Json {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  if (Array.isArray(value)) {
    if (value.length === 0 || next() < 0.2) return [...value, pick(ODD_VALUES)];
    const copy = [...value];
    const i = Math.floor(next() * copy.length);
    if (next() < 0.2) copy.splice(i, 1);
    else copy[i] = mutate(copy[i], next);
    return copy;
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    const copy = { ...value };
    if (keys.length === 0 || next() < 0.15) {
      copy[pick(["extra", "customData", "vendorId"])] = pick(ODD_VALUES);
    } else {
      const key = pick(keys);
      if (next() < 0.2) delete copy[key];
      else copy[key] = mutate(copy[key], next);
    }
    return copy;
  }
  return pick(ODD_VALUES);
}

Deno.test("compileFastCheck() compiles every OCPP 2.0.1 schema", () => {
  for (const schema of official) {
    assert.ok(compileFastCheck(schemaOf(schema.$id!)), `${schema.$id} has a fast check`);
  }
});

Deno.test("compileFastCheck() accepts exactly what zod accepts, on samples and 40,000 mutations", () => {
  const next = random(18);
  let accepted = 0, refused = 0;
  for (const schema of official) {
    const zod = schemaOf(schema.$id!);
    const fast = compileFastCheck(zod)!;
    const maximal = maximalSample(schema);
    const samples: Json[] = [
      minimalSample(schema),
      maximal,
      ...brokenSamples(schema, maximal).map((b) => b.payload),
    ];
    for (let i = 0; i < 300; i++) samples.push(mutate(next() < 0.5 ? maximal : samples[0], next));
    for (const sample of samples) {
      const isValid = zod.safeParse(sample).success;
      assert.equal(fast(sample), isValid, `${schema.$id}: ${JSON.stringify(sample).slice(0, 400)}`);
      if (isValid) accepted++;
      else refused++;
    }
  }
  assert.ok(accepted > 1_000 && refused > 10_000, `${accepted} accepted, ${refused} refused`);
});

Deno.test("compileFastCheck() leaves a schema it cannot check exactly to zod", () => {
  assert.equal(compileFastCheck(z.string().refine((s) => s !== "x")), undefined);
  assert.equal(
    compileFastCheck(z.strictObject({ a: z.string().transform((s) => s.length) })),
    undefined,
  );
  assert.equal(compileFastCheck(z.number().multipleOf(0.5)), undefined);
  const check = compileFastCheck(
    z.strictObject({ a: z.number().int().min(1), b: z.string().max(2).optional() }),
  )!;
  assert.equal(check({ a: 1 }), true);
  assert.equal(check({ a: 1.5 }), false);
  assert.equal(check({ a: 1, b: "abc" }), false);
  assert.equal(check({ a: 1, c: 1 }), false);
  assert.equal(check([1]), false);
});
