/**
 * The device model of a simulated station (OCPP 2.0.1 part 2 appendix, B06–B08): lookups,
 * settings and value checks over the shared variable table (device_model_variables.ts), and per
 * station only the values it changed, so an idle station costs a few bytes.
 */
import {
  type StationFacts,
  type VariableRef,
  VARIABLES,
  type VariableSpec,
} from "./device_model_variables.ts";
import { variableKey } from "../../actors/ocpp/variable_address.ts";

export { variableKey };

const BY_KEY: ReadonlyMap<string, VariableSpec> = new Map(
  VARIABLES.map((s) => [variableKey(s), s]),
);
const COMPONENTS: ReadonlySet<string> = new Set(
  VARIABLES.map((s) => variableKey({ ...s, variable: "", variableInstance: undefined })),
);

/** The values a station changed, by key; shared empty object until the first change. */
export type DeviceValues = Readonly<Record<string, string>>;
const NO_VALUES: DeviceValues = Object.freeze({});

/** A station's device model: only what differs from the defaults. */
export function initialDeviceValues(): DeviceValues {
  return NO_VALUES;
}

/** Values the state machine computes from live state (availability, clock), by key. */
export type LiveValues = Readonly<Record<string, string>>;

/** Looks up a variable's spec, or why it cannot be found. */
export function findVariable(
  ref: VariableRef,
): { spec: VariableSpec } | { missing: "UnknownComponent" | "UnknownVariable" } {
  const spec = BY_KEY.get(variableKey(ref));
  if (spec) return { spec };
  const component = variableKey({ ...ref, variable: "", variableInstance: undefined });
  return { missing: COMPONENTS.has(component) ? "UnknownVariable" : "UnknownComponent" };
}

/** Each variable's key, computed once (settings are read several times per message). */
const KEY_OF: ReadonlyMap<VariableSpec, string> = new Map(
  VARIABLES.map((s) => [s, variableKey(s)]),
);

/**
 * Controller settings by component, variable and instance (none of them has an EVSE), so a
 * settings read builds no key string.
 */
const SETTINGS = new Map<string, Map<string, VariableSpec>>();
for (const spec of VARIABLES) {
  if (spec.evseId !== undefined || spec.componentInstance !== undefined) continue;
  const byName = SETTINGS.get(spec.component) ?? new Map<string, VariableSpec>();
  SETTINGS.set(spec.component, byName);
  const name = spec.variableInstance === undefined
    ? spec.variable
    : `${spec.variable}|${spec.variableInstance}`;
  byName.set(name, spec);
}

function settingSpec(component: string, variable: string, variableInstance?: string) {
  const name = variableInstance === undefined ? variable : `${variable}|${variableInstance}`;
  const spec = SETTINGS.get(component)?.get(name);
  if (!spec) throw new RangeError(`No device model variable ${component}.${variable}`);
  return spec;
}

/** The current value of a known variable. */
export function readValue(
  spec: VariableSpec,
  ctx: { values: DeviceValues; facts: StationFacts; live?: LiveValues },
): string {
  const key = KEY_OF.get(spec) ?? variableKey(spec);
  const live = spec.isLive ? ctx.live?.[key] : undefined;
  if (live !== undefined) return live;
  const set = ctx.values[key];
  if (set !== undefined) return set;
  return typeof spec.value === "function" ? spec.value(ctx.facts) : spec.value;
}

/** A variable's value as an integer (for the controller settings the station obeys). */
export function intSetting(
  ctx: { values: DeviceValues; facts: StationFacts },
  component: string,
  variable: string,
  variableInstance?: string,
): number {
  return Number.parseInt(readValue(settingSpec(component, variable, variableInstance), ctx), 10);
}

/** Lists already split, by value (a handful of distinct measurand lists in a whole fleet). */
const LISTS = new Map<string, readonly string[]>();
const MAX_LISTS = 256;

