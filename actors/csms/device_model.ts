/**
 * The device model the CSMS keeps of each charger (OCPP 2.0.1 B05–B08): a FullInventory asked
 * with GetBaseReport after the first accepted boot (or on demand), its NotifyReport parts put
 * together and stored when the last one (`tbc` false) arrives, and the results of Get/SetVariables
 * stored with the variables they name.
 */
import type { Clock } from "../runtime/clock.ts";
import type { SubscriberQueue } from "../runtime/bus.ts";
import type {
  ReportBaseEnumType,
  ReportDataType,
  RequestOf,
  ResponseOf,
  VariableAttributeType,
  VariableCharacteristicsType,
} from "../ocpp/schemas.ts";
import type { AnyEvent, Bus } from "./events.ts";
import { newRemoteStartId } from "./commands.ts";
import {
  addressOf,
  type Component,
  type Variable,
  type VariableAddress,
  variableKey,
} from "../ocpp/variable_address.ts";
import { isoNow } from "../runtime/clock.ts";

export { type VariableAddress, variableKey };

/** A variable as the CSMS knows it: what the report said, and the last Get/Set result. */
export interface StoredVariable extends VariableAddress {
  /** The attributes as reported (Actual, Target, MinSet, MaxSet). */
  attributes: VariableAttributeType[];
  characteristics?: VariableCharacteristicsType;
  /** The Actual value: from the report, or a later accepted Get/SetVariables. */
  value?: string;
  mutability?: string;
  lastAction?: "GetVariables" | "SetVariables";
  /** The charger's attributeStatus to the last Get/SetVariables (Accepted, RebootRequired, …). */
  lastStatus?: string;
  lastStatusInfo?: string;
  updatedAt: string;
}

/** The stored report of a charger. */
export interface ReportInfo {
  chargerId: string;
  requestId: number;
  reportBase: string;
  generatedAt: string;
  storedAt: string;
  variables: number;
}

/** One Get/SetVariables result as stored and answered. */
export interface VariableResult extends VariableAddress {
  action: "GetVariables" | "SetVariables";
  status: string;
  statusInfo?: string;
  /** Got (GetVariables Accepted) or set (SetVariables Accepted or RebootRequired). */
  value?: string;
  at: string;
}

/** Filters of a device model read; each a list of names (any matches). */
export interface VariableFilter {
  components?: string[];
  variables?: string[];
}

/** Where device models live (plugins/persistence/device_model_store.ts). */
export interface DeviceModelStore {
  /** Stores a report; `replace` drops every variable the charger had first. */
  saveReport(
    report: ReportInfo,
    variables: StoredVariable[],
    options: { replace: boolean },
  ): Promise<void>;
  report(chargerId: string): Promise<ReportInfo | undefined>;
  variables(chargerId: string, filter?: VariableFilter): Promise<StoredVariable[]>;
  saveResults(chargerId: string, results: VariableResult[]): Promise<void>;
}

/** A variable to get (and, for set, its value). */
export interface VariableRequest extends VariableAddress {
  attributeType?: "Actual" | "Target" | "MinSet" | "MaxSet";
}

/** The device model service. */
export interface DeviceModel {
  /** B07: GetBaseReport; the parts are stored as they arrive. */
  requestReport(
    chargerId: string,
    reportBase?: ReportBaseEnumType,
  ): Promise<{ status: string; requestId: number }>;
  report(chargerId: string): Promise<ReportInfo | undefined>;
  variables(chargerId: string, filter?: VariableFilter): Promise<StoredVariable[]>;
  /** B06: GetVariables, results stored. */
  getVariables(chargerId: string, items: VariableRequest[]): Promise<VariableResult[]>;
  /** B05: SetVariables, results stored. */
  setVariables(
    chargerId: string,
    items: (VariableRequest & { value: string })[],
  ): Promise<VariableResult[]>;
  /** Resolves once every report part received so far is handled (tests). */
  idle(): Promise<void>;
}

/** How the service sends a call (through the charger commands: checked, 404/409 typed). */
export type DeviceSend = <A extends "GetBaseReport" | "GetVariables" | "SetVariables">(
  chargerId: string,
  action: A,
  payload: RequestOf<A>,
) => Promise<ResponseOf<A>>;

