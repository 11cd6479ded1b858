// GENERATED FILE, DO NOT EDIT. Regenerate with:
//   deno run --allow-read --allow-write actors/ocpp/gen_schemas.ts
// Source: ocpp-rpc@2.2.1, lib/schemas/ocpp2_0_1.json (OCA OCPP 2.0.1).
// Schema annotations (description, default) are not transcribed: they do not validate anything.

/** Zod schemas for the 128 OCPP 2.0.1 payloads (a request and a response per action), exact to the OCA JSON schemas. */
import { z } from "zod";
import type { Action } from "./actions.ts";
import type * as Explicit from "./payload_types.ts";
import { dateTime } from "./schema_checks.ts";

// Definitions shared by the payloads, in dependency order.

export const CustomDataType = z.looseObject({
  vendorId: z.string().max(255),
});
export type CustomDataType = z.infer<typeof CustomDataType>;

export const AdditionalInfoType = z.strictObject({
  customData: CustomDataType.optional(),
  additionalIdToken: z.string().max(36),
  type: z.string().max(50),
});
export type AdditionalInfoType = z.infer<typeof AdditionalInfoType>;

export const IdTokenEnumType = z.enum([
  "Central",
  "eMAID",
  "ISO14443",
  "ISO15693",
  "KeyCode",
  "Local",
  "MacAddress",
  "NoAuthorization",
]);
export type IdTokenEnumType = z.infer<typeof IdTokenEnumType>;

export const IdTokenType = z.strictObject({
  customData: CustomDataType.optional(),
  additionalInfo: z.array(AdditionalInfoType).min(1).optional(),
  idToken: z.string().max(36),
  type: IdTokenEnumType,
});
export type IdTokenType = z.infer<typeof IdTokenType>;

export const HashAlgorithmEnumType = z.enum(["SHA256", "SHA384", "SHA512"]);
export type HashAlgorithmEnumType = z.infer<typeof HashAlgorithmEnumType>;

export const OCSPRequestDataType = z.strictObject({
  customData: CustomDataType.optional(),
  hashAlgorithm: HashAlgorithmEnumType,
  issuerNameHash: z.string().max(128),
  issuerKeyHash: z.string().max(128),
  serialNumber: z.string().max(40),
  responderURL: z.string().max(512),
});
export type OCSPRequestDataType = z.infer<typeof OCSPRequestDataType>;

export const AuthorizationStatusEnumType = z.enum([
  "Accepted",
  "Blocked",
  "ConcurrentTx",
  "Expired",
  "Invalid",
  "NoCredit",
  "NotAllowedTypeEVSE",
  "NotAtThisLocation",
  "NotAtThisTime",
  "Unknown",
]);
export type AuthorizationStatusEnumType = z.infer<typeof AuthorizationStatusEnumType>;

export const MessageFormatEnumType = z.enum(["ASCII", "HTML", "URI", "UTF8"]);
export type MessageFormatEnumType = z.infer<typeof MessageFormatEnumType>;

export const MessageContentType = z.strictObject({
  customData: CustomDataType.optional(),
  format: MessageFormatEnumType,
  language: z.string().max(8).optional(),
  content: z.string().max(512),
});
export type MessageContentType = z.infer<typeof MessageContentType>;

export const IdTokenInfoType = z.strictObject({
  customData: CustomDataType.optional(),
  status: AuthorizationStatusEnumType,
  cacheExpiryDateTime: dateTime.optional(),
  chargingPriority: z.number().int().optional(),
  language1: z.string().max(8).optional(),
  evseId: z.array(z.number().int()).min(1).optional(),
  groupIdToken: IdTokenType.optional(),
  language2: z.string().max(8).optional(),
  personalMessage: MessageContentType.optional(),
});
export type IdTokenInfoType = z.infer<typeof IdTokenInfoType>;

export const AuthorizeCertificateStatusEnumType = z.enum([
  "Accepted",
  "SignatureError",
  "CertificateExpired",
  "CertificateRevoked",
  "NoCertificateAvailable",
  "CertChainError",
  "ContractCancelled",
]);
export type AuthorizeCertificateStatusEnumType = z.infer<typeof AuthorizeCertificateStatusEnumType>;

export const ModemType = z.strictObject({
  customData: CustomDataType.optional(),
  iccid: z.string().max(20).optional(),
  imsi: z.string().max(20).optional(),
});
export type ModemType = z.infer<typeof ModemType>;

export const ChargingStationType = z.strictObject({
  customData: CustomDataType.optional(),
  serialNumber: z.string().max(25).optional(),
  model: z.string().max(20),
  modem: ModemType.optional(),
  vendorName: z.string().max(50),
  firmwareVersion: z.string().max(50).optional(),
});
export type ChargingStationType = z.infer<typeof ChargingStationType>;

export const BootReasonEnumType = z.enum([
  "ApplicationReset",
  "FirmwareUpdate",
  "LocalReset",
  "PowerUp",
  "RemoteReset",
  "ScheduledReset",
  "Triggered",
  "Unknown",
  "Watchdog",
]);
export type BootReasonEnumType = z.infer<typeof BootReasonEnumType>;

export const RegistrationStatusEnumType = z.enum(["Accepted", "Pending", "Rejected"]);
export type RegistrationStatusEnumType = z.infer<typeof RegistrationStatusEnumType>;

export const StatusInfoType = z.strictObject({
  customData: CustomDataType.optional(),
  reasonCode: z.string().max(20),
  additionalInfo: z.string().max(512).optional(),
});
export type StatusInfoType = z.infer<typeof StatusInfoType>;

export const CancelReservationStatusEnumType = z.enum(["Accepted", "Rejected"]);
export type CancelReservationStatusEnumType = z.infer<typeof CancelReservationStatusEnumType>;

export const CertificateSigningUseEnumType = z.enum(["ChargingStationCertificate", "V2GCertificate"]);
export type CertificateSigningUseEnumType = z.infer<typeof CertificateSigningUseEnumType>;

export const CertificateSignedStatusEnumType = z.enum(["Accepted", "Rejected"]);
export type CertificateSignedStatusEnumType = z.infer<typeof CertificateSignedStatusEnumType>;

export const EVSEType = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.number().int(),
  connectorId: z.number().int().optional(),
});
export type EVSEType = z.infer<typeof EVSEType>;

export const OperationalStatusEnumType = z.enum(["Inoperative", "Operative"]);
export type OperationalStatusEnumType = z.infer<typeof OperationalStatusEnumType>;

export const ChangeAvailabilityStatusEnumType = z.enum(["Accepted", "Rejected", "Scheduled"]);
export type ChangeAvailabilityStatusEnumType = z.infer<typeof ChangeAvailabilityStatusEnumType>;

export const ClearCacheStatusEnumType = z.enum(["Accepted", "Rejected"]);
export type ClearCacheStatusEnumType = z.infer<typeof ClearCacheStatusEnumType>;

export const ChargingProfilePurposeEnumType = z.enum([
  "ChargingStationExternalConstraints",
  "ChargingStationMaxProfile",
  "TxDefaultProfile",
  "TxProfile",
]);
export type ChargingProfilePurposeEnumType = z.infer<typeof ChargingProfilePurposeEnumType>;

export const ClearChargingProfileType = z.strictObject({
  customData: CustomDataType.optional(),
  evseId: z.number().int().optional(),
  chargingProfilePurpose: ChargingProfilePurposeEnumType.optional(),
  stackLevel: z.number().int().optional(),
});
export type ClearChargingProfileType = z.infer<typeof ClearChargingProfileType>;

export const ClearChargingProfileStatusEnumType = z.enum(["Accepted", "Unknown"]);
export type ClearChargingProfileStatusEnumType = z.infer<typeof ClearChargingProfileStatusEnumType>;

export const ClearMessageStatusEnumType = z.enum(["Accepted", "Unknown"]);
export type ClearMessageStatusEnumType = z.infer<typeof ClearMessageStatusEnumType>;

export const ClearMonitoringStatusEnumType = z.enum(["Accepted", "Rejected", "NotFound"]);
export type ClearMonitoringStatusEnumType = z.infer<typeof ClearMonitoringStatusEnumType>;

export const ClearMonitoringResultType = z.strictObject({
  customData: CustomDataType.optional(),
  status: ClearMonitoringStatusEnumType,
  id: z.number().int(),
  statusInfo: StatusInfoType.optional(),
});
export type ClearMonitoringResultType = z.infer<typeof ClearMonitoringResultType>;

export const ChargingLimitSourceEnumType = z.enum(["EMS", "Other", "SO", "CSO"]);
export type ChargingLimitSourceEnumType = z.infer<typeof ChargingLimitSourceEnumType>;

export const CertificateHashDataType = z.strictObject({
  customData: CustomDataType.optional(),
  hashAlgorithm: HashAlgorithmEnumType,
  issuerNameHash: z.string().max(128),
  issuerKeyHash: z.string().max(128),
  serialNumber: z.string().max(40),
});
export type CertificateHashDataType = z.infer<typeof CertificateHashDataType>;

export const CustomerInformationStatusEnumType = z.enum(["Accepted", "Rejected", "Invalid"]);
export type CustomerInformationStatusEnumType = z.infer<typeof CustomerInformationStatusEnumType>;

export const DataTransferStatusEnumType = z.enum(["Accepted", "Rejected", "UnknownMessageId", "UnknownVendorId"]);
export type DataTransferStatusEnumType = z.infer<typeof DataTransferStatusEnumType>;

export const DeleteCertificateStatusEnumType = z.enum(["Accepted", "Failed", "NotFound"]);
export type DeleteCertificateStatusEnumType = z.infer<typeof DeleteCertificateStatusEnumType>;

export const FirmwareStatusEnumType = z.enum([
  "Downloaded",
  "DownloadFailed",
  "Downloading",
  "DownloadScheduled",
  "DownloadPaused",
  "Idle",
  "InstallationFailed",
  "Installing",
  "Installed",
  "InstallRebooting",
  "InstallScheduled",
  "InstallVerificationFailed",
  "InvalidSignature",
  "SignatureVerified",
]);
export type FirmwareStatusEnumType = z.infer<typeof FirmwareStatusEnumType>;

export const CertificateActionEnumType = z.enum(["Install", "Update"]);
export type CertificateActionEnumType = z.infer<typeof CertificateActionEnumType>;

export const Iso15118EVCertificateStatusEnumType = z.enum(["Accepted", "Failed"]);
export type Iso15118EVCertificateStatusEnumType = z.infer<typeof Iso15118EVCertificateStatusEnumType>;

export const ReportBaseEnumType = z.enum(["ConfigurationInventory", "FullInventory", "SummaryInventory"]);
export type ReportBaseEnumType = z.infer<typeof ReportBaseEnumType>;

export const GenericDeviceModelStatusEnumType = z.enum(["Accepted", "Rejected", "NotSupported", "EmptyResultSet"]);
export type GenericDeviceModelStatusEnumType = z.infer<typeof GenericDeviceModelStatusEnumType>;

export const GetCertificateStatusEnumType = z.enum(["Accepted", "Failed"]);
export type GetCertificateStatusEnumType = z.infer<typeof GetCertificateStatusEnumType>;

export const ChargingProfileCriterionType = z.strictObject({
  customData: CustomDataType.optional(),
  chargingProfilePurpose: ChargingProfilePurposeEnumType.optional(),
  stackLevel: z.number().int().optional(),
  chargingProfileId: z.array(z.number().int()).min(1).optional(),
  chargingLimitSource: z.array(ChargingLimitSourceEnumType).min(1).max(4).optional(),
});
export type ChargingProfileCriterionType = z.infer<typeof ChargingProfileCriterionType>;

export const GetChargingProfileStatusEnumType = z.enum(["Accepted", "NoProfiles"]);
export type GetChargingProfileStatusEnumType = z.infer<typeof GetChargingProfileStatusEnumType>;

export const ChargingRateUnitEnumType = z.enum(["W", "A"]);
export type ChargingRateUnitEnumType = z.infer<typeof ChargingRateUnitEnumType>;

export const GenericStatusEnumType = z.enum(["Accepted", "Rejected"]);
export type GenericStatusEnumType = z.infer<typeof GenericStatusEnumType>;

export const ChargingSchedulePeriodType = z.strictObject({
  customData: CustomDataType.optional(),
  startPeriod: z.number().int(),
  limit: z.number(),
  numberPhases: z.number().int().optional(),
  phaseToUse: z.number().int().optional(),
});
export type ChargingSchedulePeriodType = z.infer<typeof ChargingSchedulePeriodType>;

export const CompositeScheduleType = z.strictObject({
  customData: CustomDataType.optional(),
  chargingSchedulePeriod: z.array(ChargingSchedulePeriodType).min(1),
  evseId: z.number().int(),
  duration: z.number().int(),
  scheduleStart: dateTime,
  chargingRateUnit: ChargingRateUnitEnumType,
});
export type CompositeScheduleType = z.infer<typeof CompositeScheduleType>;

export const MessagePriorityEnumType = z.enum(["AlwaysFront", "InFront", "NormalCycle"]);
export type MessagePriorityEnumType = z.infer<typeof MessagePriorityEnumType>;

export const MessageStateEnumType = z.enum(["Charging", "Faulted", "Idle", "Unavailable"]);
export type MessageStateEnumType = z.infer<typeof MessageStateEnumType>;

export const GetDisplayMessagesStatusEnumType = z.enum(["Accepted", "Unknown"]);
export type GetDisplayMessagesStatusEnumType = z.infer<typeof GetDisplayMessagesStatusEnumType>;

