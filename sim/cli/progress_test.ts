import assert from "node:assert/strict";
import type { FleetCounters } from "../fleet/fleet_runner.ts";
import { errorKindsText, summaryText } from "./progress.ts";

const COUNTERS: FleetCounters = {
  stations: 2,
  connected: 0,
  charging: 0,
  powerKw: 0,
  energyKwh: 12.5,
  sessionsStarted: 2,
  sessionsEnded: 2,
  sent: 40,
  received: 38,
  errors: 0,
  connectFailures: 0,
  errorsByKind: {},
  neverConnected: 0,
  undeliveredTxEvents: 0,
  simNowMs: 60_000,
};
const RUN = { simStartMs: 0, realMs: 1_000, speed: 60, seed: 1 };

Deno.test("summaryText() counts the TransactionEvents still undelivered on disk, and says nothing when none are", () => {
  assert.match(
    summaryText({ ...COUNTERS, undeliveredTxEvents: 3 }, RUN),
    /Undelivered: 3 TransactionEvents not acknowledged by the CSMS/,
  );
  assert.doesNotMatch(summaryText(COUNTERS, RUN), /Undelivered/);
});

Deno.test("errorKindsText() lists the commonest error kinds first and sums the rest", () => {
  const byKind = { connect: 2, "TransactionEvent: overloaded": 3_100, a: 1, b: 1, c: 1 };
  assert.equal(
    errorKindsText(byKind, 2),
    "TransactionEvent: overloaded 3,100, connect 2, other 3",
  );
  assert.match(
    summaryText({ ...COUNTERS, errors: 3_105, errorsByKind: byKind }, RUN),
    /Errors by kind: TransactionEvent: overloaded 3,100, connect 2, a 1, b 1, other 1/,
  );
  assert.doesNotMatch(summaryText(COUNTERS, RUN), /by kind/, "nothing to say without errors");
});