/** A variable's value as a list (MemberList or SequenceList); shared, never to be changed. */
export function listSetting(
  ctx: { values: DeviceValues; facts: StationFacts },
  component: string,
  variable: string,
): readonly string[] {
  const value = readValue(settingSpec(component, variable), ctx);
  const known = LISTS.get(value);
  if (known) return known;
  const list = Object.freeze(value.split(",").filter((s) => s !== ""));
  if (LISTS.size < MAX_LISTS) LISTS.set(value, list);
  return list;
}

/** A variable's value as a boolean. */
export function boolSetting(
  ctx: { values: DeviceValues; facts: StationFacts },
  component: string,
  variable: string,
): boolean {
  return readValue(settingSpec(component, variable), ctx) === "true";
}

/** Why `value` does not fit the variable, or null when it does. */
export function checkValue(spec: VariableSpec, value: string): string | null {
  switch (spec.dataType) {
    case "integer": {
      if (!/^-?\d+$/.test(value)) return `${value} is not an integer`;
      return checkRange(spec, Number(value));
    }
    case "decimal": {
      if (!/^-?\d+(\.\d+)?$/.test(value)) return `${value} is not a decimal`;
      return checkRange(spec, Number(value));
    }
    case "boolean":
      return value === "true" || value === "false" ? null : `${value} is not true or false`;
    case "OptionList":
      return listed(spec, [value]);
    case "MemberList":
      return listed(spec, value.split(","));
    default:
      return null;
  }
}

function checkRange(spec: VariableSpec, n: number): string | null {
  if (spec.minLimit !== undefined && n < spec.minLimit) return `${n} is below ${spec.minLimit}`;
  if (spec.maxLimit !== undefined && n > spec.maxLimit) return `${n} is above ${spec.maxLimit}`;
  return null;
}

function listed(spec: VariableSpec, items: string[]): string | null {
  if (!spec.valuesList) return null;
  const allowed = spec.valuesList.split(",");
  const bad = items.find((item) => !allowed.includes(item));
  return bad === undefined ? null : `${bad} is not one of ${spec.valuesList}`;
}

/** The ReportData of one variable for NotifyReport (a write-only value is never reported). */
export function reportData(
  spec: VariableSpec,
  ctx: { values: DeviceValues; facts: StationFacts; live?: LiveValues },
): Record<string, unknown> {
  const component: Record<string, unknown> = { name: spec.component };
  if (spec.componentInstance) component.instance = spec.componentInstance;
  if (spec.evseId !== undefined) {
    component.evse = spec.connectorId === undefined
      ? { id: spec.evseId }
      : { id: spec.evseId, connectorId: spec.connectorId };
  }
  const variable: Record<string, unknown> = { name: spec.variable };
  if (spec.variableInstance) variable.instance = spec.variableInstance;
  const attribute: Record<string, unknown> = {
    type: "Actual",
    mutability: spec.mutability,
    persistent: true,
    constant: spec.mutability === "ReadOnly" && !spec.isLive,
  };
  if (spec.mutability !== "WriteOnly") attribute.value = readValue(spec, ctx);
  const characteristics: Record<string, unknown> = {
    dataType: spec.dataType,
    supportsMonitoring: false,
  };
  if (spec.unit) characteristics.unit = spec.unit;
  if (spec.minLimit !== undefined) characteristics.minLimit = spec.minLimit;
  if (spec.maxLimit !== undefined) characteristics.maxLimit = spec.maxLimit;
  if (spec.valuesList) characteristics.valuesList = spec.valuesList;
  return {
    component,
    variable,
    variableAttribute: [attribute],
    variableCharacteristics: characteristics,
  };
}

/** The variables a GetBaseReport of `reportBase` lists (B07). */
export function baseReportSpecs(
  reportBase: "ConfigurationInventory" | "FullInventory" | "SummaryInventory",
): readonly VariableSpec[] {
  if (reportBase === "FullInventory") return VARIABLES;
  if (reportBase === "ConfigurationInventory") {
    return VARIABLES.filter((s) => s.mutability !== "ReadOnly");
  }
  return VARIABLES.filter((s) => s.variable === "Available" || s.variable === "AvailabilityState");
}