export const GetCertificateIdUseEnumType = z.enum([
  "V2GRootCertificate",
  "MORootCertificate",
  "CSMSRootCertificate",
  "V2GCertificateChain",
  "ManufacturerRootCertificate",
]);
export type GetCertificateIdUseEnumType = z.infer<typeof GetCertificateIdUseEnumType>;

export const GetInstalledCertificateStatusEnumType = z.enum(["Accepted", "NotFound"]);
export type GetInstalledCertificateStatusEnumType = z.infer<typeof GetInstalledCertificateStatusEnumType>;

export const CertificateHashDataChainType = z.strictObject({
  customData: CustomDataType.optional(),
  certificateHashData: CertificateHashDataType,
  certificateType: GetCertificateIdUseEnumType,
  childCertificateHashData: z.array(CertificateHashDataType).min(1).max(4).optional(),
});
export type CertificateHashDataChainType = z.infer<typeof CertificateHashDataChainType>;

export const LogParametersType = z.strictObject({
  customData: CustomDataType.optional(),
  remoteLocation: z.string().max(512),
  oldestTimestamp: dateTime.optional(),
  latestTimestamp: dateTime.optional(),
});
export type LogParametersType = z.infer<typeof LogParametersType>;

export const LogEnumType = z.enum(["DiagnosticsLog", "SecurityLog"]);
export type LogEnumType = z.infer<typeof LogEnumType>;

export const LogStatusEnumType = z.enum(["Accepted", "Rejected", "AcceptedCanceled"]);
export type LogStatusEnumType = z.infer<typeof LogStatusEnumType>;

export const ComponentType = z.strictObject({
  customData: CustomDataType.optional(),
  evse: EVSEType.optional(),
  name: z.string().max(50),
  instance: z.string().max(50).optional(),
});
export type ComponentType = z.infer<typeof ComponentType>;

export const VariableType = z.strictObject({
  customData: CustomDataType.optional(),
  name: z.string().max(50),
  instance: z.string().max(50).optional(),
});
export type VariableType = z.infer<typeof VariableType>;

export const ComponentVariableType = z.strictObject({
  customData: CustomDataType.optional(),
  component: ComponentType,
  variable: VariableType.optional(),
});
export type ComponentVariableType = z.infer<typeof ComponentVariableType>;

export const MonitoringCriterionEnumType = z.enum(["ThresholdMonitoring", "DeltaMonitoring", "PeriodicMonitoring"]);
export type MonitoringCriterionEnumType = z.infer<typeof MonitoringCriterionEnumType>;

export const ComponentCriterionEnumType = z.enum(["Active", "Available", "Enabled", "Problem"]);
export type ComponentCriterionEnumType = z.infer<typeof ComponentCriterionEnumType>;

export const AttributeEnumType = z.enum(["Actual", "Target", "MinSet", "MaxSet"]);
export type AttributeEnumType = z.infer<typeof AttributeEnumType>;

export const GetVariableDataType = z.strictObject({
  customData: CustomDataType.optional(),
  attributeType: AttributeEnumType.optional(),
  component: ComponentType,
  variable: VariableType,
});
export type GetVariableDataType = z.infer<typeof GetVariableDataType>;

export const GetVariableStatusEnumType = z.enum(["Accepted", "Rejected", "UnknownComponent", "UnknownVariable", "NotSupportedAttributeType"]);
export type GetVariableStatusEnumType = z.infer<typeof GetVariableStatusEnumType>;

export const GetVariableResultType = z.strictObject({
  customData: CustomDataType.optional(),
  attributeStatusInfo: StatusInfoType.optional(),
  attributeStatus: GetVariableStatusEnumType,
  attributeType: AttributeEnumType.optional(),
  attributeValue: z.string().max(2500).optional(),
  component: ComponentType,
  variable: VariableType,
});
export type GetVariableResultType = z.infer<typeof GetVariableResultType>;

export const InstallCertificateUseEnumType = z.enum([
  "V2GRootCertificate",
  "MORootCertificate",
  "CSMSRootCertificate",
  "ManufacturerRootCertificate",
]);
export type InstallCertificateUseEnumType = z.infer<typeof InstallCertificateUseEnumType>;

export const InstallCertificateStatusEnumType = z.enum(["Accepted", "Rejected", "Failed"]);
export type InstallCertificateStatusEnumType = z.infer<typeof InstallCertificateStatusEnumType>;

export const UploadLogStatusEnumType = z.enum([
  "BadMessage",
  "Idle",
  "NotSupportedOperation",
  "PermissionDenied",
  "Uploaded",
  "UploadFailure",
  "Uploading",
  "AcceptedCanceled",
]);
export type UploadLogStatusEnumType = z.infer<typeof UploadLogStatusEnumType>;

export const ReadingContextEnumType = z.enum([
  "Interruption.Begin",
  "Interruption.End",
  "Other",
  "Sample.Clock",
  "Sample.Periodic",
  "Transaction.Begin",
  "Transaction.End",
  "Trigger",
]);
export type ReadingContextEnumType = z.infer<typeof ReadingContextEnumType>;

export const MeasurandEnumType = z.enum([
  "Current.Export",
  "Current.Import",
  "Current.Offered",
  "Energy.Active.Export.Register",
  "Energy.Active.Import.Register",
  "Energy.Reactive.Export.Register",
  "Energy.Reactive.Import.Register",
  "Energy.Active.Export.Interval",
  "Energy.Active.Import.Interval",
  "Energy.Active.Net",
  "Energy.Reactive.Export.Interval",
  "Energy.Reactive.Import.Interval",
  "Energy.Reactive.Net",
  "Energy.Apparent.Net",
  "Energy.Apparent.Import",
  "Energy.Apparent.Export",
  "Frequency",
  "Power.Active.Export",
  "Power.Active.Import",
  "Power.Factor",
  "Power.Offered",
  "Power.Reactive.Export",
  "Power.Reactive.Import",
  "SoC",
  "Voltage",
]);
export type MeasurandEnumType = z.infer<typeof MeasurandEnumType>;

export const PhaseEnumType = z.enum(["L1", "L2", "L3", "N", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1"]);
export type PhaseEnumType = z.infer<typeof PhaseEnumType>;

export const LocationEnumType = z.enum(["Body", "Cable", "EV", "Inlet", "Outlet"]);
export type LocationEnumType = z.infer<typeof LocationEnumType>;

export const SignedMeterValueType = z.strictObject({
  customData: CustomDataType.optional(),
  signedMeterData: z.string().max(2500),
  signingMethod: z.string().max(50),
  encodingMethod: z.string().max(50),
  publicKey: z.string().max(2500),
});
export type SignedMeterValueType = z.infer<typeof SignedMeterValueType>;

export const UnitOfMeasureType = z.strictObject({
  customData: CustomDataType.optional(),
  unit: z.string().max(20).optional(),
  multiplier: z.number().int().optional(),
});
export type UnitOfMeasureType = z.infer<typeof UnitOfMeasureType>;

export const SampledValueType = z.strictObject({
  customData: CustomDataType.optional(),
  value: z.number(),
  context: ReadingContextEnumType.optional(),
  measurand: MeasurandEnumType.optional(),
  phase: PhaseEnumType.optional(),
  location: LocationEnumType.optional(),
  signedMeterValue: SignedMeterValueType.optional(),
  unitOfMeasure: UnitOfMeasureType.optional(),
});
export type SampledValueType = z.infer<typeof SampledValueType>;

export const MeterValueType = z.strictObject({
  customData: CustomDataType.optional(),
  sampledValue: z.array(SampledValueType).min(1),
  timestamp: dateTime,
});
export type MeterValueType = z.infer<typeof MeterValueType>;

export const RelativeTimeIntervalType = z.strictObject({
  customData: CustomDataType.optional(),
  start: z.number().int(),
  duration: z.number().int().optional(),
});
export type RelativeTimeIntervalType = z.infer<typeof RelativeTimeIntervalType>;

export const CostKindEnumType = z.enum(["CarbonDioxideEmission", "RelativePricePercentage", "RenewableGenerationPercentage"]);
export type CostKindEnumType = z.infer<typeof CostKindEnumType>;

export const CostType = z.strictObject({
  customData: CustomDataType.optional(),
  costKind: CostKindEnumType,
  amount: z.number().int(),
  amountMultiplier: z.number().int().optional(),
});
export type CostType = z.infer<typeof CostType>;

export const ConsumptionCostType = z.strictObject({
  customData: CustomDataType.optional(),
  startValue: z.number(),
  cost: z.array(CostType).min(1).max(3),
});
export type ConsumptionCostType = z.infer<typeof ConsumptionCostType>;

export const SalesTariffEntryType = z.strictObject({
  customData: CustomDataType.optional(),
  relativeTimeInterval: RelativeTimeIntervalType,
  ePriceLevel: z.number().int().min(0).optional(),
  consumptionCost: z.array(ConsumptionCostType).min(1).max(3).optional(),
});
export type SalesTariffEntryType = z.infer<typeof SalesTariffEntryType>;

export const SalesTariffType = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.number().int(),
  salesTariffDescription: z.string().max(32).optional(),
  numEPriceLevels: z.number().int().optional(),
  salesTariffEntry: z.array(SalesTariffEntryType).min(1).max(1024),
});
export type SalesTariffType = z.infer<typeof SalesTariffType>;

export const ChargingScheduleType = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.number().int(),
  startSchedule: dateTime.optional(),
  duration: z.number().int().optional(),
  chargingRateUnit: ChargingRateUnitEnumType,
  chargingSchedulePeriod: z.array(ChargingSchedulePeriodType).min(1).max(1024),
  minChargingRate: z.number().optional(),
  salesTariff: SalesTariffType.optional(),
});
export type ChargingScheduleType = z.infer<typeof ChargingScheduleType>;

export const ChargingLimitType = z.strictObject({
  customData: CustomDataType.optional(),
  chargingLimitSource: ChargingLimitSourceEnumType,
  isGridCritical: z.boolean().optional(),
});
export type ChargingLimitType = z.infer<typeof ChargingLimitType>;

export const MessageInfoType = z.strictObject({
  customData: CustomDataType.optional(),
  display: ComponentType.optional(),
  id: z.number().int(),
  priority: MessagePriorityEnumType,
  state: MessageStateEnumType.optional(),
  startDateTime: dateTime.optional(),
  endDateTime: dateTime.optional(),
  transactionId: z.string().max(36).optional(),
  message: MessageContentType,
});
export type MessageInfoType = z.infer<typeof MessageInfoType>;

export const ACChargingParametersType = z.strictObject({
  customData: CustomDataType.optional(),
  energyAmount: z.number().int(),
  evMinCurrent: z.number().int(),
  evMaxCurrent: z.number().int(),
  evMaxVoltage: z.number().int(),
});
export type ACChargingParametersType = z.infer<typeof ACChargingParametersType>;

export const DCChargingParametersType = z.strictObject({
  customData: CustomDataType.optional(),
  evMaxCurrent: z.number().int(),
  evMaxVoltage: z.number().int(),
  energyAmount: z.number().int().optional(),
  evMaxPower: z.number().int().optional(),
  stateOfCharge: z.number().int().min(0).max(100).optional(),
  evEnergyCapacity: z.number().int().optional(),
  fullSoC: z.number().int().min(0).max(100).optional(),
  bulkSoC: z.number().int().min(0).max(100).optional(),
});
export type DCChargingParametersType = z.infer<typeof DCChargingParametersType>;

export const EnergyTransferModeEnumType = z.enum(["DC", "AC_single_phase", "AC_two_phase", "AC_three_phase"]);
export type EnergyTransferModeEnumType = z.infer<typeof EnergyTransferModeEnumType>;

export const ChargingNeedsType = z.strictObject({
  customData: CustomDataType.optional(),
  acChargingParameters: ACChargingParametersType.optional(),
  dcChargingParameters: DCChargingParametersType.optional(),
  requestedEnergyTransfer: EnergyTransferModeEnumType,
  departureTime: dateTime.optional(),
});
export type ChargingNeedsType = z.infer<typeof ChargingNeedsType>;

export const NotifyEVChargingNeedsStatusEnumType = z.enum(["Accepted", "Rejected", "Processing"]);
export type NotifyEVChargingNeedsStatusEnumType = z.infer<typeof NotifyEVChargingNeedsStatusEnumType>;

export const EventTriggerEnumType = z.enum(["Alerting", "Delta", "Periodic"]);
export type EventTriggerEnumType = z.infer<typeof EventTriggerEnumType>;

export const EventNotificationEnumType = z.enum(["HardWiredNotification", "HardWiredMonitor", "PreconfiguredMonitor", "CustomMonitor"]);
export type EventNotificationEnumType = z.infer<typeof EventNotificationEnumType>;

export const EventDataType = z.strictObject({
  customData: CustomDataType.optional(),
  eventId: z.number().int(),
  timestamp: dateTime,
  trigger: EventTriggerEnumType,
  cause: z.number().int().optional(),
  actualValue: z.string().max(2500),
  techCode: z.string().max(50).optional(),
  techInfo: z.string().max(500).optional(),
  cleared: z.boolean().optional(),
  transactionId: z.string().max(36).optional(),
  component: ComponentType,
  variableMonitoringId: z.number().int().optional(),
  eventNotificationType: EventNotificationEnumType,
  variable: VariableType,
});
export type EventDataType = z.infer<typeof EventDataType>;

