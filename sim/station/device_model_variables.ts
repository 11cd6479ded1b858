/**
 * The variables a simulated station reports (OCPP 2.0.1 part 2 appendix, B06–B08): one shared
 * table of components and variables with their types, limits and defaults. Spec-transcribed,
 * so it may run long; the lookups and checks over it are in device_model.ts.
 */
import type { VariableAddress } from "../../actors/ocpp/variable_address.ts";

/** How a variable is addressed (the protocol's address, shared with the CSMS). */
export type VariableRef = VariableAddress;

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

export interface VariableSpec extends VariableRef {
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
  // Never kept among the values: the shell holds it (station/password_store.ts), A01.
  v("SecurityCtrlr", "BasicAuthPassword", "string", "WriteOnly", "", { maxLimit: 40 }),
  // What the connection uses: 0 without a password, 1 Basic auth, 2 Basic auth over TLS.
  v("SecurityCtrlr", "SecurityProfile", "integer", "ReadOnly", "0", { isLive: true }),
  v("SecurityCtrlr", "Identity", "string", "ReadOnly", (f) => f.chargerId),
  v("SecurityCtrlr", "OrganizationName", "string", "ReadWrite", "Tamna"),
  v("AuthCtrlr", "Enabled", "boolean", "ReadWrite", "true"),
  v("AuthCtrlr", "AuthorizeRemoteStart", "boolean", "ReadWrite", "false"),
  v("AuthCtrlr", "LocalAuthorizeOffline", "boolean", "ReadWrite", "true"),
  v("AuthCtrlr", "LocalPreAuthorize", "boolean", "ReadWrite", "false"),
  v("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "boolean", "ReadWrite", "true"),
  v("LocalAuthListCtrlr", "Enabled", "boolean", "ReadWrite", "true"),
  v("LocalAuthListCtrlr", "Entries", "integer", "ReadOnly", "0", { isLive: true }),
  v("LocalAuthListCtrlr", "ItemsPerMessage", "integer", "ReadOnly", "10000"),
  v("LocalAuthListCtrlr", "BytesPerMessage", "integer", "ReadOnly", "1000000"),
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
