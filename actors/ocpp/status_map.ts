/**
 * The one place that translates the internal charger states (the user's 1.6-style names) into
 * OCPP 2.0.1: connector status for StatusNotification and chargingState for TransactionEvent
 * (STYLE §3). The simulator uses it to speak, and a CSMS may use it to read field chargers'
 * 1.6-style words back.
 */

/** Internal charger states (STYLE §3). */
export type InternalStatus =
  | "Available"
  | "Preparing"
  | "Charging"
  | "Finishing"
  | "Unavailable"
  | "Faulted";

/** OCPP 2.0.1 ConnectorStatusEnumType. */
export type ConnectorStatus = "Available" | "Occupied" | "Reserved" | "Unavailable" | "Faulted";

/** OCPP 2.0.1 ChargingStateEnumType. */
export type ChargingState = "Charging" | "EVConnected" | "SuspendedEV" | "SuspendedEVSE" | "Idle";

const CONNECTOR_STATUS: Record<InternalStatus, ConnectorStatus> = {
  Available: "Available",
  Preparing: "Occupied",
  Charging: "Occupied",
  Finishing: "Occupied",
  Unavailable: "Unavailable",
  Faulted: "Faulted",
};

/** The connector status a StatusNotification reports for an internal state. */
export function connectorStatusOf(status: InternalStatus): ConnectorStatus {
  return CONNECTOR_STATUS[status];
}

/**
 * The chargingState of a transaction: Charging while energy flows; SuspendedEV when the EV
 * takes none (full); SuspendedEVSE when the station gives none (limit 0); EVConnected when
 * plugged but not yet charging; Idle without an EV.
 */
export function chargingStateOf(facts: {
  status: InternalStatus;
  isEvConnected: boolean;
  isEvFull: boolean;
  limitW: number | null;
}): ChargingState {
  if (!facts.isEvConnected) return "Idle";
  if (facts.status !== "Charging") return "EVConnected";
  if (facts.limitW !== null && facts.limitW <= 0) return "SuspendedEVSE";
  if (facts.isEvFull) return "SuspendedEV";
  return "Charging";
}
