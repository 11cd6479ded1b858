import assert from "node:assert/strict";
import { createValidator } from "ocpp-rpc";
import { z } from "zod";
import { ACTIONS } from "./actions.ts";
import {
  emitNode,
  generateAll,
  type JsonSchema,
  loadOfficialSchemas,
  schemaName,
} from "./gen_schemas.ts";
import {
  brokenSamples,
  type Defect,
  EXPECTED_CODES,
  type Json,
  maximalSample,
  minimalSample,
  VENDOR_EXTRAS,
} from "./schema_samples.ts";
import { DATE_TIME_PATTERN, isMultipleOf, multipleOf } from "./schema_checks.ts";
import { requestSchemas, responseSchemas, TransactionEventRequest } from "./schemas.ts";
import { validatePayload } from "./validate.ts";

const official = await loadOfficialSchemas();
// ocpp-rpc's own ajv setup (ajv 8 + ajv-formats), the reference every sample is checked against.
const ajv = createValidator("ocpp2.0.1", official);

function isAcceptedByAjv(id: string, payload: Json): boolean {
  try {
    return ajv.validate(id, payload) === true;
  } catch (error) {
    if (error instanceof Error && "rpcErrorCode" in error) return false;
    throw error;
  }
}

function ourSchema(id: string) {
  const { action, isRequest } = schemaName(id);
  return {
    action: action as (typeof ACTIONS)[number],
    kind: isRequest ? "request" as const : "response" as const,
  };
}

Deno.test("gen_schemas output is up to date with the official schemas", async () => {
  const committed = await Deno.readTextFile(new URL("./schemas.ts", import.meta.url));
  const source = committed.match(/^\/\/ Source: (.*)\.$/m)?.[1];
  assert.ok(source, "schemas.ts header names its source");
  const generated = generateAll(official, source);
  assert.equal(generated.schemas, committed, "run gen_schemas.ts and commit schemas.ts");
  const types = await Deno.readTextFile(new URL("./payload_types.ts", import.meta.url));
  assert.equal(generated.types, types, "run gen_schemas.ts and commit payload_types.ts");
});

Deno.test("requestSchemas and responseSchemas cover all 64 actions", () => {
  assert.equal(ACTIONS.length, 64);
  assert.deepEqual(Object.keys(requestSchemas).sort(), [...ACTIONS]);
  assert.deepEqual(Object.keys(responseSchemas).sort(), [...ACTIONS]);
});

Deno.test("schemas agree with the official JSON schemas (ajv) on generated valid and broken samples", () => {
  const counts = { valid: 0, broken: 0, rootNotObject: 0 };
  const byDefect: Partial<Record<Defect, number>> = {};
  for (const schema of official) {
    const id = schema.$id!;
    const { action, kind } = ourSchema(id);
    const maximal = maximalSample(schema);
    for (const sample of [minimalSample(schema), maximal]) {
      assert.ok(isAcceptedByAjv(id, sample), `ajv rejects valid ${id}: ${JSON.stringify(sample)}`);
      const result = validatePayload(action, kind, sample);
      assert.ok(result.ok, `we reject valid ${id}: ${result.ok || result.error.message}`);
      counts.valid++;
    }
    for (const { defect, path, payload } of brokenSamples(schema, maximal)) {
      const where = `${id} ${defect} at ${path.join(".")}`;
      assert.ok(!isAcceptedByAjv(id, payload), `ajv accepts ${where}`);
      const result = validatePayload(action, kind, payload);
      assert.ok(!result.ok, `we accept ${where}`);
      assert.equal(result.error.code, EXPECTED_CODES[defect], `${where}: ${result.error.message}`);
      counts.broken++;
      byDefect[defect] = (byDefect[defect] ?? 0) + 1;
    }
    for (const payload of [null, [], "payload", 42, true]) {
      assert.ok(!isAcceptedByAjv(id, payload));
      const result = validatePayload(action, kind, payload);
      assert.equal(!result.ok && result.error.code, "FormatViolation", `${id} given ${payload}`);
      counts.rootNotObject++;
    }
  }
  console.log(
    `  ${official.length} schemas: ${counts.valid} valid, ${counts.broken} broken and ` +
      `${counts.rootNotObject} non-object samples agree with ajv; broken by defect:`,
    byDefect,
  );
  assert.equal(counts.valid, 256);
});

Deno.test("CustomDataType accepts vendor properties beside vendorId", () => {
  const customData = { vendorId: "com.tamna", ...VENDOR_EXTRAS, nested: { deep: [1, 2] } };
  const payload = {
    customData,
    chargingStation: { model: "T1", vendorName: "Tamna", customData },
    reason: "PowerUp",
  };
  assert.ok(isAcceptedByAjv("urn:BootNotification.req", payload));
  const result = validatePayload("BootNotification", "request", payload);
  assert.ok(result.ok);
  assert.deepEqual(result.value.customData, customData, "vendor properties are kept");
  assert.equal(
    validatePayload("Heartbeat", "request", { customData: { tamnaMode: "eco" } }).ok,
    false,
  );
});

