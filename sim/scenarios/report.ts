/**
 * The checks one scenario makes, each a line with what was measured: `ok` or `FAIL`, plus
 * `note` lines that explain without deciding. Lines are printed as they are made, so an
 * operator sees progress (and instructions) while a scenario runs.
 */

/** One line of a scenario's report. */
export interface CheckLine {
  kind: "ok" | "fail" | "note";
  text: string;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  id: number;
  title: string;
  isPassed: boolean;
  lines: CheckLine[];
  wallMs: number;
}

/** Where a scenario writes its checks. */
export interface Report {
  readonly lines: readonly CheckLine[];
  /** True when no check failed. */
  readonly isPassed: boolean;
  /** Records a check; returns `isOk` so a scenario can branch on it. */
  check(isOk: boolean, text: string): boolean;
  /** `label: actual`, failing with the expected value when they differ. */
  equal(label: string, actual: unknown, expected: unknown): boolean;
  /** `label: actual`, failing unless `expected − tolerance ≤ actual ≤ expected + tolerance`. */
  near(label: string, actual: number, expected: number, tolerance: number, unit?: string): boolean;
  note(text: string): void;
}

/** A report that hands every line to `onLine` as it is made. */
export function createReport(onLine: (line: CheckLine) => void = () => {}): Report {
  const lines: CheckLine[] = [];
  const add = (line: CheckLine) => {
    lines.push(line);
    onLine(line);
  };
  const check = (isOk: boolean, text: string) => {
    add({ kind: isOk ? "ok" : "fail", text });
    return isOk;
  };
  return {
    lines,
    get isPassed() {
      return lines.every((line) => line.kind !== "fail");
    },
    check,
    equal(label, actual, expected) {
      const isOk = JSON.stringify(actual) === JSON.stringify(expected);
      const shown = `${label}: ${show(actual)}`;
      return check(isOk, isOk ? shown : `${shown} (expected ${show(expected)})`);
    },
    near(label, actual, expected, tolerance, unit = "") {
      const isOk = Math.abs(actual - expected) <= tolerance;
      const shown = `${label}: ${round(actual)}${unit}`;
      return check(
        isOk,
        isOk ? shown : `${shown} (expected ${round(expected)}${unit} ± ${round(tolerance)})`,
      );
    },
    note: (text) => add({ kind: "note", text }),
  };
}

function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

function round(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

/** How one line is printed. */
export function formatLine(line: CheckLine): string {
  const tag = line.kind === "ok" ? "ok  " : line.kind === "fail" ? "FAIL" : "note";
  return `  ${tag}  ${line.text}`;
}

/** The verdict line of a scenario. */
export function formatVerdict(result: ScenarioResult): string {
  const checks = result.lines.filter((line) => line.kind !== "note");
  const failed = checks.filter((line) => line.kind === "fail").length;
  const verdict = result.isPassed ? "PASS" : "FAIL";
  const counted = failed === 0
    ? `${checks.length} checks`
    : `${failed} of ${checks.length} checks failed`;
  return `${verdict}  scenario ${result.id}: ${result.title} (${counted}, ${
    (result.wallMs / 1000).toFixed(1)
  } s)`;
}
