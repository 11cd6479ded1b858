/**
 * Helpers the scenarios share: Emart Jeju station configs, waiting for a boot or an answered
 * TransactionEvent, reading registers off the wire, and finding a transaction in the CSMS's
 * history the way the seed's SQL checks did.
 */
import { emartJejuFleet, fleetChargers } from "../fleet/fleet_file.ts";
import { stationConfig } from "../fleet/fleet_runner.ts";
import type { StationConfig } from "../station/station_state.ts";
import { ScenarioAbort, type ScenarioContext, waitFor } from "./context.ts";
import { type Exchange, type Probe, sampled, txEvents } from "./probe.ts";

/** The tariff of the seed: KRW per kWh. */
export const TARIFF_KRW_PER_KWH = 150;

/** Whole won for `energyWh` at the tariff, rounded half-up (KRW has no minor unit). */
export function costHalfUpKrw(energyWh: number): number {
  return Math.floor((energyWh * TARIFF_KRW_PER_KWH + 500) / 1000);
}

/** Transaction ids of this run start with this, so runs against one CSMS never collide. */
const RUN_TAG = crypto.randomUUID().slice(0, 6);

/** The config of an Emart Jeju charger (rating, model and site from the fleet file). */
export async function emartStation(chargerId: string, scenarioId: number): Promise<StationConfig> {
  const chargers = fleetChargers(await emartJejuFleet());
  const index = chargers.findIndex((c) => c.chargerId === chargerId);
  if (index < 0) throw new RangeError(`No Emart Jeju charger ${chargerId}`);
  return stationConfig(chargers[index], `${RUN_TAG}s${scenarioId}`, index);
}

/** A station of the seed's own making (scenario 1's `charger_001`, an ABB Terra 53). */
export function seedStation(chargerId: string, scenarioId: number): StationConfig {
  return {
    chargerId,
    vendor: "ABB",
    model: "ABB Terra 53",
    serialNumber: `SN-${chargerId}-001`.slice(0, 25),
    firmwareVersion: "1.0.0",
    maxPowerW: 50_000,
    txIdPrefix: `${RUN_TAG}s${scenarioId}`,
    defaultEv: { batteryWh: 64_000, startSocPercent: 30, maxPowerW: 150_000 },
    isAutoPlugOnRemoteStart: true,
  };
}

/** Exchanges that got a CALLRESULT. */
export function answered(exchanges: Exchange[]): Exchange[] {
  return exchanges.filter((e) => e.response !== undefined);
}

/** Waits for an accepted boot (or an accepted station that reconnected without one). */
export async function waitRegistered(ctx: ScenarioContext, probe: Probe): Promise<void> {
  await waitFor(
    ctx,
    `${probe.charger.id} to be accepted`,
    () => probe.charger.registration === "Accepted" && probe.charger.isConnected,
    { simS: 60 },
  );
}

/** The transaction id of the station's latest Started event, once the CSMS answered it. */
export async function waitStarted(ctx: ScenarioContext, probe: Probe): Promise<string> {
  const started = () =>
    answered(probe.sent("TransactionEvent")).filter((e) => e.request.eventType === "Started")
      .at(-1);
  await waitFor(ctx, `${probe.charger.id}'s TransactionEvent Started`, () => !!started(), {
    simS: 30,
  });
  return (started()!.request.transactionInfo as { transactionId: string }).transactionId;
}

/** Waits until the CSMS answered the Ended of `transactionId`; returns that exchange. */
export async function waitEnded(
  ctx: ScenarioContext,
  probe: Probe,
  transactionId: string,
): Promise<Exchange> {
  const ended = () =>
    answered(txEvents(probe, transactionId)).find((e) => e.request.eventType === "Ended");
  await waitFor(ctx, `${probe.charger.id}'s TransactionEvent Ended`, () => !!ended(), {
    simS: 30,
  });
  return ended()!;
}

/** The energy register (Wh) a TransactionEvent carried. */
export function registerOf(exchange: Exchange | undefined): number {
  const value = exchange && sampled(exchange.request, "Energy.Active.Import.Register")?.value;
  if (value === undefined) throw new ScenarioAbort("a TransactionEvent carried no energy register");
  return value;
}

/** The first and last TransactionEvent of a transaction and the energy between their registers. */
export function sessionOf(
  probe: Probe,
  transactionId: string,
): { started: Exchange; ended: Exchange; energyWh: number } {
  const events = txEvents(probe, transactionId);
  const started = events.find((e) => e.request.eventType === "Started");
  const ended = events.find((e) => e.request.eventType === "Ended");
  if (!started || !ended) throw new ScenarioAbort(`transaction ${transactionId} is not complete`);
  return { started, ended, energyWh: registerOf(ended) - registerOf(started) };
}

/** A row of `GET /transactions`. */
export interface TransactionRow {
  transaction_id: string;
  charger_id: string;
  station_id: string | null;
  start_time: string;
  end_time: string | null;
  energy_consumed: number | null;
  cost: number | null;
  id_token: string | null;
  stopped_reason: string | null;
}

/** Polls `GET /transactions?charger_id=…` until the ended, priced row of `transactionId` is there. */
export async function storedTransaction(
  ctx: ScenarioContext,
  chargerId: string,
  transactionId: string,
): Promise<TransactionRow> {
  let row: TransactionRow | undefined;
  const deadline = Date.now() + 10_000;
  while (!row || row.end_time === null || row.cost === null) {
    if (Date.now() > deadline || ctx.signal.aborted) {
      throw new ScenarioAbort(
        `GET /transactions?charger_id=${chargerId} has no ended, priced ${transactionId}` +
          (row ? `: ${JSON.stringify(row)}` : ""),
      );
    }
    const answer = await ctx.api.get(`/transactions?charger_id=${chargerId}&limit=50`);
    row = (answer.body?.transactions as TransactionRow[] | undefined)?.find((r) =>
      r.transaction_id === transactionId
    );
    if (!row || row.end_time === null || row.cost === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return row;
}

/** Whether two ISO times name the same instant. */
export function sameInstant(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && Date.parse(a) === Date.parse(b);
}
