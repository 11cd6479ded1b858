/**
 * The long hostile-input run, on demand:
 *   deno run --allow-net --allow-read --allow-env --allow-sys --v8-flags=--expose-gc \
 *     tests/fuzz_long.ts [--frames 200000] [--seed N] [--no-storage] [--rest-flood 20000]
 *     (--help: FUZZ_COMMAND)
 * Prints progress and the report, and exits 1 when an invariant breaks (see fuzz_frames_test.ts).
 */
import { commandLineOrExit } from "../actors/runtime/cli_flags.ts";
import { FUZZ_COMMAND, runFuzz } from "./fuzz_driver.ts";

const line = commandLineOrExit(FUZZ_COMMAND, "fuzz");
const frames = Number(line.values.frames);
const seed = line.values.seed === undefined ? Date.now() % 2 ** 31 : Number(line.values.seed);
for (const [key, value] of [["frames", frames], ["seed", seed]] as const) {
  if (!Number.isInteger(value) || (key === "frames" && value < 1)) {
    console.error(`fuzz: Invalid ${line.describe(key)}: expected a whole number`);
    Deno.exit(2);
  }
}
const restRequests = Number(line.values.restFlood);
if (!Number.isInteger(restRequests) || restRequests < 0) {
  console.error(`fuzz: Invalid ${line.describe("restFlood")}: expected a whole number`);
  Deno.exit(2);
}
console.log(`fuzz: seed ${seed}, ${frames} frames`);
const startedMs = performance.now();
const report = await runFuzz({
  seed,
  frames,
  warmupFrames: Math.min(5000, Math.floor(frames / 4)),
  log: (line) => console.log(line),
  isStoring: line.values.storage === true,
  bystanderEveryMs: 1_100,
  restFlood: restRequests > 0 ? { requests: restRequests, parallel: 100 } : undefined,
});
const seconds = (performance.now() - startedMs) / 1000;
console.log(JSON.stringify(report, null, 2));
const growthMb = report.heapUsedMb.atEnd - report.heapUsedMb.afterWarmup;
const failures = [
  report.duplicates.length && `${report.duplicates.length} ids answered twice`,
  report.missing.length && `${report.missing.length} ids never answered`,
  report.unexpected.length && `${report.unexpected.length} unexpected ids`,
  report.minusOneAnswers !== report.expectedMinusOne &&
  `${report.minusOneAnswers} "-1" answers, expected ${report.expectedMinusOne}`,
  report.actorRestarts && `${report.actorRestarts} actor restarts`,
  report.internalErrors &&
  `${report.internalErrors} InternalError answers (a charger retries them)`,
  report.bystanderRefusals && `${report.bystanderRefusals} bystander heartbeats refused`,
  // Starvation: a charger's round trip of seconds while REST floods (a long-run bound).
  report.bystanderMaxMs > 2_000 && `bystander round trip ${report.bystanderMaxMs.toFixed(0)} ms`,
  growthMb > (report.isGcExposed ? 16 : 64) && `heap grew ${growthMb.toFixed(1)} MiB`,
].filter(Boolean);
console.log(`${report.frames} frames in ${seconds.toFixed(1)} s; heap +${growthMb.toFixed(1)} MiB`);
if (failures.length > 0) {
  console.error(`FAILED: ${failures.join("; ")}`);
  Deno.exit(1);
}
console.log("ok");
