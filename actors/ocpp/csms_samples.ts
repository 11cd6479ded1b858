/** One valid request per CSMS→charger action, for tests that drive a station with every action. */
import type { CsmsAction } from "./actions.ts";
import type { RequestOf } from "./schemas.ts";

const HASH = {
  hashAlgorithm: "SHA256",
  issuerNameHash: "aa",
  issuerKeyHash: "bb",
  serialNumber: "01",
} as const;
const COMPONENT = { name: "OCPPCommCtrlr" };
const AT = "2026-01-21T06:00:00.000Z";

/** A minimal valid request of every action the CSMS may send. */
export const CSMS_SAMPLES: { [A in CsmsAction]: RequestOf<A> } = {
  CancelReservation: { reservationId: 1 },
  CertificateSigned: { certificateChain: "-----BEGIN CERTIFICATE-----" },
  ChangeAvailability: { operationalStatus: "Inoperative" },
  ClearCache: {},
  ClearChargingProfile: { chargingProfileId: 1 },
  ClearDisplayMessage: { id: 1 },
  ClearVariableMonitoring: { id: [1, 2] },
  CostUpdated: { totalCost: 1.5, transactionId: "tx-1" },
  CustomerInformation: { requestId: 1, report: true, clear: false },
  DataTransfer: { vendorId: "com.example" },
  DeleteCertificate: { certificateHashData: HASH },
  GetBaseReport: { requestId: 1, reportBase: "FullInventory" },
  GetChargingProfiles: { requestId: 1, chargingProfile: {} },
  GetCompositeSchedule: { duration: 3600, evseId: 1 },
  GetDisplayMessages: { requestId: 1 },
  GetInstalledCertificateIds: {},
  GetLocalListVersion: {},
  GetLog: {
    log: { remoteLocation: "https://example.com/logs" },
    logType: "DiagnosticsLog",
    requestId: 1,
  },
  GetMonitoringReport: { requestId: 1 },
  GetReport: { requestId: 1 },
  GetTransactionStatus: {},
  GetVariables: {
    getVariableData: [{ component: COMPONENT, variable: { name: "HeartbeatInterval" } }],
  },
  InstallCertificate: { certificateType: "CSMSRootCertificate", certificate: "-----BEGIN" },
  PublishFirmware: { location: "https://example.com/fw", checksum: "abc", requestId: 1 },
  RequestStartTransaction: {
    idToken: { idToken: "token_user_003", type: "Central" },
    remoteStartId: 7,
    evseId: 1,
  },
  RequestStopTransaction: { transactionId: "tx-1" },
  ReserveNow: { id: 1, expiryDateTime: AT, idToken: { idToken: "A", type: "ISO14443" } },
  Reset: { type: "OnIdle" },
  SendLocalList: { versionNumber: 1, updateType: "Full" },
  SetChargingProfile: {
    evseId: 0,
    chargingProfile: {
      id: 1,
      stackLevel: 0,
      chargingProfilePurpose: "ChargingStationMaxProfile",
      chargingProfileKind: "Relative",
      chargingSchedule: [{
        id: 1,
        chargingRateUnit: "W",
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 30_000 }],
      }],
    },
  },
  SetDisplayMessage: {
    message: { id: 1, priority: "NormalCycle", message: { format: "UTF8", content: "Hi" } },
  },
  SetMonitoringBase: { monitoringBase: "All" },
  SetMonitoringLevel: { severity: 5 },
  SetNetworkProfile: {
    configurationSlot: 1,
    connectionData: {
      ocppVersion: "OCPP20",
      ocppTransport: "JSON",
      ocppCsmsUrl: "ws://localhost:9000",
      messageTimeout: 30,
      securityProfile: 1,
      ocppInterface: "Wired0",
    },
  },
  SetVariableMonitoring: {
    setMonitoringData: [{
      value: 1,
      type: "Delta",
      severity: 5,
      component: COMPONENT,
      variable: { name: "HeartbeatInterval" },
    }],
  },
  SetVariables: {
    setVariableData: [{
      component: COMPONENT,
      variable: { name: "HeartbeatInterval" },
      attributeValue: "60",
    }],
  },
  TriggerMessage: { requestedMessage: "Heartbeat" },
  UnlockConnector: { evseId: 1, connectorId: 1 },
  UnpublishFirmware: { checksum: "abc" },
  UpdateFirmware: {
    requestId: 1,
    firmware: { location: "https://example.com/fw", retrieveDateTime: AT },
  },
};
