import assert from "node:assert/strict";
import type { OcppErrorCode } from "./errors.ts";
import {
  describeIssue,
  errorCodeFor,
  type Issue,
  issuePath,
  MAX_DESCRIPTION_LENGTH,
  validatePayload,
  validateRequest,
  validateResponse,
} from "./validate.ts";

function transactionEvent() {
  return {
    eventType: "Updated",
    timestamp: "2026-01-21T14:30:00.123Z",
    triggerReason: "MeterValuePeriodic",
    seqNo: 12,
    transactionInfo: {
      transactionId: "b7f1c2d4-1234-4f5a-9a8b-0c1d2e3f4a5b",
      chargingState: "Charging",
    },
    evse: { id: 1, connectorId: 1 },
    meterValue: [{
      timestamp: "2026-01-21T14:30:00Z",
      sampledValue: [
        {
          value: 12345.6,
          measurand: "Energy.Active.Import.Register",
          unitOfMeasure: { unit: "Wh" },
        },
        { value: 48000, measurand: "Power.Active.Import", unitOfMeasure: { unit: "W" } },
      ],
    }],
  };
}

function failure(
  result: ReturnType<typeof validatePayload>,
): { code: OcppErrorCode; message: string } {
  assert.equal(result.ok, false, "payload should be rejected");
  if (result.ok) throw new Error("unreachable");
  return { code: result.error.code, message: result.error.message };
}

Deno.test("validateRequest() accepts a typical TransactionEvent and returns it typed", () => {
  const result = validateRequest("TransactionEvent", transactionEvent());
  assert.ok(result.ok);
  assert.equal(result.value.transactionInfo.chargingState, "Charging");
  assert.equal(result.value.meterValue?.[0].sampledValue[0].value, 12345.6);
});

Deno.test("validateResponse() accepts a BootNotification response", () => {
  const result = validateResponse("BootNotification", {
    currentTime: "2026-01-21T14:30:00Z",
    interval: 300,
    status: "Accepted",
  });
  assert.ok(result.ok);
  assert.equal(result.value.interval, 300);
});

Deno.test("validateRequest() reports a missing required field as OccurrenceConstraintViolation", () => {
  const payload = transactionEvent();
  delete (payload.transactionInfo as { transactionId?: string }).transactionId;
  assert.deepEqual(failure(validateRequest("TransactionEvent", payload)), {
    code: "OccurrenceConstraintViolation",
    message: "TransactionEvent.transactionInfo.transactionId: missing required field",
  });
});

Deno.test("validateRequest() reports a missing enum field as OccurrenceConstraintViolation", () => {
  const { eventType: _, ...payload } = transactionEvent();
  assert.deepEqual(failure(validateRequest("TransactionEvent", payload)), {
    code: "OccurrenceConstraintViolation",
    message: "TransactionEvent.eventType: missing required field",
  });
});

Deno.test("validateRequest() reports an empty required array as OccurrenceConstraintViolation", () => {
  const payload = transactionEvent();
  payload.meterValue[0].sampledValue = [];
  assert.deepEqual(failure(validateRequest("TransactionEvent", payload)), {
    code: "OccurrenceConstraintViolation",
    message: "TransactionEvent.meterValue[0].sampledValue: array has 0 items, must have at least 1",
  });
});

Deno.test("validateResponse() reports too many array items as OccurrenceConstraintViolation", () => {
  const attribute = { value: "1" };
  const result = validateResponse("GetVariables", {
    getVariableResult: [{
      attributeStatus: "Accepted",
      component: { name: "C" },
      variable: { name: "V" },
      attributeType: "Actual",
      attributeValue: "1",
    }],
  });
  assert.ok(result.ok);
  const report = {
    requestId: 1,
    generatedAt: "2026-01-21T14:30:00Z",
    seqNo: 0,
    reportData: [{
      component: { name: "C" },
      variable: { name: "V" },
      variableAttribute: [attribute, attribute, attribute, attribute, attribute],
    }],
  };
  assert.deepEqual(failure(validateRequest("NotifyReport", report)), {
    code: "OccurrenceConstraintViolation",
    message: "NotifyReport.reportData[0].variableAttribute: array has 5 items, must have at most 4",
  });
});