export const MonitorEnumType = z.enum(["UpperThreshold", "LowerThreshold", "Delta", "Periodic", "PeriodicClockAligned"]);
export type MonitorEnumType = z.infer<typeof MonitorEnumType>;

export const VariableMonitoringType = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.number().int(),
  transaction: z.boolean(),
  value: z.number(),
  type: MonitorEnumType,
  severity: z.number().int(),
});
export type VariableMonitoringType = z.infer<typeof VariableMonitoringType>;

export const MonitoringDataType = z.strictObject({
  customData: CustomDataType.optional(),
  component: ComponentType,
  variable: VariableType,
  variableMonitoring: z.array(VariableMonitoringType).min(1),
});
export type MonitoringDataType = z.infer<typeof MonitoringDataType>;

export const MutabilityEnumType = z.enum(["ReadOnly", "WriteOnly", "ReadWrite"]);
export type MutabilityEnumType = z.infer<typeof MutabilityEnumType>;

export const VariableAttributeType = z.strictObject({
  customData: CustomDataType.optional(),
  type: AttributeEnumType.optional(),
  value: z.string().max(2500).optional(),
  mutability: MutabilityEnumType.optional(),
  persistent: z.boolean().optional(),
  constant: z.boolean().optional(),
});
export type VariableAttributeType = z.infer<typeof VariableAttributeType>;

export const DataEnumType = z.enum([
  "string",
  "decimal",
  "integer",
  "dateTime",
  "boolean",
  "OptionList",
  "SequenceList",
  "MemberList",
]);
export type DataEnumType = z.infer<typeof DataEnumType>;

export const VariableCharacteristicsType = z.strictObject({
  customData: CustomDataType.optional(),
  unit: z.string().max(16).optional(),
  dataType: DataEnumType,
  minLimit: z.number().optional(),
  maxLimit: z.number().optional(),
  valuesList: z.string().max(1000).optional(),
  supportsMonitoring: z.boolean(),
});
export type VariableCharacteristicsType = z.infer<typeof VariableCharacteristicsType>;

export const ReportDataType = z.strictObject({
  customData: CustomDataType.optional(),
  component: ComponentType,
  variable: VariableType,
  variableAttribute: z.array(VariableAttributeType).min(1).max(4),
  variableCharacteristics: VariableCharacteristicsType.optional(),
});
export type ReportDataType = z.infer<typeof ReportDataType>;

export const PublishFirmwareStatusEnumType = z.enum([
  "Idle",
  "DownloadScheduled",
  "Downloading",
  "Downloaded",
  "Published",
  "DownloadFailed",
  "DownloadPaused",
  "InvalidChecksum",
  "ChecksumVerified",
  "PublishFailed",
]);
export type PublishFirmwareStatusEnumType = z.infer<typeof PublishFirmwareStatusEnumType>;

export const ChargingProfileKindEnumType = z.enum(["Absolute", "Recurring", "Relative"]);
export type ChargingProfileKindEnumType = z.infer<typeof ChargingProfileKindEnumType>;

export const RecurrencyKindEnumType = z.enum(["Daily", "Weekly"]);
export type RecurrencyKindEnumType = z.infer<typeof RecurrencyKindEnumType>;

export const ChargingProfileType = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.number().int(),
  stackLevel: z.number().int(),
  chargingProfilePurpose: ChargingProfilePurposeEnumType,
  chargingProfileKind: ChargingProfileKindEnumType,
  recurrencyKind: RecurrencyKindEnumType.optional(),
  validFrom: dateTime.optional(),
  validTo: dateTime.optional(),
  chargingSchedule: z.array(ChargingScheduleType).min(1).max(3),
  transactionId: z.string().max(36).optional(),
});
export type ChargingProfileType = z.infer<typeof ChargingProfileType>;

export const RequestStartStopStatusEnumType = z.enum(["Accepted", "Rejected"]);
export type RequestStartStopStatusEnumType = z.infer<typeof RequestStartStopStatusEnumType>;

export const ReservationUpdateStatusEnumType = z.enum(["Expired", "Removed"]);
export type ReservationUpdateStatusEnumType = z.infer<typeof ReservationUpdateStatusEnumType>;

export const ConnectorEnumType = z.enum([
  "cCCS1",
  "cCCS2",
  "cG105",
  "cTesla",
  "cType1",
  "cType2",
  "s309-1P-16A",
  "s309-1P-32A",
  "s309-3P-16A",
  "s309-3P-32A",
  "sBS1361",
  "sCEE-7-7",
  "sType2",
  "sType3",
  "Other1PhMax16A",
  "Other1PhOver16A",
  "Other3Ph",
  "Pan",
  "wInductive",
  "wResonant",
  "Undetermined",
  "Unknown",
]);
export type ConnectorEnumType = z.infer<typeof ConnectorEnumType>;

export const ReserveNowStatusEnumType = z.enum(["Accepted", "Faulted", "Occupied", "Rejected", "Unavailable"]);
export type ReserveNowStatusEnumType = z.infer<typeof ReserveNowStatusEnumType>;

export const ResetEnumType = z.enum(["Immediate", "OnIdle"]);
export type ResetEnumType = z.infer<typeof ResetEnumType>;

export const ResetStatusEnumType = z.enum(["Accepted", "Rejected", "Scheduled"]);
export type ResetStatusEnumType = z.infer<typeof ResetStatusEnumType>;

export const AuthorizationData = z.strictObject({
  customData: CustomDataType.optional(),
  idToken: IdTokenType,
  idTokenInfo: IdTokenInfoType.optional(),
});
export type AuthorizationData = z.infer<typeof AuthorizationData>;

export const UpdateEnumType = z.enum(["Differential", "Full"]);
export type UpdateEnumType = z.infer<typeof UpdateEnumType>;

export const SendLocalListStatusEnumType = z.enum(["Accepted", "Failed", "VersionMismatch"]);
export type SendLocalListStatusEnumType = z.infer<typeof SendLocalListStatusEnumType>;

export const ChargingProfileStatusEnumType = z.enum(["Accepted", "Rejected"]);
export type ChargingProfileStatusEnumType = z.infer<typeof ChargingProfileStatusEnumType>;

export const DisplayMessageStatusEnumType = z.enum([
  "Accepted",
  "NotSupportedMessageFormat",
  "Rejected",
  "NotSupportedPriority",
  "NotSupportedState",
  "UnknownTransaction",
]);
export type DisplayMessageStatusEnumType = z.infer<typeof DisplayMessageStatusEnumType>;

export const MonitoringBaseEnumType = z.enum(["All", "FactoryDefault", "HardWiredOnly"]);
export type MonitoringBaseEnumType = z.infer<typeof MonitoringBaseEnumType>;

export const APNAuthenticationEnumType = z.enum(["CHAP", "NONE", "PAP", "AUTO"]);
export type APNAuthenticationEnumType = z.infer<typeof APNAuthenticationEnumType>;

export const APNType = z.strictObject({
  customData: CustomDataType.optional(),
  apn: z.string().max(512),
  apnUserName: z.string().max(20).optional(),
  apnPassword: z.string().max(20).optional(),
  simPin: z.number().int().optional(),
  preferredNetwork: z.string().max(6).optional(),
  useOnlyPreferredNetwork: z.boolean().optional(),
  apnAuthentication: APNAuthenticationEnumType,
});
export type APNType = z.infer<typeof APNType>;

export const OCPPVersionEnumType = z.enum(["OCPP12", "OCPP15", "OCPP16", "OCPP20"]);
export type OCPPVersionEnumType = z.infer<typeof OCPPVersionEnumType>;

export const OCPPTransportEnumType = z.enum(["JSON", "SOAP"]);
export type OCPPTransportEnumType = z.infer<typeof OCPPTransportEnumType>;

export const OCPPInterfaceEnumType = z.enum(["Wired0", "Wired1", "Wired2", "Wired3", "Wireless0", "Wireless1", "Wireless2", "Wireless3"]);
export type OCPPInterfaceEnumType = z.infer<typeof OCPPInterfaceEnumType>;

export const VPNEnumType = z.enum(["IKEv2", "IPSec", "L2TP", "PPTP"]);
export type VPNEnumType = z.infer<typeof VPNEnumType>;

export const VPNType = z.strictObject({
  customData: CustomDataType.optional(),
  server: z.string().max(512),
  user: z.string().max(20),
  group: z.string().max(20).optional(),
  password: z.string().max(20),
  key: z.string().max(255),
  type: VPNEnumType,
});
export type VPNType = z.infer<typeof VPNType>;

export const NetworkConnectionProfileType = z.strictObject({
  customData: CustomDataType.optional(),
  apn: APNType.optional(),
  ocppVersion: OCPPVersionEnumType,
  ocppTransport: OCPPTransportEnumType,
  ocppCsmsUrl: z.string().max(512),
  messageTimeout: z.number().int(),
  securityProfile: z.number().int(),
  ocppInterface: OCPPInterfaceEnumType,
  vpn: VPNType.optional(),
});
export type NetworkConnectionProfileType = z.infer<typeof NetworkConnectionProfileType>;

export const SetNetworkProfileStatusEnumType = z.enum(["Accepted", "Rejected", "Failed"]);
export type SetNetworkProfileStatusEnumType = z.infer<typeof SetNetworkProfileStatusEnumType>;

export const SetMonitoringDataType = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.number().int().optional(),
  transaction: z.boolean().optional(),
  value: z.number(),
  type: MonitorEnumType,
  severity: z.number().int(),
  component: ComponentType,
  variable: VariableType,
});
export type SetMonitoringDataType = z.infer<typeof SetMonitoringDataType>;

export const SetMonitoringStatusEnumType = z.enum([
  "Accepted",
  "UnknownComponent",
  "UnknownVariable",
  "UnsupportedMonitorType",
  "Rejected",
  "Duplicate",
]);
export type SetMonitoringStatusEnumType = z.infer<typeof SetMonitoringStatusEnumType>;

export const SetMonitoringResultType = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.number().int().optional(),
  statusInfo: StatusInfoType.optional(),
  status: SetMonitoringStatusEnumType,
  type: MonitorEnumType,
  component: ComponentType,
  variable: VariableType,
  severity: z.number().int(),
});
export type SetMonitoringResultType = z.infer<typeof SetMonitoringResultType>;

export const SetVariableDataType = z.strictObject({
  customData: CustomDataType.optional(),
  attributeType: AttributeEnumType.optional(),
  attributeValue: z.string().max(1000),
  component: ComponentType,
  variable: VariableType,
});
export type SetVariableDataType = z.infer<typeof SetVariableDataType>;

export const SetVariableStatusEnumType = z.enum([
  "Accepted",
  "Rejected",
  "UnknownComponent",
  "UnknownVariable",
  "NotSupportedAttributeType",
  "RebootRequired",
]);
export type SetVariableStatusEnumType = z.infer<typeof SetVariableStatusEnumType>;

export const SetVariableResultType = z.strictObject({
  customData: CustomDataType.optional(),
  attributeType: AttributeEnumType.optional(),
  attributeStatus: SetVariableStatusEnumType,
  attributeStatusInfo: StatusInfoType.optional(),
  component: ComponentType,
  variable: VariableType,
});
export type SetVariableResultType = z.infer<typeof SetVariableResultType>;

export const ConnectorStatusEnumType = z.enum(["Available", "Occupied", "Reserved", "Unavailable", "Faulted"]);
export type ConnectorStatusEnumType = z.infer<typeof ConnectorStatusEnumType>;

export const TransactionEventEnumType = z.enum(["Ended", "Started", "Updated"]);
export type TransactionEventEnumType = z.infer<typeof TransactionEventEnumType>;

export const TriggerReasonEnumType = z.enum([
  "Authorized",
  "CablePluggedIn",
  "ChargingRateChanged",
  "ChargingStateChanged",
  "Deauthorized",
  "EnergyLimitReached",
  "EVCommunicationLost",
  "EVConnectTimeout",
  "MeterValueClock",
  "MeterValuePeriodic",
  "TimeLimitReached",
  "Trigger",
  "UnlockCommand",
  "StopAuthorized",
  "EVDeparted",
  "EVDetected",
  "RemoteStop",
  "RemoteStart",
  "AbnormalCondition",
  "SignedDataReceived",
  "ResetCommand",
]);
export type TriggerReasonEnumType = z.infer<typeof TriggerReasonEnumType>;

export const ChargingStateEnumType = z.enum(["Charging", "EVConnected", "SuspendedEV", "SuspendedEVSE", "Idle"]);
export type ChargingStateEnumType = z.infer<typeof ChargingStateEnumType>;

export const ReasonEnumType = z.enum([
  "DeAuthorized",
  "EmergencyStop",
  "EnergyLimitReached",
  "EVDisconnected",
  "GroundFault",
  "ImmediateReset",
  "Local",
  "LocalOutOfCredit",
  "MasterPass",
  "Other",
  "OvercurrentFault",
  "PowerLoss",
  "PowerQuality",
  "Reboot",
  "Remote",
  "SOCLimitReached",
  "StoppedByEV",
  "TimeLimitReached",
  "Timeout",
]);
export type ReasonEnumType = z.infer<typeof ReasonEnumType>;

export const TransactionType = z.strictObject({
  customData: CustomDataType.optional(),
  transactionId: z.string().max(36),
  chargingState: ChargingStateEnumType.optional(),
  timeSpentCharging: z.number().int().optional(),
  stoppedReason: ReasonEnumType.optional(),
  remoteStartId: z.number().int().optional(),
});
export type TransactionType = z.infer<typeof TransactionType>;

