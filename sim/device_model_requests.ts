/** GetVariables, SetVariables and GetBaseReport over a station's device model (B06, B05, B07), pure. */
import type { RequestOf, ResponseOf } from "../actors/ocpp/schemas.ts";
import {
  baseReportSpecs,
  checkValue,
  type DeviceValues,
  findVariable,
  type LiveValues,
  readValue,
  reportData,
  type StationFacts,
  variableKey,
  type VariableRef,
} from "./device_model.ts";

type Ctx = { values: DeviceValues; facts: StationFacts; live?: LiveValues };
type Component = RequestOf<"GetVariables">["getVariableData"][number]["component"];
type Variable = RequestOf<"GetVariables">["getVariableData"][number]["variable"];

/** How many ReportData go in one NotifyReport (DeviceDataCtrlr.ItemsPerMessage[GetReport]). */
export const REPORT_ITEMS_PER_MESSAGE = 20;

function refOf(component: Component, variable: Variable): VariableRef {
  return {
    component: component.name,
    evseId: component.evse?.id,
    connectorId: component.evse?.connectorId,
    componentInstance: component.instance,
    variable: variable.name,
    variableInstance: variable.instance,
  };
}

/** Answers GetVariables, one result per requested variable in order (B06). */
export function getVariables(
  request: RequestOf<"GetVariables">,
  ctx: Ctx,
): ResponseOf<"GetVariables"> {
  return {
    getVariableResult: request.getVariableData.map((item) => {
      const base = {
        component: item.component,
        variable: item.variable,
        ...(item.attributeType ? { attributeType: item.attributeType } : {}),
      };
      if (item.attributeType && item.attributeType !== "Actual") {
        return { ...base, attributeStatus: "NotSupportedAttributeType" as const };
      }
      const found = findVariable(refOf(item.component, item.variable));
      if ("missing" in found) return { ...base, attributeStatus: found.missing };
      if (found.spec.mutability === "WriteOnly") {
        return { ...base, attributeStatus: "Rejected" as const };
      }
      return {
        ...base,
        attributeStatus: "Accepted" as const,
        attributeValue: readValue(found.spec, ctx).slice(0, 2500),
      };
    }),
  };
}

/** Answers SetVariables and gives the new values; `changed` names the keys that changed (B05). */
export function setVariables(
  request: RequestOf<"SetVariables">,
  ctx: Ctx,
): { response: ResponseOf<"SetVariables">; values: DeviceValues; changed: string[] } {
  let values = ctx.values;
  const changed: string[] = [];
  const setVariableResult = request.setVariableData.map((item) => {
    const base = {
      component: item.component,
      variable: item.variable,
      ...(item.attributeType ? { attributeType: item.attributeType } : {}),
    };
    if (item.attributeType && item.attributeType !== "Actual") {
      return { ...base, attributeStatus: "NotSupportedAttributeType" as const };
    }
    const found = findVariable(refOf(item.component, item.variable));
    if ("missing" in found) return { ...base, attributeStatus: found.missing };
    const problem = found.spec.mutability === "ReadOnly"
      ? `${found.spec.component}.${found.spec.variable} is read-only`
      : checkValue(found.spec, item.attributeValue);
    if (problem !== null) {
      return {
        ...base,
        attributeStatus: "Rejected" as const,
        attributeStatusInfo: { reasonCode: "InvalidValue", additionalInfo: problem.slice(0, 512) },
      };
    }
    const key = variableKey(found.spec);
    values = { ...values, [key]: item.attributeValue };
    changed.push(key);
    return { ...base, attributeStatus: "Accepted" as const };
  });
  return { response: { setVariableResult }, values, changed };
}

/** The NotifyReport payloads answering GetBaseReport `requestId` (B07), `tbc` on all but the last. */
export function baseReport(
  request: RequestOf<"GetBaseReport">,
  ctx: Ctx & { generatedAt: string },
): RequestOf<"NotifyReport">[] {
  const data = baseReportSpecs(request.reportBase).map((spec) => reportData(spec, ctx));
  const reports: RequestOf<"NotifyReport">[] = [];
  for (let i = 0; i < data.length; i += REPORT_ITEMS_PER_MESSAGE) {
    reports.push({
      requestId: request.requestId,
      generatedAt: ctx.generatedAt,
      seqNo: reports.length,
      tbc: i + REPORT_ITEMS_PER_MESSAGE < data.length,
      reportData: data.slice(i, i + REPORT_ITEMS_PER_MESSAGE) as RequestOf<
        "NotifyReport"
      >["reportData"],
    });
  }
  return reports;
}