Deno.test("validateRequest() reports a string where an integer belongs as TypeConstraintViolation", () => {
  const payload = { ...transactionEvent(), seqNo: "12" };
  assert.deepEqual(failure(validateRequest("TransactionEvent", payload)), {
    code: "TypeConstraintViolation",
    message: "TransactionEvent.seqNo: expected number, got string",
  });
});

Deno.test("validateRequest() reports a float where an integer belongs as TypeConstraintViolation", () => {
  const payload = { ...transactionEvent(), evse: { id: 1.5 } };
  assert.deepEqual(failure(validateRequest("TransactionEvent", payload)), {
    code: "TypeConstraintViolation",
    message: "TransactionEvent.evse.id: expected integer, got number",
  });
});

Deno.test("validateRequest() reports a number in an enum field as TypeConstraintViolation", () => {
  const payload = { ...transactionEvent(), eventType: 1 };
  assert.equal(
    failure(validateRequest("TransactionEvent", payload)).code,
    "TypeConstraintViolation",
  );
});

Deno.test("validateRequest() reports a bad enum value as PropertyConstraintViolation", () => {
  const payload = { ...transactionEvent(), eventType: "Paused" };
  assert.deepEqual(failure(validateRequest("TransactionEvent", payload)), {
    code: "PropertyConstraintViolation",
    message: 'TransactionEvent.eventType: "Paused" is not one of Ended, Started, Updated',
  });
});

Deno.test("validateRequest() reports a string over maxLength as PropertyConstraintViolation", () => {
  const payload = transactionEvent();
  payload.transactionInfo.transactionId = "x".repeat(37);
  assert.deepEqual(failure(validateRequest("TransactionEvent", payload)), {
    code: "PropertyConstraintViolation",
    message:
      "TransactionEvent.transactionInfo.transactionId: string is 37 characters long, must be at most 36",
  });
});

Deno.test("validateRequest() reports a number out of range as PropertyConstraintViolation", () => {
  const result = validateRequest("SetMonitoringLevel", { severity: 10 });
  assert.ok(result.ok);
  assert.deepEqual(
    failure(validateRequest("NotifyEVChargingNeeds", {
      evseId: 1,
      chargingNeeds: {
        requestedEnergyTransfer: "DC",
        dcChargingParameters: { evMaxCurrent: 1, evMaxVoltage: 1, stateOfCharge: 101 },
      },
    })),
    {
      code: "PropertyConstraintViolation",
      message:
        "NotifyEVChargingNeeds.chargingNeeds.dcChargingParameters.stateOfCharge: 101 must be at most 100",
    },
  );
});

Deno.test("validateRequest() reports a bad date-time as PropertyConstraintViolation", () => {
  const payload = { ...transactionEvent(), timestamp: "2026-01-21 14:30:00" };
  assert.deepEqual(failure(validateRequest("TransactionEvent", payload)), {
    code: "PropertyConstraintViolation",
    message: 'TransactionEvent.timestamp: "2026-01-21 14:30:00" is not an RFC 3339 date-time',
  });
});

Deno.test("validateRequest() reports an unknown property as PropertyConstraintViolation", () => {
  const payload = { ...transactionEvent(), evse: { id: 1, connector: 1 } };
  const result = validateRequest("TransactionEvent", payload);
  assert.deepEqual(failure(result), {
    code: "PropertyConstraintViolation",
    message: "TransactionEvent.evse.connector: unknown property",
  });
  assert.deepEqual(!result.ok && result.error.details, { path: "evse.connector" });
});

