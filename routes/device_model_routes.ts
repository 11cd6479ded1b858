/**
 * The device model over REST (OCPP 2.0.1 B05–B08): what a charger reported (filtered by
 * component or variable), a new report on demand, and typed Get/SetVariables whose results are
 * stored with the variables.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { DeviceModel, StoredVariable, VariableResult } from "../actors/csms/device_model.ts";
import { type ApiContext, BEARER, newApi } from "./context.ts";
import { callCharger, COMMAND_ERRORS, findCharger } from "./command_results.ts";
import { body } from "./network_common.ts";
import { ChargerIdParams, errorResponses, jsonResponse, RequestAnswer } from "./schemas.ts";

const name50 = z.string().min(1).max(50);

const Address = z.strictObject({
  component: name50.openapi({ example: "OCPPCommCtrlr" }),
  evse_id: z.number().int().min(0).optional(),
  connector_id: z.number().int().min(1).optional(),
  component_instance: name50.optional(),
  variable: name50.openapi({ example: "HeartbeatInterval" }),
  variable_instance: name50.optional(),
  attribute_type: z.enum(["Actual", "Target", "MinSet", "MaxSet"]).optional(),
});

const GetBody = z.strictObject({
  variables: z.array(Address).min(1).max(50),
}).openapi("GetVariablesBody");

const SetBody = z.strictObject({
  variables: z.array(Address.extend({
    value: z.string().max(1000).openapi({ example: "60" }),
  })).min(1).max(50),
}).openapi("SetVariablesBody");

const ReportBody = z.strictObject({
  report_base: z.enum(["FullInventory", "ConfigurationInventory", "SummaryInventory"])
    .optional().openapi({ description: "Default FullInventory (replaces the stored model)" }),
});

const ModelQuery = z.object({
  component: z.string().max(500).optional().openapi({
    description: "Comma-separated component names",
    example: "OCPPCommCtrlr,SampledDataCtrlr",
  }),
  variable: z.string().max(500).optional().openapi({
    description: "Comma-separated variable names",
    example: "HeartbeatInterval,TxUpdatedInterval",
  }),
});

const addressJson = (v: StoredVariable | VariableResult) => ({
  component: v.component,
  evse_id: v.evseId ?? null,
  connector_id: v.connectorId ?? null,
  component_instance: v.componentInstance ?? null,
  variable: v.variable,
  variable_instance: v.variableInstance ?? null,
});

const VariableJson = z.object({
  component: z.string(),
  evse_id: z.number().int().nullable(),
  connector_id: z.number().int().nullable(),
  component_instance: z.string().nullable(),
  variable: z.string(),
  variable_instance: z.string().nullable(),
  value: z.string().nullable().openapi({ description: "The Actual value as last known" }),
  mutability: z.string().nullable(),
  data_type: z.string().nullable(),
  unit: z.string().nullable(),
  values_list: z.string().nullable(),
  attributes: z.array(z.record(z.string(), z.unknown())),
  last_action: z.string().nullable(),
  last_status: z.string().nullable().openapi({
    description: "The charger's answer to the last Get/SetVariables (Accepted, RebootRequired, …)",
  }),
  last_status_info: z.string().nullable(),
  updated_at: z.string(),
}).openapi("DeviceVariable");

const variableJson = (v: StoredVariable) => ({
  ...addressJson(v),
  value: v.value ?? null,
  mutability: v.mutability ?? null,
  data_type: v.characteristics?.dataType ?? null,
  unit: v.characteristics?.unit ?? null,
  values_list: v.characteristics?.valuesList ?? null,
  attributes: v.attributes,
  last_action: v.lastAction ?? null,
  last_status: v.lastStatus ?? null,
  last_status_info: v.lastStatusInfo ?? null,
  updated_at: v.updatedAt,
});

const ModelJson = z.object({
  charger_id: z.string(),
  report: z.object({
    request_id: z.number().int(),
    report_base: z.string(),
    generated_at: z.string(),
    stored_at: z.string(),
    variables: z.number().int(),
  }).nullable().openapi({ description: "The last report stored; null before the first" }),
  variables: z.array(VariableJson),
}).openapi("DeviceModel");

const ResultsJson = z.object({
  charger_id: z.string(),
  action: z.string(),
  results: z.array(z.object({
    component: z.string(),
    evse_id: z.number().int().nullable(),
    connector_id: z.number().int().nullable(),
    component_instance: z.string().nullable(),
    variable: z.string(),
    variable_instance: z.string().nullable(),
    attribute_status: z.string().openapi({ example: "Accepted" }),
    status_info: z.string().nullable(),
    value: z.string().nullable(),
  })),
}).openapi("VariableResults");

const resultsJson = (chargerId: string, action: string, results: VariableResult[]) => ({
  charger_id: chargerId,
  action,
  results: results.map((r) => ({
    ...addressJson(r),
    attribute_status: r.status,
    status_info: r.statusInfo ?? null,
    value: r.value ?? null,
  })),
});

type AddressBody = z.infer<typeof Address>;

const requestOf = (a: AddressBody) => ({
  component: a.component,
  ...(a.evse_id !== undefined && { evseId: a.evse_id }),
  ...(a.connector_id !== undefined && { connectorId: a.connector_id }),
  ...(a.component_instance !== undefined && { componentInstance: a.component_instance }),
  variable: a.variable,
  ...(a.variable_instance !== undefined && { variableInstance: a.variable_instance }),
  ...(a.attribute_type !== undefined && { attributeType: a.attribute_type }),
});

const list = (text?: string) => text?.split(",").map((s) => s.trim()).filter((s) => s !== "") ?? [];

function addVariableCalls(app: OpenAPIHono, model: DeviceModel): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/variables/get",
      tags: ["device-model"],
      summary: "GetVariables (B06); results are stored with the variables",
      security: BEARER,
      request: { params: ChargerIdParams, body: body(GetBody) },
      responses: { 200: jsonResponse(ResultsJson, "The charger's results"), ...COMMAND_ERRORS },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const items = c.req.valid("json").variables.map(requestOf);
      const results = await callCharger(id, "GetVariables", () => model.getVariables(id, items));
      return c.json(resultsJson(id, "GetVariables", results), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/variables/set",
      tags: ["device-model"],
      summary: "SetVariables (B05); accepted values are stored with the variables",
      security: BEARER,
      request: { params: ChargerIdParams, body: body(SetBody) },
      responses: { 200: jsonResponse(ResultsJson, "The charger's results"), ...COMMAND_ERRORS },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const items = c.req.valid("json").variables.map((v) => ({ ...requestOf(v), value: v.value }));
      const results = await callCharger(id, "SetVariables", () => model.setVariables(id, items));
      return c.json(resultsJson(id, "SetVariables", results), 200);
    },
  );
}

/** The device model sub-app. */
export function deviceModelRoutes(ctx: ApiContext, model: DeviceModel): OpenAPIHono {
  const app = newApi();
  app.openapi(
    createRoute({
      method: "get",
      path: "/chargers/{id}/device-model",
      tags: ["device-model"],
      summary: "The charger's stored device model, filtered by component or variable",
      request: { params: ChargerIdParams, query: ModelQuery },
      responses: { 200: jsonResponse(ModelJson, "The device model"), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      findCharger(ctx, id);
      const query = c.req.valid("query");
      const [report, variables] = await Promise.all([
        model.report(id),
        model.variables(id, { components: list(query.component), variables: list(query.variable) }),
      ]);
      return c.json({
        charger_id: id,
        report: report
          ? {
            request_id: report.requestId,
            report_base: report.reportBase,
            generated_at: report.generatedAt,
            stored_at: report.storedAt,
            variables: report.variables,
          }
          : null,
        variables: variables.map(variableJson),
      }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/chargers/{id}/device-model/report",
      tags: ["device-model"],
      summary: "GetBaseReport (B07): ask the charger for its device model now",
      security: BEARER,
      request: { params: ChargerIdParams, body: body(ReportBody, "", false) },
      responses: {
        200: jsonResponse(
          RequestAnswer,
          "The charger's answer; the parts follow as NotifyReport",
        ),
        ...COMMAND_ERRORS,
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const reportBase = c.req.valid("json")?.report_base;
      const sent = await callCharger(
        id,
        "GetBaseReport",
        () => model.requestReport(id, reportBase),
      );
      return c.json({ charger_id: id, request_id: sent.requestId, ocpp_status: sent.status }, 200);
    },
  );
  addVariableCalls(app, model);
  return app;
}
