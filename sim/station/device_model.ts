/**
 * The device model of a simulated station (OCPP 2.0.1 part 2 appendix, B06–B08): a shared table
 * of components and variables with defaults, and per station only the values it changed, so an
 * idle station costs a few bytes. The variable table is spec-transcribed and may run long.
 */

/** How a variable is addressed: component (with EVSE/connector/instance) and variable. */
export interface VariableRef {
  component: string;
  evseId?: number;
  connectorId?: number;
  componentInstance?: string;
  variable: string;
  variableInstance?: string;
}

type DataType =
  | "string"
  | "decimal"
  | "integer"
  | "dateTime"
  | "boolean"
  | "OptionList"
  | "MemberList"
  | "SequenceList";
type Mutability = "ReadOnly" | "WriteOnly" | "ReadWrite";

/** What the station itself knows, for defaults and read-only values. */
export interface StationFacts {
  chargerId: string;
  vendor: string;
  model: string;
  maxPowerW: number;
}

interface VariableSpec extends VariableRef {
  dataType: DataType;
  mutability: Mutability;
  value: string | ((facts: StationFacts) => string);
  unit?: string;
  minLimit?: number;
  maxLimit?: number;
  valuesList?: string;
  /** Set by the state machine from live state (availability, clock). */
  isLive?: boolean;
}

const MEASURANDS =
  "Energy.Active.Import.Register,Power.Active.Import,Voltage,Current.Import,SoC,Power.Offered";
const AVAILABILITY = "Available,Occupied,Reserved,Unavailable,Faulted";

function v(
  component: string,
  variable: string,
  dataType: DataType,
  mutability: Mutability,
  value: VariableSpec["value"],
  extra: Partial<VariableSpec> = {},
): VariableSpec {
  return { component, variable, dataType, mutability, value, ...extra };
}

const EVSE1 = { evseId: 1 };
const CONNECTOR1 = { evseId: 1, connectorId: 1 };
const SECONDS = { unit: "s", minLimit: 0 };