Deno.test("validatePayload() reports a payload that is not an object as FormatViolation", () => {
  for (const payload of [null, [], "x", 1, undefined]) {
    assert.equal(failure(validatePayload("Heartbeat", "request", payload)).code, "FormatViolation");
  }
  assert.equal(
    failure(validatePayload("Heartbeat", "request", [])).message,
    "Heartbeat: payload is not a JSON object but array",
  );
});

Deno.test("validateResponse() names the response in the description", () => {
  const result = validateResponse("TransactionEvent", { idTokenInfo: { status: "Fine" } });
  assert.match(failure(result).message, /^TransactionEventResponse\.idTokenInfo\.status: /);
});

Deno.test("validatePayload() throws a TypeError for an action that is not OCPP 2.0.1", () => {
  assert.throws(() => validatePayload("Nope" as "Heartbeat", "request", {}), TypeError);
});

Deno.test("errorCodeFor() maps each zod issue kind to its OCPP-J code", () => {
  const cases: [Partial<Issue> & Pick<Issue, "code">, OcppErrorCode][] = [
    [
      { code: "invalid_type", expected: "string", path: ["a"], input: undefined },
      "OccurrenceConstraintViolation",
    ],
    [
      { code: "invalid_value", values: ["A"], path: ["a"], input: undefined },
      "OccurrenceConstraintViolation",
    ],
    [
      { code: "invalid_type", expected: "string", path: ["a"], input: 1 },
      "TypeConstraintViolation",
    ],
    [{ code: "invalid_type", expected: "int", path: ["a"], input: 1.5 }, "TypeConstraintViolation"],
    [{ code: "invalid_type", expected: "object", path: [], input: [] }, "FormatViolation"],
    [{ code: "invalid_value", values: ["A"], path: ["a"], input: 3 }, "TypeConstraintViolation"],
    [
      { code: "invalid_value", values: ["A"], path: ["a"], input: "B" },
      "PropertyConstraintViolation",
    ],
    [
      { code: "too_small", origin: "array", minimum: 1, path: ["a"], input: [] },
      "OccurrenceConstraintViolation",
    ],
    [
      { code: "too_big", origin: "array", maximum: 1, path: ["a"], input: [1, 2] },
      "OccurrenceConstraintViolation",
    ],
    [
      { code: "too_big", origin: "string", maximum: 1, path: ["a"], input: "ab" },
      "PropertyConstraintViolation",
    ],
    [
      { code: "too_small", origin: "number", minimum: 0, path: ["a"], input: -1 },
      "PropertyConstraintViolation",
    ],
    [
      { code: "invalid_format", format: "date-time", path: ["a"], input: "x" },
      "PropertyConstraintViolation",
    ],
    [
      { code: "not_multiple_of", divisor: 0.1, path: ["a"], input: 8.15 },
      "PropertyConstraintViolation",
    ],
    [
      { code: "unrecognized_keys", keys: ["b"], path: [], input: {} },
      "PropertyConstraintViolation",
    ],
    [{ code: "custom", path: ["a"], input: 1 }, "FormatViolation"],
  ];
  for (const [issue, expected] of cases) {
    assert.equal(errorCodeFor({ message: "", ...issue } as Issue), expected, JSON.stringify(issue));
  }
});

Deno.test("issuePath() joins keys with dots and indexes with brackets", () => {
  const issue = {
    code: "custom",
    path: ["meterValue", 0, "sampledValue", 2, "value"],
    message: "",
  } as Issue;
  assert.equal(issuePath(issue), "meterValue[0].sampledValue[2].value");
});

Deno.test("describeIssue() keeps the description under 255 characters", () => {
  const issue = {
    code: "invalid_value",
    values: Array(100).fill("LongEnumValue"),
    path: ["a"],
    input: "x",
    message: "",
  } as Issue;
  const text = describeIssue("TransactionEvent", issue);
  assert.equal(text.length, MAX_DESCRIPTION_LENGTH);
  assert.ok(text.startsWith('TransactionEvent.a: "x" is not one of LongEnumValue'));
});
