import assert from "node:assert/strict";
import { CSMS_ACTIONS } from "./actions.ts";
import { validateRequest, validateResponse } from "./validate.ts";
import { CSMS_SAMPLES } from "./csms_samples.ts";
import { defaultResponse } from "./default_responses.ts";

Deno.test("defaultResponse() answers all 40 CSMS actions with a schema-valid response", () => {
  assert.equal(CSMS_ACTIONS.length, 40);
  for (const action of CSMS_ACTIONS) {
    const request = validateRequest(action, CSMS_SAMPLES[action]);
    assert.ok(request.ok, `sample ${action}: ${!request.ok && request.error.message}`);
    const checked = validateResponse(action, defaultResponse(action, CSMS_SAMPLES[action]));
    assert.ok(checked.ok, `${action}: ${!checked.ok && checked.error.message}`);
  }
});
