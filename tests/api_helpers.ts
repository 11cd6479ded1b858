/** A REST app over a fake CSMS and a real bus, for `app.request` tests of the routes. */
import { costKrw, PricingConfig } from "../plugins/pricing/tariff.ts";
import { type Bus, createBus } from "../actors/csms/events.ts";
import { ChargerOfflineError } from "../actors/csms/csms.ts";
import type { Inventory } from "../actors/csms/live_view.ts";
import type { CsmsAction } from "../actors/ocpp/actions.ts";
import type { StationState } from "../actors/station/state.ts";
import { type AppDeps, createApp } from "../routes/app.ts";
import { MIN_ITERATIONS } from "../actors/csms/password.ts";
import type { CsmsPort } from "../routes/context.ts";

/** The `--api-token` of test servers and apps: an admin credential. */
export const TEST_API_TOKEN = "test-api-token-0001";

/** The header that authenticates with {@link TEST_API_TOKEN}. */
export const AUTH = { Authorization: `Bearer ${TEST_API_TOKEN}` };

/** 2026-01-20 19:00 KST. */
export const NOW = Date.UTC(2026, 0, 20, 10, 0);
export const AT = new Date(NOW).toISOString();

/** Two sites, three chargers. */
export const INVENTORY: Inventory = {
  sites: [
    {
      siteId: "emart_jeju_main",
      name: "Emart Jeju",
      address: "제주시 중앙로 148",
      lat: 33.5,
      lng: 126.53,
    },
    {
      siteId: "emart_shinjeju_main",
      name: "Emart Shinjeju",
      address: "제주시 신제주로 36",
      lat: 33.49,
      lng: 126.49,
    },
  ],
  chargers: [
    {
      chargerId: "charger_001",
      siteId: "emart_jeju_main",
      maxPowerKw: 100,
      lat: 33.5,
      lng: 126.53,
      model: "ABB Terra 124",
      vendor: "ABB",
    },
    {
      chargerId: "emart_jeju_02",
      siteId: "emart_jeju_main",
      maxPowerKw: 100,
      lat: 33.5001,
      lng: 126.5301,
    },
    {
      chargerId: "emart_shinjeju_01",
      siteId: "emart_shinjeju_main",
      maxPowerKw: 50,
      lat: 33.49,
      lng: 126.49,
    },
  ],
};

/** One call the fake CSMS received. */
export interface SentCall {
  chargerId: string;
  action: CsmsAction;
  payload: Record<string, unknown>;
}

/** Answers a call: a payload, or a rejection (an Error instance is thrown as is). */
export type Answer = (call: SentCall) => unknown;

/**
 * A CSMS that records calls and answers with `answer` (Accepted by default). Like the real
 * station actor it publishes each answer as `command.answered` on `bus` when given one.
 */
export function fakeCsms(answer: Answer = () => ({ status: "Accepted" }), bus?: Bus) {
  const connected = new Set<string>();
  const snapshots = new Map<string, StationState>();
  const calls: SentCall[] = [];
  const csms: CsmsPort = {
    send(chargerId, action, payload) {
      if (!connected.has(chargerId)) return Promise.reject(new ChargerOfflineError(chargerId));
      const call = { chargerId, action, payload: payload as Record<string, unknown> };
      calls.push(call);
      try {
        const result = answer(call);
        if (!(result instanceof Error)) {
          bus?.emit("command.answered", {
            chargerId,
            action,
            request: call.payload,
            response: result as Record<string, unknown>,
            at: new Date(NOW).toISOString(),
          });
        }
        return result instanceof Error ? Promise.reject(result) : Promise.resolve(result as never);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    isConnected: (chargerId) => connected.has(chargerId),
    snapshot: (chargerId) => snapshots.get(chargerId),
    connectedIds: () => [...connected],
  };
  return { csms, calls, connected, snapshots };
}

/** The app under test with its bus and fake CSMS. */
export interface TestApi {
  app: ReturnType<typeof createApp>;
  bus: Bus;
  calls: SentCall[];
  /** What the fake CSMS's `snapshot` answers, by charger. */
  snapshots: Map<string, StationState>;
  /** Marks a charger connected (CSMS) and tells the bus, as a real connection would. */
  connect(chargerId: string): void;
  disconnect(chargerId: string): void;
  /**
   * POSTs JSON (an object is stringified; a string is sent as is) as the admin
   * {@link TEST_API_TOKEN}; `headers` may replace the Authorization header.
   */
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** GETs as the admin {@link TEST_API_TOKEN}. */
  get(path: string): Promise<Response>;
}

/** Builds the app; `deps` overrides the defaults. */
export function testApi(
  options: { answer?: Answer; deps?: Partial<AppDeps> } = {},
): TestApi {
  const bus = createBus();
  const fake = fakeCsms(options.answer, bus);
  const app = createApp({
    csms: fake.csms,
    bus,
    inventory: INVENTORY,
    startedAtMs: NOW - 60_000,
    now: () => NOW,
    staticDir: new URL("./fixtures/no_static/", import.meta.url),
    apiToken: TEST_API_TOKEN,
    access: { passwordIterations: MIN_ITERATIONS },
    ...options.deps,
  });
  return {
    app,
    bus,
    calls: fake.calls,
    snapshots: fake.snapshots,
    connect(chargerId) {
      fake.connected.add(chargerId);
      bus.emit("station.connected", { chargerId: chargerId, at: AT });
    },
    disconnect(chargerId) {
      fake.connected.delete(chargerId);
      bus.emit("station.disconnected", { chargerId: chargerId, code: 1006, reason: "", at: AT });
    },
    post: (path, body, headers = {}) =>
      Promise.resolve(app.request(path, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...AUTH, ...headers },
        body: body === undefined
          ? undefined
          : typeof body === "string"
          ? body
          : JSON.stringify(body),
      })),
    get: (path) => Promise.resolve(app.request(path, { headers: AUTH })),
  };
}

