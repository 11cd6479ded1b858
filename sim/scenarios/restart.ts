/**
 * Scenario 5 of the seed: the CSMS is killed and restarted mid-session. The charger notices,
 * retries with exponential back-off (B05: RetryBackOffWaitMinimum 1 s, RandomRange 0,
 * RepeatTimes 4, so tries come after 1, 2, 4, 8 and 16 s like the original's five), reconnects,
 * keeps its transaction, delivers the events it queued offline in order with `offline: true`
 * (E04), and carries on with heartbeats and meter values.
 */
import type { Scenario, ScenarioContext } from "./context.ts";
import { waitFor } from "./context.ts";
import { type Probe, startProbe, txEvents } from "./probe.ts";
import {
  answered,
  emartStation,
  sessionOf,
  storedTransaction,
  waitEnded,
  waitRegistered,
  waitStarted,
} from "./stations.ts";

const STATION = "emart_jeju_01";
const BACKOFF = {
  RetryBackOffWaitMinimum: "1",
  RetryBackOffRandomRange: "0",
  RetryBackOffRepeatTimes: "4",
};
/** The original gave up after this many tries; ours keeps trying at the longest delay. */
const ORIGINAL_TRIES = 5;

async function run(ctx: ScenarioContext): Promise<void> {
  const probe = await startProbe(ctx, await emartStation(STATION, 5));
  try {
    const transactionId = await startSession(ctx, probe);
    if (transactionId === null) return;
    const sentBefore = await outage(ctx, probe);
    await checkResumed(ctx, probe, { transactionId, sentBefore });
    await endSession(ctx, probe, transactionId);
  } finally {
    await probe.charger.stop();
  }
}

/**
 * Registers, sets the back-off and charges until two periodic Updated events are answered.
 * Null when the CSMS did not accept the back-off settings.
 */
async function startSession(ctx: ScenarioContext, probe: Probe): Promise<string | null> {
  await waitRegistered(ctx, probe);
  if (!(await configureBackOff(ctx))) return null;
  await probe.charger.startLocal("token_user_005");
  const transactionId = await waitStarted(ctx, probe);
  const periodic = () =>
    answered(txEvents(probe, transactionId)).filter((e) =>
      e.request.triggerReason === "MeterValuePeriodic"
    );
  await waitFor(ctx, "two answered Updated", () => periodic().length >= 2, { simS: 15 });
  return transactionId;
}

/**
 * Restarts the CSMS, waits for the station to notice and come back, and checks its back-off.
 * Returns how many frames the station had sent before the outage.
 */
async function outage(ctx: ScenarioContext, probe: Probe): Promise<number> {
  const { report } = ctx;
  const sentBefore = probe.sent().length;
  const triesBefore = probe.events("reconnecting").length;
  const tries = () => probe.events("reconnecting").slice(triesBefore).map((e) => e.event);
  const outcome = await ctx.csms.restart({
    say: ctx.say,
    // Long enough to see the back-off grow and events queue up, short of the fifth try.
    waitDown: () =>
      waitFor(
        ctx,
        "two failed tries and two queued events",
        () => tries().length >= 3 && probe.charger.queuedTxEvents >= 2,
        { simS: 30 },
      ),
  });
  const triesWhenBack = tries().length;
  report.note(`restart: ${outcome}`);
  const wallMs = ctx.csms.restartTimeoutMs;
  await waitFor(ctx, "the station to notice the CSMS going down", () => tries().length > 0, {
    wallMs,
  });
  report.check(true, `the station noticed the lost connection and retries`);
  await waitFor(ctx, "the station to reconnect", () => isBack(probe, sentBefore), { wallMs });
  const downS = (ctx.clock.now() - probe.events("reconnecting")[triesBefore].simMs) / 1000;
  report.note(
    `the CSMS was unreachable for about ${downS.toFixed(0)} simulated s ` +
      `(${(downS / ctx.speed).toFixed(1)} s of wall time at ×${ctx.speed})`,
  );
  checkBackOff(ctx, tries(), triesWhenBack);
  return sentBefore;
}

/** After the reconnect: no needless boot, the offline queue delivered in order, heartbeats again. */
async function checkResumed(
  ctx: ScenarioContext,
  probe: Probe,
  at: { transactionId: string; sentBefore: number },
): Promise<void> {
  const { report } = ctx;
  const after = probe.sent().slice(at.sentBefore);
  const boots = after.filter((e) => e.action === "BootNotification").length;
  report.note(
    boots === 0
      ? "no BootNotification after the reconnect: OCPP 2.0.1 boots again only after a reboot (B04)"
      : `BootNotification sent again ${boots}× after the reconnect (the CSMS asked for it)`,
  );
  await checkQueueDelivered(ctx, probe, at.transactionId, at.sentBefore);
  await waitFor(
    ctx,
    "a Heartbeat after the reconnect",
    () => answered(probe.sent("Heartbeat")).some((e) => probe.sent().indexOf(e) >= at.sentBefore),
    {
      simS: 60,
    },
  );
  report.check(true, "heartbeats resumed: a Heartbeat after the reconnect was answered");
}

