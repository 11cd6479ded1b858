import assert from "node:assert/strict";
import type { FleetCounters } from "../fleet/fleet_runner.ts";
import { summaryText } from "./progress.ts";

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