const PRICING = PricingConfig.parse({});
/** The start register of each transaction these helpers started, for the running cost. */
const meterStarts = new Map<string, number>();

/** Emits the cost the pricing plugin (at its defaults, 150 KRW/kWh) would publish. */
function emitCost(
  bus: Bus,
  chargerId: string,
  options: { transactionId: string; energyWh: number; timestamp: string; seqNo: number },
  isFinal: boolean,
): void {
  bus.emit("transaction.costed", {
    chargerId,
    transactionId: options.transactionId,
    seqNo: options.seqNo,
    eventType: isFinal ? "Ended" : options.seqNo === 0 ? "Started" : "Updated",
    costKrw: costKrw(PRICING, { flat: options.energyWh }),
    energyWh: options.energyWh,
    isFinal,
    timestamp: options.timestamp,
    at: options.timestamp,
  });
}

/** Emits a started transaction with its first sample, as the station actor would. */
export function startTransaction(
  bus: Bus,
  chargerId: string,
  options: { transactionId: string; meterStartWh: number; timestamp?: string; evseId?: number },
): void {
  const timestamp = options.timestamp ?? AT;
  bus.emit("transaction.started", {
    chargerId: chargerId,
    transactionId: options.transactionId,
    evseId: options.evseId ?? 1,
    connectorId: 1,
    idToken: "token_user_003",
    meterStartWh: options.meterStartWh,
    timestamp,
    at: timestamp,
  });
  bus.emit("meter.sampled", {
    chargerId: chargerId,
    evseId: options.evseId ?? 1,
    transactionId: options.transactionId,
    reading: { at: timestamp, energyWh: options.meterStartWh, powerW: 0 },
    at: timestamp,
  });
  meterStarts.set(options.transactionId, options.meterStartWh);
  emitCost(bus, chargerId, { ...options, timestamp, energyWh: 0, seqNo: 0 }, false);
}

/** Emits a sample (and the Updated event that carried it). */
export function sample(
  bus: Bus,
  chargerId: string,
  options: {
    transactionId: string;
    energyWh: number;
    powerW: number;
    timestamp: string;
    seqNo?: number;
  },
): void {
  bus.emit("transaction.updated", {
    chargerId: chargerId,
    transactionId: options.transactionId,
    seqNo: options.seqNo ?? 1,
    eventType: "Updated",
    triggerReason: "MeterValuePeriodic",
    chargingState: "Charging",
    offline: false,
    isEnded: false,
    energyWh: options.energyWh,
    powerW: options.powerW,
    timestamp: options.timestamp,
    at: options.timestamp,
  });
  bus.emit("meter.sampled", {
    chargerId: chargerId,
    evseId: 1,
    transactionId: options.transactionId,
    reading: { at: options.timestamp, energyWh: options.energyWh, powerW: options.powerW },
    at: options.timestamp,
  });
  const startWh = meterStarts.get(options.transactionId) ?? options.energyWh;
  emitCost(bus, chargerId, {
    ...options,
    energyWh: options.energyWh - startWh,
    seqNo: options.seqNo ?? 1,
  }, false);
}

/** Emits the end of a transaction with its last register. */
export function endTransaction(
  bus: Bus,
  chargerId: string,
  options: { transactionId: string; meterStartWh: number; meterStopWh: number; timestamp: string },
): void {
  bus.emit("meter.sampled", {
    chargerId: chargerId,
    evseId: 1,
    transactionId: options.transactionId,
    reading: { at: options.timestamp, energyWh: options.meterStopWh, powerW: 0 },
    at: options.timestamp,
  });
  bus.emit("transaction.ended", {
    chargerId: chargerId,
    transactionId: options.transactionId,
    stoppedReason: "Remote",
    meterStartWh: options.meterStartWh,
    meterStopWh: options.meterStopWh,
    energyWh: options.meterStopWh - options.meterStartWh,
    timestamp: options.timestamp,
    at: options.timestamp,
  });
  const energyWh = options.meterStopWh - options.meterStartWh;
  emitCost(bus, chargerId, { ...options, energyWh, seqNo: 99 }, true);
}

/** The JSON body of a response. */
export async function json(response: Response): Promise<Record<string, unknown>> {
  return await response.json() as Record<string, unknown>;
}
