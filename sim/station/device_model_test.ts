import assert from "node:assert/strict";
import { validateRequest, validateResponse } from "../../actors/ocpp/validate.ts";
import { initialDeviceValues, intSetting, variableKey } from "./device_model.ts";
import { type StationFacts, VARIABLES } from "./device_model_variables.ts";
import { baseReport, getVariables, setVariables } from "./device_model_requests.ts";

const FACTS: StationFacts = {
  chargerId: "emart_jeju_01",
  vendor: "ABB",
  model: "ABB Terra 124",
  maxPowerW: 100_000,
};
const CTX = { values: initialDeviceValues(), facts: FACTS };

function get(component: string, variable: string, extra: Record<string, unknown> = {}) {
  return { component: { name: component, ...extra }, variable: { name: variable } };
}

Deno.test("getVariables() answers values, unknowns and write-only refusals in order (B06)", () => {
  const response = getVariables({
    getVariableData: [
      get("SampledDataCtrlr", "TxUpdatedInterval"),
      get("SecurityCtrlr", "BasicAuthPassword"),
      get("SampledDataCtrlr", "Nope"),
      get("NoSuchCtrlr", "Enabled"),
      get("EVSE", "Power", { evse: { id: 1 } }),
      { ...get("OCPPCommCtrlr", "HeartbeatInterval"), attributeType: "Target" as const },
      get("ChargingStation", "Available"),
    ],
  }, {
    ...CTX,
    live: { [variableKey({ component: "ChargingStation", variable: "Available" })]: "false" },
  });
  assert.ok(validateResponse("GetVariables", response).ok);
  assert.deepEqual(
    response.getVariableResult.map((r) => [r.attributeStatus, r.attributeValue]),
    [
      ["Accepted", "5"],
      ["Rejected", undefined],
      ["UnknownVariable", undefined],
      ["UnknownComponent", undefined],
      ["Accepted", "100000"],
      ["NotSupportedAttributeType", undefined],
      ["Accepted", "false"],
    ],
  );
});

Deno.test("setVariables() stores valid values and rejects read-only or ill-typed ones (B05)", () => {
  const set = (component: string, variable: string, attributeValue: string) => ({
    ...get(component, variable),
    attributeValue,
  });
  const { response, values, changed, password } = setVariables({
    setVariableData: [
      set("SampledDataCtrlr", "TxUpdatedInterval", "10"),
      set("SampledDataCtrlr", "TxUpdatedInterval", "ten"),
      set("SecurityCtrlr", "BasicAuthPassword", "s3cret-password-16"),
      set("SecurityCtrlr", "SecurityProfile", "2"),
      set("SampledDataCtrlr", "TxUpdatedMeasurands", "Energy.Active.Import.Register,Bogus"),
      set("OCPPCommCtrlr", "Unknown", "1"),
    ],
  }, CTX);
  assert.ok(validateResponse("SetVariables", response).ok);
  assert.deepEqual(
    response.setVariableResult.map((r) => r.attributeStatus),
    ["Accepted", "Rejected", "Accepted", "Rejected", "Rejected", "UnknownVariable"],
  );
  assert.equal(changed.length, 1, "the password is not a device value");
  assert.equal(password, "s3cret-password-16");
  assert.ok(!JSON.stringify(values).includes("s3cret"));
  assert.equal(intSetting({ values, facts: FACTS }, "SampledDataCtrlr", "TxUpdatedInterval"), 10);
  const again = getVariables({ getVariableData: [get("SecurityCtrlr", "BasicAuthPassword")] }, {
    values,
    facts: FACTS,
  });
  assert.equal(again.getVariableResult[0].attributeValue, undefined);
});

Deno.test("A01 setVariables() accepts a BasicAuthPassword of 16 to 40 characters only, without echoing it", () => {
  const rows: [string, string][] = [
    ["x".repeat(15), "Rejected"],
    ["x".repeat(16), "Accepted"],
    ["패스워드".repeat(10), "Accepted"], // 40 characters, more bytes
    ["y".repeat(41), "Rejected"],
  ];
  for (const [attributeValue, status] of rows) {
    const { response, password } = setVariables({
      setVariableData: [{ ...get("SecurityCtrlr", "BasicAuthPassword"), attributeValue }],
    }, CTX);
    const [result] = response.setVariableResult;
    assert.equal(result.attributeStatus, status, attributeValue);
    assert.equal(password, status === "Accepted" ? attributeValue : undefined);
    assert.ok(!JSON.stringify(response).includes(attributeValue.slice(0, 8)));
    if (status === "Rejected") {
      assert.match(
        result.attributeStatusInfo?.additionalInfo ?? "",
        /16 to 40 characters, got \d+/,
      );
    }
  }
});

Deno.test("baseReport() splits the inventory into valid NotifyReport frames with tbc and seqNo (B07)", () => {
  const reports = baseReport({ requestId: 42, reportBase: "FullInventory" }, {
    ...CTX,
    generatedAt: "2026-01-21T06:00:00.000Z",
  });
  assert.equal(reports.reduce((n, r) => n + (r.reportData?.length ?? 0), 0), VARIABLES.length);
  reports.forEach((r, i) => {
    const checked = validateRequest("NotifyReport", r);
    assert.ok(checked.ok, !checked.ok ? checked.error.message : "");
    assert.deepEqual([r.seqNo, r.tbc, r.requestId], [i, i < reports.length - 1, 42]);
  });
  const password = reports.flatMap((r) => r.reportData ?? []).find((d) =>
    d.variable.name === "BasicAuthPassword"
  );
  assert.equal(password?.variableAttribute[0].value, undefined);
  const config = baseReport({ requestId: 1, reportBase: "ConfigurationInventory" }, {
    ...CTX,
    generatedAt: "2026-01-21T06:00:00.000Z",
  });
  assert.ok(
    config.flatMap((r) => r.reportData ?? []).every((d) =>
      d.variableAttribute[0].mutability !== "ReadOnly"
    ),
  );
});
