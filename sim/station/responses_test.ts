import assert from "node:assert/strict";
import { responseProblem } from "./responses.ts";

Deno.test("responseProblem() takes a valid answer and names the OCPP error of a bad one", () => {
  assert.equal(responseProblem("TransactionEvent", {}), undefined);
  assert.equal(
    responseProblem("Heartbeat", { currentTime: "2026-01-21T05:30:00.000Z" }),
    undefined,
  );
  const problem = responseProblem("BootNotification", { status: "Maybe", interval: 30 });
  assert.equal(problem?.code, "OccurrenceConstraintViolation");
  assert.match(problem?.message ?? "", /^BootNotificationResponse\.currentTime/);
});

Deno.test("responseProblem() judges an empty answer as the schema does", () => {
  assert.equal(responseProblem("TransactionEvent", {}), undefined);
  assert.equal(responseProblem("StatusNotification", {}), undefined);
  assert.equal(responseProblem("Heartbeat", {})?.code, "OccurrenceConstraintViolation");
  assert.equal(responseProblem("Heartbeat", {})?.code, "OccurrenceConstraintViolation");
  assert.equal(responseProblem("TransactionEvent", [])?.code, "FormatViolation");
});
