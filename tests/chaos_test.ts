/**
 * The short chaos run (the long one is `deno task chaos`): a few chargers, the CSMS killed and
 * restarted, connections cut and (PostgreSQL) the database cut off; the database then holds
 * every event once and each session's delivered energy and price (tests/chaos.ts).
 */
import assert from "node:assert/strict";
import { runChaos } from "./chaos.ts";
import { isPostgresReachable } from "./persistence_helpers.ts";

for (const engine of ["pglite", "postgres"] as const) {
  Deno.test({
    name: `chaos [${engine}]: after kills, cuts and outages nothing is lost or counted twice`,
    ignore: engine === "postgres" && !isPostgresReachable,
    // The CSMS runs as a child process the run kills; its ports and files are the run's own.
    sanitizeResources: false,
    async fn() {
      const report = await runChaos({
        engine,
        chargers: 3,
        // PGlite: a kill and a cut (each start of its CSMS costs seconds); PostgreSQL: a kill,
        // a cut and the database cut off.
        faults: engine === "pglite" ? 2 : 3,
        faultEveryMs: 2_000,
        speed: 10,
        log: () => {},
      });
      assert.deepEqual(report.problems, []);
      assert.ok(report.events > 0, "the chargers sent events the run could check");
      assert.ok(report.sessions > 0, "sessions ended and were priced");
      assert.equal(report.faults.length, engine === "pglite" ? 2 : 3);
    },
  });
}
