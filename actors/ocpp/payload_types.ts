// GENERATED FILE, DO NOT EDIT. Regenerate with:
//   deno run --allow-read --allow-write actors/ocpp/gen_schemas.ts
// Source: ocpp-rpc@2.2.1, lib/schemas/ocpp2_0_1.json (OCA OCPP 2.0.1).

/**
 * The OCPP 2.0.1 payload types, written out from the OCA JSON schemas: what the zod schemas of
 * `schemas.ts` parse to (checked there at compile time), under the same names.
 * @module
 */

/** OCPP 2.0.1's `CustomDataType` (first used by AuthorizeRequest). */
export type CustomDataType = {
  vendorId: string;
  [key: string]: unknown;
};

/** OCPP 2.0.1's `AdditionalInfoType` (first used by AuthorizeRequest). */
export type AdditionalInfoType = {
  customData?: CustomDataType;
  additionalIdToken: string;
  type: string;
};

/** OCPP 2.0.1's `IdTokenEnumType` (first used by AuthorizeRequest). */
export type IdTokenEnumType =
  | "Central"
  | "eMAID"
  | "ISO14443"
  | "ISO15693"
  | "KeyCode"
  | "Local"
  | "MacAddress"
  | "NoAuthorization";

/** OCPP 2.0.1's `IdTokenType` (first used by AuthorizeRequest). */
export type IdTokenType = {
  customData?: CustomDataType;
  additionalInfo?: AdditionalInfoType[];
  idToken: string;
  type: IdTokenEnumType;
};

/** OCPP 2.0.1's `HashAlgorithmEnumType` (first used by AuthorizeRequest). */
export type HashAlgorithmEnumType = "SHA256" | "SHA384" | "SHA512";

/** OCPP 2.0.1's `OCSPRequestDataType` (first used by AuthorizeRequest). */
export type OCSPRequestDataType = {
  customData?: CustomDataType;
  hashAlgorithm: HashAlgorithmEnumType;
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
  responderURL: string;
};

/** OCPP 2.0.1's `AuthorizationStatusEnumType` (first used by AuthorizeResponse). */
export type AuthorizationStatusEnumType =
  | "Accepted"
  | "Blocked"
  | "ConcurrentTx"
  | "Expired"
  | "Invalid"
  | "NoCredit"
  | "NotAllowedTypeEVSE"
  | "NotAtThisLocation"
  | "NotAtThisTime"
  | "Unknown";

/** OCPP 2.0.1's `MessageFormatEnumType` (first used by AuthorizeResponse). */
export type MessageFormatEnumType = "ASCII" | "HTML" | "URI" | "UTF8";

/** OCPP 2.0.1's `MessageContentType` (first used by AuthorizeResponse). */
export type MessageContentType = {
  customData?: CustomDataType;
  format: MessageFormatEnumType;
  language?: string;
  content: string;
};

/** OCPP 2.0.1's `IdTokenInfoType` (first used by AuthorizeResponse). */
export type IdTokenInfoType = {
  customData?: CustomDataType;
  status: AuthorizationStatusEnumType;
  cacheExpiryDateTime?: string;
  chargingPriority?: number;
  language1?: string;
  evseId?: number[];
  groupIdToken?: IdTokenType;
  language2?: string;
  personalMessage?: MessageContentType;
};

/** OCPP 2.0.1's `AuthorizeCertificateStatusEnumType` (first used by AuthorizeResponse). */
export type AuthorizeCertificateStatusEnumType =
  | "Accepted"
  | "SignatureError"
  | "CertificateExpired"
  | "CertificateRevoked"
  | "NoCertificateAvailable"
  | "CertChainError"
  | "ContractCancelled";

/** OCPP 2.0.1's `ModemType` (first used by BootNotificationRequest). */
export type ModemType = {
  customData?: CustomDataType;
  iccid?: string;
  imsi?: string;
};

/** OCPP 2.0.1's `ChargingStationType` (first used by BootNotificationRequest). */
export type ChargingStationType = {
  customData?: CustomDataType;
  serialNumber?: string;
  model: string;
  modem?: ModemType;
  vendorName: string;
  firmwareVersion?: string;
};

/** OCPP 2.0.1's `BootReasonEnumType` (first used by BootNotificationRequest). */
export type BootReasonEnumType =
  | "ApplicationReset"
  | "FirmwareUpdate"
  | "LocalReset"
  | "PowerUp"
  | "RemoteReset"
  | "ScheduledReset"
  | "Triggered"
  | "Unknown"
  | "Watchdog";

/** OCPP 2.0.1's `RegistrationStatusEnumType` (first used by BootNotificationResponse). */
export type RegistrationStatusEnumType = "Accepted" | "Pending" | "Rejected";

/** OCPP 2.0.1's `StatusInfoType` (first used by BootNotificationResponse). */
export type StatusInfoType = {
  customData?: CustomDataType;
  reasonCode: string;
  additionalInfo?: string;
};

/** OCPP 2.0.1's `CancelReservationStatusEnumType` (first used by CancelReservationResponse). */
export type CancelReservationStatusEnumType = "Accepted" | "Rejected";

/** OCPP 2.0.1's `CertificateSigningUseEnumType` (first used by CertificateSignedRequest). */
export type CertificateSigningUseEnumType = "ChargingStationCertificate" | "V2GCertificate";

/** OCPP 2.0.1's `CertificateSignedStatusEnumType` (first used by CertificateSignedResponse). */
export type CertificateSignedStatusEnumType = "Accepted" | "Rejected";

/** OCPP 2.0.1's `EVSEType` (first used by ChangeAvailabilityRequest). */
export type EVSEType = {
  customData?: CustomDataType;
  id: number;
  connectorId?: number;
};

/** OCPP 2.0.1's `OperationalStatusEnumType` (first used by ChangeAvailabilityRequest). */
export type OperationalStatusEnumType = "Inoperative" | "Operative";

/** OCPP 2.0.1's `ChangeAvailabilityStatusEnumType` (first used by ChangeAvailabilityResponse). */
export type ChangeAvailabilityStatusEnumType = "Accepted" | "Rejected" | "Scheduled";

/** OCPP 2.0.1's `ClearCacheStatusEnumType` (first used by ClearCacheResponse). */
export type ClearCacheStatusEnumType = "Accepted" | "Rejected";

/** OCPP 2.0.1's `ChargingProfilePurposeEnumType` (first used by ClearChargingProfileRequest). */
export type ChargingProfilePurposeEnumType =
  | "ChargingStationExternalConstraints"
  | "ChargingStationMaxProfile"
  | "TxDefaultProfile"
  | "TxProfile";

/** OCPP 2.0.1's `ClearChargingProfileType` (first used by ClearChargingProfileRequest). */
export type ClearChargingProfileType = {
  customData?: CustomDataType;
  evseId?: number;
  chargingProfilePurpose?: ChargingProfilePurposeEnumType;
  stackLevel?: number;
};

/** OCPP 2.0.1's `ClearChargingProfileStatusEnumType` (first used by ClearChargingProfileResponse). */
export type ClearChargingProfileStatusEnumType = "Accepted" | "Unknown";

/** OCPP 2.0.1's `ClearMessageStatusEnumType` (first used by ClearDisplayMessageResponse). */
export type ClearMessageStatusEnumType = "Accepted" | "Unknown";

/** OCPP 2.0.1's `ClearMonitoringStatusEnumType` (first used by ClearVariableMonitoringResponse). */
export type ClearMonitoringStatusEnumType = "Accepted" | "Rejected" | "NotFound";

