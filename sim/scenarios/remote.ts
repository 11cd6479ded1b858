/**
 * Scenario 3 of the seed: the server controls the charger. `POST /chargers/{id}/start` with
 * `{"evse_id":1,"connector_id":1}` makes the CSMS send RequestStartTransaction (F01/F02) with a
 * Central idToken and evseId 1; the charger answers Accepted and starts. `POST …/stop` with the
 * transaction id sends RequestStopTransaction (F03); the charger answers Accepted and ends the
 * transaction with stoppedReason Remote.
 */
import type { Scenario, ScenarioContext } from "./context.ts";
import { simSleep, waitFor } from "./context.ts";
import { type Probe, startProbe, txEvents } from "./probe.ts";
import {
  emartStation,
  sessionOf,
  storedTransaction,
  waitEnded,
  waitRegistered,
  waitStarted,
} from "./stations.ts";

const STATION = "emart_jeju_01";
const CHARGE_S = 30;

async function run(ctx: ScenarioContext): Promise<void> {
  const { report } = ctx;
  const probe = await startProbe(ctx, await emartStation(STATION, 3));
  try {
    await waitRegistered(ctx, probe);
    const body = { evse_id: 1, connector_id: 1 };
    const start = await ctx.api.post(`/chargers/${STATION}/start`, body);
    if (!commandAnswered(ctx, `start ${JSON.stringify(body)}`, start)) return;
    const request = await receivedCall(ctx, probe, "RequestStartTransaction");
    const idToken = request.request.idToken as { idToken: string; type: string };
    report.check(
      idToken?.type === "Central" && request.request.evseId === 1,
      `RequestStartTransaction received: idToken ${JSON.stringify(idToken)}, evseId ` +
        `${request.request.evseId}, remoteStartId ${request.request.remoteStartId}`,
    );
    report.equal("charger answered", request.response?.status, "Accepted");
    const transactionId = await waitStarted(ctx, probe);
    const [started] = txEvents(probe, transactionId);
    const info = started.request.transactionInfo as { remoteStartId?: number };
    report.check(
      started.request.triggerReason === "RemoteStart" &&
        info.remoteStartId === request.request.remoteStartId &&
        (started.request.idToken as { idToken?: string })?.idToken === idToken.idToken,
      `charging started: TransactionEvent Started ${transactionId}, triggerReason ` +
        `${started.request.triggerReason}, remoteStartId ${info.remoteStartId}`,
    );
    await simSleep(ctx, CHARGE_S);
    const stopBody = { transaction_id: transactionId };
    const stop = await ctx.api.post(`/chargers/${STATION}/stop`, stopBody);
    if (!commandAnswered(ctx, `stop ${JSON.stringify(stopBody)}`, stop)) return;
    const stopCall = await receivedCall(ctx, probe, "RequestStopTransaction");
    report.equal(
      "RequestStopTransaction received for",
      stopCall.request.transactionId,
      transactionId,
    );
    report.equal("charger answered", stopCall.response?.status, "Accepted");
    const ended = await waitEnded(ctx, probe, transactionId);
    const endInfo = ended.request.transactionInfo as { stoppedReason?: string };
    report.check(
      endInfo.stoppedReason === "Remote" && ended.request.triggerReason === "RemoteStop",
      `charging stopped: Ended with stoppedReason ${endInfo.stoppedReason}, triggerReason ` +
        `${ended.request.triggerReason}`,
    );
    const { energyWh } = sessionOf(probe, transactionId);
    const row = await storedTransaction(ctx, STATION, transactionId);
    report.check(
      row.stopped_reason === "Remote" && row.id_token === idToken.idToken &&
        row.energy_consumed === energyWh / 1000,
      `GET /transactions: stopped_reason ${row.stopped_reason}, id_token ${row.id_token}, ` +
        `energy_consumed ${row.energy_consumed} kWh (registers: ${energyWh} Wh)`,
    );
  } finally {
    await probe.charger.stop();
  }
}

function commandAnswered(
  ctx: ScenarioContext,
  what: string,
  answer: { status: number; body: { status?: string; ocpp_status?: string } },
): boolean {
  return ctx.report.check(
    answer.status === 200 && answer.body?.status === "success" &&
      answer.body.ocpp_status === "Accepted",
    `POST /chargers/${STATION}/${what} → ${answer.status} ` +
      JSON.stringify({ status: answer.body?.status, ocpp_status: answer.body?.ocpp_status }),
  );
}

/** The latest CALL of `action` the station received and answered. */
async function receivedCall(ctx: ScenarioContext, probe: Probe, action: string) {
  const last = () => probe.received(action).at(-1);
  await waitFor(ctx, `${action} at the station`, () => last()?.response !== undefined, {
    simS: 5,
  });
  return last()!;
}

/** Scenario 3. */
export const REMOTE_SCENARIO: Scenario = {
  id: 3,
  title: "server-controlled start and stop over REST",
  run,
};
