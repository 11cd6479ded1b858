/** The 64 OCPP 2.0.1 actions and which side may initiate each (spec-transcribed table). */

/** Actions a charging station sends to the CSMS (DataTransfer goes both ways). */
export const CHARGER_ACTIONS = [
  "Authorize",
  "BootNotification",
  "ClearedChargingLimit",
  "DataTransfer",
  "FirmwareStatusNotification",
  "Get15118EVCertificate",
  "GetCertificateStatus",
  "Heartbeat",
  "LogStatusNotification",
  "MeterValues",
  "NotifyChargingLimit",
  "NotifyCustomerInformation",
  "NotifyDisplayMessages",
  "NotifyEVChargingNeeds",
  "NotifyEVChargingSchedule",
  "NotifyEvent",
  "NotifyMonitoringReport",
  "NotifyReport",
  "PublishFirmwareStatusNotification",
  "ReportChargingProfiles",
  "ReservationStatusUpdate",
  "SecurityEventNotification",
  "SignCertificate",
  "StatusNotification",
  "TransactionEvent",
] as const;

/** Actions the CSMS sends to a charging station (DataTransfer goes both ways). */
export const CSMS_ACTIONS = [
  "CancelReservation",
  "CertificateSigned",
  "ChangeAvailability",
  "ClearCache",
  "ClearChargingProfile",
  "ClearDisplayMessage",
  "ClearVariableMonitoring",
  "CostUpdated",
  "CustomerInformation",
  "DataTransfer",
  "DeleteCertificate",
  "GetBaseReport",
  "GetChargingProfiles",
  "GetCompositeSchedule",
  "GetDisplayMessages",
  "GetInstalledCertificateIds",
  "GetLocalListVersion",
  "GetLog",
  "GetMonitoringReport",
  "GetReport",
  "GetTransactionStatus",
  "GetVariables",
  "InstallCertificate",
  "PublishFirmware",
  "RequestStartTransaction",
  "RequestStopTransaction",
  "ReserveNow",
  "Reset",
  "SendLocalList",
  "SetChargingProfile",
  "SetDisplayMessage",
  "SetMonitoringBase",
  "SetMonitoringLevel",
  "SetNetworkProfile",
  "SetVariableMonitoring",
  "SetVariables",
  "TriggerMessage",
  "UnlockConnector",
  "UnpublishFirmware",
  "UpdateFirmware",
] as const;

/** An action a charging station initiates. */
export type ChargerAction = typeof CHARGER_ACTIONS[number];
/** An action the CSMS initiates. */
export type CsmsAction = typeof CSMS_ACTIONS[number];
/** Any OCPP 2.0.1 action. */
export type Action = ChargerAction | CsmsAction;

/** All 64 actions, sorted. */
export const ACTIONS: readonly Action[] = [
  ...new Set<Action>([...CHARGER_ACTIONS, ...CSMS_ACTIONS]),
]
  .sort();

const ACTION_SET: ReadonlySet<string> = new Set(ACTIONS);

/** Whether `name` is an OCPP 2.0.1 action. */
export function isAction(name: string): name is Action {
  return ACTION_SET.has(name);
}

/** Whether a charging station may initiate `action`. */
export function isChargerAction(action: string): action is ChargerAction {
  return (CHARGER_ACTIONS as readonly string[]).includes(action);
}

/** Whether the CSMS may initiate `action`. */
export function isCsmsAction(action: string): action is CsmsAction {
  return (CSMS_ACTIONS as readonly string[]).includes(action);
}
