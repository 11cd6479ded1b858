/**
 * A schema-valid answer to every CSMS→charger action, for what a simulated station does not
 * implement (or as the fallback of what it does): a refusal in each response schema's own words.
 */
import type { CsmsAction } from "./actions.ts";
import type { RequestOf, ResponseOf } from "./schemas.ts";

type DefaultResponses = { [A in CsmsAction]: (request: RequestOf<A>) => ResponseOf<A> };

const NOT_SUPPORTED = { reasonCode: "NotSupported" };

/** The default answer per action; each is checked against its response schema in the tests. */
export const DEFAULT_RESPONSES: DefaultResponses = {
  CancelReservation: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  CertificateSigned: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  ChangeAvailability: () => ({ status: "Rejected" }),
  ClearCache: () => ({ status: "Accepted" }),
  ClearChargingProfile: () => ({ status: "Unknown" }),
  ClearDisplayMessage: () => ({ status: "Unknown" }),
  ClearVariableMonitoring: (req) => ({
    clearMonitoringResult: req.id.map((id) => ({ id, status: "NotFound" as const })),
  }),
  CostUpdated: () => ({}),
  CustomerInformation: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  DataTransfer: () => ({ status: "UnknownVendorId" }),
  DeleteCertificate: () => ({ status: "NotFound" }),
  GetBaseReport: () => ({ status: "NotSupported" }),
  GetChargingProfiles: () => ({ status: "NoProfiles" }),
  GetCompositeSchedule: () => ({ status: "Rejected" }),
  GetDisplayMessages: () => ({ status: "Unknown" }),
  GetInstalledCertificateIds: () => ({ status: "NotFound" }),
  GetLocalListVersion: () => ({ versionNumber: 0 }),
  GetLog: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  GetMonitoringReport: () => ({ status: "NotSupported" }),
  GetReport: () => ({ status: "NotSupported" }),
  GetTransactionStatus: () => ({ messagesInQueue: false }),
  GetVariables: (req) => ({
    getVariableResult: req.getVariableData.map((item) => ({
      component: item.component,
      variable: item.variable,
      attributeStatus: "UnknownComponent" as const,
    })),
  }),
  InstallCertificate: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  PublishFirmware: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  RequestStartTransaction: () => ({ status: "Rejected" }),
  RequestStopTransaction: () => ({ status: "Rejected" }),
  ReserveNow: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  Reset: () => ({ status: "Rejected" }),
  SendLocalList: () => ({ status: "Failed", statusInfo: NOT_SUPPORTED }),
  SetChargingProfile: () => ({ status: "Rejected" }),
  SetDisplayMessage: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  SetMonitoringBase: () => ({ status: "NotSupported" }),
  SetMonitoringLevel: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  SetNetworkProfile: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  SetVariableMonitoring: (req) => ({
    setMonitoringResult: req.setMonitoringData.map((item) => ({
      status: "UnsupportedMonitorType" as const,
      type: item.type,
      severity: item.severity,
      component: item.component,
      variable: item.variable,
    })),
  }),
  SetVariables: (req) => ({
    setVariableResult: req.setVariableData.map((item) => ({
      component: item.component,
      variable: item.variable,
      attributeStatus: "UnknownComponent" as const,
    })),
  }),
  TriggerMessage: () => ({ status: "NotImplemented" }),
  UnlockConnector: () => ({ status: "UnknownConnector" }),
  UnpublishFirmware: () => ({ status: "NoFirmware" }),
  UpdateFirmware: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
};

/** The default answer to `action`. */
export function defaultResponse<A extends CsmsAction>(
  action: A,
  request: RequestOf<A>,
): ResponseOf<A> {
  return (DEFAULT_RESPONSES[action] as (r: RequestOf<A>) => ResponseOf<A>)(request);
}