export const MessageTriggerEnumType = z.enum([
  "BootNotification",
  "LogStatusNotification",
  "FirmwareStatusNotification",
  "Heartbeat",
  "MeterValues",
  "SignChargingStationCertificate",
  "SignV2GCertificate",
  "StatusNotification",
  "TransactionEvent",
  "SignCombinedCertificate",
  "PublishFirmwareStatusNotification",
]);
export type MessageTriggerEnumType = z.infer<typeof MessageTriggerEnumType>;

export const TriggerMessageStatusEnumType = z.enum(["Accepted", "Rejected", "NotImplemented"]);
export type TriggerMessageStatusEnumType = z.infer<typeof TriggerMessageStatusEnumType>;

export const UnlockStatusEnumType = z.enum(["Unlocked", "UnlockFailed", "OngoingAuthorizedTransaction", "UnknownConnector"]);
export type UnlockStatusEnumType = z.infer<typeof UnlockStatusEnumType>;

export const UnpublishFirmwareStatusEnumType = z.enum(["DownloadOngoing", "NoFirmware", "Unpublished"]);
export type UnpublishFirmwareStatusEnumType = z.infer<typeof UnpublishFirmwareStatusEnumType>;

export const FirmwareType = z.strictObject({
  customData: CustomDataType.optional(),
  location: z.string().max(512),
  retrieveDateTime: dateTime,
  installDateTime: dateTime.optional(),
  signingCertificate: z.string().max(5500).optional(),
  signature: z.string().max(800).optional(),
});
export type FirmwareType = z.infer<typeof FirmwareType>;

export const UpdateFirmwareStatusEnumType = z.enum(["Accepted", "Rejected", "AcceptedCanceled", "InvalidCertificate", "RevokedCertificate"]);
export type UpdateFirmwareStatusEnumType = z.infer<typeof UpdateFirmwareStatusEnumType>;

// One request and one response payload per action.

export const AuthorizeRequest = z.strictObject({
  customData: CustomDataType.optional(),
  idToken: IdTokenType,
  certificate: z.string().max(5500).optional(),
  iso15118CertificateHashData: z.array(OCSPRequestDataType).min(1).max(4).optional(),
});
export type AuthorizeRequest = z.infer<typeof AuthorizeRequest>;

export const AuthorizeResponse = z.strictObject({
  customData: CustomDataType.optional(),
  idTokenInfo: IdTokenInfoType,
  certificateStatus: AuthorizeCertificateStatusEnumType.optional(),
});
export type AuthorizeResponse = z.infer<typeof AuthorizeResponse>;

export const BootNotificationRequest = z.strictObject({
  customData: CustomDataType.optional(),
  chargingStation: ChargingStationType,
  reason: BootReasonEnumType,
});
export type BootNotificationRequest = z.infer<typeof BootNotificationRequest>;

export const BootNotificationResponse = z.strictObject({
  customData: CustomDataType.optional(),
  currentTime: dateTime,
  interval: z.number().int(),
  status: RegistrationStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type BootNotificationResponse = z.infer<typeof BootNotificationResponse>;

export const CancelReservationRequest = z.strictObject({
  customData: CustomDataType.optional(),
  reservationId: z.number().int(),
});
export type CancelReservationRequest = z.infer<typeof CancelReservationRequest>;

export const CancelReservationResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: CancelReservationStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type CancelReservationResponse = z.infer<typeof CancelReservationResponse>;

export const CertificateSignedRequest = z.strictObject({
  customData: CustomDataType.optional(),
  certificateChain: z.string().max(10000),
  certificateType: CertificateSigningUseEnumType.optional(),
});
export type CertificateSignedRequest = z.infer<typeof CertificateSignedRequest>;

export const CertificateSignedResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: CertificateSignedStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type CertificateSignedResponse = z.infer<typeof CertificateSignedResponse>;

export const ChangeAvailabilityRequest = z.strictObject({
  customData: CustomDataType.optional(),
  evse: EVSEType.optional(),
  operationalStatus: OperationalStatusEnumType,
});
export type ChangeAvailabilityRequest = z.infer<typeof ChangeAvailabilityRequest>;

export const ChangeAvailabilityResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: ChangeAvailabilityStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type ChangeAvailabilityResponse = z.infer<typeof ChangeAvailabilityResponse>;

export const ClearCacheRequest = z.strictObject({
  customData: CustomDataType.optional(),
});
export type ClearCacheRequest = z.infer<typeof ClearCacheRequest>;

export const ClearCacheResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: ClearCacheStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type ClearCacheResponse = z.infer<typeof ClearCacheResponse>;

export const ClearChargingProfileRequest = z.strictObject({
  customData: CustomDataType.optional(),
  chargingProfileId: z.number().int().optional(),
  chargingProfileCriteria: ClearChargingProfileType.optional(),
});
export type ClearChargingProfileRequest = z.infer<typeof ClearChargingProfileRequest>;

export const ClearChargingProfileResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: ClearChargingProfileStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type ClearChargingProfileResponse = z.infer<typeof ClearChargingProfileResponse>;

export const ClearDisplayMessageRequest = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.number().int(),
});
export type ClearDisplayMessageRequest = z.infer<typeof ClearDisplayMessageRequest>;

export const ClearDisplayMessageResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: ClearMessageStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type ClearDisplayMessageResponse = z.infer<typeof ClearDisplayMessageResponse>;

export const ClearVariableMonitoringRequest = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.array(z.number().int()).min(1),
});
export type ClearVariableMonitoringRequest = z.infer<typeof ClearVariableMonitoringRequest>;

export const ClearVariableMonitoringResponse = z.strictObject({
  customData: CustomDataType.optional(),
  clearMonitoringResult: z.array(ClearMonitoringResultType).min(1),
});
export type ClearVariableMonitoringResponse = z.infer<typeof ClearVariableMonitoringResponse>;

export const ClearedChargingLimitRequest = z.strictObject({
  customData: CustomDataType.optional(),
  chargingLimitSource: ChargingLimitSourceEnumType,
  evseId: z.number().int().optional(),
});
export type ClearedChargingLimitRequest = z.infer<typeof ClearedChargingLimitRequest>;

export const ClearedChargingLimitResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type ClearedChargingLimitResponse = z.infer<typeof ClearedChargingLimitResponse>;

export const CostUpdatedRequest = z.strictObject({
  customData: CustomDataType.optional(),
  totalCost: z.number(),
  transactionId: z.string().max(36),
});
export type CostUpdatedRequest = z.infer<typeof CostUpdatedRequest>;

export const CostUpdatedResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type CostUpdatedResponse = z.infer<typeof CostUpdatedResponse>;

export const CustomerInformationRequest = z.strictObject({
  customData: CustomDataType.optional(),
  customerCertificate: CertificateHashDataType.optional(),
  idToken: IdTokenType.optional(),
  requestId: z.number().int(),
  report: z.boolean(),
  clear: z.boolean(),
  customerIdentifier: z.string().max(64).optional(),
});
export type CustomerInformationRequest = z.infer<typeof CustomerInformationRequest>;

export const CustomerInformationResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: CustomerInformationStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type CustomerInformationResponse = z.infer<typeof CustomerInformationResponse>;

export const DataTransferRequest = z.strictObject({
  customData: CustomDataType.optional(),
  messageId: z.string().max(50).optional(),
  data: z.unknown().optional(),
  vendorId: z.string().max(255),
});
export type DataTransferRequest = z.infer<typeof DataTransferRequest>;

export const DataTransferResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: DataTransferStatusEnumType,
  statusInfo: StatusInfoType.optional(),
  data: z.unknown().optional(),
});
export type DataTransferResponse = z.infer<typeof DataTransferResponse>;

export const DeleteCertificateRequest = z.strictObject({
  customData: CustomDataType.optional(),
  certificateHashData: CertificateHashDataType,
});
export type DeleteCertificateRequest = z.infer<typeof DeleteCertificateRequest>;

export const DeleteCertificateResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: DeleteCertificateStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type DeleteCertificateResponse = z.infer<typeof DeleteCertificateResponse>;

export const FirmwareStatusNotificationRequest = z.strictObject({
  customData: CustomDataType.optional(),
  status: FirmwareStatusEnumType,
  requestId: z.number().int().optional(),
});
export type FirmwareStatusNotificationRequest = z.infer<typeof FirmwareStatusNotificationRequest>;

export const FirmwareStatusNotificationResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type FirmwareStatusNotificationResponse = z.infer<typeof FirmwareStatusNotificationResponse>;

export const Get15118EVCertificateRequest = z.strictObject({
  customData: CustomDataType.optional(),
  iso15118SchemaVersion: z.string().max(50),
  action: CertificateActionEnumType,
  exiRequest: z.string().max(5600),
});
export type Get15118EVCertificateRequest = z.infer<typeof Get15118EVCertificateRequest>;

export const Get15118EVCertificateResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: Iso15118EVCertificateStatusEnumType,
  statusInfo: StatusInfoType.optional(),
  exiResponse: z.string().max(5600),
});
export type Get15118EVCertificateResponse = z.infer<typeof Get15118EVCertificateResponse>;

export const GetBaseReportRequest = z.strictObject({
  customData: CustomDataType.optional(),
  requestId: z.number().int(),
  reportBase: ReportBaseEnumType,
});
export type GetBaseReportRequest = z.infer<typeof GetBaseReportRequest>;

export const GetBaseReportResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GenericDeviceModelStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type GetBaseReportResponse = z.infer<typeof GetBaseReportResponse>;

export const GetCertificateStatusRequest = z.strictObject({
  customData: CustomDataType.optional(),
  ocspRequestData: OCSPRequestDataType,
});
export type GetCertificateStatusRequest = z.infer<typeof GetCertificateStatusRequest>;

export const GetCertificateStatusResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GetCertificateStatusEnumType,
  statusInfo: StatusInfoType.optional(),
  ocspResult: z.string().max(5500).optional(),
});
export type GetCertificateStatusResponse = z.infer<typeof GetCertificateStatusResponse>;

export const GetChargingProfilesRequest = z.strictObject({
  customData: CustomDataType.optional(),
  requestId: z.number().int(),
  evseId: z.number().int().optional(),
  chargingProfile: ChargingProfileCriterionType,
});
export type GetChargingProfilesRequest = z.infer<typeof GetChargingProfilesRequest>;

export const GetChargingProfilesResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GetChargingProfileStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type GetChargingProfilesResponse = z.infer<typeof GetChargingProfilesResponse>;

export const GetCompositeScheduleRequest = z.strictObject({
  customData: CustomDataType.optional(),
  duration: z.number().int(),
  chargingRateUnit: ChargingRateUnitEnumType.optional(),
  evseId: z.number().int(),
});
export type GetCompositeScheduleRequest = z.infer<typeof GetCompositeScheduleRequest>;

export const GetCompositeScheduleResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GenericStatusEnumType,
  statusInfo: StatusInfoType.optional(),
  schedule: CompositeScheduleType.optional(),
});
export type GetCompositeScheduleResponse = z.infer<typeof GetCompositeScheduleResponse>;

export const GetDisplayMessagesRequest = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.array(z.number().int()).min(1).optional(),
  requestId: z.number().int(),
  priority: MessagePriorityEnumType.optional(),
  state: MessageStateEnumType.optional(),
});
export type GetDisplayMessagesRequest = z.infer<typeof GetDisplayMessagesRequest>;

export const GetDisplayMessagesResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GetDisplayMessagesStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type GetDisplayMessagesResponse = z.infer<typeof GetDisplayMessagesResponse>;

export const GetInstalledCertificateIdsRequest = z.strictObject({
  customData: CustomDataType.optional(),
  certificateType: z.array(GetCertificateIdUseEnumType).min(1).optional(),
});
export type GetInstalledCertificateIdsRequest = z.infer<typeof GetInstalledCertificateIdsRequest>;

export const GetInstalledCertificateIdsResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GetInstalledCertificateStatusEnumType,
  statusInfo: StatusInfoType.optional(),
  certificateHashDataChain: z.array(CertificateHashDataChainType).min(1).optional(),
});
export type GetInstalledCertificateIdsResponse = z.infer<typeof GetInstalledCertificateIdsResponse>;

export const GetLocalListVersionRequest = z.strictObject({
  customData: CustomDataType.optional(),
});
export type GetLocalListVersionRequest = z.infer<typeof GetLocalListVersionRequest>;

export const GetLocalListVersionResponse = z.strictObject({
  customData: CustomDataType.optional(),
  versionNumber: z.number().int(),
});
export type GetLocalListVersionResponse = z.infer<typeof GetLocalListVersionResponse>;

export const GetLogRequest = z.strictObject({
  customData: CustomDataType.optional(),
  log: LogParametersType,
  logType: LogEnumType,
  requestId: z.number().int(),
  retries: z.number().int().optional(),
  retryInterval: z.number().int().optional(),
});
export type GetLogRequest = z.infer<typeof GetLogRequest>;

export const GetLogResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: LogStatusEnumType,
  statusInfo: StatusInfoType.optional(),
  filename: z.string().max(255).optional(),
});
export type GetLogResponse = z.infer<typeof GetLogResponse>;