/** Stops the session and checks the CSMS stored all its energy. */
async function endSession(
  ctx: ScenarioContext,
  probe: Probe,
  transactionId: string,
): Promise<void> {
  await probe.charger.stopLocal();
  await waitEnded(ctx, probe, transactionId);
  const { energyWh } = sessionOf(probe, transactionId);
  const row = await storedTransaction(ctx, STATION, transactionId);
  ctx.report.equal(
    `GET /transactions ${transactionId} energy_consumed, kWh (nothing lost in the outage)`,
    row.energy_consumed,
    energyWh / 1000,
  );
}

/** SetVariables through the CSMS's REST API, as an operator would configure the station. */
async function configureBackOff(ctx: ScenarioContext): Promise<boolean> {
  const setVariableData = Object.entries(BACKOFF).map(([variable, value]) => ({
    component: { name: "OCPPCommCtrlr" },
    variable: { name: variable },
    attributeValue: value,
  }));
  const answer = await ctx.api.post(`/chargers/${STATION}/ocpp/SetVariables`, { setVariableData });
  const results = (answer.body?.response?.setVariableResult ?? []) as { attributeStatus: string }[];
  return ctx.report.check(
    answer.status === 200 && results.length === 3 &&
      results.every((r) => r.attributeStatus === "Accepted"),
    `SetVariables OCPPCommCtrlr ${
      Object.entries(BACKOFF).map(([k, v]) => `${k}=${v}`).join(", ")
    } → ${answer.status} ${results.map((r) => r.attributeStatus).join(", ") || answer.body?.error}`,
  );
}

function isBack(probe: Probe, sentBefore: number): boolean {
  const resumed = probe.sent().slice(sentBefore).some((e) => e.response !== undefined);
  return probe.charger.isConnected && probe.charger.registration === "Accepted" && resumed;
}

function checkBackOff(
  ctx: ScenarioContext,
  tries: { attempt: number; delayMs: number }[],
  triesWhenBack: number,
): void {
  const delaysS = tries.map((t) => t.delayMs / 1000);
  const expected = tries.map((t) => Math.min(2 ** (t.attempt - 1), 16));
  ctx.report.check(
    delaysS.every((s, i) => s === expected[i]),
    `reconnect tries after ${delaysS.join(", ")} s (simulated): doubling from 1 s`,
  );
  const text = `reconnected on try ${tries.length}`;
  if (ctx.csms.kind === "self-host") {
    // The runner knows when its CSMS listens again: the try pending then (or one that was
    // already knocking while it started) must get through.
    ctx.report.check(
      tries.length <= triesWhenBack + 1,
      `${text}; the CSMS listened again before try ${triesWhenBack}`,
    );
  } else ctx.report.check(true, text);
  if (tries.length > ORIGINAL_TRIES) {
    ctx.report.note(
      `the original gave up after ${ORIGINAL_TRIES} tries; this station keeps trying every ` +
        `16 s (RetryBackOffRepeatTimes caps the doubling, OCPP never gives up)`,
    );
  }
}

/** The events queued while offline went out first, in seqNo order, marked offline, all answered. */
async function checkQueueDelivered(
  ctx: ScenarioContext,
  probe: Probe,
  transactionId: string,
  sentBefore: number,
): Promise<void> {
  await waitFor(ctx, "the queue to empty", () => probe.charger.queuedTxEvents === 0, { simS: 10 });
  const all = answered(txEvents(probe, transactionId));
  const delivered = all.filter((e) => probe.sent().indexOf(e) >= sentBefore);
  const offline = delivered.filter((e) => e.request.offline === true);
  const seqNos = all.map((e) => Number(e.request.seqNo));
  ctx.report.check(
    offline.length >= 1 && delivered.slice(0, offline.length).every((e) => e.request.offline),
    `${offline.length} event(s) queued offline were delivered first after the reconnect, with ` +
      `offline: true (seqNo ${offline.map((e) => e.request.seqNo).join(", ")})`,
  );
  ctx.report.check(
    seqNos.every((n, i) => n === i),
    `the CSMS acknowledged every TransactionEvent once and in order: seqNo 0…${seqNos.at(-1)}`,
  );
  await waitFor(
    ctx,
    "an Updated after the reconnect",
    () =>
      answered(txEvents(probe, transactionId)).some((e) =>
        probe.sent().indexOf(e) >= sentBefore && !e.request.offline
      ),
    { simS: 10 },
  );
  ctx.report.check(true, `transaction ${transactionId} carries on online after the reconnect`);
}

/** Scenario 5. */
export const RESTART_SCENARIO: Scenario = {
  id: 5,
  title: "the CSMS is killed and restarted",
  run,
};
