/**
 * Scenario 2 of the seed: one full session on emart_jeju_01 — Authorize, TransactionEvent
 * Started, Updated every 5 s with the energy register (Wh) and power (W), Ended with
 * stoppedReason Local (E01–E07) — and the CSMS's record of it: start and end time, energy from
 * the registers, and the cost at 150 KRW/kWh rounded half-up.
 */
import type { Scenario, ScenarioContext } from "./context.ts";
import { simSleep } from "./context.ts";
import { type Exchange, type Probe, sampled, startProbe, txEvents } from "./probe.ts";
import {
  costHalfUpKrw,
  emartStation,
  sameInstant,
  sessionOf,
  storedTransaction,
  waitEnded,
  waitRegistered,
  waitStarted,
} from "./stations.ts";

const STATION = "emart_jeju_01";
const TOKEN = "token_user_001";
/** Simulated length of the session: 24 periodic samples. */
const SESSION_S = 120;
const UPDATED_INTERVAL_S = 5;

async function run(ctx: ScenarioContext): Promise<void> {
  const { report } = ctx;
  const wallStartMs = Date.now();
  const probe = await startProbe(ctx, await emartStation(STATION, 2));
  try {
    await waitRegistered(ctx, probe);
    await probe.charger.startLocal(TOKEN);
    const transactionId = await waitStarted(ctx, probe);
    const authorize = probe.sent("Authorize").at(-1);
    report.check(
      (authorize?.response?.idTokenInfo as { status?: string })?.status === "Accepted",
      `Authorize ${TOKEN}: ${JSON.stringify(authorize?.response?.idTokenInfo ?? authorize?.error)}`,
    );
    await simSleep(ctx, SESSION_S / 4);
    await checkLive(ctx, transactionId);
    await simSleep(ctx, (SESSION_S * 3) / 4);
    await probe.charger.stopLocal();
    const ended = await waitEnded(ctx, probe, transactionId);
    checkWire(ctx, probe, transactionId);
    const { started, energyWh } = sessionOf(probe, transactionId);
    const totalCost = (ended.response as { totalCost?: number }).totalCost;
    if (totalCost === undefined) report.note("the CSMS's answer to Ended has no totalCost");
    else {report.equal(
        "totalCost in the CSMS's answer to Ended, KRW",
        totalCost,
        costHalfUpKrw(energyWh),
      );}
    const row = await storedTransaction(ctx, STATION, transactionId);
    report.check(
      sameInstant(row.start_time, started.request.timestamp) &&
        sameInstant(row.end_time, ended.request.timestamp),
      `GET /transactions ${transactionId}: start_time ${row.start_time}, end_time ${row.end_time} ` +
        `(the charger's Started and Ended timestamps)`,
    );
    report.check(
      Date.parse(row.start_time) >= wallStartMs - 1_000 &&
        Date.parse(row.end_time!) <= Date.now() + 1_000,
      `both inside this run's wall-clock window (×${ctx.speed} compresses time, not the clock)`,
    );
    report.equal(
      "energy_consumed, kWh (Ended register − Started register)",
      row.energy_consumed,
      energyWh / 1000,
    );
    report.equal(
      `cost, KRW (${energyWh} Wh × 150 KRW/kWh, rounded half-up)`,
      row.cost,
      costHalfUpKrw(energyWh),
    );
    report.equal("stopped_reason", row.stopped_reason, "Local");
    report.equal("station_id", row.station_id, "emart_jeju_main");
  } finally {
    await probe.charger.stop();
  }
}

/** GET /chargers/{id} while charging: the CSMS sees the transaction, its power and energy. */
async function checkLive(ctx: ScenarioContext, transactionId: string): Promise<void> {
  const { body } = await ctx.api.get(`/chargers/${STATION}`);
  const tx = body?.current_transaction;
  ctx.report.check(
    body?.status === "charging" && tx?.transaction_id === transactionId && tx.energy_kwh > 0 &&
      body.power_kw > 0,
    `GET /chargers/${STATION} while charging: status ${body?.status}, power ${body?.power_kw} kW, ` +
      `energy so far ${tx?.energy_kwh} kWh, transaction ${tx?.transaction_id}`,
  );
}

/** The TransactionEvents on the wire: order, interval, measurands, the end. */
function checkWire(ctx: ScenarioContext, probe: Probe, transactionId: string): void {
  const { report } = ctx;
  const events = txEvents(probe, transactionId).filter((e) => e.response !== undefined);
  const seqNos = events.map((e) => e.request.seqNo);
  report.check(
    events[0].request.eventType === "Started" && events.at(-1)!.request.eventType === "Ended" &&
      seqNos.every((n, i) => n === i),
    `TransactionEvents Started → ${events.length - 2} Updated → Ended, seqNo 0…${seqNos.at(-1)}, ` +
      `all answered`,
  );
  const periodic = events.filter((e) => e.request.triggerReason === "MeterValuePeriodic");
  const gapsS = periodic.slice(1).map((e, i) => simGapS(ctx, periodic[i], e)).sort((a, b) => a - b);
  const medianS = gapsS[Math.floor(gapsS.length / 2)];
  // A timer that fires late on a busy machine stretches a gap by its lateness × speed.
  const lateS = Math.max(0.5, 0.1 * ctx.speed);
  report.check(
    periodic.length >= SESSION_S / UPDATED_INTERVAL_S - 2 &&
      Math.abs(medianS - UPDATED_INTERVAL_S) <= 0.25 && gapsS[0] >= UPDATED_INTERVAL_S - 0.05 &&
      gapsS.at(-1)! <= UPDATED_INTERVAL_S + lateS,
    `${periodic.length} periodic Updated, every ${UPDATED_INTERVAL_S} s by their timestamps ` +
      `(simulated; median ${medianS.toFixed(2)} s, from ${gapsS[0].toFixed(2)} to ` +
      `${gapsS.at(-1)!.toFixed(2)} s)`,
  );
  const units = periodic.map((e) => [
    sampled(e.request, "Energy.Active.Import.Register"),
    sampled(e.request, "Power.Active.Import"),
  ]);
  const last = units.at(-1);
  report.check(
    units.every(([energy, power]) => energy?.unit === "Wh" && power?.unit === "W"),
    `each carries Energy.Active.Import.Register in Wh and Power.Active.Import in W ` +
      `(last: ${last?.[0]?.value} Wh, ${last?.[1]?.value} W)`,
  );
  const ended = events.at(-1)!.request;
  report.equal(
    "Ended stoppedReason",
    (ended.transactionInfo as { stoppedReason?: string }).stoppedReason,
    "Local",
  );
}

/** Simulated seconds between two events, from their wall-clock timestamps. */
function simGapS(ctx: ScenarioContext, a: Exchange, b: Exchange): number {
  const wallMs = Date.parse(String(b.request.timestamp)) - Date.parse(String(a.request.timestamp));
  return (wallMs * ctx.speed) / 1000;
}

/** Scenario 2. */
export const SESSION_SCENARIO: Scenario = { id: 2, title: "a full charging session", run };