export const GetMonitoringReportRequest = z.strictObject({
  customData: CustomDataType.optional(),
  componentVariable: z.array(ComponentVariableType).min(1).optional(),
  requestId: z.number().int(),
  monitoringCriteria: z.array(MonitoringCriterionEnumType).min(1).max(3).optional(),
});
export type GetMonitoringReportRequest = z.infer<typeof GetMonitoringReportRequest>;

export const GetMonitoringReportResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GenericDeviceModelStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type GetMonitoringReportResponse = z.infer<typeof GetMonitoringReportResponse>;

export const GetReportRequest = z.strictObject({
  customData: CustomDataType.optional(),
  componentVariable: z.array(ComponentVariableType).min(1).optional(),
  requestId: z.number().int(),
  componentCriteria: z.array(ComponentCriterionEnumType).min(1).max(4).optional(),
});
export type GetReportRequest = z.infer<typeof GetReportRequest>;

export const GetReportResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GenericDeviceModelStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type GetReportResponse = z.infer<typeof GetReportResponse>;

export const GetTransactionStatusRequest = z.strictObject({
  customData: CustomDataType.optional(),
  transactionId: z.string().max(36).optional(),
});
export type GetTransactionStatusRequest = z.infer<typeof GetTransactionStatusRequest>;

export const GetTransactionStatusResponse = z.strictObject({
  customData: CustomDataType.optional(),
  ongoingIndicator: z.boolean().optional(),
  messagesInQueue: z.boolean(),
});
export type GetTransactionStatusResponse = z.infer<typeof GetTransactionStatusResponse>;

export const GetVariablesRequest = z.strictObject({
  customData: CustomDataType.optional(),
  getVariableData: z.array(GetVariableDataType).min(1),
});
export type GetVariablesRequest = z.infer<typeof GetVariablesRequest>;

export const GetVariablesResponse = z.strictObject({
  customData: CustomDataType.optional(),
  getVariableResult: z.array(GetVariableResultType).min(1),
});
export type GetVariablesResponse = z.infer<typeof GetVariablesResponse>;

export const HeartbeatRequest = z.strictObject({
  customData: CustomDataType.optional(),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;

export const HeartbeatResponse = z.strictObject({
  customData: CustomDataType.optional(),
  currentTime: dateTime,
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

export const InstallCertificateRequest = z.strictObject({
  customData: CustomDataType.optional(),
  certificateType: InstallCertificateUseEnumType,
  certificate: z.string().max(5500),
});
export type InstallCertificateRequest = z.infer<typeof InstallCertificateRequest>;

export const InstallCertificateResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: InstallCertificateStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type InstallCertificateResponse = z.infer<typeof InstallCertificateResponse>;

export const LogStatusNotificationRequest = z.strictObject({
  customData: CustomDataType.optional(),
  status: UploadLogStatusEnumType,
  requestId: z.number().int().optional(),
});
export type LogStatusNotificationRequest = z.infer<typeof LogStatusNotificationRequest>;

export const LogStatusNotificationResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type LogStatusNotificationResponse = z.infer<typeof LogStatusNotificationResponse>;

export const MeterValuesRequest = z.strictObject({
  customData: CustomDataType.optional(),
  evseId: z.number().int(),
  meterValue: z.array(MeterValueType).min(1),
});
export type MeterValuesRequest = z.infer<typeof MeterValuesRequest>;

export const MeterValuesResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type MeterValuesResponse = z.infer<typeof MeterValuesResponse>;

export const NotifyChargingLimitRequest = z.strictObject({
  customData: CustomDataType.optional(),
  chargingSchedule: z.array(ChargingScheduleType).min(1).optional(),
  evseId: z.number().int().optional(),
  chargingLimit: ChargingLimitType,
});
export type NotifyChargingLimitRequest = z.infer<typeof NotifyChargingLimitRequest>;

export const NotifyChargingLimitResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type NotifyChargingLimitResponse = z.infer<typeof NotifyChargingLimitResponse>;

export const NotifyCustomerInformationRequest = z.strictObject({
  customData: CustomDataType.optional(),
  data: z.string().max(512),
  tbc: z.boolean().optional(),
  seqNo: z.number().int(),
  generatedAt: dateTime,
  requestId: z.number().int(),
});
export type NotifyCustomerInformationRequest = z.infer<typeof NotifyCustomerInformationRequest>;

export const NotifyCustomerInformationResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type NotifyCustomerInformationResponse = z.infer<typeof NotifyCustomerInformationResponse>;

export const NotifyDisplayMessagesRequest = z.strictObject({
  customData: CustomDataType.optional(),
  messageInfo: z.array(MessageInfoType).min(1).optional(),
  requestId: z.number().int(),
  tbc: z.boolean().optional(),
});
export type NotifyDisplayMessagesRequest = z.infer<typeof NotifyDisplayMessagesRequest>;

export const NotifyDisplayMessagesResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type NotifyDisplayMessagesResponse = z.infer<typeof NotifyDisplayMessagesResponse>;

export const NotifyEVChargingNeedsRequest = z.strictObject({
  customData: CustomDataType.optional(),
  maxScheduleTuples: z.number().int().optional(),
  chargingNeeds: ChargingNeedsType,
  evseId: z.number().int(),
});
export type NotifyEVChargingNeedsRequest = z.infer<typeof NotifyEVChargingNeedsRequest>;

export const NotifyEVChargingNeedsResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: NotifyEVChargingNeedsStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type NotifyEVChargingNeedsResponse = z.infer<typeof NotifyEVChargingNeedsResponse>;

export const NotifyEVChargingScheduleRequest = z.strictObject({
  customData: CustomDataType.optional(),
  timeBase: dateTime,
  chargingSchedule: ChargingScheduleType,
  evseId: z.number().int(),
});
export type NotifyEVChargingScheduleRequest = z.infer<typeof NotifyEVChargingScheduleRequest>;

export const NotifyEVChargingScheduleResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GenericStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type NotifyEVChargingScheduleResponse = z.infer<typeof NotifyEVChargingScheduleResponse>;

export const NotifyEventRequest = z.strictObject({
  customData: CustomDataType.optional(),
  generatedAt: dateTime,
  tbc: z.boolean().optional(),
  seqNo: z.number().int(),
  eventData: z.array(EventDataType).min(1),
});
export type NotifyEventRequest = z.infer<typeof NotifyEventRequest>;

export const NotifyEventResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type NotifyEventResponse = z.infer<typeof NotifyEventResponse>;

export const NotifyMonitoringReportRequest = z.strictObject({
  customData: CustomDataType.optional(),
  monitor: z.array(MonitoringDataType).min(1).optional(),
  requestId: z.number().int(),
  tbc: z.boolean().optional(),
  seqNo: z.number().int(),
  generatedAt: dateTime,
});
export type NotifyMonitoringReportRequest = z.infer<typeof NotifyMonitoringReportRequest>;

export const NotifyMonitoringReportResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type NotifyMonitoringReportResponse = z.infer<typeof NotifyMonitoringReportResponse>;

export const NotifyReportRequest = z.strictObject({
  customData: CustomDataType.optional(),
  requestId: z.number().int(),
  generatedAt: dateTime,
  reportData: z.array(ReportDataType).min(1).optional(),
  tbc: z.boolean().optional(),
  seqNo: z.number().int(),
});
export type NotifyReportRequest = z.infer<typeof NotifyReportRequest>;

export const NotifyReportResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type NotifyReportResponse = z.infer<typeof NotifyReportResponse>;

export const PublishFirmwareRequest = z.strictObject({
  customData: CustomDataType.optional(),
  location: z.string().max(512),
  retries: z.number().int().optional(),
  checksum: z.string().max(32),
  requestId: z.number().int(),
  retryInterval: z.number().int().optional(),
});
export type PublishFirmwareRequest = z.infer<typeof PublishFirmwareRequest>;

export const PublishFirmwareResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GenericStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type PublishFirmwareResponse = z.infer<typeof PublishFirmwareResponse>;

export const PublishFirmwareStatusNotificationRequest = z.strictObject({
  customData: CustomDataType.optional(),
  status: PublishFirmwareStatusEnumType,
  location: z.array(z.string().max(512)).min(1).optional(),
  requestId: z.number().int().optional(),
});
export type PublishFirmwareStatusNotificationRequest = z.infer<typeof PublishFirmwareStatusNotificationRequest>;

export const PublishFirmwareStatusNotificationResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type PublishFirmwareStatusNotificationResponse = z.infer<typeof PublishFirmwareStatusNotificationResponse>;

export const ReportChargingProfilesRequest = z.strictObject({
  customData: CustomDataType.optional(),
  requestId: z.number().int(),
  chargingLimitSource: ChargingLimitSourceEnumType,
  chargingProfile: z.array(ChargingProfileType).min(1),
  tbc: z.boolean().optional(),
  evseId: z.number().int(),
});
export type ReportChargingProfilesRequest = z.infer<typeof ReportChargingProfilesRequest>;

export const ReportChargingProfilesResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type ReportChargingProfilesResponse = z.infer<typeof ReportChargingProfilesResponse>;

export const RequestStartTransactionRequest = z.strictObject({
  customData: CustomDataType.optional(),
  evseId: z.number().int().optional(),
  groupIdToken: IdTokenType.optional(),
  idToken: IdTokenType,
  remoteStartId: z.number().int(),
  chargingProfile: ChargingProfileType.optional(),
});
export type RequestStartTransactionRequest = z.infer<typeof RequestStartTransactionRequest>;

export const RequestStartTransactionResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: RequestStartStopStatusEnumType,
  statusInfo: StatusInfoType.optional(),
  transactionId: z.string().max(36).optional(),
});
export type RequestStartTransactionResponse = z.infer<typeof RequestStartTransactionResponse>;

export const RequestStopTransactionRequest = z.strictObject({
  customData: CustomDataType.optional(),
  transactionId: z.string().max(36),
});
export type RequestStopTransactionRequest = z.infer<typeof RequestStopTransactionRequest>;

export const RequestStopTransactionResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: RequestStartStopStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type RequestStopTransactionResponse = z.infer<typeof RequestStopTransactionResponse>;

export const ReservationStatusUpdateRequest = z.strictObject({
  customData: CustomDataType.optional(),
  reservationId: z.number().int(),
  reservationUpdateStatus: ReservationUpdateStatusEnumType,
});
export type ReservationStatusUpdateRequest = z.infer<typeof ReservationStatusUpdateRequest>;

export const ReservationStatusUpdateResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type ReservationStatusUpdateResponse = z.infer<typeof ReservationStatusUpdateResponse>;

export const ReserveNowRequest = z.strictObject({
  customData: CustomDataType.optional(),
  id: z.number().int(),
  expiryDateTime: dateTime,
  connectorType: ConnectorEnumType.optional(),
  idToken: IdTokenType,
  evseId: z.number().int().optional(),
  groupIdToken: IdTokenType.optional(),
});
export type ReserveNowRequest = z.infer<typeof ReserveNowRequest>;

export const ReserveNowResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: ReserveNowStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type ReserveNowResponse = z.infer<typeof ReserveNowResponse>;

export const ResetRequest = z.strictObject({
  customData: CustomDataType.optional(),
  type: ResetEnumType,
  evseId: z.number().int().optional(),
});
export type ResetRequest = z.infer<typeof ResetRequest>;

export const ResetResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: ResetStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type ResetResponse = z.infer<typeof ResetResponse>;

export const SecurityEventNotificationRequest = z.strictObject({
  customData: CustomDataType.optional(),
  type: z.string().max(50),
  timestamp: dateTime,
  techInfo: z.string().max(255).optional(),
});
export type SecurityEventNotificationRequest = z.infer<typeof SecurityEventNotificationRequest>;

export const SecurityEventNotificationResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type SecurityEventNotificationResponse = z.infer<typeof SecurityEventNotificationResponse>;

export const SendLocalListRequest = z.strictObject({
  customData: CustomDataType.optional(),
  localAuthorizationList: z.array(AuthorizationData).min(1).optional(),
  versionNumber: z.number().int(),
  updateType: UpdateEnumType,
});
export type SendLocalListRequest = z.infer<typeof SendLocalListRequest>;

export const SendLocalListResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: SendLocalListStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type SendLocalListResponse = z.infer<typeof SendLocalListResponse>;

export const SetChargingProfileRequest = z.strictObject({
  customData: CustomDataType.optional(),
  evseId: z.number().int(),
  chargingProfile: ChargingProfileType,
});
export type SetChargingProfileRequest = z.infer<typeof SetChargingProfileRequest>;

export const SetChargingProfileResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: ChargingProfileStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type SetChargingProfileResponse = z.infer<typeof SetChargingProfileResponse>;

export const SetDisplayMessageRequest = z.strictObject({
  customData: CustomDataType.optional(),
  message: MessageInfoType,
});
export type SetDisplayMessageRequest = z.infer<typeof SetDisplayMessageRequest>;

export const SetDisplayMessageResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: DisplayMessageStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type SetDisplayMessageResponse = z.infer<typeof SetDisplayMessageResponse>;

export const SetMonitoringBaseRequest = z.strictObject({
  customData: CustomDataType.optional(),
  monitoringBase: MonitoringBaseEnumType,
});
export type SetMonitoringBaseRequest = z.infer<typeof SetMonitoringBaseRequest>;

export const SetMonitoringBaseResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GenericDeviceModelStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type SetMonitoringBaseResponse = z.infer<typeof SetMonitoringBaseResponse>;

export const SetMonitoringLevelRequest = z.strictObject({
  customData: CustomDataType.optional(),
  severity: z.number().int(),
});
export type SetMonitoringLevelRequest = z.infer<typeof SetMonitoringLevelRequest>;

export const SetMonitoringLevelResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GenericStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type SetMonitoringLevelResponse = z.infer<typeof SetMonitoringLevelResponse>;

export const SetNetworkProfileRequest = z.strictObject({
  customData: CustomDataType.optional(),
  configurationSlot: z.number().int(),
  connectionData: NetworkConnectionProfileType,
});
export type SetNetworkProfileRequest = z.infer<typeof SetNetworkProfileRequest>;

export const SetNetworkProfileResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: SetNetworkProfileStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type SetNetworkProfileResponse = z.infer<typeof SetNetworkProfileResponse>;

export const SetVariableMonitoringRequest = z.strictObject({
  customData: CustomDataType.optional(),
  setMonitoringData: z.array(SetMonitoringDataType).min(1),
});
export type SetVariableMonitoringRequest = z.infer<typeof SetVariableMonitoringRequest>;

export const SetVariableMonitoringResponse = z.strictObject({
  customData: CustomDataType.optional(),
  setMonitoringResult: z.array(SetMonitoringResultType).min(1),
});
export type SetVariableMonitoringResponse = z.infer<typeof SetVariableMonitoringResponse>;

export const SetVariablesRequest = z.strictObject({
  customData: CustomDataType.optional(),
  setVariableData: z.array(SetVariableDataType).min(1),
});
export type SetVariablesRequest = z.infer<typeof SetVariablesRequest>;

export const SetVariablesResponse = z.strictObject({
  customData: CustomDataType.optional(),
  setVariableResult: z.array(SetVariableResultType).min(1),
});
export type SetVariablesResponse = z.infer<typeof SetVariablesResponse>;

export const SignCertificateRequest = z.strictObject({
  customData: CustomDataType.optional(),
  csr: z.string().max(5500),
  certificateType: CertificateSigningUseEnumType.optional(),
});
export type SignCertificateRequest = z.infer<typeof SignCertificateRequest>;

export const SignCertificateResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: GenericStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type SignCertificateResponse = z.infer<typeof SignCertificateResponse>;

export const StatusNotificationRequest = z.strictObject({
  customData: CustomDataType.optional(),
  timestamp: dateTime,
  connectorStatus: ConnectorStatusEnumType,
  evseId: z.number().int(),
  connectorId: z.number().int(),
});
export type StatusNotificationRequest = z.infer<typeof StatusNotificationRequest>;

export const StatusNotificationResponse = z.strictObject({
  customData: CustomDataType.optional(),
});
export type StatusNotificationResponse = z.infer<typeof StatusNotificationResponse>;

export const TransactionEventRequest = z.strictObject({
  customData: CustomDataType.optional(),
  eventType: TransactionEventEnumType,
  meterValue: z.array(MeterValueType).min(1).optional(),
  timestamp: dateTime,
  triggerReason: TriggerReasonEnumType,
  seqNo: z.number().int(),
  offline: z.boolean().optional(),
  numberOfPhasesUsed: z.number().int().optional(),
  cableMaxCurrent: z.number().int().optional(),
  reservationId: z.number().int().optional(),
  transactionInfo: TransactionType,
  evse: EVSEType.optional(),
  idToken: IdTokenType.optional(),
});
export type TransactionEventRequest = z.infer<typeof TransactionEventRequest>;

export const TransactionEventResponse = z.strictObject({
  customData: CustomDataType.optional(),
  totalCost: z.number().optional(),
  chargingPriority: z.number().int().optional(),
  idTokenInfo: IdTokenInfoType.optional(),
  updatedPersonalMessage: MessageContentType.optional(),
});
export type TransactionEventResponse = z.infer<typeof TransactionEventResponse>;

export const TriggerMessageRequest = z.strictObject({
  customData: CustomDataType.optional(),
  evse: EVSEType.optional(),
  requestedMessage: MessageTriggerEnumType,
});
export type TriggerMessageRequest = z.infer<typeof TriggerMessageRequest>;

export const TriggerMessageResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: TriggerMessageStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type TriggerMessageResponse = z.infer<typeof TriggerMessageResponse>;

export const UnlockConnectorRequest = z.strictObject({
  customData: CustomDataType.optional(),
  evseId: z.number().int(),
  connectorId: z.number().int(),
});
export type UnlockConnectorRequest = z.infer<typeof UnlockConnectorRequest>;

export const UnlockConnectorResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: UnlockStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type UnlockConnectorResponse = z.infer<typeof UnlockConnectorResponse>;

export const UnpublishFirmwareRequest = z.strictObject({
  customData: CustomDataType.optional(),
  checksum: z.string().max(32),
});
export type UnpublishFirmwareRequest = z.infer<typeof UnpublishFirmwareRequest>;

export const UnpublishFirmwareResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: UnpublishFirmwareStatusEnumType,
});
export type UnpublishFirmwareResponse = z.infer<typeof UnpublishFirmwareResponse>;