Deno.test("isMultipleOf() divides in decimal, so 8.1 is a multiple of 0.1 and 8.15 is not", () => {
  const cases: [number, number, boolean][] = [
    [8.1, 0.1, true],
    [0.3, 0.1, true],
    [0.7, 0.1, true],
    [1.1, 0.01, true],
    [8.15, 0.1, false],
    [0.30000000000000004, 0.1, false],
    [3e-7, 1e-7, true],
    [1.5e-7, 1e-7, false],
    [0.0000123, 1e-7, true],
    [-8.1, 0.1, true],
    [0, 0.1, true],
    [10, 2.5, true],
    [12, 5, false],
    [1e21, 0.5, true],
    [7.5, 2.5, true],
    [8, 2.5, false],
  ];
  for (const [value, divisor, expected] of cases) {
    assert.equal(isMultipleOf(value, divisor), expected, `${value} multipleOf ${divisor}`);
  }
  assert.equal(isMultipleOf(1, 0), false, "a divisor must be positive");
  assert.equal(isMultipleOf(Number.NaN, 0.1), false);
});

Deno.test("multipleOf() reports zod's not_multiple_of issue", () => {
  const schema = z.number().check(multipleOf(0.1));
  assert.equal(schema.safeParse(8.1).success, true);
  const result = schema.safeParse(8.15);
  assert.equal(result.success, false);
  assert.equal(result.error?.issues[0].code, "not_multiple_of");
});

Deno.test("emitNode() transcribes multipleOf, bounds and formats into zod code", () => {
  const emit = (node: JsonSchema) =>
    emitNode(node, { root: {}, owner: "Test", names: new Map() }, {
      code: new Map(),
      nodes: new Map(),
    });
  assert.equal(emit({ type: "number", multipleOf: 0.1 }), "z.number().check(multipleOf(0.1))");
  assert.equal(
    emit({ type: "integer", minimum: 0, maximum: 100 }),
    "z.number().int().min(0).max(100)",
  );
  assert.equal(emit({ type: "string", minLength: 1, maxLength: 20 }), "z.string().min(1).max(20)");
  assert.equal(emit({ type: "string", format: "date-time" }), "dateTime");
  assert.equal(
    emit({ type: "array", items: { type: "boolean" }, minItems: 1, maxItems: 3 }),
    "z.array(z.boolean()).min(1).max(3)",
  );
  assert.throws(
    () => emit({ type: "string", pattern: "^a$" } as JsonSchema),
    /Unsupported JSON Schema keyword "pattern"/,
  );
  assert.throws(() => emit({ type: "string", format: "uri" }), /Unsupported format "uri"/);
});

const ajvDateTime = createValidator("date-time", [{
  $id: "urn:dt",
  type: "string",
  format: "date-time",
}]);

function isDateTimeForAjv(text: string): boolean {
  try {
    return ajvDateTime.validate("urn:dt", text) === true;
  } catch {
    return false;
  }
}

Deno.test("date-time fields accept RFC 3339 with or without fraction, Z or offset, like ajv-formats", () => {
  const accepted = [
    "2026-01-21T14:30:00Z",
    "2026-01-21T14:30:00.123Z",
    "2026-01-21T14:30:00+09:00",
    "2026-01-21T14:30:00.123456-05:30",
    "2026-01-21t14:30:00z",
    "2024-02-29T00:00:00Z",
    "2000-02-29T00:00:00Z",
    "2016-12-31T23:59:60Z",
  ];
  const rejected = [
    "yesterday",
    "2026-01-21",
    "2026-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-01-21T24:00:00Z",
    "2026-01-21T14:30:60Z",
    "2026-01-21T14:30Z",
    "2026-01-21T14:30:00.Z",
    " 2026-01-21T14:30:00Z",
  ];
  for (const text of accepted) {
    assert.ok(DATE_TIME_PATTERN.test(text), `we reject ${text}`);
    assert.ok(isDateTimeForAjv(text), `ajv rejects ${text}`);
  }
  for (const text of rejected) {
    assert.ok(!DATE_TIME_PATTERN.test(text), `we accept ${text}`);
    assert.ok(!isDateTimeForAjv(text), `ajv accepts ${text}`);
  }
});

Deno.test("date-time fields reject a missing offset, a space or a basic offset that ajv-formats lets through", () => {
  // ajv-formats 2.1.1 also takes a space separator and ISO 8601 basic offsets, and by a bug
  // (its time zone test compares undefined with "") no offset at all; RFC 3339 takes none of these.
  for (
    const text of [
      "2026-01-21 14:30:00",
      "2026-01-21T14:30:00",
      "2026-01-21 14:30:00Z",
      "2026-01-21T14:30:00+0900",
      "2026-01-21T14:30:00+09",
      "2026-01-21T14:30:00+99:00",
    ]
  ) {
    assert.ok(isDateTimeForAjv(text), `ajv now rejects ${text}; update this test`);
    assert.ok(!DATE_TIME_PATTERN.test(text), `we accept ${text}`);
  }
});

Deno.test("TransactionEventRequest infers the spec's field types", () => {
  const event: TransactionEventRequest = {
    eventType: "Started",
    timestamp: "2026-01-21T14:30:00Z",
    triggerReason: "Authorized",
    seqNo: 0,
    transactionInfo: { transactionId: "tx-1" },
  };
  assert.deepEqual(TransactionEventRequest.parse(event), event);
});
