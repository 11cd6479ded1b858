/**
 * Scenario 1 of the seed: a charger connects to `<url>/charger_001`, boots as an ABB Terra 53
 * (B01), gets a CALLRESULT Accepted with a heartbeat interval, and sends Heartbeats at that
 * interval (G02); the CSMS shows the boot and the last contact over REST.
 */
import type { Scenario, ScenarioContext } from "./context.ts";
import { waitFor } from "./context.ts";
import { startProbe } from "./probe.ts";
import { answered, seedStation } from "./stations.ts";

const STATION = "charger_001";

async function run(ctx: ScenarioContext): Promise<void> {
  const { report } = ctx;
  const probe = await startProbe(ctx, seedStation(STATION, 1));
  try {
    const boots = () => probe.sent("BootNotification");
    await waitFor(
      ctx,
      "the answer to BootNotification",
      () => boots().some((e) => e.response || e.error),
      { simS: 30 },
    );
    const boot = boots()[0];
    report.check(true, `connected to ${ctx.ocppUrl}/${STATION} with subprotocol ocpp2.0.1`);
    const station = boot.request.chargingStation as Record<string, string>;
    report.check(
      station.model === "ABB Terra 53" && station.vendorName === "ABB",
      `BootNotification sent: model "${station.model}", vendorName "${station.vendorName}", ` +
        `serialNumber "${station.serialNumber}", reason ${boot.request.reason}`,
    );
    const answer = boot.response ?? {};
    const intervalS = Number(answer.interval);
    report.check(
      answer.status === "Accepted" && intervalS > 0,
      `CALLRESULT: status ${answer.status ?? boot.error?.code}, interval ${intervalS} s, ` +
        `currentTime ${answer.currentTime}`,
    );
    if (!(intervalS > 0)) return;
    const beats = () => answered(probe.sent("Heartbeat"));
    await waitFor(ctx, "two answered Heartbeats", () => beats().length >= 2, {
      simS: 2 * intervalS + 10,
    });
    const [first, second] = beats();
    const tolerance = Math.max(1, intervalS * 0.1);
    report.near(
      "first Heartbeat after the boot, simulated s",
      (first.simMs - boot.answeredSimMs!) / 1000,
      intervalS,
      tolerance,
    );
    report.near(
      "second Heartbeat after the first, simulated s",
      (second.simMs - first.simMs) / 1000,
      intervalS,
      tolerance,
    );
    report.check(
      typeof first.response?.currentTime === "string" &&
        typeof second.response?.currentTime === "string",
      `both Heartbeats answered with currentTime (${second.response?.currentTime})`,
    );
    await checkRecorded(ctx, second.wallMs);
  } finally {
    await probe.charger.stop();
  }
}

/** GET /chargers/{id}: the CSMS recorded the boot (identity, registration) and the last contact. */
async function checkRecorded(ctx: ScenarioContext, heartbeatWallMs: number): Promise<void> {
  const { report } = ctx;
  const { status, body } = await ctx.api.get(`/chargers/${STATION}`);
  if (!report.equal(`GET /chargers/${STATION} status`, status, 200)) return;
  report.check(
    body.connected === true && body.registration === "Accepted",
    `CSMS shows ${STATION} connected: ${body.connected}, registration: ${body.registration}`,
  );
  report.check(
    body.model === "ABB Terra 53" && body.vendor === "ABB",
    `CSMS recorded the boot: model "${body.model}", vendor "${body.vendor}"`,
  );
  // Both sides share the wall clock (same machine, or synchronised); allow two seconds of skew.
  const lastSeenMs = Date.parse(body.last_seen);
  report.check(
    lastSeenMs >= heartbeatWallMs - 2_000 && lastSeenMs <= Date.now() + 2_000,
    `CSMS last_seen ${body.last_seen}, at the second Heartbeat (${
      new Date(heartbeatWallMs).toISOString()
    })`,
  );
}

/** Scenario 1. */
export const BOOT_SCENARIO: Scenario = { id: 1, title: "boot and heartbeat", run };