export const UpdateFirmwareRequest = z.strictObject({
  customData: CustomDataType.optional(),
  retries: z.number().int().optional(),
  retryInterval: z.number().int().optional(),
  requestId: z.number().int(),
  firmware: FirmwareType,
});
export type UpdateFirmwareRequest = z.infer<typeof UpdateFirmwareRequest>;

export const UpdateFirmwareResponse = z.strictObject({
  customData: CustomDataType.optional(),
  status: UpdateFirmwareStatusEnumType,
  statusInfo: StatusInfoType.optional(),
});
export type UpdateFirmwareResponse = z.infer<typeof UpdateFirmwareResponse>;

/** The request payload schema of every action. */
export const requestSchemas = {
  Authorize: AuthorizeRequest,
  BootNotification: BootNotificationRequest,
  CancelReservation: CancelReservationRequest,
  CertificateSigned: CertificateSignedRequest,
  ChangeAvailability: ChangeAvailabilityRequest,
  ClearCache: ClearCacheRequest,
  ClearChargingProfile: ClearChargingProfileRequest,
  ClearDisplayMessage: ClearDisplayMessageRequest,
  ClearVariableMonitoring: ClearVariableMonitoringRequest,
  ClearedChargingLimit: ClearedChargingLimitRequest,
  CostUpdated: CostUpdatedRequest,
  CustomerInformation: CustomerInformationRequest,
  DataTransfer: DataTransferRequest,
  DeleteCertificate: DeleteCertificateRequest,
  FirmwareStatusNotification: FirmwareStatusNotificationRequest,
  Get15118EVCertificate: Get15118EVCertificateRequest,
  GetBaseReport: GetBaseReportRequest,
  GetCertificateStatus: GetCertificateStatusRequest,
  GetChargingProfiles: GetChargingProfilesRequest,
  GetCompositeSchedule: GetCompositeScheduleRequest,
  GetDisplayMessages: GetDisplayMessagesRequest,
  GetInstalledCertificateIds: GetInstalledCertificateIdsRequest,
  GetLocalListVersion: GetLocalListVersionRequest,
  GetLog: GetLogRequest,
  GetMonitoringReport: GetMonitoringReportRequest,
  GetReport: GetReportRequest,
  GetTransactionStatus: GetTransactionStatusRequest,
  GetVariables: GetVariablesRequest,
  Heartbeat: HeartbeatRequest,
  InstallCertificate: InstallCertificateRequest,
  LogStatusNotification: LogStatusNotificationRequest,
  MeterValues: MeterValuesRequest,
  NotifyChargingLimit: NotifyChargingLimitRequest,
  NotifyCustomerInformation: NotifyCustomerInformationRequest,
  NotifyDisplayMessages: NotifyDisplayMessagesRequest,
  NotifyEVChargingNeeds: NotifyEVChargingNeedsRequest,
  NotifyEVChargingSchedule: NotifyEVChargingScheduleRequest,
  NotifyEvent: NotifyEventRequest,
  NotifyMonitoringReport: NotifyMonitoringReportRequest,
  NotifyReport: NotifyReportRequest,
  PublishFirmware: PublishFirmwareRequest,
  PublishFirmwareStatusNotification: PublishFirmwareStatusNotificationRequest,
  ReportChargingProfiles: ReportChargingProfilesRequest,
  RequestStartTransaction: RequestStartTransactionRequest,
  RequestStopTransaction: RequestStopTransactionRequest,
  ReservationStatusUpdate: ReservationStatusUpdateRequest,
  ReserveNow: ReserveNowRequest,
  Reset: ResetRequest,
  SecurityEventNotification: SecurityEventNotificationRequest,
  SendLocalList: SendLocalListRequest,
  SetChargingProfile: SetChargingProfileRequest,
  SetDisplayMessage: SetDisplayMessageRequest,
  SetMonitoringBase: SetMonitoringBaseRequest,
  SetMonitoringLevel: SetMonitoringLevelRequest,
  SetNetworkProfile: SetNetworkProfileRequest,
  SetVariableMonitoring: SetVariableMonitoringRequest,
  SetVariables: SetVariablesRequest,
  SignCertificate: SignCertificateRequest,
  StatusNotification: StatusNotificationRequest,
  TransactionEvent: TransactionEventRequest,
  TriggerMessage: TriggerMessageRequest,
  UnlockConnector: UnlockConnectorRequest,
  UnpublishFirmware: UnpublishFirmwareRequest,
  UpdateFirmware: UpdateFirmwareRequest,
} as const satisfies { [A in Action]: z.ZodType };

/** The response payload schema of every action. */
export const responseSchemas = {
  Authorize: AuthorizeResponse,
  BootNotification: BootNotificationResponse,
  CancelReservation: CancelReservationResponse,
  CertificateSigned: CertificateSignedResponse,
  ChangeAvailability: ChangeAvailabilityResponse,
  ClearCache: ClearCacheResponse,
  ClearChargingProfile: ClearChargingProfileResponse,
  ClearDisplayMessage: ClearDisplayMessageResponse,
  ClearVariableMonitoring: ClearVariableMonitoringResponse,
  ClearedChargingLimit: ClearedChargingLimitResponse,
  CostUpdated: CostUpdatedResponse,
  CustomerInformation: CustomerInformationResponse,
  DataTransfer: DataTransferResponse,
  DeleteCertificate: DeleteCertificateResponse,
  FirmwareStatusNotification: FirmwareStatusNotificationResponse,
  Get15118EVCertificate: Get15118EVCertificateResponse,
  GetBaseReport: GetBaseReportResponse,
  GetCertificateStatus: GetCertificateStatusResponse,
  GetChargingProfiles: GetChargingProfilesResponse,
  GetCompositeSchedule: GetCompositeScheduleResponse,
  GetDisplayMessages: GetDisplayMessagesResponse,
  GetInstalledCertificateIds: GetInstalledCertificateIdsResponse,
  GetLocalListVersion: GetLocalListVersionResponse,
  GetLog: GetLogResponse,
  GetMonitoringReport: GetMonitoringReportResponse,
  GetReport: GetReportResponse,
  GetTransactionStatus: GetTransactionStatusResponse,
  GetVariables: GetVariablesResponse,
  Heartbeat: HeartbeatResponse,
  InstallCertificate: InstallCertificateResponse,
  LogStatusNotification: LogStatusNotificationResponse,
  MeterValues: MeterValuesResponse,
  NotifyChargingLimit: NotifyChargingLimitResponse,
  NotifyCustomerInformation: NotifyCustomerInformationResponse,
  NotifyDisplayMessages: NotifyDisplayMessagesResponse,
  NotifyEVChargingNeeds: NotifyEVChargingNeedsResponse,
  NotifyEVChargingSchedule: NotifyEVChargingScheduleResponse,
  NotifyEvent: NotifyEventResponse,
  NotifyMonitoringReport: NotifyMonitoringReportResponse,
  NotifyReport: NotifyReportResponse,
  PublishFirmware: PublishFirmwareResponse,
  PublishFirmwareStatusNotification: PublishFirmwareStatusNotificationResponse,
  ReportChargingProfiles: ReportChargingProfilesResponse,
  RequestStartTransaction: RequestStartTransactionResponse,
  RequestStopTransaction: RequestStopTransactionResponse,
  ReservationStatusUpdate: ReservationStatusUpdateResponse,
  ReserveNow: ReserveNowResponse,
  Reset: ResetResponse,
  SecurityEventNotification: SecurityEventNotificationResponse,
  SendLocalList: SendLocalListResponse,
  SetChargingProfile: SetChargingProfileResponse,
  SetDisplayMessage: SetDisplayMessageResponse,
  SetMonitoringBase: SetMonitoringBaseResponse,
  SetMonitoringLevel: SetMonitoringLevelResponse,
  SetNetworkProfile: SetNetworkProfileResponse,
  SetVariableMonitoring: SetVariableMonitoringResponse,
  SetVariables: SetVariablesResponse,
  SignCertificate: SignCertificateResponse,
  StatusNotification: StatusNotificationResponse,
  TransactionEvent: TransactionEventResponse,
  TriggerMessage: TriggerMessageResponse,
  UnlockConnector: UnlockConnectorResponse,
  UnpublishFirmware: UnpublishFirmwareResponse,
  UpdateFirmware: UpdateFirmwareResponse,
} as const satisfies { [A in Action]: z.ZodType };