/** OCPP 2.0.1's `ClearMonitoringResultType` (first used by ClearVariableMonitoringResponse). */
export type ClearMonitoringResultType = {
  customData?: CustomDataType;
  status: ClearMonitoringStatusEnumType;
  id: number;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's `ChargingLimitSourceEnumType` (first used by ClearedChargingLimitRequest). */
export type ChargingLimitSourceEnumType = "EMS" | "Other" | "SO" | "CSO";

/** OCPP 2.0.1's `CertificateHashDataType` (first used by CustomerInformationRequest). */
export type CertificateHashDataType = {
  customData?: CustomDataType;
  hashAlgorithm: HashAlgorithmEnumType;
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
};

/** OCPP 2.0.1's `CustomerInformationStatusEnumType` (first used by CustomerInformationResponse). */
export type CustomerInformationStatusEnumType = "Accepted" | "Rejected" | "Invalid";

/** OCPP 2.0.1's `DataTransferStatusEnumType` (first used by DataTransferResponse). */
export type DataTransferStatusEnumType = "Accepted" | "Rejected" | "UnknownMessageId" | "UnknownVendorId";

/** OCPP 2.0.1's `DeleteCertificateStatusEnumType` (first used by DeleteCertificateResponse). */
export type DeleteCertificateStatusEnumType = "Accepted" | "Failed" | "NotFound";

/** OCPP 2.0.1's `FirmwareStatusEnumType` (first used by FirmwareStatusNotificationRequest). */
export type FirmwareStatusEnumType =
  | "Downloaded"
  | "DownloadFailed"
  | "Downloading"
  | "DownloadScheduled"
  | "DownloadPaused"
  | "Idle"
  | "InstallationFailed"
  | "Installing"
  | "Installed"
  | "InstallRebooting"
  | "InstallScheduled"
  | "InstallVerificationFailed"
  | "InvalidSignature"
  | "SignatureVerified";

/** OCPP 2.0.1's `CertificateActionEnumType` (first used by Get15118EVCertificateRequest). */
export type CertificateActionEnumType = "Install" | "Update";

/** OCPP 2.0.1's `Iso15118EVCertificateStatusEnumType` (first used by Get15118EVCertificateResponse). */
export type Iso15118EVCertificateStatusEnumType = "Accepted" | "Failed";

/** OCPP 2.0.1's `ReportBaseEnumType` (first used by GetBaseReportRequest). */
export type ReportBaseEnumType = "ConfigurationInventory" | "FullInventory" | "SummaryInventory";

/** OCPP 2.0.1's `GenericDeviceModelStatusEnumType` (first used by GetBaseReportResponse). */
export type GenericDeviceModelStatusEnumType = "Accepted" | "Rejected" | "NotSupported" | "EmptyResultSet";

/** OCPP 2.0.1's `GetCertificateStatusEnumType` (first used by GetCertificateStatusResponse). */
export type GetCertificateStatusEnumType = "Accepted" | "Failed";

/** OCPP 2.0.1's `ChargingProfileCriterionType` (first used by GetChargingProfilesRequest). */
export type ChargingProfileCriterionType = {
  customData?: CustomDataType;
  chargingProfilePurpose?: ChargingProfilePurposeEnumType;
  stackLevel?: number;
  chargingProfileId?: number[];
  chargingLimitSource?: ChargingLimitSourceEnumType[];
};

/** OCPP 2.0.1's `GetChargingProfileStatusEnumType` (first used by GetChargingProfilesResponse). */
export type GetChargingProfileStatusEnumType = "Accepted" | "NoProfiles";

/** OCPP 2.0.1's `ChargingRateUnitEnumType` (first used by GetCompositeScheduleRequest). */
export type ChargingRateUnitEnumType = "W" | "A";

/** OCPP 2.0.1's `GenericStatusEnumType` (first used by GetCompositeScheduleResponse). */
export type GenericStatusEnumType = "Accepted" | "Rejected";

/** OCPP 2.0.1's `ChargingSchedulePeriodType` (first used by GetCompositeScheduleResponse). */
export type ChargingSchedulePeriodType = {
  customData?: CustomDataType;
  startPeriod: number;
  limit: number;
  numberPhases?: number;
  phaseToUse?: number;
};

/** OCPP 2.0.1's `CompositeScheduleType` (first used by GetCompositeScheduleResponse). */
export type CompositeScheduleType = {
  customData?: CustomDataType;
  chargingSchedulePeriod: ChargingSchedulePeriodType[];
  evseId: number;
  duration: number;
  scheduleStart: string;
  chargingRateUnit: ChargingRateUnitEnumType;
};

/** OCPP 2.0.1's `MessagePriorityEnumType` (first used by GetDisplayMessagesRequest). */
export type MessagePriorityEnumType = "AlwaysFront" | "InFront" | "NormalCycle";

/** OCPP 2.0.1's `MessageStateEnumType` (first used by GetDisplayMessagesRequest). */
export type MessageStateEnumType = "Charging" | "Faulted" | "Idle" | "Unavailable";

/** OCPP 2.0.1's `GetDisplayMessagesStatusEnumType` (first used by GetDisplayMessagesResponse). */
export type GetDisplayMessagesStatusEnumType = "Accepted" | "Unknown";

/** OCPP 2.0.1's `GetCertificateIdUseEnumType` (first used by GetInstalledCertificateIdsRequest). */
export type GetCertificateIdUseEnumType =
  | "V2GRootCertificate"
  | "MORootCertificate"
  | "CSMSRootCertificate"
  | "V2GCertificateChain"
  | "ManufacturerRootCertificate";

/** OCPP 2.0.1's `GetInstalledCertificateStatusEnumType` (first used by GetInstalledCertificateIdsResponse). */
export type GetInstalledCertificateStatusEnumType = "Accepted" | "NotFound";

/** OCPP 2.0.1's `CertificateHashDataChainType` (first used by GetInstalledCertificateIdsResponse). */
export type CertificateHashDataChainType = {
  customData?: CustomDataType;
  certificateHashData: CertificateHashDataType;
  certificateType: GetCertificateIdUseEnumType;
  childCertificateHashData?: CertificateHashDataType[];
};

/** OCPP 2.0.1's `LogParametersType` (first used by GetLogRequest). */
export type LogParametersType = {
  customData?: CustomDataType;
  remoteLocation: string;
  oldestTimestamp?: string;
  latestTimestamp?: string;
};

/** OCPP 2.0.1's `LogEnumType` (first used by GetLogRequest). */
export type LogEnumType = "DiagnosticsLog" | "SecurityLog";

/** OCPP 2.0.1's `LogStatusEnumType` (first used by GetLogResponse). */
export type LogStatusEnumType = "Accepted" | "Rejected" | "AcceptedCanceled";

/** OCPP 2.0.1's `ComponentType` (first used by GetMonitoringReportRequest). */
export type ComponentType = {
  customData?: CustomDataType;
  evse?: EVSEType;
  name: string;
  instance?: string;
};

/** OCPP 2.0.1's `VariableType` (first used by GetMonitoringReportRequest). */
export type VariableType = {
  customData?: CustomDataType;
  name: string;
  instance?: string;
};

/** OCPP 2.0.1's `ComponentVariableType` (first used by GetMonitoringReportRequest). */
export type ComponentVariableType = {
  customData?: CustomDataType;
  component: ComponentType;
  variable?: VariableType;
};

/** OCPP 2.0.1's `MonitoringCriterionEnumType` (first used by GetMonitoringReportRequest). */
export type MonitoringCriterionEnumType = "ThresholdMonitoring" | "DeltaMonitoring" | "PeriodicMonitoring";

/** OCPP 2.0.1's `ComponentCriterionEnumType` (first used by GetReportRequest). */
export type ComponentCriterionEnumType = "Active" | "Available" | "Enabled" | "Problem";

/** OCPP 2.0.1's `AttributeEnumType` (first used by GetVariablesRequest). */
export type AttributeEnumType = "Actual" | "Target" | "MinSet" | "MaxSet";

/** OCPP 2.0.1's `GetVariableDataType` (first used by GetVariablesRequest). */
export type GetVariableDataType = {
  customData?: CustomDataType;
  attributeType?: AttributeEnumType;
  component: ComponentType;
  variable: VariableType;
};

/** OCPP 2.0.1's `GetVariableStatusEnumType` (first used by GetVariablesResponse). */
export type GetVariableStatusEnumType =
  | "Accepted"
  | "Rejected"
  | "UnknownComponent"
  | "UnknownVariable"
  | "NotSupportedAttributeType";

/** OCPP 2.0.1's `GetVariableResultType` (first used by GetVariablesResponse). */
export type GetVariableResultType = {
  customData?: CustomDataType;
  attributeStatusInfo?: StatusInfoType;
  attributeStatus: GetVariableStatusEnumType;
  attributeType?: AttributeEnumType;
  attributeValue?: string;
  component: ComponentType;
  variable: VariableType;
};

/** OCPP 2.0.1's `InstallCertificateUseEnumType` (first used by InstallCertificateRequest). */
export type InstallCertificateUseEnumType =
  | "V2GRootCertificate"
  | "MORootCertificate"
  | "CSMSRootCertificate"
  | "ManufacturerRootCertificate";

/** OCPP 2.0.1's `InstallCertificateStatusEnumType` (first used by InstallCertificateResponse). */
export type InstallCertificateStatusEnumType = "Accepted" | "Rejected" | "Failed";

/** OCPP 2.0.1's `UploadLogStatusEnumType` (first used by LogStatusNotificationRequest). */
export type UploadLogStatusEnumType =
  | "BadMessage"
  | "Idle"
  | "NotSupportedOperation"
  | "PermissionDenied"
  | "Uploaded"
  | "UploadFailure"
  | "Uploading"
  | "AcceptedCanceled";

/** OCPP 2.0.1's `ReadingContextEnumType` (first used by MeterValuesRequest). */
export type ReadingContextEnumType =
  | "Interruption.Begin"
  | "Interruption.End"
  | "Other"
  | "Sample.Clock"
  | "Sample.Periodic"
  | "Transaction.Begin"
  | "Transaction.End"
  | "Trigger";

/** OCPP 2.0.1's `MeasurandEnumType` (first used by MeterValuesRequest). */
export type MeasurandEnumType =
  | "Current.Export"
  | "Current.Import"
  | "Current.Offered"
  | "Energy.Active.Export.Register"
  | "Energy.Active.Import.Register"
  | "Energy.Reactive.Export.Register"
  | "Energy.Reactive.Import.Register"
  | "Energy.Active.Export.Interval"
  | "Energy.Active.Import.Interval"
  | "Energy.Active.Net"
  | "Energy.Reactive.Export.Interval"
  | "Energy.Reactive.Import.Interval"
  | "Energy.Reactive.Net"
  | "Energy.Apparent.Net"
  | "Energy.Apparent.Import"
  | "Energy.Apparent.Export"
  | "Frequency"
  | "Power.Active.Export"
  | "Power.Active.Import"
  | "Power.Factor"
  | "Power.Offered"
  | "Power.Reactive.Export"
  | "Power.Reactive.Import"
  | "SoC"
  | "Voltage";

/** OCPP 2.0.1's `PhaseEnumType` (first used by MeterValuesRequest). */
export type PhaseEnumType = "L1" | "L2" | "L3" | "N" | "L1-N" | "L2-N" | "L3-N" | "L1-L2" | "L2-L3" | "L3-L1";

/** OCPP 2.0.1's `LocationEnumType` (first used by MeterValuesRequest). */
export type LocationEnumType = "Body" | "Cable" | "EV" | "Inlet" | "Outlet";

/** OCPP 2.0.1's `SignedMeterValueType` (first used by MeterValuesRequest). */
export type SignedMeterValueType = {
  customData?: CustomDataType;
  signedMeterData: string;
  signingMethod: string;
  encodingMethod: string;
  publicKey: string;
};

/** OCPP 2.0.1's `UnitOfMeasureType` (first used by MeterValuesRequest). */
export type UnitOfMeasureType = {
  customData?: CustomDataType;
  unit?: string;
  multiplier?: number;
};

/** OCPP 2.0.1's `SampledValueType` (first used by MeterValuesRequest). */
export type SampledValueType = {
  customData?: CustomDataType;
  value: number;
  context?: ReadingContextEnumType;
  measurand?: MeasurandEnumType;
  phase?: PhaseEnumType;
  location?: LocationEnumType;
  signedMeterValue?: SignedMeterValueType;
  unitOfMeasure?: UnitOfMeasureType;
};

/** OCPP 2.0.1's `MeterValueType` (first used by MeterValuesRequest). */
export type MeterValueType = {
  customData?: CustomDataType;
  sampledValue: SampledValueType[];
  timestamp: string;
};

/** OCPP 2.0.1's `RelativeTimeIntervalType` (first used by NotifyChargingLimitRequest). */
export type RelativeTimeIntervalType = {
  customData?: CustomDataType;
  start: number;
  duration?: number;
};

/** OCPP 2.0.1's `CostKindEnumType` (first used by NotifyChargingLimitRequest). */
export type CostKindEnumType = "CarbonDioxideEmission" | "RelativePricePercentage" | "RenewableGenerationPercentage";

/** OCPP 2.0.1's `CostType` (first used by NotifyChargingLimitRequest). */
export type CostType = {
  customData?: CustomDataType;
  costKind: CostKindEnumType;
  amount: number;
  amountMultiplier?: number;
};

/** OCPP 2.0.1's `ConsumptionCostType` (first used by NotifyChargingLimitRequest). */
export type ConsumptionCostType = {
  customData?: CustomDataType;
  startValue: number;
  cost: CostType[];
};

/** OCPP 2.0.1's `SalesTariffEntryType` (first used by NotifyChargingLimitRequest). */
export type SalesTariffEntryType = {
  customData?: CustomDataType;
  relativeTimeInterval: RelativeTimeIntervalType;
  ePriceLevel?: number;
  consumptionCost?: ConsumptionCostType[];
};

/** OCPP 2.0.1's `SalesTariffType` (first used by NotifyChargingLimitRequest). */
export type SalesTariffType = {
  customData?: CustomDataType;
  id: number;
  salesTariffDescription?: string;
  numEPriceLevels?: number;
  salesTariffEntry: SalesTariffEntryType[];
};

/** OCPP 2.0.1's `ChargingScheduleType` (first used by NotifyChargingLimitRequest). */
export type ChargingScheduleType = {
  customData?: CustomDataType;
  id: number;
  startSchedule?: string;
  duration?: number;
  chargingRateUnit: ChargingRateUnitEnumType;
  chargingSchedulePeriod: ChargingSchedulePeriodType[];
  minChargingRate?: number;
  salesTariff?: SalesTariffType;
};

/** OCPP 2.0.1's `ChargingLimitType` (first used by NotifyChargingLimitRequest). */
export type ChargingLimitType = {
  customData?: CustomDataType;
  chargingLimitSource: ChargingLimitSourceEnumType;
  isGridCritical?: boolean;
};

/** OCPP 2.0.1's `MessageInfoType` (first used by NotifyDisplayMessagesRequest). */
export type MessageInfoType = {
  customData?: CustomDataType;
  display?: ComponentType;
  id: number;
  priority: MessagePriorityEnumType;
  state?: MessageStateEnumType;
  startDateTime?: string;
  endDateTime?: string;
  transactionId?: string;
  message: MessageContentType;
};

/** OCPP 2.0.1's `ACChargingParametersType` (first used by NotifyEVChargingNeedsRequest). */
export type ACChargingParametersType = {
  customData?: CustomDataType;
  energyAmount: number;
  evMinCurrent: number;
  evMaxCurrent: number;
  evMaxVoltage: number;
};

/** OCPP 2.0.1's `DCChargingParametersType` (first used by NotifyEVChargingNeedsRequest). */
export type DCChargingParametersType = {
  customData?: CustomDataType;
  evMaxCurrent: number;
  evMaxVoltage: number;
  energyAmount?: number;
  evMaxPower?: number;
  stateOfCharge?: number;
  evEnergyCapacity?: number;
  fullSoC?: number;
  bulkSoC?: number;
};

/** OCPP 2.0.1's `EnergyTransferModeEnumType` (first used by NotifyEVChargingNeedsRequest). */
export type EnergyTransferModeEnumType = "DC" | "AC_single_phase" | "AC_two_phase" | "AC_three_phase";

/** OCPP 2.0.1's `ChargingNeedsType` (first used by NotifyEVChargingNeedsRequest). */
export type ChargingNeedsType = {
  customData?: CustomDataType;
  acChargingParameters?: ACChargingParametersType;
  dcChargingParameters?: DCChargingParametersType;
  requestedEnergyTransfer: EnergyTransferModeEnumType;
  departureTime?: string;
};

/** OCPP 2.0.1's `NotifyEVChargingNeedsStatusEnumType` (first used by NotifyEVChargingNeedsResponse). */
export type NotifyEVChargingNeedsStatusEnumType = "Accepted" | "Rejected" | "Processing";

/** OCPP 2.0.1's `EventTriggerEnumType` (first used by NotifyEventRequest). */
export type EventTriggerEnumType = "Alerting" | "Delta" | "Periodic";

/** OCPP 2.0.1's `EventNotificationEnumType` (first used by NotifyEventRequest). */
export type EventNotificationEnumType = "HardWiredNotification" | "HardWiredMonitor" | "PreconfiguredMonitor" | "CustomMonitor";

/** OCPP 2.0.1's `EventDataType` (first used by NotifyEventRequest). */
export type EventDataType = {
  customData?: CustomDataType;
  eventId: number;
  timestamp: string;
  trigger: EventTriggerEnumType;
  cause?: number;
  actualValue: string;
  techCode?: string;
  techInfo?: string;
  cleared?: boolean;
  transactionId?: string;
  component: ComponentType;
  variableMonitoringId?: number;
  eventNotificationType: EventNotificationEnumType;
  variable: VariableType;
};

/** OCPP 2.0.1's `MonitorEnumType` (first used by NotifyMonitoringReportRequest). */
export type MonitorEnumType = "UpperThreshold" | "LowerThreshold" | "Delta" | "Periodic" | "PeriodicClockAligned";

/** OCPP 2.0.1's `VariableMonitoringType` (first used by NotifyMonitoringReportRequest). */
export type VariableMonitoringType = {
  customData?: CustomDataType;
  id: number;
  transaction: boolean;
  value: number;
  type: MonitorEnumType;
  severity: number;
};

/** OCPP 2.0.1's `MonitoringDataType` (first used by NotifyMonitoringReportRequest). */
export type MonitoringDataType = {
  customData?: CustomDataType;
  component: ComponentType;
  variable: VariableType;
  variableMonitoring: VariableMonitoringType[];
};

/** OCPP 2.0.1's `MutabilityEnumType` (first used by NotifyReportRequest). */
export type MutabilityEnumType = "ReadOnly" | "WriteOnly" | "ReadWrite";

/** OCPP 2.0.1's `VariableAttributeType` (first used by NotifyReportRequest). */
export type VariableAttributeType = {
  customData?: CustomDataType;
  type?: AttributeEnumType;
  value?: string;
  mutability?: MutabilityEnumType;
  persistent?: boolean;
  constant?: boolean;
};

/** OCPP 2.0.1's `DataEnumType` (first used by NotifyReportRequest). */
export type DataEnumType =
  | "string"
  | "decimal"
  | "integer"
  | "dateTime"
  | "boolean"
  | "OptionList"
  | "SequenceList"
  | "MemberList";

/** OCPP 2.0.1's `VariableCharacteristicsType` (first used by NotifyReportRequest). */
export type VariableCharacteristicsType = {
  customData?: CustomDataType;
  unit?: string;
  dataType: DataEnumType;
  minLimit?: number;
  maxLimit?: number;
  valuesList?: string;
  supportsMonitoring: boolean;
};

/** OCPP 2.0.1's `ReportDataType` (first used by NotifyReportRequest). */
export type ReportDataType = {
  customData?: CustomDataType;
  component: ComponentType;
  variable: VariableType;
  variableAttribute: VariableAttributeType[];
  variableCharacteristics?: VariableCharacteristicsType;
};

/** OCPP 2.0.1's `PublishFirmwareStatusEnumType` (first used by PublishFirmwareStatusNotificationRequest). */
export type PublishFirmwareStatusEnumType =
  | "Idle"
  | "DownloadScheduled"
  | "Downloading"
  | "Downloaded"
  | "Published"
  | "DownloadFailed"
  | "DownloadPaused"
  | "InvalidChecksum"
  | "ChecksumVerified"
  | "PublishFailed";

/** OCPP 2.0.1's `ChargingProfileKindEnumType` (first used by ReportChargingProfilesRequest). */
export type ChargingProfileKindEnumType = "Absolute" | "Recurring" | "Relative";

/** OCPP 2.0.1's `RecurrencyKindEnumType` (first used by ReportChargingProfilesRequest). */
export type RecurrencyKindEnumType = "Daily" | "Weekly";

/** OCPP 2.0.1's `ChargingProfileType` (first used by ReportChargingProfilesRequest). */
export type ChargingProfileType = {
  customData?: CustomDataType;
  id: number;
  stackLevel: number;
  chargingProfilePurpose: ChargingProfilePurposeEnumType;
  chargingProfileKind: ChargingProfileKindEnumType;
  recurrencyKind?: RecurrencyKindEnumType;
  validFrom?: string;
  validTo?: string;
  chargingSchedule: ChargingScheduleType[];
  transactionId?: string;
};

/** OCPP 2.0.1's `RequestStartStopStatusEnumType` (first used by RequestStartTransactionResponse). */
export type RequestStartStopStatusEnumType = "Accepted" | "Rejected";

/** OCPP 2.0.1's `ReservationUpdateStatusEnumType` (first used by ReservationStatusUpdateRequest). */
export type ReservationUpdateStatusEnumType = "Expired" | "Removed";

/** OCPP 2.0.1's `ConnectorEnumType` (first used by ReserveNowRequest). */
export type ConnectorEnumType =
  | "cCCS1"
  | "cCCS2"
  | "cG105"
  | "cTesla"
  | "cType1"
  | "cType2"
  | "s309-1P-16A"
  | "s309-1P-32A"
  | "s309-3P-16A"
  | "s309-3P-32A"
  | "sBS1361"
  | "sCEE-7-7"
  | "sType2"
  | "sType3"
  | "Other1PhMax16A"
  | "Other1PhOver16A"
  | "Other3Ph"
  | "Pan"
  | "wInductive"
  | "wResonant"
  | "Undetermined"
  | "Unknown";

/** OCPP 2.0.1's `ReserveNowStatusEnumType` (first used by ReserveNowResponse). */
export type ReserveNowStatusEnumType = "Accepted" | "Faulted" | "Occupied" | "Rejected" | "Unavailable";

/** OCPP 2.0.1's `ResetEnumType` (first used by ResetRequest). */
export type ResetEnumType = "Immediate" | "OnIdle";

/** OCPP 2.0.1's `ResetStatusEnumType` (first used by ResetResponse). */
export type ResetStatusEnumType = "Accepted" | "Rejected" | "Scheduled";

/** OCPP 2.0.1's `AuthorizationData` (first used by SendLocalListRequest). */
export type AuthorizationData = {
  customData?: CustomDataType;
  idToken: IdTokenType;
  idTokenInfo?: IdTokenInfoType;
};

/** OCPP 2.0.1's `UpdateEnumType` (first used by SendLocalListRequest). */
export type UpdateEnumType = "Differential" | "Full";

/** OCPP 2.0.1's `SendLocalListStatusEnumType` (first used by SendLocalListResponse). */
export type SendLocalListStatusEnumType = "Accepted" | "Failed" | "VersionMismatch";

/** OCPP 2.0.1's `ChargingProfileStatusEnumType` (first used by SetChargingProfileResponse). */
export type ChargingProfileStatusEnumType = "Accepted" | "Rejected";

/** OCPP 2.0.1's `DisplayMessageStatusEnumType` (first used by SetDisplayMessageResponse). */
export type DisplayMessageStatusEnumType =
  | "Accepted"
  | "NotSupportedMessageFormat"
  | "Rejected"
  | "NotSupportedPriority"
  | "NotSupportedState"
  | "UnknownTransaction";

/** OCPP 2.0.1's `MonitoringBaseEnumType` (first used by SetMonitoringBaseRequest). */
export type MonitoringBaseEnumType = "All" | "FactoryDefault" | "HardWiredOnly";

/** OCPP 2.0.1's `APNAuthenticationEnumType` (first used by SetNetworkProfileRequest). */
export type APNAuthenticationEnumType = "CHAP" | "NONE" | "PAP" | "AUTO";

/** OCPP 2.0.1's `APNType` (first used by SetNetworkProfileRequest). */
export type APNType = {
  customData?: CustomDataType;
  apn: string;
  apnUserName?: string;
  apnPassword?: string;
  simPin?: number;
  preferredNetwork?: string;
  useOnlyPreferredNetwork?: boolean;
  apnAuthentication: APNAuthenticationEnumType;
};

/** OCPP 2.0.1's `OCPPVersionEnumType` (first used by SetNetworkProfileRequest). */
export type OCPPVersionEnumType = "OCPP12" | "OCPP15" | "OCPP16" | "OCPP20";

/** OCPP 2.0.1's `OCPPTransportEnumType` (first used by SetNetworkProfileRequest). */
export type OCPPTransportEnumType = "JSON" | "SOAP";

/** OCPP 2.0.1's `OCPPInterfaceEnumType` (first used by SetNetworkProfileRequest). */
export type OCPPInterfaceEnumType =
  | "Wired0"
  | "Wired1"
  | "Wired2"
  | "Wired3"
  | "Wireless0"
  | "Wireless1"
  | "Wireless2"
  | "Wireless3";

/** OCPP 2.0.1's `VPNEnumType` (first used by SetNetworkProfileRequest). */
export type VPNEnumType = "IKEv2" | "IPSec" | "L2TP" | "PPTP";

/** OCPP 2.0.1's `VPNType` (first used by SetNetworkProfileRequest). */
export type VPNType = {
  customData?: CustomDataType;
  server: string;
  user: string;
  group?: string;
  password: string;
  key: string;
  type: VPNEnumType;
};

/** OCPP 2.0.1's `NetworkConnectionProfileType` (first used by SetNetworkProfileRequest). */
export type NetworkConnectionProfileType = {
  customData?: CustomDataType;
  apn?: APNType;
  ocppVersion: OCPPVersionEnumType;
  ocppTransport: OCPPTransportEnumType;
  ocppCsmsUrl: string;
  messageTimeout: number;
  securityProfile: number;
  ocppInterface: OCPPInterfaceEnumType;
  vpn?: VPNType;
};

/** OCPP 2.0.1's `SetNetworkProfileStatusEnumType` (first used by SetNetworkProfileResponse). */
export type SetNetworkProfileStatusEnumType = "Accepted" | "Rejected" | "Failed";

/** OCPP 2.0.1's `SetMonitoringDataType` (first used by SetVariableMonitoringRequest). */
export type SetMonitoringDataType = {
  customData?: CustomDataType;
  id?: number;
  transaction?: boolean;
  value: number;
  type: MonitorEnumType;
  severity: number;
  component: ComponentType;
  variable: VariableType;
};

/** OCPP 2.0.1's `SetMonitoringStatusEnumType` (first used by SetVariableMonitoringResponse). */
export type SetMonitoringStatusEnumType =
  | "Accepted"
  | "UnknownComponent"
  | "UnknownVariable"
  | "UnsupportedMonitorType"
  | "Rejected"
  | "Duplicate";

/** OCPP 2.0.1's `SetMonitoringResultType` (first used by SetVariableMonitoringResponse). */
export type SetMonitoringResultType = {
  customData?: CustomDataType;
  id?: number;
  statusInfo?: StatusInfoType;
  status: SetMonitoringStatusEnumType;
  type: MonitorEnumType;
  component: ComponentType;
  variable: VariableType;
  severity: number;
};

/** OCPP 2.0.1's `SetVariableDataType` (first used by SetVariablesRequest). */
export type SetVariableDataType = {
  customData?: CustomDataType;
  attributeType?: AttributeEnumType;
  attributeValue: string;
  component: ComponentType;
  variable: VariableType;
};

/** OCPP 2.0.1's `SetVariableStatusEnumType` (first used by SetVariablesResponse). */
export type SetVariableStatusEnumType =
  | "Accepted"
  | "Rejected"
  | "UnknownComponent"
  | "UnknownVariable"
  | "NotSupportedAttributeType"
  | "RebootRequired";

/** OCPP 2.0.1's `SetVariableResultType` (first used by SetVariablesResponse). */
export type SetVariableResultType = {
  customData?: CustomDataType;
  attributeType?: AttributeEnumType;
  attributeStatus: SetVariableStatusEnumType;
  attributeStatusInfo?: StatusInfoType;
  component: ComponentType;
  variable: VariableType;
};

/** OCPP 2.0.1's `ConnectorStatusEnumType` (first used by StatusNotificationRequest). */
export type ConnectorStatusEnumType = "Available" | "Occupied" | "Reserved" | "Unavailable" | "Faulted";

/** OCPP 2.0.1's `TransactionEventEnumType` (first used by TransactionEventRequest). */
export type TransactionEventEnumType = "Ended" | "Started" | "Updated";

/** OCPP 2.0.1's `TriggerReasonEnumType` (first used by TransactionEventRequest). */
export type TriggerReasonEnumType =
  | "Authorized"
  | "CablePluggedIn"
  | "ChargingRateChanged"
  | "ChargingStateChanged"
  | "Deauthorized"
  | "EnergyLimitReached"
  | "EVCommunicationLost"
  | "EVConnectTimeout"
  | "MeterValueClock"
  | "MeterValuePeriodic"
  | "TimeLimitReached"
  | "Trigger"
  | "UnlockCommand"
  | "StopAuthorized"
  | "EVDeparted"
  | "EVDetected"
  | "RemoteStop"
  | "RemoteStart"
  | "AbnormalCondition"
  | "SignedDataReceived"
  | "ResetCommand";

/** OCPP 2.0.1's `ChargingStateEnumType` (first used by TransactionEventRequest). */
export type ChargingStateEnumType = "Charging" | "EVConnected" | "SuspendedEV" | "SuspendedEVSE" | "Idle";

/** OCPP 2.0.1's `ReasonEnumType` (first used by TransactionEventRequest). */
export type ReasonEnumType =
  | "DeAuthorized"
  | "EmergencyStop"
  | "EnergyLimitReached"
  | "EVDisconnected"
  | "GroundFault"
  | "ImmediateReset"
  | "Local"
  | "LocalOutOfCredit"
  | "MasterPass"
  | "Other"
  | "OvercurrentFault"
  | "PowerLoss"
  | "PowerQuality"
  | "Reboot"
  | "Remote"
  | "SOCLimitReached"
  | "StoppedByEV"
  | "TimeLimitReached"
  | "Timeout";

/** OCPP 2.0.1's `TransactionType` (first used by TransactionEventRequest). */
export type TransactionType = {
  customData?: CustomDataType;
  transactionId: string;
  chargingState?: ChargingStateEnumType;
  timeSpentCharging?: number;
  stoppedReason?: ReasonEnumType;
  remoteStartId?: number;
};

/** OCPP 2.0.1's `MessageTriggerEnumType` (first used by TriggerMessageRequest). */
export type MessageTriggerEnumType =
  | "BootNotification"
  | "LogStatusNotification"
  | "FirmwareStatusNotification"
  | "Heartbeat"
  | "MeterValues"
  | "SignChargingStationCertificate"
  | "SignV2GCertificate"
  | "StatusNotification"
  | "TransactionEvent"
  | "SignCombinedCertificate"
  | "PublishFirmwareStatusNotification";

/** OCPP 2.0.1's `TriggerMessageStatusEnumType` (first used by TriggerMessageResponse). */
export type TriggerMessageStatusEnumType = "Accepted" | "Rejected" | "NotImplemented";

/** OCPP 2.0.1's `UnlockStatusEnumType` (first used by UnlockConnectorResponse). */
export type UnlockStatusEnumType = "Unlocked" | "UnlockFailed" | "OngoingAuthorizedTransaction" | "UnknownConnector";

/** OCPP 2.0.1's `UnpublishFirmwareStatusEnumType` (first used by UnpublishFirmwareResponse). */
export type UnpublishFirmwareStatusEnumType = "DownloadOngoing" | "NoFirmware" | "Unpublished";

/** OCPP 2.0.1's `FirmwareType` (first used by UpdateFirmwareRequest). */
export type FirmwareType = {
  customData?: CustomDataType;
  location: string;
  retrieveDateTime: string;
  installDateTime?: string;
  signingCertificate?: string;
  signature?: string;
};

/** OCPP 2.0.1's `UpdateFirmwareStatusEnumType` (first used by UpdateFirmwareResponse). */
export type UpdateFirmwareStatusEnumType = "Accepted" | "Rejected" | "AcceptedCanceled" | "InvalidCertificate" | "RevokedCertificate";

/** OCPP 2.0.1's Authorize request (urn:Authorize.req). */
export type AuthorizeRequest = {
  customData?: CustomDataType;
  idToken: IdTokenType;
  certificate?: string;
  iso15118CertificateHashData?: OCSPRequestDataType[];
};

/** OCPP 2.0.1's Authorize response (urn:Authorize.conf). */
export type AuthorizeResponse = {
  customData?: CustomDataType;
  idTokenInfo: IdTokenInfoType;
  certificateStatus?: AuthorizeCertificateStatusEnumType;
};

/** OCPP 2.0.1's BootNotification request (urn:BootNotification.req). */
export type BootNotificationRequest = {
  customData?: CustomDataType;
  chargingStation: ChargingStationType;
  reason: BootReasonEnumType;
};

/** OCPP 2.0.1's BootNotification response (urn:BootNotification.conf). */
export type BootNotificationResponse = {
  customData?: CustomDataType;
  currentTime: string;
  interval: number;
  status: RegistrationStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's CancelReservation request (urn:CancelReservation.req). */
export type CancelReservationRequest = {
  customData?: CustomDataType;
  reservationId: number;
};

/** OCPP 2.0.1's CancelReservation response (urn:CancelReservation.conf). */
export type CancelReservationResponse = {
  customData?: CustomDataType;
  status: CancelReservationStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's CertificateSigned request (urn:CertificateSigned.req). */
export type CertificateSignedRequest = {
  customData?: CustomDataType;
  certificateChain: string;
  certificateType?: CertificateSigningUseEnumType;
};

/** OCPP 2.0.1's CertificateSigned response (urn:CertificateSigned.conf). */
export type CertificateSignedResponse = {
  customData?: CustomDataType;
  status: CertificateSignedStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's ChangeAvailability request (urn:ChangeAvailability.req). */
export type ChangeAvailabilityRequest = {
  customData?: CustomDataType;
  evse?: EVSEType;
  operationalStatus: OperationalStatusEnumType;
};

/** OCPP 2.0.1's ChangeAvailability response (urn:ChangeAvailability.conf). */
export type ChangeAvailabilityResponse = {
  customData?: CustomDataType;
  status: ChangeAvailabilityStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's ClearCache request (urn:ClearCache.req). */
export type ClearCacheRequest = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's ClearCache response (urn:ClearCache.conf). */
export type ClearCacheResponse = {
  customData?: CustomDataType;
  status: ClearCacheStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's ClearChargingProfile request (urn:ClearChargingProfile.req). */
export type ClearChargingProfileRequest = {
  customData?: CustomDataType;
  chargingProfileId?: number;
  chargingProfileCriteria?: ClearChargingProfileType;
};

/** OCPP 2.0.1's ClearChargingProfile response (urn:ClearChargingProfile.conf). */
export type ClearChargingProfileResponse = {
  customData?: CustomDataType;
  status: ClearChargingProfileStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's ClearDisplayMessage request (urn:ClearDisplayMessage.req). */
export type ClearDisplayMessageRequest = {
  customData?: CustomDataType;
  id: number;
};

/** OCPP 2.0.1's ClearDisplayMessage response (urn:ClearDisplayMessage.conf). */
export type ClearDisplayMessageResponse = {
  customData?: CustomDataType;
  status: ClearMessageStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's ClearVariableMonitoring request (urn:ClearVariableMonitoring.req). */
export type ClearVariableMonitoringRequest = {
  customData?: CustomDataType;
  id: number[];
};

/** OCPP 2.0.1's ClearVariableMonitoring response (urn:ClearVariableMonitoring.conf). */
export type ClearVariableMonitoringResponse = {
  customData?: CustomDataType;
  clearMonitoringResult: ClearMonitoringResultType[];
};

/** OCPP 2.0.1's ClearedChargingLimit request (urn:ClearedChargingLimit.req). */
export type ClearedChargingLimitRequest = {
  customData?: CustomDataType;
  chargingLimitSource: ChargingLimitSourceEnumType;
  evseId?: number;
};

/** OCPP 2.0.1's ClearedChargingLimit response (urn:ClearedChargingLimit.conf). */
export type ClearedChargingLimitResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's CostUpdated request (urn:CostUpdated.req). */
export type CostUpdatedRequest = {
  customData?: CustomDataType;
  totalCost: number;
  transactionId: string;
};

/** OCPP 2.0.1's CostUpdated response (urn:CostUpdated.conf). */
export type CostUpdatedResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's CustomerInformation request (urn:CustomerInformation.req). */
export type CustomerInformationRequest = {
  customData?: CustomDataType;
  customerCertificate?: CertificateHashDataType;
  idToken?: IdTokenType;
  requestId: number;
  report: boolean;
  clear: boolean;
  customerIdentifier?: string;
};

/** OCPP 2.0.1's CustomerInformation response (urn:CustomerInformation.conf). */
export type CustomerInformationResponse = {
  customData?: CustomDataType;
  status: CustomerInformationStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's DataTransfer request (urn:DataTransfer.req). */
export type DataTransferRequest = {
  customData?: CustomDataType;
  messageId?: string;
  data?: unknown;
  vendorId: string;
};

/** OCPP 2.0.1's DataTransfer response (urn:DataTransfer.conf). */
export type DataTransferResponse = {
  customData?: CustomDataType;
  status: DataTransferStatusEnumType;
  statusInfo?: StatusInfoType;
  data?: unknown;
};

/** OCPP 2.0.1's DeleteCertificate request (urn:DeleteCertificate.req). */
export type DeleteCertificateRequest = {
  customData?: CustomDataType;
  certificateHashData: CertificateHashDataType;
};

/** OCPP 2.0.1's DeleteCertificate response (urn:DeleteCertificate.conf). */
export type DeleteCertificateResponse = {
  customData?: CustomDataType;
  status: DeleteCertificateStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's FirmwareStatusNotification request (urn:FirmwareStatusNotification.req). */
export type FirmwareStatusNotificationRequest = {
  customData?: CustomDataType;
  status: FirmwareStatusEnumType;
  requestId?: number;
};

/** OCPP 2.0.1's FirmwareStatusNotification response (urn:FirmwareStatusNotification.conf). */
export type FirmwareStatusNotificationResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's Get15118EVCertificate request (urn:Get15118EVCertificate.req). */
export type Get15118EVCertificateRequest = {
  customData?: CustomDataType;
  iso15118SchemaVersion: string;
  action: CertificateActionEnumType;
  exiRequest: string;
};

/** OCPP 2.0.1's Get15118EVCertificate response (urn:Get15118EVCertificate.conf). */
export type Get15118EVCertificateResponse = {
  customData?: CustomDataType;
  status: Iso15118EVCertificateStatusEnumType;
  statusInfo?: StatusInfoType;
  exiResponse: string;
};

/** OCPP 2.0.1's GetBaseReport request (urn:GetBaseReport.req). */
export type GetBaseReportRequest = {
  customData?: CustomDataType;
  requestId: number;
  reportBase: ReportBaseEnumType;
};

/** OCPP 2.0.1's GetBaseReport response (urn:GetBaseReport.conf). */
export type GetBaseReportResponse = {
  customData?: CustomDataType;
  status: GenericDeviceModelStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's GetCertificateStatus request (urn:GetCertificateStatus.req). */
export type GetCertificateStatusRequest = {
  customData?: CustomDataType;
  ocspRequestData: OCSPRequestDataType;
};

/** OCPP 2.0.1's GetCertificateStatus response (urn:GetCertificateStatus.conf). */
export type GetCertificateStatusResponse = {
  customData?: CustomDataType;
  status: GetCertificateStatusEnumType;
  statusInfo?: StatusInfoType;
  ocspResult?: string;
};

/** OCPP 2.0.1's GetChargingProfiles request (urn:GetChargingProfiles.req). */
export type GetChargingProfilesRequest = {
  customData?: CustomDataType;
  requestId: number;
  evseId?: number;
  chargingProfile: ChargingProfileCriterionType;
};

/** OCPP 2.0.1's GetChargingProfiles response (urn:GetChargingProfiles.conf). */
export type GetChargingProfilesResponse = {
  customData?: CustomDataType;
  status: GetChargingProfileStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's GetCompositeSchedule request (urn:GetCompositeSchedule.req). */
export type GetCompositeScheduleRequest = {
  customData?: CustomDataType;
  duration: number;
  chargingRateUnit?: ChargingRateUnitEnumType;
  evseId: number;
};

/** OCPP 2.0.1's GetCompositeSchedule response (urn:GetCompositeSchedule.conf). */
export type GetCompositeScheduleResponse = {
  customData?: CustomDataType;
  status: GenericStatusEnumType;
  statusInfo?: StatusInfoType;
  schedule?: CompositeScheduleType;
};

/** OCPP 2.0.1's GetDisplayMessages request (urn:GetDisplayMessages.req). */
export type GetDisplayMessagesRequest = {
  customData?: CustomDataType;
  id?: number[];
  requestId: number;
  priority?: MessagePriorityEnumType;
  state?: MessageStateEnumType;
};

/** OCPP 2.0.1's GetDisplayMessages response (urn:GetDisplayMessages.conf). */
export type GetDisplayMessagesResponse = {
  customData?: CustomDataType;
  status: GetDisplayMessagesStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's GetInstalledCertificateIds request (urn:GetInstalledCertificateIds.req). */
export type GetInstalledCertificateIdsRequest = {
  customData?: CustomDataType;
  certificateType?: GetCertificateIdUseEnumType[];
};

/** OCPP 2.0.1's GetInstalledCertificateIds response (urn:GetInstalledCertificateIds.conf). */
export type GetInstalledCertificateIdsResponse = {
  customData?: CustomDataType;
  status: GetInstalledCertificateStatusEnumType;
  statusInfo?: StatusInfoType;
  certificateHashDataChain?: CertificateHashDataChainType[];
};

/** OCPP 2.0.1's GetLocalListVersion request (urn:GetLocalListVersion.req). */
export type GetLocalListVersionRequest = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's GetLocalListVersion response (urn:GetLocalListVersion.conf). */
export type GetLocalListVersionResponse = {
  customData?: CustomDataType;
  versionNumber: number;
};

/** OCPP 2.0.1's GetLog request (urn:GetLog.req). */
export type GetLogRequest = {
  customData?: CustomDataType;
  log: LogParametersType;
  logType: LogEnumType;
  requestId: number;
  retries?: number;
  retryInterval?: number;
};

/** OCPP 2.0.1's GetLog response (urn:GetLog.conf). */
export type GetLogResponse = {
  customData?: CustomDataType;
  status: LogStatusEnumType;
  statusInfo?: StatusInfoType;
  filename?: string;
};

/** OCPP 2.0.1's GetMonitoringReport request (urn:GetMonitoringReport.req). */
export type GetMonitoringReportRequest = {
  customData?: CustomDataType;
  componentVariable?: ComponentVariableType[];
  requestId: number;
  monitoringCriteria?: MonitoringCriterionEnumType[];
};

/** OCPP 2.0.1's GetMonitoringReport response (urn:GetMonitoringReport.conf). */
export type GetMonitoringReportResponse = {
  customData?: CustomDataType;
  status: GenericDeviceModelStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's GetReport request (urn:GetReport.req). */
export type GetReportRequest = {
  customData?: CustomDataType;
  componentVariable?: ComponentVariableType[];
  requestId: number;
  componentCriteria?: ComponentCriterionEnumType[];
};

/** OCPP 2.0.1's GetReport response (urn:GetReport.conf). */
export type GetReportResponse = {
  customData?: CustomDataType;
  status: GenericDeviceModelStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's GetTransactionStatus request (urn:GetTransactionStatus.req). */
export type GetTransactionStatusRequest = {
  customData?: CustomDataType;
  transactionId?: string;
};

/** OCPP 2.0.1's GetTransactionStatus response (urn:GetTransactionStatus.conf). */
export type GetTransactionStatusResponse = {
  customData?: CustomDataType;
  ongoingIndicator?: boolean;
  messagesInQueue: boolean;
};

/** OCPP 2.0.1's GetVariables request (urn:GetVariables.req). */
export type GetVariablesRequest = {
  customData?: CustomDataType;
  getVariableData: GetVariableDataType[];
};

/** OCPP 2.0.1's GetVariables response (urn:GetVariables.conf). */
export type GetVariablesResponse = {
  customData?: CustomDataType;
  getVariableResult: GetVariableResultType[];
};

/** OCPP 2.0.1's Heartbeat request (urn:Heartbeat.req). */
export type HeartbeatRequest = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's Heartbeat response (urn:Heartbeat.conf). */
export type HeartbeatResponse = {
  customData?: CustomDataType;
  currentTime: string;
};

/** OCPP 2.0.1's InstallCertificate request (urn:InstallCertificate.req). */
export type InstallCertificateRequest = {
  customData?: CustomDataType;
  certificateType: InstallCertificateUseEnumType;
  certificate: string;
};

/** OCPP 2.0.1's InstallCertificate response (urn:InstallCertificate.conf). */
export type InstallCertificateResponse = {
  customData?: CustomDataType;
  status: InstallCertificateStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's LogStatusNotification request (urn:LogStatusNotification.req). */
export type LogStatusNotificationRequest = {
  customData?: CustomDataType;
  status: UploadLogStatusEnumType;
  requestId?: number;
};

/** OCPP 2.0.1's LogStatusNotification response (urn:LogStatusNotification.conf). */
export type LogStatusNotificationResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's MeterValues request (urn:MeterValues.req). */
export type MeterValuesRequest = {
  customData?: CustomDataType;
  evseId: number;
  meterValue: MeterValueType[];
};

/** OCPP 2.0.1's MeterValues response (urn:MeterValues.conf). */
export type MeterValuesResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's NotifyChargingLimit request (urn:NotifyChargingLimit.req). */
export type NotifyChargingLimitRequest = {
  customData?: CustomDataType;
  chargingSchedule?: ChargingScheduleType[];
  evseId?: number;
  chargingLimit: ChargingLimitType;
};

/** OCPP 2.0.1's NotifyChargingLimit response (urn:NotifyChargingLimit.conf). */
export type NotifyChargingLimitResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's NotifyCustomerInformation request (urn:NotifyCustomerInformation.req). */
export type NotifyCustomerInformationRequest = {
  customData?: CustomDataType;
  data: string;
  tbc?: boolean;
  seqNo: number;
  generatedAt: string;
  requestId: number;
};

/** OCPP 2.0.1's NotifyCustomerInformation response (urn:NotifyCustomerInformation.conf). */
export type NotifyCustomerInformationResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's NotifyDisplayMessages request (urn:NotifyDisplayMessages.req). */
export type NotifyDisplayMessagesRequest = {
  customData?: CustomDataType;
  messageInfo?: MessageInfoType[];
  requestId: number;
  tbc?: boolean;
};

/** OCPP 2.0.1's NotifyDisplayMessages response (urn:NotifyDisplayMessages.conf). */
export type NotifyDisplayMessagesResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's NotifyEVChargingNeeds request (urn:NotifyEVChargingNeeds.req). */
export type NotifyEVChargingNeedsRequest = {
  customData?: CustomDataType;
  maxScheduleTuples?: number;
  chargingNeeds: ChargingNeedsType;
  evseId: number;
};

/** OCPP 2.0.1's NotifyEVChargingNeeds response (urn:NotifyEVChargingNeeds.conf). */
export type NotifyEVChargingNeedsResponse = {
  customData?: CustomDataType;
  status: NotifyEVChargingNeedsStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's NotifyEVChargingSchedule request (urn:NotifyEVChargingSchedule.req). */
export type NotifyEVChargingScheduleRequest = {
  customData?: CustomDataType;
  timeBase: string;
  chargingSchedule: ChargingScheduleType;
  evseId: number;
};

/** OCPP 2.0.1's NotifyEVChargingSchedule response (urn:NotifyEVChargingSchedule.conf). */
export type NotifyEVChargingScheduleResponse = {
  customData?: CustomDataType;
  status: GenericStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's NotifyEvent request (urn:NotifyEvent.req). */
export type NotifyEventRequest = {
  customData?: CustomDataType;
  generatedAt: string;
  tbc?: boolean;
  seqNo: number;
  eventData: EventDataType[];
};

/** OCPP 2.0.1's NotifyEvent response (urn:NotifyEvent.conf). */
export type NotifyEventResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's NotifyMonitoringReport request (urn:NotifyMonitoringReport.req). */
export type NotifyMonitoringReportRequest = {
  customData?: CustomDataType;
  monitor?: MonitoringDataType[];
  requestId: number;
  tbc?: boolean;
  seqNo: number;
  generatedAt: string;
};

/** OCPP 2.0.1's NotifyMonitoringReport response (urn:NotifyMonitoringReport.conf). */
export type NotifyMonitoringReportResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's NotifyReport request (urn:NotifyReport.req). */
export type NotifyReportRequest = {
  customData?: CustomDataType;
  requestId: number;
  generatedAt: string;
  reportData?: ReportDataType[];
  tbc?: boolean;
  seqNo: number;
};

/** OCPP 2.0.1's NotifyReport response (urn:NotifyReport.conf). */
export type NotifyReportResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's PublishFirmware request (urn:PublishFirmware.req). */
export type PublishFirmwareRequest = {
  customData?: CustomDataType;
  location: string;
  retries?: number;
  checksum: string;
  requestId: number;
  retryInterval?: number;
};

/** OCPP 2.0.1's PublishFirmware response (urn:PublishFirmware.conf). */
export type PublishFirmwareResponse = {
  customData?: CustomDataType;
  status: GenericStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's PublishFirmwareStatusNotification request (urn:PublishFirmwareStatusNotification.req). */
export type PublishFirmwareStatusNotificationRequest = {
  customData?: CustomDataType;
  status: PublishFirmwareStatusEnumType;
  location?: string[];
  requestId?: number;
};

/** OCPP 2.0.1's PublishFirmwareStatusNotification response (urn:PublishFirmwareStatusNotification.conf). */
export type PublishFirmwareStatusNotificationResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's ReportChargingProfiles request (urn:ReportChargingProfiles.req). */
export type ReportChargingProfilesRequest = {
  customData?: CustomDataType;
  requestId: number;
  chargingLimitSource: ChargingLimitSourceEnumType;
  chargingProfile: ChargingProfileType[];
  tbc?: boolean;
  evseId: number;
};

/** OCPP 2.0.1's ReportChargingProfiles response (urn:ReportChargingProfiles.conf). */
export type ReportChargingProfilesResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's RequestStartTransaction request (urn:RequestStartTransaction.req). */
export type RequestStartTransactionRequest = {
  customData?: CustomDataType;
  evseId?: number;
  groupIdToken?: IdTokenType;
  idToken: IdTokenType;
  remoteStartId: number;
  chargingProfile?: ChargingProfileType;
};

/** OCPP 2.0.1's RequestStartTransaction response (urn:RequestStartTransaction.conf). */
export type RequestStartTransactionResponse = {
  customData?: CustomDataType;
  status: RequestStartStopStatusEnumType;
  statusInfo?: StatusInfoType;
  transactionId?: string;
};

/** OCPP 2.0.1's RequestStopTransaction request (urn:RequestStopTransaction.req). */
export type RequestStopTransactionRequest = {
  customData?: CustomDataType;
  transactionId: string;
};

/** OCPP 2.0.1's RequestStopTransaction response (urn:RequestStopTransaction.conf). */
export type RequestStopTransactionResponse = {
  customData?: CustomDataType;
  status: RequestStartStopStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's ReservationStatusUpdate request (urn:ReservationStatusUpdate.req). */
export type ReservationStatusUpdateRequest = {
  customData?: CustomDataType;
  reservationId: number;
  reservationUpdateStatus: ReservationUpdateStatusEnumType;
};

/** OCPP 2.0.1's ReservationStatusUpdate response (urn:ReservationStatusUpdate.conf). */
export type ReservationStatusUpdateResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's ReserveNow request (urn:ReserveNow.req). */
export type ReserveNowRequest = {
  customData?: CustomDataType;
  id: number;
  expiryDateTime: string;
  connectorType?: ConnectorEnumType;
  idToken: IdTokenType;
  evseId?: number;
  groupIdToken?: IdTokenType;
};

/** OCPP 2.0.1's ReserveNow response (urn:ReserveNow.conf). */
export type ReserveNowResponse = {
  customData?: CustomDataType;
  status: ReserveNowStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's Reset request (urn:Reset.req). */
export type ResetRequest = {
  customData?: CustomDataType;
  type: ResetEnumType;
  evseId?: number;
};

/** OCPP 2.0.1's Reset response (urn:Reset.conf). */
export type ResetResponse = {
  customData?: CustomDataType;
  status: ResetStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's SecurityEventNotification request (urn:SecurityEventNotification.req). */
export type SecurityEventNotificationRequest = {
  customData?: CustomDataType;
  type: string;
  timestamp: string;
  techInfo?: string;
};

/** OCPP 2.0.1's SecurityEventNotification response (urn:SecurityEventNotification.conf). */
export type SecurityEventNotificationResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's SendLocalList request (urn:SendLocalList.req). */
export type SendLocalListRequest = {
  customData?: CustomDataType;
  localAuthorizationList?: AuthorizationData[];
  versionNumber: number;
  updateType: UpdateEnumType;
};

/** OCPP 2.0.1's SendLocalList response (urn:SendLocalList.conf). */
export type SendLocalListResponse = {
  customData?: CustomDataType;
  status: SendLocalListStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's SetChargingProfile request (urn:SetChargingProfile.req). */
export type SetChargingProfileRequest = {
  customData?: CustomDataType;
  evseId: number;
  chargingProfile: ChargingProfileType;
};

/** OCPP 2.0.1's SetChargingProfile response (urn:SetChargingProfile.conf). */
export type SetChargingProfileResponse = {
  customData?: CustomDataType;
  status: ChargingProfileStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's SetDisplayMessage request (urn:SetDisplayMessage.req). */
export type SetDisplayMessageRequest = {
  customData?: CustomDataType;
  message: MessageInfoType;
};

/** OCPP 2.0.1's SetDisplayMessage response (urn:SetDisplayMessage.conf). */
export type SetDisplayMessageResponse = {
  customData?: CustomDataType;
  status: DisplayMessageStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's SetMonitoringBase request (urn:SetMonitoringBase.req). */
export type SetMonitoringBaseRequest = {
  customData?: CustomDataType;
  monitoringBase: MonitoringBaseEnumType;
};

/** OCPP 2.0.1's SetMonitoringBase response (urn:SetMonitoringBase.conf). */
export type SetMonitoringBaseResponse = {
  customData?: CustomDataType;
  status: GenericDeviceModelStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's SetMonitoringLevel request (urn:SetMonitoringLevel.req). */
export type SetMonitoringLevelRequest = {
  customData?: CustomDataType;
  severity: number;
};

/** OCPP 2.0.1's SetMonitoringLevel response (urn:SetMonitoringLevel.conf). */
export type SetMonitoringLevelResponse = {
  customData?: CustomDataType;
  status: GenericStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's SetNetworkProfile request (urn:SetNetworkProfile.req). */
export type SetNetworkProfileRequest = {
  customData?: CustomDataType;
  configurationSlot: number;
  connectionData: NetworkConnectionProfileType;
};

/** OCPP 2.0.1's SetNetworkProfile response (urn:SetNetworkProfile.conf). */
export type SetNetworkProfileResponse = {
  customData?: CustomDataType;
  status: SetNetworkProfileStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's SetVariableMonitoring request (urn:SetVariableMonitoring.req). */
export type SetVariableMonitoringRequest = {
  customData?: CustomDataType;
  setMonitoringData: SetMonitoringDataType[];
};

/** OCPP 2.0.1's SetVariableMonitoring response (urn:SetVariableMonitoring.conf). */
export type SetVariableMonitoringResponse = {
  customData?: CustomDataType;
  setMonitoringResult: SetMonitoringResultType[];
};

/** OCPP 2.0.1's SetVariables request (urn:SetVariables.req). */
export type SetVariablesRequest = {
  customData?: CustomDataType;
  setVariableData: SetVariableDataType[];
};

/** OCPP 2.0.1's SetVariables response (urn:SetVariables.conf). */
export type SetVariablesResponse = {
  customData?: CustomDataType;
  setVariableResult: SetVariableResultType[];
};

/** OCPP 2.0.1's SignCertificate request (urn:SignCertificate.req). */
export type SignCertificateRequest = {
  customData?: CustomDataType;
  csr: string;
  certificateType?: CertificateSigningUseEnumType;
};

/** OCPP 2.0.1's SignCertificate response (urn:SignCertificate.conf). */
export type SignCertificateResponse = {
  customData?: CustomDataType;
  status: GenericStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's StatusNotification request (urn:StatusNotification.req). */
export type StatusNotificationRequest = {
  customData?: CustomDataType;
  timestamp: string;
  connectorStatus: ConnectorStatusEnumType;
  evseId: number;
  connectorId: number;
};

/** OCPP 2.0.1's StatusNotification response (urn:StatusNotification.conf). */
export type StatusNotificationResponse = {
  customData?: CustomDataType;
};

/** OCPP 2.0.1's TransactionEvent request (urn:TransactionEvent.req). */
export type TransactionEventRequest = {
  customData?: CustomDataType;
  eventType: TransactionEventEnumType;
  meterValue?: MeterValueType[];
  timestamp: string;
  triggerReason: TriggerReasonEnumType;
  seqNo: number;
  offline?: boolean;
  numberOfPhasesUsed?: number;
  cableMaxCurrent?: number;
  reservationId?: number;
  transactionInfo: TransactionType;
  evse?: EVSEType;
  idToken?: IdTokenType;
};

/** OCPP 2.0.1's TransactionEvent response (urn:TransactionEvent.conf). */
export type TransactionEventResponse = {
  customData?: CustomDataType;
  totalCost?: number;
  chargingPriority?: number;
  idTokenInfo?: IdTokenInfoType;
  updatedPersonalMessage?: MessageContentType;
};

/** OCPP 2.0.1's TriggerMessage request (urn:TriggerMessage.req). */
export type TriggerMessageRequest = {
  customData?: CustomDataType;
  evse?: EVSEType;
  requestedMessage: MessageTriggerEnumType;
};

/** OCPP 2.0.1's TriggerMessage response (urn:TriggerMessage.conf). */
export type TriggerMessageResponse = {
  customData?: CustomDataType;
  status: TriggerMessageStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's UnlockConnector request (urn:UnlockConnector.req). */
export type UnlockConnectorRequest = {
  customData?: CustomDataType;
  evseId: number;
  connectorId: number;
};

/** OCPP 2.0.1's UnlockConnector response (urn:UnlockConnector.conf). */
export type UnlockConnectorResponse = {
  customData?: CustomDataType;
  status: UnlockStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** OCPP 2.0.1's UnpublishFirmware request (urn:UnpublishFirmware.req). */
export type UnpublishFirmwareRequest = {
  customData?: CustomDataType;
  checksum: string;
};

/** OCPP 2.0.1's UnpublishFirmware response (urn:UnpublishFirmware.conf). */
export type UnpublishFirmwareResponse = {
  customData?: CustomDataType;
  status: UnpublishFirmwareStatusEnumType;
};

/** OCPP 2.0.1's UpdateFirmware request (urn:UpdateFirmware.req). */
export type UpdateFirmwareRequest = {
  customData?: CustomDataType;
  retries?: number;
  retryInterval?: number;
  requestId: number;
  firmware: FirmwareType;
};

/** OCPP 2.0.1's UpdateFirmware response (urn:UpdateFirmware.conf). */
export type UpdateFirmwareResponse = {
  customData?: CustomDataType;
  status: UpdateFirmwareStatusEnumType;
  statusInfo?: StatusInfoType;
};

/** The request payload type of every action. */
export type RequestTypes = {
  Authorize: AuthorizeRequest;
  BootNotification: BootNotificationRequest;
  CancelReservation: CancelReservationRequest;
  CertificateSigned: CertificateSignedRequest;
  ChangeAvailability: ChangeAvailabilityRequest;
  ClearCache: ClearCacheRequest;
  ClearChargingProfile: ClearChargingProfileRequest;
  ClearDisplayMessage: ClearDisplayMessageRequest;
  ClearVariableMonitoring: ClearVariableMonitoringRequest;
  ClearedChargingLimit: ClearedChargingLimitRequest;
  CostUpdated: CostUpdatedRequest;
  CustomerInformation: CustomerInformationRequest;
  DataTransfer: DataTransferRequest;
  DeleteCertificate: DeleteCertificateRequest;
  FirmwareStatusNotification: FirmwareStatusNotificationRequest;
  Get15118EVCertificate: Get15118EVCertificateRequest;
  GetBaseReport: GetBaseReportRequest;
  GetCertificateStatus: GetCertificateStatusRequest;
  GetChargingProfiles: GetChargingProfilesRequest;
  GetCompositeSchedule: GetCompositeScheduleRequest;
  GetDisplayMessages: GetDisplayMessagesRequest;
  GetInstalledCertificateIds: GetInstalledCertificateIdsRequest;
  GetLocalListVersion: GetLocalListVersionRequest;
  GetLog: GetLogRequest;
  GetMonitoringReport: GetMonitoringReportRequest;
  GetReport: GetReportRequest;
  GetTransactionStatus: GetTransactionStatusRequest;
  GetVariables: GetVariablesRequest;
  Heartbeat: HeartbeatRequest;
  InstallCertificate: InstallCertificateRequest;
  LogStatusNotification: LogStatusNotificationRequest;
  MeterValues: MeterValuesRequest;
  NotifyChargingLimit: NotifyChargingLimitRequest;
  NotifyCustomerInformation: NotifyCustomerInformationRequest;
  NotifyDisplayMessages: NotifyDisplayMessagesRequest;
  NotifyEVChargingNeeds: NotifyEVChargingNeedsRequest;
  NotifyEVChargingSchedule: NotifyEVChargingScheduleRequest;
  NotifyEvent: NotifyEventRequest;
  NotifyMonitoringReport: NotifyMonitoringReportRequest;
  NotifyReport: NotifyReportRequest;
  PublishFirmware: PublishFirmwareRequest;
  PublishFirmwareStatusNotification: PublishFirmwareStatusNotificationRequest;
  ReportChargingProfiles: ReportChargingProfilesRequest;
  RequestStartTransaction: RequestStartTransactionRequest;
  RequestStopTransaction: RequestStopTransactionRequest;
  ReservationStatusUpdate: ReservationStatusUpdateRequest;
  ReserveNow: ReserveNowRequest;
  Reset: ResetRequest;
  SecurityEventNotification: SecurityEventNotificationRequest;
  SendLocalList: SendLocalListRequest;
  SetChargingProfile: SetChargingProfileRequest;
  SetDisplayMessage: SetDisplayMessageRequest;
  SetMonitoringBase: SetMonitoringBaseRequest;
  SetMonitoringLevel: SetMonitoringLevelRequest;
  SetNetworkProfile: SetNetworkProfileRequest;
  SetVariableMonitoring: SetVariableMonitoringRequest;
  SetVariables: SetVariablesRequest;
  SignCertificate: SignCertificateRequest;
  StatusNotification: StatusNotificationRequest;
  TransactionEvent: TransactionEventRequest;
  TriggerMessage: TriggerMessageRequest;
  UnlockConnector: UnlockConnectorRequest;
  UnpublishFirmware: UnpublishFirmwareRequest;
  UpdateFirmware: UpdateFirmwareRequest;
};

/** The request payload type of action `A`. */
export type RequestOf<A extends keyof RequestTypes> = RequestTypes[A];

/** The response payload type of every action. */
export type ResponseTypes = {
  Authorize: AuthorizeResponse;
  BootNotification: BootNotificationResponse;
  CancelReservation: CancelReservationResponse;
  CertificateSigned: CertificateSignedResponse;
  ChangeAvailability: ChangeAvailabilityResponse;
  ClearCache: ClearCacheResponse;
  ClearChargingProfile: ClearChargingProfileResponse;
  ClearDisplayMessage: ClearDisplayMessageResponse;
  ClearVariableMonitoring: ClearVariableMonitoringResponse;
  ClearedChargingLimit: ClearedChargingLimitResponse;
  CostUpdated: CostUpdatedResponse;
  CustomerInformation: CustomerInformationResponse;
  DataTransfer: DataTransferResponse;
  DeleteCertificate: DeleteCertificateResponse;
  FirmwareStatusNotification: FirmwareStatusNotificationResponse;
  Get15118EVCertificate: Get15118EVCertificateResponse;
  GetBaseReport: GetBaseReportResponse;
  GetCertificateStatus: GetCertificateStatusResponse;
  GetChargingProfiles: GetChargingProfilesResponse;
  GetCompositeSchedule: GetCompositeScheduleResponse;
  GetDisplayMessages: GetDisplayMessagesResponse;
  GetInstalledCertificateIds: GetInstalledCertificateIdsResponse;
  GetLocalListVersion: GetLocalListVersionResponse;
  GetLog: GetLogResponse;
  GetMonitoringReport: GetMonitoringReportResponse;
  GetReport: GetReportResponse;
  GetTransactionStatus: GetTransactionStatusResponse;
  GetVariables: GetVariablesResponse;
  Heartbeat: HeartbeatResponse;
  InstallCertificate: InstallCertificateResponse;
  LogStatusNotification: LogStatusNotificationResponse;
  MeterValues: MeterValuesResponse;
  NotifyChargingLimit: NotifyChargingLimitResponse;
  NotifyCustomerInformation: NotifyCustomerInformationResponse;
  NotifyDisplayMessages: NotifyDisplayMessagesResponse;
  NotifyEVChargingNeeds: NotifyEVChargingNeedsResponse;
  NotifyEVChargingSchedule: NotifyEVChargingScheduleResponse;
  NotifyEvent: NotifyEventResponse;
  NotifyMonitoringReport: NotifyMonitoringReportResponse;
  NotifyReport: NotifyReportResponse;
  PublishFirmware: PublishFirmwareResponse;
  PublishFirmwareStatusNotification: PublishFirmwareStatusNotificationResponse;
  ReportChargingProfiles: ReportChargingProfilesResponse;
  RequestStartTransaction: RequestStartTransactionResponse;
  RequestStopTransaction: RequestStopTransactionResponse;
  ReservationStatusUpdate: ReservationStatusUpdateResponse;
  ReserveNow: ReserveNowResponse;
  Reset: ResetResponse;
  SecurityEventNotification: SecurityEventNotificationResponse;
  SendLocalList: SendLocalListResponse;
  SetChargingProfile: SetChargingProfileResponse;
  SetDisplayMessage: SetDisplayMessageResponse;
  SetMonitoringBase: SetMonitoringBaseResponse;
  SetMonitoringLevel: SetMonitoringLevelResponse;
  SetNetworkProfile: SetNetworkProfileResponse;
  SetVariableMonitoring: SetVariableMonitoringResponse;
  SetVariables: SetVariablesResponse;
  SignCertificate: SignCertificateResponse;
  StatusNotification: StatusNotificationResponse;
  TransactionEvent: TransactionEventResponse;
  TriggerMessage: TriggerMessageResponse;
  UnlockConnector: UnlockConnectorResponse;
  UnpublishFirmware: UnpublishFirmwareResponse;
  UpdateFirmware: UpdateFirmwareResponse;
};

/** The response payload type of action `A`. */
export type ResponseOf<A extends keyof ResponseTypes> = ResponseTypes[A];