/** Dependencies of {@link createDeviceModel}. */
export interface DeviceModelDeps {
  store: DeviceModelStore;
  send: DeviceSend;
  bus: Pick<Bus, "on" | "createQueue">;
  emit(event: AnyEvent): void;
  clock: Pick<Clock, "now">;
  onError?(chargerId: string, error: unknown): void;
  /** Largest number of variables kept from one report; the rest is dropped. Default 10 000. */
  maxVariables?: number;
}

/** A reported variable as stored. */
export function storedVariable(data: ReportDataType, at: string): StoredVariable {
  const actual = data.variableAttribute.find((a) => (a.type ?? "Actual") === "Actual");
  return {
    ...addressOf(data.component, data.variable),
    attributes: data.variableAttribute.map(({ customData: _, ...a }) => a),
    ...(data.variableCharacteristics && {
      characteristics: (({ customData: _, ...c }) => c)(data.variableCharacteristics),
    }),
    ...(actual?.value !== undefined && { value: actual.value }),
    ...(actual?.mutability !== undefined && { mutability: actual.mutability }),
    updatedAt: at,
  };
}

function ocppAddress(a: VariableAddress): { component: Component; variable: Variable } {
  return {
    component: {
      name: a.component,
      ...(a.evseId !== undefined && {
        evse: { id: a.evseId, ...(a.connectorId !== undefined && { connectorId: a.connectorId }) },
      }),
      ...(a.componentInstance !== undefined && { instance: a.componentInstance }),
    },
    variable: {
      name: a.variable,
      ...(a.variableInstance !== undefined && { instance: a.variableInstance }),
    },
  };
}

/** A report being received: its kind and the variables of the parts so far. */
interface Pending {
  reportBase: string;
  variables: Map<string, StoredVariable>;
}

/** Puts NotifyReport parts together and stores each report when its last part arrives. */
function reportAssembler(deps: DeviceModelDeps, queue: SubscriberQueue) {
  // By charger, then requestId: expect() drops a charger's entries without a scan of all
  // chargers' (it runs on every first boot, 10,000 of them when a network reconnects).
  const pending = new Map<string, Map<number, Pending>>();
  const asked = new Map<string, { requestId: number; reportBase: string }>();
  const maxVariables = deps.maxVariables ?? 10_000;
  deps.bus.on("device-model.reported", async (part) => {
    const byRequest = pending.get(part.chargerId) ?? new Map<number, Pending>();
    pending.set(part.chargerId, byRequest);
    const wanted = asked.get(part.chargerId);
    const report = byRequest.get(part.requestId) ?? {
      reportBase: wanted?.requestId === part.requestId ? wanted.reportBase : "Unrequested",
      variables: new Map(),
    };
    byRequest.set(part.requestId, report);
    for (const data of part.reportData) {
      if (report.variables.size >= maxVariables) break;
      const v = storedVariable(data, part.at);
      report.variables.set(variableKey(v), v);
    }
    if (part.tbc) return;
    byRequest.delete(part.requestId);
    if (byRequest.size === 0) pending.delete(part.chargerId);
    if (wanted?.requestId === part.requestId) asked.delete(part.chargerId);
    const info: ReportInfo = {
      chargerId: part.chargerId,
      requestId: part.requestId,
      reportBase: report.reportBase,
      generatedAt: part.generatedAt,
      storedAt: part.at,
      variables: report.variables.size,
    };
    try {
      // Only a full inventory replaces what was known; other reports add to it.
      await deps.store.saveReport(info, [...report.variables.values()], {
        replace: report.reportBase === "FullInventory",
      });
    } catch (error) {
      return deps.onError?.(part.chargerId, error);
    }
    deps.emit({
      type: "device-model.stored",
      payload: {
        chargerId: part.chargerId,
        requestId: part.requestId,
        reportBase: report.reportBase,
        variables: report.variables.size,
        at: part.at,
      },
    });
  }, { queue, scope: "node" });
  return {
    /** Remembers what was asked for, and forgets the charger's unfinished reports. */
    expect(chargerId: string, requestId: number, reportBase: string) {
      pending.delete(chargerId);
      asked.set(chargerId, { requestId, reportBase });
    },
  };
}

