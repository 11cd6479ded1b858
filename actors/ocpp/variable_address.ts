/**
 * An OCPP 2.0.1 device-model variable's address (component with its EVSE, connector and
 * instance; variable with its instance), shared by the CSMS's device model and the simulated
 * station's.
 */
import type { RequestOf } from "./schemas.ts";

/** Where a variable lives: component (with EVSE, connector, instance) and variable. */
export interface VariableAddress {
  component: string;
  evseId?: number;
  connectorId?: number;
  componentInstance?: string;
  variable: string;
  variableInstance?: string;
}

/** A component as OCPP messages carry it. */
export type Component = RequestOf<"GetVariables">["getVariableData"][number]["component"];
/** A variable as OCPP messages carry it. */
export type Variable = RequestOf<"GetVariables">["getVariableData"][number]["variable"];

/** The key of a variable: its full address as one string. */
export function variableKey(a: VariableAddress): string {
  return [
    a.component,
    a.evseId ?? "",
    a.connectorId ?? "",
    a.componentInstance ?? "",
    a.variable,
    a.variableInstance ?? "",
  ].join("|");
}

/** The address of an OCPP component and variable (absent parts left out). */
export function addressOf(component: Component, variable: Variable): VariableAddress {
  return {
    component: component.name,
    ...(component.evse && { evseId: component.evse.id }),
    ...(component.evse?.connectorId !== undefined && { connectorId: component.evse.connectorId }),
    ...(component.instance !== undefined && { componentInstance: component.instance }),
    variable: variable.name,
    ...(variable.instance !== undefined && { variableInstance: variable.instance }),
  };
}
