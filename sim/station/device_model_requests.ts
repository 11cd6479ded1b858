/** GetVariables, SetVariables and GetBaseReport over a station's device model (B06, B05, B07), pure. */
import type { RequestOf, ResponseOf } from "../../actors/ocpp/schemas.ts";
import {
  baseReportSpecs,
  checkValue,
  type DeviceValues,
  findVariable,
  type LiveValues,
  readValue,
  reportData,
  variableKey,
} from "./device_model.ts";
import type { StationFacts } from "./device_model_variables.ts";
import { addressOf } from "../../actors/ocpp/variable_address.ts";
import { passwordProblem } from "../transport/station_security.ts";

type Ctx = { values: DeviceValues; facts: StationFacts; live?: LiveValues };

/** How many ReportData go in one NotifyReport (DeviceDataCtrlr.ItemsPerMessage[GetReport]). */
export const REPORT_ITEMS_PER_MESSAGE = 20;

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
      const found = findVariable(addressOf(item.component, item.variable));
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

/** What SetVariables changes: the answer, the new values, and a new password if one was accepted. */
export interface SetVariablesResult {
  response: ResponseOf<"SetVariables">;
  values: DeviceValues;
  /** Keys of the values that changed (B05). */
  changed: string[];
  /** An accepted SecurityCtrlr.BasicAuthPassword (A01); it never goes into `values`. */
  password?: string;
}

/** Answers SetVariables and gives the new values (B05) and an accepted new password (A01). */
export function setVariables(request: RequestOf<"SetVariables">, ctx: Ctx): SetVariablesResult {
  let values = ctx.values;
  let password: string | undefined;
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
    const found = findVariable(addressOf(item.component, item.variable));
    if ("missing" in found) return { ...base, attributeStatus: found.missing };
    const isPassword = found.spec.component === "SecurityCtrlr" &&
      found.spec.variable === "BasicAuthPassword";
    const problem = found.spec.mutability === "ReadOnly"
      ? `${found.spec.component}.${found.spec.variable} is read-only`
      : isPassword
      ? passwordOf(item.attributeValue)
      : checkValue(found.spec, item.attributeValue);
    if (problem !== null) {
      return {
        ...base,
        attributeStatus: "Rejected" as const,
        attributeStatusInfo: { reasonCode: "InvalidValue", additionalInfo: problem.slice(0, 512) },
      };
    }
    if (isPassword) {
      password = item.attributeValue;
      return { ...base, attributeStatus: "Accepted" as const };
    }
    const key = variableKey(found.spec);
    values = { ...values, [key]: item.attributeValue };
    changed.push(key);
    return { ...base, attributeStatus: "Accepted" as const };
  });
  return {
    response: { setVariableResult },
    values,
    changed,
    ...(password === undefined ? {} : { password }),
  };
}

/** Why a new BasicAuthPassword is refused (its length, never its value), or null. */
function passwordOf(value: string): string | null {
  const problem = passwordProblem(value);
  return problem === null ? null : `BasicAuthPassword ${problem}`;
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