/** The results of a GetVariables answer as stored (an accepted Actual value is the value). */
function gotResults(answer: ResponseOf<"GetVariables">, at: string): VariableResult[] {
  return answer.getVariableResult.map((r) => ({
    ...addressOf(r.component, r.variable),
    action: "GetVariables",
    status: r.attributeStatus,
    ...(r.attributeStatusInfo && { statusInfo: r.attributeStatusInfo.reasonCode }),
    ...(r.attributeStatus === "Accepted" && r.attributeValue !== undefined &&
      (r.attributeType ?? "Actual") === "Actual" && { value: r.attributeValue }),
    at,
  }));
}

/** The results of a SetVariables answer as stored (an accepted Actual value becomes the value). */
function setResults(
  answer: ResponseOf<"SetVariables">,
  sent: { items: (VariableRequest & { value: string })[]; at: string },
): VariableResult[] {
  const wanted = new Map(sent.items.map((item) => [variableKey(item), item.value]));
  return answer.setVariableResult.map((r) => {
    const address = addressOf(r.component, r.variable);
    const isSet = r.attributeStatus === "Accepted" || r.attributeStatus === "RebootRequired";
    const value = wanted.get(variableKey(address));
    return {
      ...address,
      action: "SetVariables",
      status: r.attributeStatus,
      ...(r.attributeStatusInfo && { statusInfo: r.attributeStatusInfo.reasonCode }),
      ...(isSet && value !== undefined && (r.attributeType ?? "Actual") === "Actual" && { value }),
      at: sent.at,
    };
  });
}

/** Stores Get/SetVariables results and tells the bus. */
async function storeResults(
  deps: DeviceModelDeps,
  chargerId: string,
  results: VariableResult[],
): Promise<VariableResult[]> {
  await deps.store.saveResults(chargerId, results);
  deps.emit({
    type: "device-model.variables",
    payload: {
      chargerId,
      action: results[0]?.action ?? "GetVariables",
      results: results.map((r) => ({
        component: r.component,
        variable: r.variable,
        status: r.status,
        ...(r.value !== undefined && { value: r.value }),
      })),
      at: results[0]?.at ?? isoNow(deps.clock),
    },
  });
  return results;
}

/** Builds the service and subscribes it to boots and reports. */
export function createDeviceModel(deps: DeviceModelDeps): DeviceModel {
  const { store, clock } = deps;
  const queue = deps.bus.createQueue("device-model", {
    onError: (error) => deps.onError?.("-", error),
  });
  const assembler = reportAssembler(deps, queue);
  const iso = () => isoNow(clock);

  async function requestReport(
    chargerId: string,
    reportBase: ReportBaseEnumType = "FullInventory",
  ) {
    const requestId = newRemoteStartId();
    assembler.expect(chargerId, requestId, reportBase);
    const answer = await deps.send(chargerId, "GetBaseReport", { requestId, reportBase });
    return { status: answer.status, requestId };
  }

  // B07: the first accepted boot of a charger whose model is unknown asks for everything.
  deps.bus.on("station.booted", async (e) => {
    if (e.status !== "Accepted" || await store.report(e.chargerId)) return;
    try {
      await requestReport(e.chargerId);
    } catch (error) {
      deps.onError?.(e.chargerId, error);
    }
  }, { queue: deps.bus.createQueue("device-model-boots"), scope: "node" });

  return {
    requestReport,
    report: (chargerId) => store.report(chargerId),
    variables: (chargerId, filter) => store.variables(chargerId, filter),
    async getVariables(chargerId, items) {
      const answer = await deps.send(chargerId, "GetVariables", {
        getVariableData: items.map((item) => ({
          ...ocppAddress(item),
          ...(item.attributeType && { attributeType: item.attributeType }),
        })),
      });
      return await storeResults(deps, chargerId, gotResults(answer, iso()));
    },
    async setVariables(chargerId, items) {
      const answer = await deps.send(chargerId, "SetVariables", {
        setVariableData: items.map((item) => ({
          ...ocppAddress(item),
          attributeValue: item.value,
          ...(item.attributeType && { attributeType: item.attributeType }),
        })),
      });
      return await storeResults(deps, chargerId, setResults(answer, { items, at: iso() }));
    },
    idle: () => queue.idle(),
  };
}