/** Every variable a simulated station reports (one EVSE with one DC connector). */
export const VARIABLES: readonly VariableSpec[] = [
  v("ChargingStation", "Available", "boolean", "ReadOnly", "true", { isLive: true }),
  v("ChargingStation", "AvailabilityState", "OptionList", "ReadOnly", "Available", {
    isLive: true,
    valuesList: AVAILABILITY,
  }),
  v("ChargingStation", "Model", "string", "ReadOnly", (f) => f.model),
  v("ChargingStation", "VendorName", "string", "ReadOnly", (f) => f.vendor),
  v("ChargingStation", "SupplyPhases", "integer", "ReadOnly", "0"),
  v("EVSE", "Available", "boolean", "ReadOnly", "true", { ...EVSE1, isLive: true }),
  v("EVSE", "AvailabilityState", "OptionList", "ReadOnly", "Available", {
    ...EVSE1,
    isLive: true,
    valuesList: AVAILABILITY,
  }),
  v("EVSE", "Power", "decimal", "ReadOnly", (f) => String(f.maxPowerW), {
    ...EVSE1,
    unit: "W",
    minLimit: 0,
    maxLimit: undefined,
  }),
  v("EVSE", "SupplyPhases", "integer", "ReadOnly", "0", EVSE1),
  v("Connector", "Available", "boolean", "ReadOnly", "true", { ...CONNECTOR1, isLive: true }),
  v("Connector", "AvailabilityState", "OptionList", "ReadOnly", "Available", {
    ...CONNECTOR1,
    isLive: true,
    valuesList: AVAILABILITY,
  }),
  v("Connector", "ConnectorType", "string", "ReadOnly", "cCCS2", CONNECTOR1),
  v("OCPPCommCtrlr", "HeartbeatInterval", "integer", "ReadWrite", "30", SECONDS),
  v("OCPPCommCtrlr", "RetryBackOffWaitMinimum", "integer", "ReadWrite", "1", SECONDS),
  v("OCPPCommCtrlr", "RetryBackOffRandomRange", "integer", "ReadWrite", "2", SECONDS),
  v("OCPPCommCtrlr", "RetryBackOffRepeatTimes", "integer", "ReadWrite", "5", { minLimit: 0 }),
  v("OCPPCommCtrlr", "MessageTimeout", "integer", "ReadWrite", "30", {
    ...SECONDS,
    variableInstance: "Default",
    minLimit: 1,
  }),
  v("OCPPCommCtrlr", "MessageAttempts", "integer", "ReadWrite", "3", {
    variableInstance: "TransactionEvent",
    minLimit: 1,
  }),
  v("OCPPCommCtrlr", "MessageAttemptInterval", "integer", "ReadWrite", "10", {
    ...SECONDS,
    variableInstance: "TransactionEvent",
  }),
  v("OCPPCommCtrlr", "OfflineThreshold", "integer", "ReadWrite", "60", SECONDS),
  v("OCPPCommCtrlr", "ResetRetries", "integer", "ReadWrite", "2", { minLimit: 0 }),
  v("OCPPCommCtrlr", "FileTransferProtocols", "MemberList", "ReadOnly", "HTTPS", {
    valuesList: "FTP,FTPS,HTTP,HTTPS,SFTP",
  }),
  v("OCPPCommCtrlr", "NetworkConfigurationPriority", "SequenceList", "ReadWrite", "0"),
  v("SampledDataCtrlr", "Enabled", "boolean", "ReadWrite", "true"),
  v("SampledDataCtrlr", "TxUpdatedInterval", "integer", "ReadWrite", "5", SECONDS),
  v(
    "SampledDataCtrlr",
    "TxUpdatedMeasurands",
    "MemberList",
    "ReadWrite",
    MEASURANDS.replace(",Power.Offered", ""),
    {
      valuesList: MEASURANDS,
    },
  ),
  v(
    "SampledDataCtrlr",
    "TxStartedMeasurands",
    "MemberList",
    "ReadWrite",
    "Energy.Active.Import.Register,SoC",
    {
      valuesList: MEASURANDS,
    },
  ),
  v(
    "SampledDataCtrlr",
    "TxEndedMeasurands",
    "MemberList",
    "ReadWrite",
    "Energy.Active.Import.Register,SoC",
    {
      valuesList: MEASURANDS,
    },
  ),
  v("SampledDataCtrlr", "TxEndedInterval", "integer", "ReadWrite", "0", SECONDS),
  v("AlignedDataCtrlr", "Enabled", "boolean", "ReadWrite", "true"),
  v("AlignedDataCtrlr", "Interval", "integer", "ReadWrite", "0", SECONDS),
  v(
    "AlignedDataCtrlr",
    "Measurands",
    "MemberList",
    "ReadWrite",
    "Energy.Active.Import.Register,Power.Active.Import",
    {
      valuesList: MEASURANDS,
    },
  ),
  v("AlignedDataCtrlr", "TxEndedInterval", "integer", "ReadWrite", "0", SECONDS),
  v(
    "AlignedDataCtrlr",
    "TxEndedMeasurands",
    "MemberList",
    "ReadWrite",
    "Energy.Active.Import.Register",
    {
      valuesList: MEASURANDS,
    },
  ),
  // Never kept among the values: the shell holds it (sim/password_store.ts), A01.
  v("SecurityCtrlr", "BasicAuthPassword", "string", "WriteOnly", "", { maxLimit: 40 }),
  // What the connection uses: 0 without a password, 1 Basic auth, 2 Basic auth over TLS.
  v("SecurityCtrlr", "SecurityProfile", "integer", "ReadOnly", "0", { isLive: true }),
  v("SecurityCtrlr", "Identity", "string", "ReadOnly", (f) => f.chargerId),
  v("SecurityCtrlr", "OrganizationName", "string", "ReadWrite", "Tamna"),
  v("AuthCtrlr", "Enabled", "boolean", "ReadWrite", "true"),
  v("AuthCtrlr", "AuthorizeRemoteStart", "boolean", "ReadWrite", "false"),
  v("AuthCtrlr", "LocalAuthorizeOffline", "boolean", "ReadWrite", "true"),
  v("AuthCtrlr", "LocalPreAuthorize", "boolean", "ReadWrite", "false"),
  v("TxCtrlr", "EVConnectionTimeOut", "integer", "ReadWrite", "60", SECONDS),
  v("TxCtrlr", "StopTxOnEVSideDisconnect", "boolean", "ReadOnly", "true"),
  v("TxCtrlr", "StopTxOnInvalidId", "boolean", "ReadWrite", "true"),
  // Start and stop points are what the state machine implements, so they are read-only.
  v("TxCtrlr", "TxStartPoint", "MemberList", "ReadOnly", "PowerPathClosed", {
    valuesList:
      "ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer",
  }),
  v("TxCtrlr", "TxStopPoint", "MemberList", "ReadOnly", "EVConnected,Authorized", {
    valuesList:
      "ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer",
  }),
  v("SmartChargingCtrlr", "Enabled", "boolean", "ReadWrite", "true"),
  v("SmartChargingCtrlr", "Available", "boolean", "ReadOnly", "true"),
  v("SmartChargingCtrlr", "RateUnit", "MemberList", "ReadOnly", "A,W", { valuesList: "A,W" }),
  v("SmartChargingCtrlr", "PeriodsPerSchedule", "integer", "ReadOnly", "1024"),
  v("SmartChargingCtrlr", "ProfileStackLevel", "integer", "ReadOnly", "99"),
  v("DeviceDataCtrlr", "ItemsPerMessage", "integer", "ReadOnly", "20", {
    variableInstance: "GetReport",
  }),
  v("DeviceDataCtrlr", "ItemsPerMessage", "integer", "ReadOnly", "50", {
    variableInstance: "GetVariables",
  }),
  v("DeviceDataCtrlr", "ItemsPerMessage", "integer", "ReadOnly", "50", {
    variableInstance: "SetVariables",
  }),
  v("DeviceDataCtrlr", "BytesPerMessage", "integer", "ReadOnly", "65000", {
    variableInstance: "GetReport",
  }),
  v("ClockCtrlr", "DateTime", "dateTime", "ReadOnly", "", { isLive: true }),
  v("ClockCtrlr", "TimeSource", "SequenceList", "ReadWrite", "Heartbeat", {
    valuesList: "Heartbeat,NTP,GPS,RealTimeClock,MobileNetwork,RadioTimeTransmitter",
  }),
];

/** The key of a variable: its full address as one string. */
export function variableKey(ref: VariableRef): string {
  return [
    ref.component,
    ref.evseId ?? "",
    ref.connectorId ?? "",
    ref.componentInstance ?? "",
    ref.variable,
    ref.variableInstance ?? "",
  ].join("|");
}

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
