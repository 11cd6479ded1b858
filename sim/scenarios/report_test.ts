import assert from "node:assert/strict";
import { createReport, formatLine, formatVerdict } from "./report.ts";

Deno.test("createReport() records checks with their values and fails on any failed check", () => {
  const printed: string[] = [];
  const report = createReport((line) => printed.push(formatLine(line)));
  assert.equal(report.equal("stopped_reason", "Local", "Local"), true);
  assert.equal(report.near("power, kW", 399.9996, 400, 0.001), true);
  report.note("the seed says 350 kW");
  assert.equal(report.isPassed, true);
  assert.equal(report.equal("cost, KRW", 493, 494), false);
  assert.equal(report.isPassed, false);
  assert.deepEqual(printed, [
    '  ok    stopped_reason: "Local"',
    "  ok    power, kW: 400",
    "  note  the seed says 350 kW",
    "  FAIL  cost, KRW: 493 (expected 494)",
  ]);
  const verdict = formatVerdict({
    id: 2,
    title: "a full charging session",
    isPassed: report.isPassed,
    lines: [...report.lines],
    wallMs: 6_100,
  });
  assert.equal(verdict, "FAIL  scenario 2: a full charging session (1 of 3 checks failed, 6.1 s)");
});