// The payload types by action, written out explicitly in payload_types.ts.
export type {
  RequestOf,
  RequestTypes,
  ResponseOf,
  ResponseTypes,
} from "./payload_types.ts";

// Each explicit type of payload_types.ts is exactly what its schema parses to: a type error
// here means the two generators disagree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
export type _ExplicitTypesMatch = [
  Expect<Same<CustomDataType, Explicit.CustomDataType>>,
  Expect<Same<AdditionalInfoType, Explicit.AdditionalInfoType>>,
  Expect<Same<IdTokenEnumType, Explicit.IdTokenEnumType>>,
  Expect<Same<IdTokenType, Explicit.IdTokenType>>,
  Expect<Same<HashAlgorithmEnumType, Explicit.HashAlgorithmEnumType>>,
  Expect<Same<OCSPRequestDataType, Explicit.OCSPRequestDataType>>,
  Expect<Same<AuthorizationStatusEnumType, Explicit.AuthorizationStatusEnumType>>,
  Expect<Same<MessageFormatEnumType, Explicit.MessageFormatEnumType>>,
  Expect<Same<MessageContentType, Explicit.MessageContentType>>,
  Expect<Same<IdTokenInfoType, Explicit.IdTokenInfoType>>,
  Expect<Same<AuthorizeCertificateStatusEnumType, Explicit.AuthorizeCertificateStatusEnumType>>,
  Expect<Same<ModemType, Explicit.ModemType>>,
  Expect<Same<ChargingStationType, Explicit.ChargingStationType>>,
  Expect<Same<BootReasonEnumType, Explicit.BootReasonEnumType>>,
  Expect<Same<RegistrationStatusEnumType, Explicit.RegistrationStatusEnumType>>,
  Expect<Same<StatusInfoType, Explicit.StatusInfoType>>,
  Expect<Same<CancelReservationStatusEnumType, Explicit.CancelReservationStatusEnumType>>,
  Expect<Same<CertificateSigningUseEnumType, Explicit.CertificateSigningUseEnumType>>,
  Expect<Same<CertificateSignedStatusEnumType, Explicit.CertificateSignedStatusEnumType>>,
  Expect<Same<EVSEType, Explicit.EVSEType>>,
  Expect<Same<OperationalStatusEnumType, Explicit.OperationalStatusEnumType>>,
  Expect<Same<ChangeAvailabilityStatusEnumType, Explicit.ChangeAvailabilityStatusEnumType>>,
  Expect<Same<ClearCacheStatusEnumType, Explicit.ClearCacheStatusEnumType>>,
  Expect<Same<ChargingProfilePurposeEnumType, Explicit.ChargingProfilePurposeEnumType>>,
  Expect<Same<ClearChargingProfileType, Explicit.ClearChargingProfileType>>,
  Expect<Same<ClearChargingProfileStatusEnumType, Explicit.ClearChargingProfileStatusEnumType>>,
  Expect<Same<ClearMessageStatusEnumType, Explicit.ClearMessageStatusEnumType>>,
  Expect<Same<ClearMonitoringStatusEnumType, Explicit.ClearMonitoringStatusEnumType>>,
  Expect<Same<ClearMonitoringResultType, Explicit.ClearMonitoringResultType>>,
  Expect<Same<ChargingLimitSourceEnumType, Explicit.ChargingLimitSourceEnumType>>,
  Expect<Same<CertificateHashDataType, Explicit.CertificateHashDataType>>,
  Expect<Same<CustomerInformationStatusEnumType, Explicit.CustomerInformationStatusEnumType>>,
  Expect<Same<DataTransferStatusEnumType, Explicit.DataTransferStatusEnumType>>,
  Expect<Same<DeleteCertificateStatusEnumType, Explicit.DeleteCertificateStatusEnumType>>,
  Expect<Same<FirmwareStatusEnumType, Explicit.FirmwareStatusEnumType>>,
  Expect<Same<CertificateActionEnumType, Explicit.CertificateActionEnumType>>,
  Expect<Same<Iso15118EVCertificateStatusEnumType, Explicit.Iso15118EVCertificateStatusEnumType>>,
  Expect<Same<ReportBaseEnumType, Explicit.ReportBaseEnumType>>,
  Expect<Same<GenericDeviceModelStatusEnumType, Explicit.GenericDeviceModelStatusEnumType>>,
  Expect<Same<GetCertificateStatusEnumType, Explicit.GetCertificateStatusEnumType>>,
  Expect<Same<ChargingProfileCriterionType, Explicit.ChargingProfileCriterionType>>,
  Expect<Same<GetChargingProfileStatusEnumType, Explicit.GetChargingProfileStatusEnumType>>,
  Expect<Same<ChargingRateUnitEnumType, Explicit.ChargingRateUnitEnumType>>,
  Expect<Same<GenericStatusEnumType, Explicit.GenericStatusEnumType>>,
  Expect<Same<ChargingSchedulePeriodType, Explicit.ChargingSchedulePeriodType>>,
  Expect<Same<CompositeScheduleType, Explicit.CompositeScheduleType>>,
  Expect<Same<MessagePriorityEnumType, Explicit.MessagePriorityEnumType>>,
  Expect<Same<MessageStateEnumType, Explicit.MessageStateEnumType>>,
  Expect<Same<GetDisplayMessagesStatusEnumType, Explicit.GetDisplayMessagesStatusEnumType>>,
  Expect<Same<GetCertificateIdUseEnumType, Explicit.GetCertificateIdUseEnumType>>,
  Expect<Same<GetInstalledCertificateStatusEnumType, Explicit.GetInstalledCertificateStatusEnumType>>,
  Expect<Same<CertificateHashDataChainType, Explicit.CertificateHashDataChainType>>,
  Expect<Same<LogParametersType, Explicit.LogParametersType>>,
  Expect<Same<LogEnumType, Explicit.LogEnumType>>,
  Expect<Same<LogStatusEnumType, Explicit.LogStatusEnumType>>,
  Expect<Same<ComponentType, Explicit.ComponentType>>,
  Expect<Same<VariableType, Explicit.VariableType>>,
  Expect<Same<ComponentVariableType, Explicit.ComponentVariableType>>,
  Expect<Same<MonitoringCriterionEnumType, Explicit.MonitoringCriterionEnumType>>,
  Expect<Same<ComponentCriterionEnumType, Explicit.ComponentCriterionEnumType>>,
  Expect<Same<AttributeEnumType, Explicit.AttributeEnumType>>,
  Expect<Same<GetVariableDataType, Explicit.GetVariableDataType>>,
  Expect<Same<GetVariableStatusEnumType, Explicit.GetVariableStatusEnumType>>,
  Expect<Same<GetVariableResultType, Explicit.GetVariableResultType>>,
  Expect<Same<InstallCertificateUseEnumType, Explicit.InstallCertificateUseEnumType>>,
  Expect<Same<InstallCertificateStatusEnumType, Explicit.InstallCertificateStatusEnumType>>,
  Expect<Same<UploadLogStatusEnumType, Explicit.UploadLogStatusEnumType>>,
  Expect<Same<ReadingContextEnumType, Explicit.ReadingContextEnumType>>,
  Expect<Same<MeasurandEnumType, Explicit.MeasurandEnumType>>,
  Expect<Same<PhaseEnumType, Explicit.PhaseEnumType>>,
  Expect<Same<LocationEnumType, Explicit.LocationEnumType>>,
  Expect<Same<SignedMeterValueType, Explicit.SignedMeterValueType>>,
  Expect<Same<UnitOfMeasureType, Explicit.UnitOfMeasureType>>,
  Expect<Same<SampledValueType, Explicit.SampledValueType>>,
  Expect<Same<MeterValueType, Explicit.MeterValueType>>,
  Expect<Same<RelativeTimeIntervalType, Explicit.RelativeTimeIntervalType>>,
  Expect<Same<CostKindEnumType, Explicit.CostKindEnumType>>,
  Expect<Same<CostType, Explicit.CostType>>,
  Expect<Same<ConsumptionCostType, Explicit.ConsumptionCostType>>,
  Expect<Same<SalesTariffEntryType, Explicit.SalesTariffEntryType>>,
  Expect<Same<SalesTariffType, Explicit.SalesTariffType>>,
  Expect<Same<ChargingScheduleType, Explicit.ChargingScheduleType>>,
  Expect<Same<ChargingLimitType, Explicit.ChargingLimitType>>,
  Expect<Same<MessageInfoType, Explicit.MessageInfoType>>,
  Expect<Same<ACChargingParametersType, Explicit.ACChargingParametersType>>,
  Expect<Same<DCChargingParametersType, Explicit.DCChargingParametersType>>,
  Expect<Same<EnergyTransferModeEnumType, Explicit.EnergyTransferModeEnumType>>,
  Expect<Same<ChargingNeedsType, Explicit.ChargingNeedsType>>,
  Expect<Same<NotifyEVChargingNeedsStatusEnumType, Explicit.NotifyEVChargingNeedsStatusEnumType>>,
  Expect<Same<EventTriggerEnumType, Explicit.EventTriggerEnumType>>,
  Expect<Same<EventNotificationEnumType, Explicit.EventNotificationEnumType>>,
  Expect<Same<EventDataType, Explicit.EventDataType>>,
  Expect<Same<MonitorEnumType, Explicit.MonitorEnumType>>,
  Expect<Same<VariableMonitoringType, Explicit.VariableMonitoringType>>,
  Expect<Same<MonitoringDataType, Explicit.MonitoringDataType>>,
  Expect<Same<MutabilityEnumType, Explicit.MutabilityEnumType>>,
  Expect<Same<VariableAttributeType, Explicit.VariableAttributeType>>,
  Expect<Same<DataEnumType, Explicit.DataEnumType>>,
  Expect<Same<VariableCharacteristicsType, Explicit.VariableCharacteristicsType>>,
  Expect<Same<ReportDataType, Explicit.ReportDataType>>,
  Expect<Same<PublishFirmwareStatusEnumType, Explicit.PublishFirmwareStatusEnumType>>,
  Expect<Same<ChargingProfileKindEnumType, Explicit.ChargingProfileKindEnumType>>,
  Expect<Same<RecurrencyKindEnumType, Explicit.RecurrencyKindEnumType>>,
  Expect<Same<ChargingProfileType, Explicit.ChargingProfileType>>,
  Expect<Same<RequestStartStopStatusEnumType, Explicit.RequestStartStopStatusEnumType>>,
  Expect<Same<ReservationUpdateStatusEnumType, Explicit.ReservationUpdateStatusEnumType>>,
  Expect<Same<ConnectorEnumType, Explicit.ConnectorEnumType>>,
  Expect<Same<ReserveNowStatusEnumType, Explicit.ReserveNowStatusEnumType>>,
  Expect<Same<ResetEnumType, Explicit.ResetEnumType>>,
  Expect<Same<ResetStatusEnumType, Explicit.ResetStatusEnumType>>,
  Expect<Same<AuthorizationData, Explicit.AuthorizationData>>,
  Expect<Same<UpdateEnumType, Explicit.UpdateEnumType>>,
  Expect<Same<SendLocalListStatusEnumType, Explicit.SendLocalListStatusEnumType>>,
  Expect<Same<ChargingProfileStatusEnumType, Explicit.ChargingProfileStatusEnumType>>,
  Expect<Same<DisplayMessageStatusEnumType, Explicit.DisplayMessageStatusEnumType>>,
  Expect<Same<MonitoringBaseEnumType, Explicit.MonitoringBaseEnumType>>,
  Expect<Same<APNAuthenticationEnumType, Explicit.APNAuthenticationEnumType>>,
  Expect<Same<APNType, Explicit.APNType>>,
  Expect<Same<OCPPVersionEnumType, Explicit.OCPPVersionEnumType>>,
  Expect<Same<OCPPTransportEnumType, Explicit.OCPPTransportEnumType>>,
  Expect<Same<OCPPInterfaceEnumType, Explicit.OCPPInterfaceEnumType>>,
  Expect<Same<VPNEnumType, Explicit.VPNEnumType>>,
  Expect<Same<VPNType, Explicit.VPNType>>,
  Expect<Same<NetworkConnectionProfileType, Explicit.NetworkConnectionProfileType>>,
  Expect<Same<SetNetworkProfileStatusEnumType, Explicit.SetNetworkProfileStatusEnumType>>,
  Expect<Same<SetMonitoringDataType, Explicit.SetMonitoringDataType>>,
  Expect<Same<SetMonitoringStatusEnumType, Explicit.SetMonitoringStatusEnumType>>,
  Expect<Same<SetMonitoringResultType, Explicit.SetMonitoringResultType>>,
  Expect<Same<SetVariableDataType, Explicit.SetVariableDataType>>,
  Expect<Same<SetVariableStatusEnumType, Explicit.SetVariableStatusEnumType>>,
  Expect<Same<SetVariableResultType, Explicit.SetVariableResultType>>,
  Expect<Same<ConnectorStatusEnumType, Explicit.ConnectorStatusEnumType>>,
  Expect<Same<TransactionEventEnumType, Explicit.TransactionEventEnumType>>,
  Expect<Same<TriggerReasonEnumType, Explicit.TriggerReasonEnumType>>,
  Expect<Same<ChargingStateEnumType, Explicit.ChargingStateEnumType>>,
  Expect<Same<ReasonEnumType, Explicit.ReasonEnumType>>,
  Expect<Same<TransactionType, Explicit.TransactionType>>,
  Expect<Same<MessageTriggerEnumType, Explicit.MessageTriggerEnumType>>,
  Expect<Same<TriggerMessageStatusEnumType, Explicit.TriggerMessageStatusEnumType>>,
  Expect<Same<UnlockStatusEnumType, Explicit.UnlockStatusEnumType>>,
  Expect<Same<UnpublishFirmwareStatusEnumType, Explicit.UnpublishFirmwareStatusEnumType>>,
  Expect<Same<FirmwareType, Explicit.FirmwareType>>,
  Expect<Same<UpdateFirmwareStatusEnumType, Explicit.UpdateFirmwareStatusEnumType>>,
  Expect<Same<AuthorizeRequest, Explicit.AuthorizeRequest>>,
  Expect<Same<AuthorizeResponse, Explicit.AuthorizeResponse>>,
  Expect<Same<BootNotificationRequest, Explicit.BootNotificationRequest>>,
  Expect<Same<BootNotificationResponse, Explicit.BootNotificationResponse>>,
  Expect<Same<CancelReservationRequest, Explicit.CancelReservationRequest>>,
  Expect<Same<CancelReservationResponse, Explicit.CancelReservationResponse>>,
  Expect<Same<CertificateSignedRequest, Explicit.CertificateSignedRequest>>,
  Expect<Same<CertificateSignedResponse, Explicit.CertificateSignedResponse>>,
  Expect<Same<ChangeAvailabilityRequest, Explicit.ChangeAvailabilityRequest>>,
  Expect<Same<ChangeAvailabilityResponse, Explicit.ChangeAvailabilityResponse>>,
  Expect<Same<ClearCacheRequest, Explicit.ClearCacheRequest>>,
  Expect<Same<ClearCacheResponse, Explicit.ClearCacheResponse>>,
  Expect<Same<ClearChargingProfileRequest, Explicit.ClearChargingProfileRequest>>,
  Expect<Same<ClearChargingProfileResponse, Explicit.ClearChargingProfileResponse>>,
  Expect<Same<ClearDisplayMessageRequest, Explicit.ClearDisplayMessageRequest>>,
  Expect<Same<ClearDisplayMessageResponse, Explicit.ClearDisplayMessageResponse>>,
  Expect<Same<ClearVariableMonitoringRequest, Explicit.ClearVariableMonitoringRequest>>,
  Expect<Same<ClearVariableMonitoringResponse, Explicit.ClearVariableMonitoringResponse>>,
  Expect<Same<ClearedChargingLimitRequest, Explicit.ClearedChargingLimitRequest>>,
  Expect<Same<ClearedChargingLimitResponse, Explicit.ClearedChargingLimitResponse>>,
  Expect<Same<CostUpdatedRequest, Explicit.CostUpdatedRequest>>,
  Expect<Same<CostUpdatedResponse, Explicit.CostUpdatedResponse>>,
  Expect<Same<CustomerInformationRequest, Explicit.CustomerInformationRequest>>,
  Expect<Same<CustomerInformationResponse, Explicit.CustomerInformationResponse>>,
  Expect<Same<DataTransferRequest, Explicit.DataTransferRequest>>,
  Expect<Same<DataTransferResponse, Explicit.DataTransferResponse>>,
  Expect<Same<DeleteCertificateRequest, Explicit.DeleteCertificateRequest>>,
  Expect<Same<DeleteCertificateResponse, Explicit.DeleteCertificateResponse>>,
  Expect<Same<FirmwareStatusNotificationRequest, Explicit.FirmwareStatusNotificationRequest>>,
  Expect<Same<FirmwareStatusNotificationResponse, Explicit.FirmwareStatusNotificationResponse>>,
  Expect<Same<Get15118EVCertificateRequest, Explicit.Get15118EVCertificateRequest>>,
  Expect<Same<Get15118EVCertificateResponse, Explicit.Get15118EVCertificateResponse>>,
  Expect<Same<GetBaseReportRequest, Explicit.GetBaseReportRequest>>,
  Expect<Same<GetBaseReportResponse, Explicit.GetBaseReportResponse>>,
  Expect<Same<GetCertificateStatusRequest, Explicit.GetCertificateStatusRequest>>,
  Expect<Same<GetCertificateStatusResponse, Explicit.GetCertificateStatusResponse>>,
  Expect<Same<GetChargingProfilesRequest, Explicit.GetChargingProfilesRequest>>,
  Expect<Same<GetChargingProfilesResponse, Explicit.GetChargingProfilesResponse>>,
  Expect<Same<GetCompositeScheduleRequest, Explicit.GetCompositeScheduleRequest>>,
  Expect<Same<GetCompositeScheduleResponse, Explicit.GetCompositeScheduleResponse>>,
  Expect<Same<GetDisplayMessagesRequest, Explicit.GetDisplayMessagesRequest>>,
  Expect<Same<GetDisplayMessagesResponse, Explicit.GetDisplayMessagesResponse>>,
  Expect<Same<GetInstalledCertificateIdsRequest, Explicit.GetInstalledCertificateIdsRequest>>,
  Expect<Same<GetInstalledCertificateIdsResponse, Explicit.GetInstalledCertificateIdsResponse>>,
  Expect<Same<GetLocalListVersionRequest, Explicit.GetLocalListVersionRequest>>,
  Expect<Same<GetLocalListVersionResponse, Explicit.GetLocalListVersionResponse>>,
  Expect<Same<GetLogRequest, Explicit.GetLogRequest>>,
  Expect<Same<GetLogResponse, Explicit.GetLogResponse>>,
  Expect<Same<GetMonitoringReportRequest, Explicit.GetMonitoringReportRequest>>,
  Expect<Same<GetMonitoringReportResponse, Explicit.GetMonitoringReportResponse>>,
  Expect<Same<GetReportRequest, Explicit.GetReportRequest>>,
  Expect<Same<GetReportResponse, Explicit.GetReportResponse>>,
  Expect<Same<GetTransactionStatusRequest, Explicit.GetTransactionStatusRequest>>,
  Expect<Same<GetTransactionStatusResponse, Explicit.GetTransactionStatusResponse>>,
  Expect<Same<GetVariablesRequest, Explicit.GetVariablesRequest>>,
  Expect<Same<GetVariablesResponse, Explicit.GetVariablesResponse>>,
  Expect<Same<HeartbeatRequest, Explicit.HeartbeatRequest>>,
  Expect<Same<HeartbeatResponse, Explicit.HeartbeatResponse>>,
  Expect<Same<InstallCertificateRequest, Explicit.InstallCertificateRequest>>,
  Expect<Same<InstallCertificateResponse, Explicit.InstallCertificateResponse>>,
  Expect<Same<LogStatusNotificationRequest, Explicit.LogStatusNotificationRequest>>,
  Expect<Same<LogStatusNotificationResponse, Explicit.LogStatusNotificationResponse>>,
  Expect<Same<MeterValuesRequest, Explicit.MeterValuesRequest>>,
  Expect<Same<MeterValuesResponse, Explicit.MeterValuesResponse>>,
  Expect<Same<NotifyChargingLimitRequest, Explicit.NotifyChargingLimitRequest>>,
  Expect<Same<NotifyChargingLimitResponse, Explicit.NotifyChargingLimitResponse>>,
  Expect<Same<NotifyCustomerInformationRequest, Explicit.NotifyCustomerInformationRequest>>,
  Expect<Same<NotifyCustomerInformationResponse, Explicit.NotifyCustomerInformationResponse>>,
  Expect<Same<NotifyDisplayMessagesRequest, Explicit.NotifyDisplayMessagesRequest>>,
  Expect<Same<NotifyDisplayMessagesResponse, Explicit.NotifyDisplayMessagesResponse>>,
  Expect<Same<NotifyEVChargingNeedsRequest, Explicit.NotifyEVChargingNeedsRequest>>,
  Expect<Same<NotifyEVChargingNeedsResponse, Explicit.NotifyEVChargingNeedsResponse>>,
  Expect<Same<NotifyEVChargingScheduleRequest, Explicit.NotifyEVChargingScheduleRequest>>,
  Expect<Same<NotifyEVChargingScheduleResponse, Explicit.NotifyEVChargingScheduleResponse>>,
  Expect<Same<NotifyEventRequest, Explicit.NotifyEventRequest>>,
  Expect<Same<NotifyEventResponse, Explicit.NotifyEventResponse>>,
  Expect<Same<NotifyMonitoringReportRequest, Explicit.NotifyMonitoringReportRequest>>,
  Expect<Same<NotifyMonitoringReportResponse, Explicit.NotifyMonitoringReportResponse>>,
  Expect<Same<NotifyReportRequest, Explicit.NotifyReportRequest>>,
  Expect<Same<NotifyReportResponse, Explicit.NotifyReportResponse>>,
  Expect<Same<PublishFirmwareRequest, Explicit.PublishFirmwareRequest>>,
  Expect<Same<PublishFirmwareResponse, Explicit.PublishFirmwareResponse>>,
  Expect<Same<PublishFirmwareStatusNotificationRequest, Explicit.PublishFirmwareStatusNotificationRequest>>,
  Expect<Same<PublishFirmwareStatusNotificationResponse, Explicit.PublishFirmwareStatusNotificationResponse>>,
  Expect<Same<ReportChargingProfilesRequest, Explicit.ReportChargingProfilesRequest>>,
  Expect<Same<ReportChargingProfilesResponse, Explicit.ReportChargingProfilesResponse>>,
  Expect<Same<RequestStartTransactionRequest, Explicit.RequestStartTransactionRequest>>,
  Expect<Same<RequestStartTransactionResponse, Explicit.RequestStartTransactionResponse>>,
  Expect<Same<RequestStopTransactionRequest, Explicit.RequestStopTransactionRequest>>,
  Expect<Same<RequestStopTransactionResponse, Explicit.RequestStopTransactionResponse>>,
  Expect<Same<ReservationStatusUpdateRequest, Explicit.ReservationStatusUpdateRequest>>,
  Expect<Same<ReservationStatusUpdateResponse, Explicit.ReservationStatusUpdateResponse>>,
  Expect<Same<ReserveNowRequest, Explicit.ReserveNowRequest>>,
  Expect<Same<ReserveNowResponse, Explicit.ReserveNowResponse>>,
  Expect<Same<ResetRequest, Explicit.ResetRequest>>,
  Expect<Same<ResetResponse, Explicit.ResetResponse>>,
  Expect<Same<SecurityEventNotificationRequest, Explicit.SecurityEventNotificationRequest>>,
  Expect<Same<SecurityEventNotificationResponse, Explicit.SecurityEventNotificationResponse>>,
  Expect<Same<SendLocalListRequest, Explicit.SendLocalListRequest>>,
  Expect<Same<SendLocalListResponse, Explicit.SendLocalListResponse>>,
  Expect<Same<SetChargingProfileRequest, Explicit.SetChargingProfileRequest>>,
  Expect<Same<SetChargingProfileResponse, Explicit.SetChargingProfileResponse>>,
  Expect<Same<SetDisplayMessageRequest, Explicit.SetDisplayMessageRequest>>,
  Expect<Same<SetDisplayMessageResponse, Explicit.SetDisplayMessageResponse>>,
  Expect<Same<SetMonitoringBaseRequest, Explicit.SetMonitoringBaseRequest>>,
  Expect<Same<SetMonitoringBaseResponse, Explicit.SetMonitoringBaseResponse>>,
  Expect<Same<SetMonitoringLevelRequest, Explicit.SetMonitoringLevelRequest>>,
  Expect<Same<SetMonitoringLevelResponse, Explicit.SetMonitoringLevelResponse>>,
  Expect<Same<SetNetworkProfileRequest, Explicit.SetNetworkProfileRequest>>,
  Expect<Same<SetNetworkProfileResponse, Explicit.SetNetworkProfileResponse>>,
  Expect<Same<SetVariableMonitoringRequest, Explicit.SetVariableMonitoringRequest>>,
  Expect<Same<SetVariableMonitoringResponse, Explicit.SetVariableMonitoringResponse>>,
  Expect<Same<SetVariablesRequest, Explicit.SetVariablesRequest>>,
  Expect<Same<SetVariablesResponse, Explicit.SetVariablesResponse>>,
  Expect<Same<SignCertificateRequest, Explicit.SignCertificateRequest>>,
  Expect<Same<SignCertificateResponse, Explicit.SignCertificateResponse>>,
  Expect<Same<StatusNotificationRequest, Explicit.StatusNotificationRequest>>,
  Expect<Same<StatusNotificationResponse, Explicit.StatusNotificationResponse>>,
  Expect<Same<TransactionEventRequest, Explicit.TransactionEventRequest>>,
  Expect<Same<TransactionEventResponse, Explicit.TransactionEventResponse>>,
  Expect<Same<TriggerMessageRequest, Explicit.TriggerMessageRequest>>,
  Expect<Same<TriggerMessageResponse, Explicit.TriggerMessageResponse>>,
  Expect<Same<UnlockConnectorRequest, Explicit.UnlockConnectorRequest>>,
  Expect<Same<UnlockConnectorResponse, Explicit.UnlockConnectorResponse>>,
  Expect<Same<UnpublishFirmwareRequest, Explicit.UnpublishFirmwareRequest>>,
  Expect<Same<UnpublishFirmwareResponse, Explicit.UnpublishFirmwareResponse>>,
  Expect<Same<UpdateFirmwareRequest, Explicit.UpdateFirmwareRequest>>,
  Expect<Same<UpdateFirmwareResponse, Explicit.UpdateFirmwareResponse>>,
];
